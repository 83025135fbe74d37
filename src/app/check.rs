//! `alpost check`: walk → read → (fix) → parse → lint → filter → report → exit status.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context as _, Result};

use super::profiles::Profiles;
use super::{report_error, report_note, use_color};
use crate::baseline::Baseline;
use crate::cli::CheckArgs;
use crate::config::{CommandLine, selects};
use crate::draft::Draft;
use crate::exit::ExitStatus;
use crate::fix;
use crate::inputs::{self, Content, Input};
use crate::lint::lint;
use crate::report::{self, FileReport, Summary};

pub fn run(args: &CheckArgs) -> Result<ExitStatus> {
    let color = use_color(args.color);
    // Decided once, here, for the whole process: `colored` reads this global flag.
    colored::control::set_override(color);
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let cli = CommandLine {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        kind: args.kind,
        platform: args.platform,
        packs: args.pack.rules.clone(),
    };
    let fixed = match (&args.pack.config, args.pack.no_config) {
        (Some(file), _) => Some(Some(file.clone())),
        (None, true) => Some(None),
        (None, false) => None,
    };
    let mut profiles = Profiles::new(fixed, cli, cwd);
    let known = match &args.baseline {
        Some(file) => Some(Baseline::load(file).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let mut recording = args.write_baseline.as_deref().map(Baseline::new);

    let (candidates, walk_errors) = inputs::collect(&args.paths);
    let mut status = ExitStatus::Clean;
    for err in &walk_errors {
        report_error(&format!("{}: {}", err.path, err.message));
        status = ExitStatus::Error;
    }
    let fixing_stdin = args.fix && candidates.iter().any(|c| c.input == Input::Stdin);
    // With `--fix -` the fixed text owns standard output; the findings go to standard error.
    let mut out: Box<dyn Write> = if fixing_stdin {
        Box::new(io::BufWriter::new(io::stderr().lock()))
    } else {
        Box::new(io::BufWriter::new(io::stdout().lock()))
    };
    let mut reporter = report::reporter(args.format, color);
    let mut summary = Summary::default();
    let mut diffs = 0;

    for candidate in &candidates {
        let path = match &candidate.input {
            Input::File(p) => Some(p.as_path()),
            Input::Stdin => None,
        };
        let (profile, first) = profiles.for_path(path);
        let profile = match profile {
            Ok(profile) => profile,
            Err(err) => {
                if first {
                    out.flush()?;
                    report_error(&err.to_string());
                }
                status = ExitStatus::Error;
                continue;
            }
        };
        if let Some(p) = path {
            let wanted = if candidate.named {
                !profile.excludes(p)
            } else {
                profile.includes(p)
            };
            if !wanted {
                continue;
            }
        }
        let display = candidate.input.display();
        let text = match inputs::read(&candidate.input, profile.max_file_size) {
            Ok(Content::Text(text)) => text,
            Ok(Content::Skipped(note)) => {
                out.flush()?;
                report_note(&format!("{display}: {note}"));
                continue;
            }
            Err(message) => {
                out.flush()?;
                report_error(&format!("{display}: {message}"));
                summary.failures += 1;
                status = ExitStatus::Error;
                continue;
            }
        };
        let defaults = profile.defaults_for(path.unwrap_or(Path::new("-")));
        let text = if args.fix || args.diff {
            match fix::fix_text(&display, text.clone(), &profile.rules, defaults) {
                Ok(fixed) => {
                    if !fixed.converged {
                        report_error(&format!(
                            "{display}: fixes did not settle after 10 rounds (a rule bug): file left as it was"
                        ));
                        status = ExitStatus::Error;
                        text
                    } else if fixed.text == text {
                        text
                    } else if args.diff {
                        diffs += 1;
                        write_diff(&mut out, &display, &text, &fixed.text)?;
                        text
                    } else {
                        match path {
                            Some(p) => match crate::write::atomically(p, fixed.text.as_bytes()) {
                                Ok(()) => fixed.text,
                                Err(e) => {
                                    out.flush()?;
                                    report_error(&format!(
                                        "{display}: cannot write the fixes: {e}; file left as it was"
                                    ));
                                    status = ExitStatus::Error;
                                    text
                                }
                            },
                            None => fixed.text,
                        }
                    }
                }
                Err(_) => text,
            }
        } else {
            text
        };
        if args.diff {
            continue;
        }
        let draft = match Draft::parse(&display, text) {
            Ok(draft) => draft,
            Err(err) => {
                out.flush()?;
                report_error(&err.to_string());
                summary.failures += 1;
                status = ExitStatus::Error;
                continue;
            }
        };
        if fixing_stdin && path.is_none() {
            io::stdout().lock().write_all(draft.source.as_bytes())?;
        }
        let ignored = path.map(|p| profile.ignored_for(p)).unwrap_or_default();
        let mut findings = lint(&draft, &profile.rules, defaults);
        findings
            .retain(|f| f.level >= args.min_level && !ignored.iter().any(|s| selects(s, &f.rule)));
        if let Some(recording) = &mut recording {
            recording.record(&display, &findings);
        }
        if let Some(known) = &known {
            findings = known.filter(&display, findings);
        }
        summary.add(&findings);
        reporter.file(
            &mut out,
            &FileReport {
                path: &display,
                findings: &findings,
            },
        )?;
    }

    if let (Some(recording), Some(file)) = (&recording, &args.write_baseline) {
        std::fs::write(file, recording.to_json())
            .with_context(|| format!("cannot write the baseline {}", file.display()))?;
        out.flush()?;
        report_note(&format!(
            "{} findings recorded in {}",
            recording.recorded(),
            file.display()
        ));
        return Ok(status);
    }
    if args.diff {
        out.flush()?;
        return Ok(if diffs > 0 {
            status.max(ExitStatus::Findings)
        } else {
            status
        });
    }
    reporter.finish(&mut out, &summary)?;
    out.flush()?;
    if summary.errors > 0 || (args.strict && summary.warnings > 0) {
        status = status.max(ExitStatus::Findings);
    }
    Ok(status)
}

fn write_diff(out: &mut dyn Write, path: &str, old: &str, new: &str) -> io::Result<()> {
    let diff = similar::TextDiff::from_lines(old, new);
    write!(out, "{}", diff.unified_diff().header(path, path))
}
