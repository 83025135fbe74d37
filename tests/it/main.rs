//! The one integration test binary (one link step instead of one per file).

mod cli;
mod content;
mod pack;
mod support;
