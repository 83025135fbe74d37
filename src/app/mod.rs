//! Orchestration: the only part of alpost that touches the file system and the terminal.
//! Each command reads its inputs, calls the pure library code, and writes the outcome.

mod check;
mod inbox;
mod lsp;
mod ordered;
mod profiles;
mod sink;

use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use clap::CommandFactory;
use colored::Colorize;

use crate::cli::{Cli, ColorChoice, Command, PackArgs};
use crate::config::{self, CommandLine, Profile};
use crate::exit::ExitStatus;
use crate::explain;

pub fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Inbox(args) => inbox::run(&args),
        Command::Rules(pack) => {
            let profile = profile_here(&pack)?;
            explain::list(&mut io::stdout().lock(), &profile.rules)?;
            Ok(ExitStatus::Clean)
        }
        Command::Explain { id, pack } => {
            let profile = profile_here(&pack)?;
            match profile.rules.get(&id) {
                Some(rule) => {
                    explain::explain(&mut io::stdout().lock(), rule)?;
                    Ok(ExitStatus::Clean)
                }
                None => {
                    let hint = crate::suggest::closest(&id, profile.rules.ids())
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    anyhow::bail!("unknown rule `{id}`{hint}; `alpost rules` lists them")
                }
            }
        }
        Command::Lsp(pack) => lsp::run(&pack),
        Command::Init { force } => init(force),
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

/// The profile for the current folder: what `rules` and `explain` describe.
fn profile_here(pack: &PackArgs) -> Result<Profile> {
    let cwd = std::env::current_dir()?;
    let cli = CommandLine {
        packs: pack.rules.clone(),
        ..CommandLine::default()
    };
    let config = match (&pack.config, pack.no_config) {
        (Some(file), _) => Some(file.clone()),
        (None, true) => None,
        (None, false) => config::discover(&cwd),
    };
    let root = config
        .as_deref()
        .and_then(|c| {
            config::absolute(c)
                .parent()
                .map(std::path::Path::to_path_buf)
        })
        .unwrap_or(cwd);
    Ok(Profile::load(config.as_deref(), &root, &cli)?)
}

fn init(force: bool) -> Result<ExitStatus> {
    let path = std::path::Path::new(config::FILE_NAME);
    if path.exists() && !force {
        anyhow::bail!(
            "{} already exists; use --force to overwrite it",
            config::FILE_NAME
        );
    }
    std::fs::write(path, config::STARTER)?;
    writeln!(io::stdout().lock(), "scritto {}", config::FILE_NAME)?;
    Ok(ExitStatus::Clean)
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

/// Problems with inputs go to standard error, so the findings on standard output stay
/// machine-readable in every format.
/// Every message is one line: the file names and comment ids it quotes are escaped.
pub fn report_error(message: &str) {
    let mut err = io::stderr().lock();
    let message = crate::report::escape_name(message);
    // Nothing useful is left to do if standard error itself is gone.
    let _ = writeln!(err, "{}: {message}", "error".red().bold());
}

/// A remark about an input that is not an error (a skipped binary file).
pub fn report_note(message: &str) {
    let mut err = io::stderr().lock();
    let message = crate::report::escape_name(message);
    let _ = writeln!(err, "{}: {message}", "note".cyan().bold());
}
