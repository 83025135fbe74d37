//! The one integration test binary (one link step instead of one per file).

mod cli;
mod cmd;
mod content;
mod formats;
mod inbox;
mod leaks;
mod pack;
mod plain;
mod privacy;
mod properties;
mod robust;
mod rules;
mod safety;
mod schedule;
mod support;
mod workflow;
