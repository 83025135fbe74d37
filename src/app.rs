//! Orchestration: read drafts → parse → lint → report → exit status. The only module that
//! touches the file system and the terminal.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::{CommandFactory, ValueEnum};
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
        Command::Completions { shell } => {
            let mut out = io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "alpost", &mut out);
            out.flush()?;
            Ok(ExitStatus::Clean)
        }
        Command::Man { command } => {
            man(&mut io::stdout().lock(), command.as_deref())?;
            Ok(ExitStatus::Clean)
        }
    }
}

/// The roff manual page of alpost, or of one of its subcommands (`alpost-check(1)`).
fn man(out: &mut dyn Write, command: Option<&str>) -> Result<()> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    // Building names the subcommands `alpost-check` and so on, as their pages are titled.
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names = cli.get_subcommands().map(|c| c.get_name());
                let hint = crate::suggest::closest(name, names)
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                anyhow::bail!("unknown command `{name}`{hint}")
            }
        },
    };
    clap_mangen::Man::new(page).render(out)?;
    Ok(())
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
    // A report written to a file is not for a terminal, unless colours are asked for.
    let color = match (&args.output, args.color) {
        (Some(_), ColorChoice::Auto) => false,
        _ => use_color(args.color),
    };
    // Decided once, here, for the whole process: `colored` reads this global flag.
    colored::control::set_override(color);
    let rules = load_rules(&args.pack)?;
    let mut reporter = if args.stats {
        report::stats_reporter(args.format, color).with_context(|| {
            let name = args
                .format
                .to_possible_value()
                .map(|v| v.get_name().to_owned())
                .unwrap_or_default();
            format!("--stats works with --format human, concise or json, not `{name}`")
        })?
    } else {
        report::reporter(args.format, color, &rules)
    };
    // Opened before checking, so a destination that cannot be written fails at once.
    let mut out = match &args.output {
        Some(path) => Sink::file(path)?,
        None => Sink::Stdout(io::BufWriter::new(io::stdout().lock())),
    };
    let defaults = Defaults::default();
    let (inputs, walk_errors) = inputs::collect(&args.paths);
    let mut status = ExitStatus::Clean;
    let mut summary = Summary::default();
    for err in &walk_errors {
        report_error(&format!("{}: {}", err.path, err.message));
        summary.failures += 1;
        status = ExitStatus::Error;
    }
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
    out.commit()?;
    if summary.errors > 0 {
        status = status.max(ExitStatus::Findings);
    }
    Ok(status)
}

/// Where a report goes: standard output, or a temporary file beside `--output FILE` that
/// replaces FILE once the report is complete, so readers never see half a report.
enum Sink {
    Stdout(io::BufWriter<io::StdoutLock<'static>>),
    File {
        temp: io::BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
    },
}

impl Sink {
    fn file(path: &Path) -> Result<Sink> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".alpost-").suffix(".tmp");
        // The temporary file becomes the report: give it a new file's usual permissions
        // (0666 less the umask) rather than the owner-only ones of temporary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Sink::File {
            temp: io::BufWriter::new(temp),
            path: path.to_owned(),
        })
    }

    /// Flushes the report and, for a file, moves it into place.
    fn commit(self) -> Result<()> {
        match self {
            Sink::Stdout(mut out) => Ok(out.flush()?),
            Sink::File { temp, path } => {
                let temp = temp
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                temp.persist(&path)
                    .map_err(|e| e.error)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Ok(())
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::File { temp, .. } => temp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File { temp, .. } => temp.flush(),
        }
    }
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
