//! Output formats. Each reporter writes findings as they come, file by file, to any writer,
//! so memory stays flat however many drafts are checked and tests render into a `Vec<u8>`.
//! SARIF, one document, is written as it goes too; JUnit, whose root element holds the
//! totals, keeps its suites until `finish`, on disk past a few megabytes.
//!
//! Reporters see `Finding`s (already masked) and rule metadata, never a draft: that is what
//! keeps personal data masked in every format.

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
mod stats;

use std::borrow::Cow;
use std::io::{self, Write};

use crate::finding::Finding;
use crate::rule::{Level, RuleSet};

pub use concise::Concise;
pub use github::Github;
pub use gitlab::Gitlab;
pub use human::Human;
pub use json::Json;
pub use junit::Junit;
pub use sarif::Sarif;
pub use stats::Stats;

// The variants' doc comments are the `--format` help a writer reads: Italian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Come rustc: la riga della bozza con il punto sottolineato e una riga di aiuto.
    #[default]
    Human,
    /// Una riga per segnalazione: `percorso:riga:colonna: livello[regola] messaggio`.
    Concise,
    /// Un array JSON di segnalazioni (interfaccia stabile, vedi il README).
    Json,
    /// SARIF 2.1.0, per il code scanning di GitHub e gli altri visualizzatori SARIF.
    Sarif,
    /// Comandi di workflow di GitHub Actions: annotazioni sulla pull request.
    Github,
    /// Rapporto Code Quality di GitLab (JSON).
    Gitlab,
    /// JUnit XML, per i cruscotti dei test della CI.
    Junit,
}

/// A level as writers read it in the text formats (`human`, `concise`, the messages on standard
/// error). The machine formats keep `error`, `warning`, `info`: the values their tools expect.
pub fn label(level: Level) -> &'static str {
    match level {
        Level::Error => "errore",
        Level::Warning => "avviso",
        Level::Info => "nota",
    }
}

/// The label of a finding's help line in the text formats.
pub const HELP_LABEL: &str = "aiuto";

/// The findings of one file.
#[derive(Debug)]
pub struct FileReport<'a> {
    pub path: &'a str,
    pub findings: &'a [Finding],
}

/// Totals for the closing line and the exit status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
    /// Files that could not be read or parsed.
    pub failures: usize,
    /// Edits `--fix` applied, when it ran.
    pub fixed: Option<usize>,
    /// What `files` counts.
    pub unit: Unit,
}

/// What a report is about: draft files, or published comments (`alpost inbox`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Unit {
    #[default]
    Files,
    Comments,
}

impl Summary {
    pub fn add(&mut self, findings: &[Finding]) {
        self.files += 1;
        for f in findings {
            match f.level {
                Level::Error => self.errors += 1,
                Level::Warning => self.warnings += 1,
                Level::Info => self.infos += 1,
            }
            if f.fix.is_some() {
                self.fixable += 1;
            }
        }
    }
}

/// One output format.
pub trait Reporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// What the reporters that describe rules (SARIF) need to know of one rule: a copy, so no
/// reporter holds the rule set (or anything else that could reach a draft).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMeta {
    pub id: String,
    /// The highest level the rule reports at.
    pub level: Level,
    pub description: String,
    pub policy: String,
    /// The rule's help template, when it has no placeholders to fill.
    pub help: Option<String>,
    pub fixable: bool,
}

impl RuleMeta {
    pub fn all(rules: &RuleSet) -> Vec<RuleMeta> {
        rules
            .rules
            .iter()
            .map(|r| RuleMeta {
                id: r.id.clone(),
                level: r.max_level(),
                description: unwrap_lines(&r.description),
                policy: unwrap_lines(&r.policy),
                help: r.help.clone().filter(|h| !h.contains('{')),
                fixable: r.fixable(),
            })
            .collect()
    }

    /// The description's first sentence, for one-line summaries.
    pub fn summary(&self) -> &str {
        match self.description.find(". ") {
            Some(end) => &self.description[..=end],
            None => &self.description,
        }
    }
}

/// Joins hard-wrapped lines into one paragraph; blank lines still separate paragraphs.
fn unwrap_lines(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|para| para.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A file name or an inbox comment id as the text formats print it: control characters (line
/// breaks, ESC…), line and paragraph separators and the invisible direction controls become
/// visible escapes (`\n`, `\u{1b}`), so that a name never starts a line of its own (GitHub
/// Actions obeys a line `::error …` wherever it comes from), never sends the terminal a
/// sequence, and never reads as something else. JSON formats escape them their own way.
pub fn escape_name(name: &str) -> std::borrow::Cow<'_, str> {
    let plain = |b: &u8| (0x20..0x7f).contains(b);
    if name.as_bytes().iter().all(plain) || !name.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `c` is invisible or acts on the terminal rather than being shown.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// A path with `/` between its parts on every system, as CI tools match it against the
/// repository's files: Windows joins a walked path with `\` (elsewhere `\` is part of a name).
fn slashes(path: &str) -> Cow<'_, str> {
    if cfg!(windows) && path.contains('\\') {
        Cow::Owned(path.replace('\\', "/"))
    } else {
        Cow::Borrowed(path)
    }
}

/// A path as CI tools expect it, relative to the repository root: walking `.` yields
/// `./bozze/a.txt`, which GitHub and GitLab know as `bozze/a.txt`.
fn repo_path(path: &str) -> Cow<'_, str> {
    match slashes(path) {
        Cow::Borrowed(path) => Cow::Borrowed(path.trim_start_matches("./")),
        Cow::Owned(path) => Cow::Owned(path.trim_start_matches("./").to_owned()),
    }
}

/// A finding's message followed by its help, for formats that have one text field.
fn message_with_help(f: &Finding, separator: &str) -> String {
    match &f.help {
        Some(help) => format!("{}{separator}{help}", f.message),
        None => f.message.clone(),
    }
}

/// The reporter for `format`; `rules` gives the formats that describe rules their metadata,
/// and is called only for them (gathering it costs a one-draft run a noticeable share).
pub fn reporter(
    format: Format,
    color: bool,
    rules: impl FnOnce() -> Vec<RuleMeta>,
) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(Human::new(color)),
        Format::Concise => Box::new(Concise),
        Format::Json => Box::new(Json::default()),
        Format::Sarif => Box::new(Sarif::new(rules())),
        Format::Github => Box::new(Github),
        Format::Gitlab => Box::new(Gitlab::default()),
        Format::Junit => Box::new(Junit::default()),
    }
}

/// The `--stats` reporter: counts instead of findings, as a table (`human`, `concise`) or a
/// JSON object (`json`). `None` for the CI formats, which have no place for a table.
pub fn stats_reporter(format: Format, color: bool) -> Option<Box<dyn Reporter>> {
    match format {
        Format::Human | Format::Concise => Some(Box::new(Stats::table(color))),
        Format::Json => Some(Box::new(Stats::json())),
        Format::Sarif | Format::Github | Format::Gitlab | Format::Junit => None,
    }
}

#[cfg(test)]
mod tests {
    use super::repo_path;

    #[test]
    fn ci_paths_are_relative_with_forward_slashes() {
        assert_eq!(repo_path("./bozze/a.txt"), "bozze/a.txt");
        let walked = repo_path(r".\bozze\a.txt");
        if cfg!(windows) {
            assert_eq!(walked, "bozze/a.txt");
        } else {
            // A Unix file may be named `.\bozze\a.txt`: it is one name, kept as it is.
            assert_eq!(walked, r".\bozze\a.txt");
        }
    }
}
