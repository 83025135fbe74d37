//! `alpost inbox`: pick the configuration → read the exports → audit (pure, `crate::inbox`)
//! → report per comment with the reporters of `check` → summary → exit status.
//!
//! The summary follows the findings on the report's own output for `human` and `concise`;
//! the other formats are one machine-readable document, so it goes to standard error there.
//! `--summary-json FILE` writes it as JSON in any format.

use std::collections::HashSet;
use std::io::{self, BufRead, Write};
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use jiff::Timestamp;

use super::sink::Sink;
use super::{report_error, use_color};
use crate::calendar::words::duration;
use crate::cli::{ColorChoice, InboxArgs};
use crate::config::{self, CommandLine, Profile};
use crate::exit::ExitStatus;
use crate::inbox::read::{self, Options};
use crate::inbox::{self, Comment, Malformed, Settings, Totals};
use crate::inputs::Stamp;
use crate::report::{self, FileReport, Format, RuleMeta, Summary, Unit};

pub fn run(args: &InboxArgs) -> Result<ExitStatus> {
    let color = match (&args.output, args.color) {
        (Some(_), ColorChoice::Auto) => false,
        _ => use_color(args.color),
    };
    colored::control::set_override(color);
    let profile = profile(args)?;
    let Some(calendar) = &profile.moderation else {
        bail!(
            "nessuna regola del controllo `moderation-hours` (come `schedule/moderation`) è caricata: \
             i suoi parametri sono il calendario della moderazione"
        );
    };
    let now = match &args.now {
        Some(text) => {
            read::instant(text, calendar.time_zone()).map_err(|m| anyhow::anyhow!("--now: {m}"))?
        }
        None => Timestamp::now(),
    };
    // Requests are counted even when `inbox/unanswered` is switched off, so the summary
    // stays meaningful; they are reported only when it runs.
    let detector = profile.requests.as_ref();
    let page_id = args.page_id.clone().or_else(|| profile.page_id.clone());

    let mut status = ExitStatus::Clean;
    let mut comments: Vec<Comment> = Vec::new();
    let mut malformed: Vec<Malformed> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut stamps = Vec::new();
    for path in &args.exports {
        let display = display(path);
        let export = match open(path, &mut stamps).and_then(|input| {
            read::read(
                &display,
                input,
                &Options {
                    page_id: page_id.as_deref(),
                    time_zone: calendar.time_zone(),
                },
            )
        }) {
            Ok(export) => export,
            Err(message) => {
                report_error(&format!("{display}: {message}"));
                status = ExitStatus::Error;
                continue;
            }
        };
        malformed.extend(export.malformed);
        for comment in export.comments {
            if seen.insert(comment.id.clone()) {
                comments.push(comment);
            } else {
                malformed.push(Malformed {
                    export: comment.export.clone(),
                    position: comment.position.clone(),
                    message: format!(
                        "il commento `{}` compare due volte: questa copia è saltata",
                        comment.id
                    ),
                });
            }
        }
    }
    for record in &malformed {
        report_error(&record.to_string());
        status = ExitStatus::Error;
    }

    let platform = profile.defaults_for(Path::new(".")).platform;
    let settings = Settings {
        rules: &profile.rules,
        calendar,
        detector,
        now,
        platform,
    };
    let (reports, totals) = inbox::audit(&comments, &settings);

    let mut reporter = report::reporter(args.format, color, || RuleMeta::all(&profile.rules));
    let mut out = match &args.output {
        Some(path) => Sink::file(path)?,
        None => Sink::stdout(),
    };
    let summary_out = match &args.summary_json {
        Some(path) => Some(Sink::file(path)?),
        None => None,
    };
    // An export replaced by the report would be lost.
    for (path, stamp) in &stamps {
        let shown = display(path);
        out.guard("-o/--output", stamp, &shown)?;
        if let Some(summary_out) = &summary_out {
            summary_out.guard("--summary-json", stamp, &shown)?;
        }
    }
    if let Some(summary_out) = &summary_out {
        super::sink::distinct(("-o/--output", &out), ("--summary-json", summary_out))?;
    }
    let mut summary = Summary {
        unit: Unit::Comments,
        failures: malformed.len(),
        ..Summary::default()
    };
    for mut report in reports {
        report.findings.retain(|f| f.level >= args.filter.min_level);
        summary.add(&report.findings);
        reporter.file(
            &mut out,
            &FileReport {
                path: &report.path,
                findings: &report.findings,
            },
        )?;
    }
    reporter.finish(&mut out, &summary)?;
    let text = summary_text(&totals, malformed.len());
    match args.format {
        Format::Human | Format::Concise => {
            if args.format == Format::Human {
                writeln!(out)?;
            }
            out.write_all(text.as_bytes())?;
        }
        _ => {
            out.flush()?;
            io::stderr().lock().write_all(text.as_bytes())?;
        }
    }
    out.commit()?;
    if let Some(mut sink) = summary_out {
        sink.write_all(summary_json(&totals, malformed.len(), now)?.as_bytes())?;
        sink.commit()?;
    }
    if summary.errors > 0 || (args.filter.strict && summary.warnings > 0) {
        status = status.max(ExitStatus::Findings);
    }
    Ok(status)
}

/// The profile of the current folder, as `rules` and `explain` use, with the command line's
/// selection.
fn profile(args: &InboxArgs) -> Result<Profile> {
    let cwd = std::env::current_dir().context("impossibile leggere la cartella corrente")?;
    let cli = CommandLine {
        select: args.filter.select.clone(),
        ignore: args.filter.ignore.clone(),
        kind: None,
        platform: args.platform,
        packs: args.pack.rules.clone(),
    };
    let file = match (&args.pack.config, args.pack.no_config) {
        (Some(file), _) => Some(file.clone()),
        (None, true) => None,
        (None, false) => config::discover(&cwd),
    };
    let root = file
        .as_deref()
        .and_then(|c| config::absolute(c).parent().map(Path::to_path_buf))
        .unwrap_or(cwd);
    Ok(Profile::load(file.as_deref(), &root, &cli)?)
}

fn display(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Opens an export, noting which file it is in `stamps`.
fn open<'p>(
    path: &'p Path,
    stamps: &mut Vec<(&'p Path, Stamp)>,
) -> Result<Box<dyn BufRead>, String> {
    if path == Path::new("-") {
        return Ok(Box::new(io::BufReader::new(io::stdin())));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| format!("impossibile leggere: {}", crate::reason::io(&e)))?;
    if let Ok(meta) = file.metadata() {
        stamps.push((path, Stamp::of(&meta)));
    }
    Ok(Box::new(io::BufReader::new(file)))
}

/// The summary in words, after the report.
fn summary_text(t: &Totals, malformed: usize) -> String {
    let mut out = format!(
        "Commenti: {} ({} della pagina). Richieste: {}, con risposta {}, senza risposta {}",
        t.comments, t.page_comments, t.requests, t.answered, t.unanswered
    );
    if t.late > 0 {
        out.push_str(&format!(" (in ritardo {})", t.late));
    }
    out.push_str(".\n");
    match t.median_first_answer {
        Some(d) => out.push_str(&format!(
            "Tempo mediano alla prima risposta: {} di moderazione.\n",
            duration(d)
        )),
        None => out.push_str("Tempo mediano alla prima risposta: nessuna risposta.\n"),
    }
    if let Some(d) = t.longest_wait {
        out.push_str(&format!(
            "Attesa più lunga senza risposta: {} di moderazione.\n",
            duration(d)
        ));
    }
    if t.sensitive_comments > 0 {
        out.push_str(&format!(
            "Commenti con dati personali da rimuovere: {}.\n",
            t.sensitive_comments
        ));
    }
    if malformed > 0 {
        out.push_str(&format!("Record illeggibili: {malformed}.\n"));
    }
    out
}

/// The summary as `--summary-json` writes it; the field names are a stable interface.
#[derive(serde::Serialize)]
struct WireSummary {
    now: String,
    comments: usize,
    page_comments: usize,
    requests: usize,
    answered: usize,
    unanswered: usize,
    late: usize,
    median_first_answer_hours: Option<f64>,
    longest_wait_hours: Option<f64>,
    sensitive_comments: usize,
    malformed_records: usize,
}

fn summary_json(t: &Totals, malformed: usize, now: Timestamp) -> Result<String> {
    // Two decimals: minutes are what matters, and floats should not look like noise.
    let hours =
        |d: Option<jiff::SignedDuration>| d.map(|d| (d.as_secs_f64() / 36.0).round() / 100.0);
    let wire = WireSummary {
        now: now.to_string(),
        comments: t.comments,
        page_comments: t.page_comments,
        requests: t.requests,
        answered: t.answered,
        unanswered: t.unanswered,
        late: t.late,
        median_first_answer_hours: hours(t.median_first_answer),
        longest_wait_hours: hours(t.longest_wait),
        sensitive_comments: t.sensitive_comments,
        malformed_records: malformed,
    };
    Ok(serde_json::to_string_pretty(&wire)? + "\n")
}
