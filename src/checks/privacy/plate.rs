//! `vehicle-plate`: Italian car plates since 1994 (`AB 123 CD`; the letters I, O, Q and U are
//! never used, `EE` is reserved) near a context word (`targa`, `auto`, `veicolo`).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{AllowList, Near, candidates, compact};
use crate::checks::{Check, Context, Hit, params};

static SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)[A-HJ-NPR-TV-Z]{2}[\ \u{A0}\-]?[0-9]{3}[\ \u{A0}\-]?[A-HJ-NPR-TV-Z]{2}(?-u:\b)",
    )
    .expect("static pattern")
});

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    context: Vec<String>,
    #[serde(default = "default_window")]
    window: usize,
    #[serde(default)]
    allow: Vec<String>,
}

fn default_window() -> usize {
    8
}

#[derive(Debug)]
struct Plate {
    context: Near,
    allow: AllowList,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    if p.context.is_empty() {
        return Err("`context` needs at least one phrase".into());
    }
    Ok(Box::new(Plate {
        context: Near::new(&p.context, p.window)?,
        allow: AllowList::new(&p.allow, compact),
    }))
}

impl Check for Plate {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let source = cx.text.source();
        let context = self.context.find(cx.text);
        for span in candidates(cx.text, &SHAPE) {
            let plate = compact(&source[span.clone()]);
            if plate.starts_with("EE")
                || self.allow.contains(&plate)
                || !self.context.is_near(cx.text, &context, &span)
            {
                continue;
            }
            let mut hit = Hit::at(span);
            hit.sensitive = true;
            hits.push(hit);
        }
    }
}
