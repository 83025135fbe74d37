//! The command line exactly as the user typed it (parsing only; `app` resolves it).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::platform::{Kind, Platform};
use crate::report::Format;
use crate::rule::Level;

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
    Check(Box<CheckArgs>),
    /// Audit the comments exported from published pages: requests without an answer, the
    /// page's own replies, citizens' comments holding personal data to remove.
    #[command(long_about = INBOX_ABOUT)]
    Inbox(Box<InboxArgs>),
    /// List every rule: id, level, whether it can fix, one line of description.
    Rules(PackArgs),
    /// Print a rule's description, the policy text it enforces and its examples.
    Explain {
        /// The rule id, e.g. `style/abbreviation`.
        id: String,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Run the language server over standard input and output, for editors (LSP).
    Lsp(PackArgs),
    /// Write a commented starter `.alpost.toml` in the current folder.
    Init {
        /// Overwrite an existing `.alpost.toml`.
        #[arg(long)]
        force: bool,
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

    /// Use this configuration file for every draft instead of the nearest `.alpost.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every `.alpost.toml`.
    #[arg(long)]
    pub no_config: bool,
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

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Platform of drafts whose front matter does not say (overrides the configuration).
    #[arg(long, value_enum)]
    pub platform: Option<Platform>,

    /// Kind of drafts whose front matter does not say (overrides the configuration).
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,

    /// Apply the safe fixes in place, then report what is left. With `-`, print the fixed text.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Show the safe fixes as a unified diff without writing anything.
    #[arg(long)]
    pub diff: bool,

    /// Report only findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Record every current finding in this baseline file and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Check standard input (`-`) as the file at PATH: its configuration, overrides and name.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

const INBOX_ABOUT: &str = "\
Audit the comments exported from published pages: requests without an answer from the page's
account (with their wait in moderated hours), the page's own replies checked with the reply
rules, citizens' comments holding personal data to remove, and a summary.

Exports are read by their content, in two formats:
  * the Facebook Graph API comments edge, {\"data\": [{\"id\", \"message\", \"from\": {\"id\",
    \"name\"}, \"created_time\", \"comments\": {\"data\": [...]}}], \"paging\": ...}; the page's
    own account id comes from --page-id or `page_id` in .alpost.toml;
  * JSON Lines, one comment per line: {\"id\", \"parent_id\", \"author\", \"is_page\",
    \"created_at\", \"text\", \"permalink\"} (`parent_id`, `author`, `permalink` and
    `platform` optional).

Findings point at `EXPORT#COMMENT-ID`, line and column inside the comment's text; the
comment's permalink follows the help. Records that cannot be read are reported on standard
error with their position, the rest is still audited, and alpost exits with 2.";

#[derive(Debug, Args)]
pub struct InboxArgs {
    /// Comment exports (Graph API JSON or JSON Lines); `-` reads standard input.
    #[arg(value_name = "EXPORT", required = true)]
    pub exports: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the report to FILE instead of standard output (replaced whole, never half-written).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write the summary (requests, answered, unanswered, median wait) as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub summary_json: Option<PathBuf>,

    /// The page's own account id in Graph API exports (overrides `page_id` in .alpost.toml).
    #[arg(long, value_name = "ID")]
    pub page_id: Option<String>,

    /// The instant waits are measured to, e.g. 2027-03-15T10:00:00+01:00 (default: now).
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,

    /// When to use colours (`NO_COLOR` is honoured by `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub pack: PackArgs,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Platform of JSON Lines comments that do not say (overrides the configuration).
    #[arg(long, value_enum)]
    pub platform: Option<Platform>,
}

/// Which rules run and which findings count, for `check` and `inbox` alike.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Run only these rules or areas (`privacy/`), replacing the configuration's `select`.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,

    /// Never run these rules or areas, in addition to the configuration's `ignore`.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// Report only findings at this level or above.
    #[arg(long, value_enum, default_value_t = Level::Info)]
    pub min_level: Level,

    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
