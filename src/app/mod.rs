//! Orchestration: the part of alpost that owns the terminal and runs commands (the library's
//! root, `lib.rs`, lists the other modules that read or write files).
//! Each command reads its inputs, calls the pure library code, and writes the outcome.

mod check;
mod inbox;
mod lsp;
mod ordered;
mod profiles;
mod sink;

use std::io::{self, IsTerminal, Write};

use anyhow::Result;
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
                    let hint = crate::suggest::did_you_mean(&id, profile.rules.ids());
                    anyhow::bail!("regola sconosciuta `{id}`{hint}; `alpost rules` le elenca tutte")
                }
            }
        }
        Command::Lsp(pack) => lsp::run(&pack),
        Command::Init { force } => init(force),
        Command::Completions { shell } => {
            let mut out = io::stdout().lock();
            clap_complete::generate(shell, &mut crate::usage::command(), "alpost", &mut out);
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
    // Built, so the subcommands are named `alpost-check` and so on, as their pages are titled.
    let cli = crate::usage::man_command();
    let page = match command {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names = cli.get_subcommands().map(|c| c.get_name());
                let hint = crate::suggest::did_you_mean(name, names);
                anyhow::bail!("comando sconosciuto `{name}`{hint}")
            }
        },
    };
    out.write_all(&crate::usage::man_page(page)?)?;
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
            "{} esiste già; usa --force per sovrascriverlo",
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
        ColorChoice::Auto => auto_color(io::stdout().is_terminal()),
    }
}

/// Whether `--color auto` colours a stream that is (or is not) a terminal: `NO_COLOR` turns
/// colours off; `FORCE_COLOR` or `CLICOLOR_FORCE` turn them on, for CI logs that show ANSI
/// colours without being terminals; `TERM=dumb` turns them off.
pub fn auto_color(terminal: bool) -> bool {
    let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if set("FORCE_COLOR") || set("CLICOLOR_FORCE") {
        return true;
    }
    terminal && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// Problems with inputs go to standard error, so the findings on standard output stay
/// machine-readable in every format.
/// Every message is one line: the file names and comment ids it quotes are escaped.
pub fn report_error(message: &str) {
    let mut err = io::stderr().lock();
    let message = crate::report::escape_name(message);
    // Nothing useful is left to do if standard error itself is gone.
    let _ = writeln!(err, "{}: {message}", "errore".red().bold());
}

/// Help, version or a usage error, as `usage::parse` rendered it.
pub fn print_usage(text: &str, stderr: bool) {
    // A closed stream leaves nothing to tell.
    let _ = if stderr {
        io::stderr().lock().write_all(text.as_bytes())
    } else {
        io::stdout().lock().write_all(text.as_bytes())
    };
}

/// A remark about an input that is not an error (a skipped binary file).
pub fn report_note(message: &str) {
    let mut err = io::stderr().lock();
    let message = crate::report::escape_name(message);
    let _ = writeln!(err, "{}: {message}", "nota".cyan().bold());
}
