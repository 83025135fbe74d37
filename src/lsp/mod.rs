//! The language server's state: the open documents, their findings as LSP diagnostics, and
//! the code actions and hovers built from them. No I/O beyond loading configurations:
//! `app::lsp` moves the messages.
//!
//! Every document is checked as `alpost check` checks the file at its path: the same
//! configuration discovery, the same `[[overrides]]`, the same engine and so the same masking
//! of personal data.

mod actions;
mod configs;
pub mod position;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use lsp_types::{
    CodeActionOrCommand, CodeActionParams, Diagnostic, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidOpenTextDocumentParams, Hover, HoverContents, HoverParams,
    MarkupContent, MarkupKind, NumberOrString, PublishDiagnosticsParams, Range, Uri,
};

use crate::config::{CommandLine, ConfigError, Profile};
use crate::draft::Draft;
use crate::finding::Finding;
use crate::lint::Defaults;
use crate::rule::Level;
use position::Lines;

pub use configs::Configs;

/// What `source` says in every diagnostic.
pub const SOURCE: &str = "alpost";

/// The `code` of a diagnostic about a draft or configuration that cannot be read.
const UNREADABLE: &str = "alpost/illeggibile";

/// One open document.
struct Document {
    text: String,
    version: Option<i32>,
    /// The file it is, when it is one.
    path: Option<PathBuf>,
    /// Whether it is a draft to check (plain text or Markdown, or an untitled buffer).
    draft: bool,
    checked: Option<Checked>,
}

/// A finding and its range in the editor's coordinates.
type Located = (Finding, Range);

/// The outcome of the last check of a document, for code actions and hovers.
struct Checked {
    profile: Arc<Profile>,
    defaults: Defaults,
    findings: Vec<Located>,
}

pub struct Server {
    documents: HashMap<String, Document>,
    configs: Configs,
    /// Configuration and pack files that carry a diagnostic now, by URI.
    config_errors: HashSet<String>,
}

impl Server {
    /// `fixed` is `Some(Some(file))` for `--config`, `Some(None)` for `--no-config`; `root` is
    /// where untitled buffers take their configuration from.
    pub fn new(fixed: Option<Option<PathBuf>>, cli: CommandLine, root: PathBuf) -> Self {
        Server {
            documents: HashMap::new(),
            configs: Configs::new(fixed, cli, root),
            config_errors: HashSet::new(),
        }
    }

    /// The workspace folder the client opened, once it says.
    pub fn set_root(&mut self, root: PathBuf) {
        self.configs.set_root(root);
    }

    pub fn open(&mut self, params: DidOpenTextDocumentParams) -> Vec<PublishDiagnosticsParams> {
        let doc = params.text_document;
        let path = file_path(&doc.uri);
        let draft = is_draft(&doc.uri, path.as_deref(), &doc.language_id);
        if let Some(dir) = path.as_deref().and_then(Path::parent) {
            self.configs.rediscover(dir);
        }
        let key = doc.uri.as_str().to_owned();
        self.documents.insert(
            key.clone(),
            Document {
                text: doc.text,
                version: Some(doc.version),
                path,
                draft,
                checked: None,
            },
        );
        self.check(&key)
    }

    pub fn change(&mut self, params: DidChangeTextDocumentParams) -> Vec<PublishDiagnosticsParams> {
        let key = params.text_document.uri.as_str().to_owned();
        let Some(doc) = self.documents.get_mut(&key) else {
            return Vec::new();
        };
        for change in params.content_changes {
            match change.range {
                None => doc.text = change.text,
                Some(range) => {
                    let lines = Lines::new(&doc.text);
                    let (start, end) = (lines.offset(range.start), lines.offset(range.end));
                    if start <= end {
                        doc.text.replace_range(start..end, &change.text);
                    }
                }
            }
        }
        doc.version = Some(params.text_document.version);
        self.check(&key)
    }

    /// A closed document keeps no diagnostics.
    pub fn close(&mut self, uri: &Uri) -> Vec<PublishDiagnosticsParams> {
        match self.documents.remove(uri.as_str()) {
            Some(_) => vec![publish(uri.clone(), Vec::new(), None)],
            None => Vec::new(),
        }
    }

    /// A document was saved: a configuration or a rule pack is read again.
    pub fn saved(&mut self, uri: &Uri) -> Vec<PublishDiagnosticsParams> {
        if uri.as_str().ends_with(".toml") {
            self.files_changed()
        } else {
            Vec::new()
        }
    }

    /// Files changed on disk (configurations, packs): every document is checked again with
    /// the configuration that now governs it.
    pub fn files_changed(&mut self) -> Vec<PublishDiagnosticsParams> {
        self.configs.forget();
        let before = std::mem::take(&mut self.config_errors);
        let keys: Vec<String> = self.documents.keys().cloned().collect();
        let mut out: Vec<PublishDiagnosticsParams> = Vec::new();
        for published in keys.iter().flat_map(|key| self.check(key)) {
            // A broken configuration governs many documents: its own file is told once.
            out.retain(|p| p.uri != published.uri);
            out.push(published);
        }
        for stale in before.difference(&self.config_errors) {
            if let Ok(uri) = Uri::from_str(stale) {
                out.push(publish(uri, Vec::new(), None));
            }
        }
        out
    }

    /// Checks one document; the diagnostics to publish (its own, and those of a
    /// configuration that cannot be used).
    fn check(&mut self, key: &str) -> Vec<PublishDiagnosticsParams> {
        let Some(doc) = self.documents.get_mut(key) else {
            return Vec::new();
        };
        let Ok(uri) = Uri::from_str(key) else {
            return Vec::new();
        };
        doc.checked = None;
        if !doc.draft {
            return Vec::new();
        }
        let profile = match self.configs.for_path(doc.path.as_deref()) {
            Ok(profile) => profile,
            Err(err) => {
                let mut out = Vec::new();
                let shown = Diagnostic {
                    message: format!("configurazione non valida: {err}"),
                    ..unreadable(Range::default())
                };
                out.push(publish(uri, vec![shown], doc.version));
                if let Some(on_file) = config_diagnostic(&err, &self.documents) {
                    self.config_errors.insert(on_file.uri.as_str().to_owned());
                    out.push(on_file);
                }
                return out;
            }
        };
        let diagnostics = match doc.path.as_deref() {
            Some(path) if profile.excludes(path) => Vec::new(),
            _ => {
                // A panic in a rule is a bug, but it must not take the editor's checks down
                // with it: the document says so and the server goes on.
                let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    check_text(&doc.text, doc.path.as_deref(), key, &profile)
                }));
                match checked {
                    Ok(Ok((findings, defaults))) => {
                        let diagnostics = findings
                            .iter()
                            .map(|(f, range)| diagnostic(f, *range))
                            .collect();
                        doc.checked = Some(Checked {
                            profile,
                            defaults,
                            findings,
                        });
                        diagnostics
                    }
                    Ok(Err(shown)) => vec![*shown],
                    Err(_) => vec![Diagnostic {
                        message: "errore interno di alpost: bozza non controllata".to_owned(),
                        ..unreadable(Range::default())
                    }],
                }
            }
        };
        vec![publish(uri, diagnostics, doc.version)]
    }

    /// The quick fixes, "fix all" and "silence this rule" for the findings in `range`.
    pub fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(doc) = self.documents.get(uri.as_str()) else {
            return Vec::new();
        };
        let Some(checked) = &doc.checked else {
            return Vec::new();
        };
        actions::for_range(
            uri,
            &doc.text,
            doc.version,
            checked,
            params.range,
            params.context.only.as_deref(),
        )
    }

    /// The explanation of the rules whose findings cover the position.
    pub fn hover(&self, params: &HoverParams) -> Option<Hover> {
        let at = &params.text_document_position_params;
        let doc = self.documents.get(at.text_document.uri.as_str())?;
        let checked = doc.checked.as_ref()?;
        let pos = at.position;
        let mut shown: Vec<&str> = Vec::new();
        let mut parts = Vec::new();
        let mut covered: Option<Range> = None;
        for (finding, range) in &checked.findings {
            if !(range.start <= pos && pos <= range.end) || shown.contains(&finding.rule.as_str()) {
                continue;
            }
            shown.push(&finding.rule);
            covered.get_or_insert(*range);
            let Some(rule) = checked.profile.rules.get(&finding.rule) else {
                continue;
            };
            let mut part = format!(
                "**{}** ({})\n\n{}\n\n{}",
                rule.id,
                level_name(finding.level),
                finding.message,
                rule.description.trim()
            );
            let policy = rule.policy.trim();
            if !policy.is_empty() {
                part.push_str("\n\n*Policy:*\n");
                for line in policy.lines() {
                    part.push_str("\n> ");
                    part.push_str(line);
                }
            }
            parts.push(part);
        }
        if parts.is_empty() {
            return None;
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range: covered,
        })
    }
}

/// The findings of `text` as `alpost check` reports those of the file at `path`, each with its
/// LSP range; or the diagnostic saying why the text is not a draft.
fn check_text(
    text: &str,
    path: Option<&Path>,
    name: &str,
    profile: &Profile,
) -> Result<(Vec<Located>, Defaults), Box<Diagnostic>> {
    // `alpost check` reads a lone CR as the line end it is; one byte for one keeps every offset
    // (and so every range) valid in the editor's text.
    let source = normalized(text);
    let display = path.map_or_else(|| name.to_owned(), |p| p.display().to_string());
    if source.len() as u64 > profile.max_file_size || source.contains('\0') {
        // Not a draft for `alpost check` either: nothing to say about it.
        return Ok((Vec::new(), Defaults::default()));
    }
    let defaults = profile.defaults_for(path.unwrap_or(Path::new("-")));
    let draft = Draft::parse(&display, source).map_err(|err| {
        let at = Lines::new(text).from_line_column(err.line, err.column);
        Box::new(Diagnostic {
            message: err.message,
            ..unreadable(Range::new(at, at))
        })
    })?;
    let findings = profile.findings(&draft, path);
    let lines = Lines::new(&draft.source);
    let findings = findings
        .into_iter()
        .map(|f| {
            let range = Range::new(lines.position(f.bytes.start), lines.position(f.bytes.end));
            (f, range)
        })
        .collect();
    Ok((findings, defaults))
}

/// `text` with each lone CR made a `\n`, as `alpost check` reads it.
fn normalized(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut bytes = text.as_bytes().to_vec();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

fn diagnostic(f: &Finding, range: Range) -> Diagnostic {
    let message = match &f.help {
        Some(help) => format!("{}\nsuggerimento: {help}", f.message),
        None => f.message.clone(),
    };
    Diagnostic {
        range,
        severity: Some(severity(f.level)),
        code: Some(NumberOrString::String(f.rule.clone())),
        code_description: None,
        source: Some(SOURCE.to_owned()),
        message,
        related_information: None,
        tags: None,
        data: None,
    }
}

fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Info => DiagnosticSeverity::INFORMATION,
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "errore",
        Level::Warning => "avviso",
        Level::Info => "informazione",
    }
}

/// A diagnostic about something alpost cannot read, at `range`.
fn unreadable(range: Range) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(UNREADABLE.to_owned())),
        source: Some(SOURCE.to_owned()),
        ..Diagnostic::default()
    }
}

/// The error shown on the configuration (or rule pack) file itself, where it is.
fn config_diagnostic(
    err: &ConfigError,
    documents: &HashMap<String, Document>,
) -> Option<PublishDiagnosticsParams> {
    let path = crate::config::absolute(Path::new(&err.path));
    let url = url::Url::from_file_path(&path).ok()?;
    let uri = Uri::from_str(url.as_str()).ok()?;
    let text = documents
        .get(uri.as_str())
        .map(|d| d.text.clone())
        .or_else(|| std::fs::read_to_string(&path).ok())
        .unwrap_or_default();
    let at = Lines::new(&text).from_line_column(err.line, err.column);
    let shown = Diagnostic {
        message: err.message.clone(),
        ..unreadable(Range::new(at, at))
    };
    Some(publish(uri, vec![shown], None))
}

fn publish(
    uri: Uri,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
) -> PublishDiagnosticsParams {
    PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    }
}

/// The file a `file:` URI names.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    let url = url::Url::parse(uri.as_str()).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

/// Drafts are `*.txt` and `*.md` files, plain-text and Markdown buffers, and untitled ones.
fn is_draft(uri: &Uri, path: Option<&Path>, language: &str) -> bool {
    if let Some(path) = path {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        return matches!(ext.as_deref(), Some("txt" | "md"))
            || matches!(language, "plaintext" | "text" | "markdown");
    }
    uri.as_str().starts_with("untitled:") || matches!(language, "plaintext" | "text" | "markdown")
}
