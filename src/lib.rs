//! alpost: an editorial linter for the social media drafts of the Comune di Alessandria.
//!
//! Data flows one way: `inputs` reads a file, `draft` parses its front matter, `text`
//! tokenizes the body, `lint` runs the rule set built by `pack` from TOML and `checks`,
//! and `report` renders the `finding`s. `inbox` audits published comments with the same engine.
//! `docs/architecture.md` walks through it and says where each kind of change is made.
//!
//! Which modules touch the file system, the terminal or the environment (everything else is
//! pure: text and values in, values out, and tests call it without files):
//!
//! * `app`: runs each command; prints to standard output and error, opens the `-o` and
//!   `--write-baseline` outputs (`app::sink`, through `write`) and the comment exports of
//!   `alpost inbox`, writes the starter `.alpost.toml` of `alpost init`, reads `NO_COLOR`.
//! * `inputs` (and `inputs::open`): walks folders and reads the drafts and standard input.
//! * `config`: finds `.alpost.toml` by walking up the folders and reads it (through `trust`);
//!   reads the working folder once.
//! * `pack`: lists and reads the files of a `--rules` folder (through `trust`); the default
//!   pack is embedded at build time.
//! * `trust`: opens a configuration or pack file and refuses one another user could write.
//! * `repo`: looks for `.git` and follows symbolic links to decide what lies inside the
//!   repository; reads the working folder.
//! * `baseline`: reads a `--baseline` file.
//! * `write`: writes fixed drafts, reports, baselines and summaries through temporary files,
//!   and removes a half-written one on a signal.
//! * `report::junit`: keeps its suites in an anonymous temporary file past a few megabytes.
//!
//! `inbox::read` parses from any `BufRead` and every reporter writes to any `Write`: the
//! caller chooses the file.

pub mod app;
pub mod baseline;
pub mod calendar;
pub mod checks;
pub mod cli;
pub mod config;
pub mod draft;
pub mod exit;
pub mod explain;
pub mod finding;
pub mod fix;
pub mod inbox;
pub mod inputs;
pub mod lint;
pub mod located;
pub mod lsp;
pub mod mask;
pub mod pack;
pub mod platform;
pub mod position;
pub mod reason;
pub mod repo;
pub mod report;
pub mod rule;
pub mod score;
pub mod suggest;
pub mod text;
pub mod trust;
pub mod usage;
pub mod write;
