//! The one integration test binary (one link step instead of one per file).

mod access;
mod beneficiary;
mod cli;
mod cmd;
mod content;
mod dates;
mod directory;
mod formats;
mod inbox;
mod italian;
mod leaks;
mod lsp;
mod lsp_nvim;
mod lsp_stdin;
mod pack;
mod plain;
mod privacy;
mod properties;
mod robust;
mod rules;
mod safety;
mod schedule;
mod style;
mod support;
mod workflow;
