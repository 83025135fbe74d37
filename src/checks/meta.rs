//! `unused-allow`: a marker check. What it reports (a draft's `allow` entry that silences
//! nothing) is computed by the engine in `lint`, which alone sees every rule's findings.

use serde::Deserialize;

use super::{Check, Context, Hit, params};

/// The check kind of the rule that reports `allow` entries silencing nothing; the engine
/// computes it, since no single check can see what the others found.
pub const UNUSED_ALLOW: &str = "unused-allow";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnusedAllow {}

pub fn build_unused_allow(table: toml::Table) -> Result<Box<dyn Check>, String> {
    Ok(Box::new(params::<UnusedAllow>(table)?))
}

impl Check for UnusedAllow {
    fn run(&self, _cx: &Context<'_>, _hits: &mut Vec<Hit>) {}
}
