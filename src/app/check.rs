//! `alpost check`: walk → pick the configuration → (read → fix → parse → lint, in parallel)
//! → filter → report in order → exit status.
//!
//! Files are checked on every core and reported in walk order while the next ones are checked
//! (see `ordered`): output is deterministic, and memory holds at most a window of files'
//! findings, never the whole corpus.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::ValueEnum;

use super::ordered;
use super::profiles::Profiles;
use super::sink::{self, Sink};
use super::{report_error, report_note, use_color};
use crate::baseline::Baseline;
use crate::cli::CheckArgs;
use crate::config::{CommandLine, Profile};
use crate::draft::Draft;
use crate::exit::ExitStatus;
use crate::finding::Finding;
use crate::fix;
use crate::inputs::{self, Candidate, Input, Loaded, Stamp};
use crate::report::{self, FileReport, RuleMeta, Summary};

/// How many files the workers may check ahead of the report: enough to keep every core busy,
/// few enough to keep memory flat.
const WINDOW: usize = 1024;

/// What checking one file produced, ready to be reported in order.
#[derive(Default)]
struct Outcome {
    display: String,
    findings: Vec<Finding>,
    notes: Vec<String>,
    errors: Vec<String>,
    /// A failure to read or parse the draft (counted in the summary).
    failed: bool,
    /// Not a draft (binary, too large): nothing to report.
    skipped: bool,
    diff: Option<String>,
    /// The fixed text of standard input, printed instead of written (in its own encoding).
    fixed_stdin: Option<Vec<u8>>,
    /// The file read, as it was when opened.
    stamp: Option<Stamp>,
    /// Edits `--fix` wrote (or printed, for standard input).
    fixed: usize,
}

/// What every file's check needs besides the file.
struct Context<'a> {
    args: &'a CheckArgs,
    /// The current repository (resolved), where fixes may follow links.
    repo: Option<&'a Path>,
}

pub fn run(args: &CheckArgs) -> Result<ExitStatus> {
    // A report written to a file is not for a terminal, unless colours are asked for.
    let color = match (&args.output, args.color) {
        (Some(_), crate::cli::ColorChoice::Auto) => false,
        _ => use_color(args.color),
    };
    // Decided once, here, for the whole process: `colored` reads this global flag.
    colored::control::set_override(color);
    let cwd = std::env::current_dir().context("impossibile leggere la cartella corrente")?;
    let cli = CommandLine {
        select: args.filter.select.clone(),
        ignore: args.filter.ignore.clone(),
        kind: args.kind,
        platform: args.platform,
        packs: args.pack.rules.clone(),
    };
    let fixed = match (&args.pack.config, args.pack.no_config) {
        (Some(file), _) => Some(Some(file.clone())),
        (None, true) => Some(None),
        (None, false) => None,
    };
    // Never dropped: the process ends right after, and freeing every compiled rule one by one
    // would cost a one-draft run more than checking the draft.
    let mut profiles = std::mem::ManuallyDrop::new(Profiles::new(fixed, cli, cwd));
    let known = match &args.baseline {
        Some(file) => Some(Baseline::load(file).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let mut recording = args.write_baseline.as_deref().map(Baseline::new);

    if args.stdin_filename.is_some() && !args.paths.iter().any(|p| p.as_os_str() == "-") {
        anyhow::bail!("--stdin-filename names standard input: add `-` to the paths");
    }
    let repo = crate::repo::current();
    let collected = inputs::collect(&args.paths, repo.as_deref());
    let candidates = collected.candidates;
    let mut status = ExitStatus::Clean;
    let mut summary = Summary {
        fixed: args.fix.then_some(0),
        ..Summary::default()
    };
    for note in &collected.notes {
        report_note(&format!("{}: {}", note.path, note.message));
    }
    for err in &collected.errors {
        report_error(&format!("{}: {}", err.path, err.message));
        summary.failures += 1;
        status = ExitStatus::Error;
    }
    let mut jobs: Vec<(&Candidate, Arc<Profile>)> = Vec::with_capacity(candidates.len());
    for candidate in &candidates {
        let path = draft_path(args, candidate);
        let (profile, first) = profiles.for_path(path);
        match profile {
            Ok(profile) => {
                let wanted = path.is_none_or(|p| {
                    if candidate.named {
                        !profile.excludes(p)
                    } else {
                        profile.includes(p)
                    }
                });
                if wanted {
                    jobs.push((candidate, profile));
                }
            }
            Err(err) => {
                if first {
                    report_error(&err.to_string());
                }
                status = ExitStatus::Error;
            }
        }
    }

    let fixing_stdin = args.fix && jobs.iter().any(|(c, _)| c.input == Input::Stdin);
    let mut reporter = if args.stats {
        report::stats_reporter(args.format, color).with_context(|| {
            let name = args
                .format
                .to_possible_value()
                .map(|v| v.get_name().to_owned())
                .unwrap_or_default();
            format!("--stats funziona con --format human, concise o json, non con `{name}`")
        })?
    } else {
        report::reporter(args.format, color, || rule_metadata(&jobs, &mut profiles))
    };
    // Opened before checking, so a destination that cannot be written fails at once. With
    // `--fix -` the fixed text owns standard output; the findings go to standard error.
    let mut out = match (&args.output, fixing_stdin) {
        (Some(path), _) => Sink::file(path)?,
        (None, true) => Sink::stderr(),
        (None, false) => Sink::stdout(),
    };
    let mut baseline_out = match &args.write_baseline {
        Some(path) => Some(Sink::file(path)?),
        None => None,
    };
    if let Some(baseline_out) = &baseline_out {
        sink::distinct(("-o/--output", &out), ("--write-baseline", baseline_out))?;
    }
    if let Some(file) = &args.baseline
        && let Ok(meta) = std::fs::metadata(file)
    {
        out.guard(
            "-o/--output",
            &Stamp::of(&meta),
            &file.display().to_string(),
        )?;
    }
    let context = Context {
        args,
        repo: repo.as_deref(),
    };
    let mut diffs = 0;
    let mut deliver = |mut outcome: Outcome| -> Result<()> {
        // A report in place of a draft being checked would lose the draft: the run stops
        // before anything replaces it.
        if let Some(stamp) = &outcome.stamp {
            out.guard("-o/--output", stamp, &outcome.display)?;
            if let Some(baseline_out) = &baseline_out {
                baseline_out.guard("--write-baseline", stamp, &outcome.display)?;
            }
        }
        if !outcome.notes.is_empty() || !outcome.errors.is_empty() {
            out.flush()?;
        }
        for note in &outcome.notes {
            report_note(note);
        }
        for error in &outcome.errors {
            report_error(error);
            status = ExitStatus::Error;
        }
        if outcome.failed {
            summary.failures += 1;
            return Ok(());
        }
        if let Some(fixed) = &mut summary.fixed {
            *fixed += outcome.fixed;
        }
        if let Some(diff) = &outcome.diff {
            diffs += 1;
            out.write_all(diff.as_bytes())?;
        }
        if let Some(text) = &outcome.fixed_stdin {
            io::stdout().lock().write_all(text)?;
        }
        if args.diff || outcome.skipped {
            return Ok(());
        }
        if let Some(recording) = &mut recording {
            recording.record(&outcome.display, &outcome.findings);
        }
        if let Some(known) = &known {
            outcome.findings = known.filter(&outcome.display, outcome.findings);
        }
        summary.add(&outcome.findings);
        reporter.file(
            &mut out,
            &FileReport {
                path: &outcome.display,
                findings: &outcome.findings,
            },
        )?;
        Ok(())
    };
    ordered::for_each_ordered(
        &jobs,
        WINDOW,
        |(candidate, profile)| check_one(&context, candidate, profile),
        &mut deliver,
    )?;

    if let (Some(recording), Some(file), Some(mut sink)) =
        (&recording, &args.write_baseline, baseline_out.take())
    {
        sink.write_all(recording.to_json().as_bytes())
            .and_then(|()| sink.flush())
            .with_context(|| format!("impossibile scrivere la baseline {}", file.display()))?;
        sink.commit()
            .with_context(|| format!("impossibile scrivere la baseline {}", file.display()))?;
        out.flush()?;
        let recorded = match recording.recorded() {
            1 => "1 segnalazione registrata".to_owned(),
            n => format!("{n} segnalazioni registrate"),
        };
        report_note(&format!("{recorded} in {}", file.display()));
        return Ok(status);
    }
    if args.diff {
        out.commit()?;
        return Ok(if diffs > 0 {
            status.max(ExitStatus::Findings)
        } else {
            status
        });
    }
    reporter.finish(&mut out, &summary)?;
    out.commit()?;
    if summary.errors > 0 || (args.filter.strict && summary.warnings > 0) {
        status = status.max(ExitStatus::Findings);
    }
    Ok(status)
}

/// Reads, fixes, parses and lints one draft. Pure apart from reading the file and writing
/// its fixes; everything to say about it goes into the outcome.
fn check_one(context: &Context<'_>, candidate: &Candidate, profile: &Profile) -> Outcome {
    let args = context.args;
    let path = draft_path(args, candidate);
    let display = path.map_or_else(|| candidate.input.display(), |p| p.display().to_string());
    let mut outcome = Outcome {
        display: display.clone(),
        ..Outcome::default()
    };
    let source = match inputs::read_draft(&candidate.input, profile.max_file_size) {
        Ok(Loaded::Draft(source)) => source,
        Ok(Loaded::Skipped(note)) => {
            outcome.notes.push(format!("{display}: {note}"));
            outcome.skipped = true;
            return outcome;
        }
        Err(message) => {
            outcome.errors.push(format!("{display}: {message}"));
            outcome.failed = true;
            return outcome;
        }
    };
    outcome.stamp = source.file.clone();
    let text = if args.fix || args.diff {
        apply_fixes(context, path, &display, &source, profile, &mut outcome)
    } else {
        source.text.clone()
    };
    if args.diff {
        return outcome;
    }
    let draft = match Draft::parse(&display, text) {
        Ok(draft) => draft,
        Err(err) => {
            outcome.errors.push(err.to_string());
            outcome.failed = true;
            return outcome;
        }
    };
    let mut findings = profile.findings(&draft, path);
    findings.retain(|f| f.level >= args.filter.min_level);
    if args.stats {
        // The counts need a finding's rule, level and whether it is fixable (its key too,
        // for a baseline): its texts would only fill the window of files waiting to be
        // reported.
        for f in &mut findings {
            f.message = String::new();
            f.help = None;
            f.snippet.text = String::new();
            f.snippet.span = 0..0;
        }
    }
    outcome.findings = findings;
    if args.fix && candidate.input == Input::Stdin {
        outcome.fixed_stdin = Some(source.form.encode(&draft.source));
    }
    outcome
}

/// The path a draft is checked as: its file, or for standard input the `--stdin-filename`.
fn draft_path<'a>(args: &'a CheckArgs, candidate: &'a Candidate) -> Option<&'a Path> {
    match candidate.input {
        Input::Stdin => args.stdin_filename.as_deref(),
        Input::File(_) => candidate.path(),
    }
}

/// The text after `--fix` (written to disk) or `--diff` (shown, not written).
fn apply_fixes(
    context: &Context<'_>,
    path: Option<&Path>,
    display: &str,
    source: &inputs::Source,
    profile: &Profile,
    outcome: &mut Outcome,
) -> String {
    let text = &source.text;
    let defaults = profile.defaults_for(path.unwrap_or(Path::new("-")));
    // A draft that does not parse is reported by the normal check that follows.
    let Ok(fixed) = fix::fix_text(display, text.clone(), &profile.rules, defaults) else {
        return text.clone();
    };
    if !fixed.converged {
        outcome.errors.push(format!(
            "{display}: le correzioni non si fermano dopo 10 passate (un difetto di una regola): \
             file lasciato com'era"
        ));
        return text.clone();
    }
    if fixed.text == *text {
        return fixed.text;
    }
    if context.args.diff {
        outcome.diff = Some(fix::diff(display, text, &fixed));
        return text.clone();
    }
    let (Some(p), Some(stamp)) = (path, &source.file) else {
        outcome.fixed = fixed.applied;
        return fixed.text;
    };
    let (read, written) = (source.form.encode(text), source.form.encode(&fixed.text));
    match crate::write::fix_file(p, context.repo, stamp, &read, &written) {
        Ok(()) => {
            outcome.fixed = fixed.applied;
            fixed.text
        }
        Err(e) => {
            outcome.errors.push(format!("{display}: {e}"));
            text.clone()
        }
    }
}

/// Metadata of every rule the checked drafts may report, across all their configurations
/// (the formats that describe rules, such as SARIF, list them once).
fn rule_metadata(jobs: &[(&Candidate, Arc<Profile>)], profiles: &mut Profiles) -> Vec<RuleMeta> {
    let mut seen = std::collections::HashSet::new();
    let mut all = Vec::new();
    let here = profiles.for_path(None).0.ok();
    let mut distinct: Vec<&Arc<Profile>> = Vec::new();
    for (_, profile) in jobs {
        if !distinct.iter().any(|p| Arc::ptr_eq(p, profile)) {
            distinct.push(profile);
        }
    }
    for profile in distinct.into_iter().chain(here.as_ref()) {
        for meta in RuleMeta::all(&profile.rules) {
            // The rules of `alpost inbox` never report on drafts.
            let drafts = profile
                .rules
                .get(&meta.id)
                .is_some_and(|r| r.check.on_drafts());
            if drafts && seen.insert(meta.id.clone()) {
                all.push(meta);
            }
        }
    }
    all
}
