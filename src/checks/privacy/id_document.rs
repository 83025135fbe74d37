//! `id-document`: numbers of identity cards (CIE `CA00000AA`, CIE 2.0 `1234567AA`, paper
//! `AA 1234567`), passports (`YA1234567`) and driving licences (`AL1234567A`, `U1…`).
//!
//! None of them has a public check digit and their shapes are short, so a number counts only
//! with a context word (`carta d'identità`, `documento`, `passaporto`, `patente`, `n.`) within
//! `window` words.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{AllowList, Near, candidates, compact};
use crate::checks::{Check, Context, Hit, params};

static SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?-u:\b)(?:
            C[A-Z][0-9]{5}[A-Z]{2}          # CIE 3.0
          | [0-9]{7}[A-Z]{2}                # CIE 2.0
          | [A-Z]{2}[0-9]{7}[A-Z]           # patente
          | U1[A-Z0-9]{7}[A-Z]              # patente issued by the UCO
          | [A-Z]{2}[\ \u{A0}]?[0-9]{7}     # paper identity card, passport
        )(?-u:\b)",
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
    6
}

#[derive(Debug)]
struct IdDocument {
    context: Near,
    allow: AllowList,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    if p.context.is_empty() {
        return Err("`context` needs at least one phrase".into());
    }
    Ok(Box::new(IdDocument {
        context: Near::new(&p.context, p.window)?,
        allow: AllowList::new(&p.allow, compact),
    }))
}

impl Check for IdDocument {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let source = cx.text.source();
        let context = self.context.find(cx.text);
        for span in candidates(cx.text, &SHAPE) {
            if self.allow.contains(&compact(&source[span.clone()]))
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
