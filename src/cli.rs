//! The command line exactly as the user typed it (parsing only; `app` resolves it).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "alpost",
    version,
    about = "Linter editoriale per i post e le risposte social del Comune di Alessandria",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check draft files (or `-` for standard input) against the rule packs.
    Check(CheckArgs),
    /// List every rule: id, level, whether it can fix, one line of description.
    Rules(PackArgs),
    /// Print a rule's description, the policy text it enforces and its examples.
    Explain {
        /// The rule id, e.g. `style/abbreviation`.
        id: String,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Print a shell completion script (e.g. `alpost completions bash > /etc/bash_completion.d/alpost`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page in roff (`alpost man | man -l -`); `alpost man check` for a subcommand.
    Man {
        /// The subcommand whose page to print; the main page without it.
        command: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct PackArgs {
    /// Add the rules of every `*.toml` file in DIR to the default pack (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to check; folders are walked for `*.txt` and `*.md`, honouring
    /// `.gitignore`. `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the report to FILE instead of standard output (replaced whole, never half-written).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Print the number of findings per rule and per file instead of the findings
    /// (`human`, `concise` or `json` format).
    #[arg(long)]
    pub stats: bool,

    /// When to use colours (`NO_COLOR` is honoured by `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub pack: PackArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
