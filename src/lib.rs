//! alpost: an editorial linter for the social media drafts of the Comune di Alessandria.
//!
//! Data flows one way: `inputs` reads a file, `draft` parses its front matter, `text`
//! tokenizes the body, `lint` runs the rule set built by `pack` from TOML and `checks`,
//! and `report` renders the `finding`s. `inbox` audits published comments with the same engine.
//! Only `app` does I/O.

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
pub mod mask;
pub mod pack;
pub mod platform;
pub mod position;
pub mod repo;
pub mod report;
pub mod rule;
pub mod score;
pub mod suggest;
pub mod text;
pub mod trust;
pub mod write;
