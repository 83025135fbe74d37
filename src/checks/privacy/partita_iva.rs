//! `partita-iva`: 11-digit partite IVA (or the same-shaped codici fiscali of organisations)
//! with a valid office code and check digit.
//!
//! Any 11-digit number passes the Luhn check one time in ten, so a valid number after an act
//! or code word (`prot.`, `CIG`) counts only when a context word (`P.IVA`, `partita IVA`,
//! `VAT`) stands nearby. The Comune's own numbers, and those of the public bodies it quotes,
//! are in `allow`.

use std::sync::LazyLock;

use super::Shape;

use regex::Regex;
use serde::Deserialize;

use super::context::{Near, NotAfter};
use super::validate::piva_valid;
use super::{AllowList, candidates, glued};
use crate::checks::{Check, Context, Hit, params};

pub(super) static SHAPE: Shape = Shape {
    // 11 digits
    min_digits: 11,
    prefilter: |text| super::prefilter::longest_digit_run(text) >= 11,
    pattern: LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:IT[\ \u{A0}]?)?[0-9]{11}(?-u:\b)").expect("static pattern")
    }),
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default = "default_window")]
    window: usize,
    #[serde(default)]
    not_after: Vec<String>,
}

fn default_window() -> usize {
    4
}

#[derive(Debug)]
struct PartitaIva {
    allow: AllowList,
    context: Near,
    not_after: NotAfter,
}

/// The 11 digits, without an `IT` prefix.
fn digits(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    Ok(Box::new(PartitaIva {
        allow: AllowList::new(&p.allow, digits),
        context: Near::new(&p.context, p.window)?,
        not_after: NotAfter::new(&p.not_after),
    }))
}

impl Check for PartitaIva {
    fn scanned_lists(&mut self) -> Vec<&mut crate::text::phrase::PhraseMatcher> {
        vec![self.context.list()]
    }

    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let source = cx.text.source();
        // The context phrases matter only for a valid number after an act word: they are
        // sought once, for the first such number, not for every body.
        let mut context = None;
        for span in candidates(cx.text, &SHAPE) {
            let number = digits(&source[span.clone()]);
            if !piva_valid(&number)
                || glued(source, &span)
                || self.allow.contains(&number)
                || source[..span.start].trim_end().ends_with("+39")
            {
                continue;
            }
            if self.not_after.matches(cx.text, &span) && {
                let context = context.get_or_insert_with(|| self.context.find(cx.text));
                !self.context.is_near(cx.text, context, &span)
            } {
                continue;
            }
            let mut hit = Hit::at(span);
            hit.sensitive = true;
            hits.push(hit);
        }
    }
}
