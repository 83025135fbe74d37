//! `iban`: IBANs of any country in the ISO 13616 registry, compact or in groups of four,
//! reported only when the country's length and the MOD 97-10 check agree.

use std::ops::Range;
use std::sync::LazyLock;

use super::Shape;

use regex::Regex;
use serde::Deserialize;

use super::validate::{iban_length, iban_valid};
use super::{AllowList, compact, opaque_spans, overlap};
use crate::checks::{Check, Context, Hit, params};
use crate::text::TextModel;

/// Country, check digits, then up to 30 letters or digits, each optionally after one space
/// (the printed groups of four). The match may run past the IBAN; `trim` cuts it to the
/// country's length.
pub(super) static SHAPE: Shape = Shape {
    // the two check digits
    min_digits: 2,
    // two letters (or non-ASCII bytes, for `ſ` and the Kelvin sign) and two digits in a row
    prefilter: |text| {
        let letter = |b: u8| b.is_ascii_alphabetic() || b >= 0x80;
        let bytes = text.as_bytes();
        super::prefilter::digit_runs(bytes).any(|run| {
            run.len() >= 2
                && run.start >= 2
                && letter(bytes[run.start - 2])
                && letter(bytes[run.start - 1])
        })
    },
    pattern: LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)[A-Z]{2}[0-9]{2}(?:[ \u{A0}]?[A-Z0-9]){11,30}")
            .expect("static pattern")
    }),
};

/// Every IBAN-shaped run of the body, cut to its country's length, with its compact form,
/// valid or not: other checks stay out of them (the digits of an IBAN in groups of four look
/// like a card or phone number).
pub fn shapes(model: &TextModel<'_>) -> Vec<Range<usize>> {
    scan(model).into_iter().map(|(span, _)| span).collect()
}

/// The search restarts right after each IBAN found, not after the regex match: the match may
/// run on into the next IBAN of the sentence.
fn scan(model: &TextModel<'_>) -> Vec<(Range<usize>, String)> {
    if !SHAPE.may_occur(model) {
        return Vec::new();
    }
    let source = model.source();
    let text = model.body_text();
    let base = model.body.start;
    let opaque = opaque_spans(model);
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(m) = SHAPE.pattern.find_at(text, at) {
        let candidate = base + m.start()..base + m.end();
        match trim(source, &candidate) {
            Some((span, code)) => {
                at = span.end - base;
                if !opaque.iter().any(|o| overlap(o, &span)) {
                    found.push((span, code));
                }
            }
            None => at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// IBANs that may be published (the Comune's treasury accounts).
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Debug)]
struct Iban {
    allow: AllowList,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    Ok(Box::new(Iban {
        allow: AllowList::new(&p.allow, compact),
    }))
}

/// The part of a candidate that is one IBAN of its country's length, if it ends on a
/// boundary.
fn trim(source: &str, span: &Range<usize>) -> Option<(Range<usize>, String)> {
    let text = &source[span.clone()];
    let country = text.get(..2)?.to_ascii_uppercase();
    let length = iban_length(&country)?;
    let mut code = String::with_capacity(length);
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() {
            code.push(c.to_ascii_uppercase());
            if code.len() == length {
                let end = span.start + i + 1;
                let next = source[end..].chars().next();
                return (!next.is_some_and(char::is_alphanumeric))
                    .then_some((span.start..end, code));
            }
        }
    }
    None
}

impl Check for Iban {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        for (span, code) in scan(cx.text) {
            if iban_valid(&code) && !self.allow.contains(&code) {
                let mut hit = Hit::at(span);
                hit.sensitive = true;
                hits.push(hit);
            }
        }
    }
}
