//! Orchestration: read drafts → parse → lint → report → exit status. The only module that
//! touches the file system and the terminal.

use std::io::{self, IsTerminal, Write};

use anyhow::{Context as _, Result};
use colored::Colorize;

use crate::cli::{CheckArgs, Cli, ColorChoice, Command, PackArgs};
use crate::draft::Draft;
use crate::exit::ExitStatus;
use crate::inputs::{self, Input};
use crate::lint::{Defaults, lint};
use crate::report::{self, FileReport, Summary};
use crate::rule::RuleSet;
use crate::{explain, pack};

pub fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules(pack) => {
            let rules = load_rules(&pack)?;
            explain::list(&mut io::stdout().lock(), &rules)?;
            Ok(ExitStatus::Clean)
        }
        Command::Explain { id, pack } => {
            let rules = load_rules(&pack)?;
            match rules.get(&id) {
                Some(rule) => {
                    explain::explain(&mut io::stdout().lock(), rule)?;
                    Ok(ExitStatus::Clean)
                }
                None => {
                    let hint = crate::suggest::closest(&id, rules.ids())
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    anyhow::bail!("unknown rule `{id}`{hint}; `alpost rules` lists them")
                }
            }
        }
    }
}

fn load_rules(args: &PackArgs) -> Result<RuleSet> {
    let mut rules = pack::default_rules().context("the built-in rule pack is broken")?;
    for dir in &args.rules {
        pack::load_dir(&mut rules, dir)?;
    }
    Ok(rules)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

fn check(args: &CheckArgs) -> Result<ExitStatus> {
    let color = use_color(args.color);
    // Decided once, here, for the whole process: `colored` reads this global flag.
    colored::control::set_override(color);
    let rules = load_rules(&args.pack)?;
    let defaults = Defaults::default();
    let (inputs, walk_errors) = inputs::collect(&args.paths);
    let mut status = ExitStatus::Clean;
    for err in &walk_errors {
        report_error(&format!("{}: {}", err.path, err.message));
        status = ExitStatus::Error;
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut reporter = report::reporter(args.format, color);
    let mut summary = Summary::default();
    for input in &inputs {
        let path = input.display();
        let draft = match read_draft(input, &path) {
            Ok(draft) => draft,
            Err(message) => {
                out.flush()?;
                report_error(&message);
                summary.failures += 1;
                status = ExitStatus::Error;
                continue;
            }
        };
        let findings = lint(&draft, &rules, defaults);
        summary.add(&findings);
        reporter.file(
            &mut out,
            &FileReport {
                path: &path,
                findings: &findings,
            },
        )?;
    }
    reporter.finish(&mut out, &summary)?;
    out.flush()?;
    if summary.errors > 0 {
        status = status.max(ExitStatus::Findings);
    }
    Ok(status)
}

fn read_draft(input: &Input, path: &str) -> Result<Draft, String> {
    let text = inputs::read(input).map_err(|m| format!("{path}: {m}"))?;
    Draft::parse(path, text).map_err(|e| e.to_string())
}

/// Problems with inputs go to standard error, so the findings on standard output stay
/// machine-readable in every format.
pub fn report_error(message: &str) {
    let mut err = io::stderr().lock();
    // Nothing useful is left to do if standard error itself is gone.
    let _ = writeln!(err, "{}: {message}", "error".red().bold());
}
