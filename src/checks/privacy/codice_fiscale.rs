//! `codice-fiscale`: a person's 16-character codice fiscale, omocodic forms included.
//!
//! A code with the right check character is the rule's own outcome; a well-formed code with a
//! wrong one is the `checksum` variant (a mistyped code still identifies a person), counted
//! only when written in capitals with at least one digit, so that no 16-letter word can pass.

use std::sync::LazyLock;

use super::Shape;
use crate::text::TokenKind;

const CODE_LENGTH: usize = 16;

use regex::Regex;
use serde::Deserialize;

use super::validate::{cf_valid, cf_well_formed};
use super::{AllowList, candidates, compact};
use crate::checks::{Check, Context, Hit, params};

pub(super) static SHAPE: Shape = Shape {
    // an omocodic code may have no digit left
    min_digits: 0,
    // 16 letters or digits in a row; the case-insensitive letters include `ſ` and the Kelvin
    // sign, so any non-ASCII byte may be one
    prefilter: |text| {
        text.as_bytes()
            .split(|b| !(b.is_ascii_alphanumeric() || *b >= 0x80))
            .any(|run| run.len() >= 16)
    },
    pattern: LazyLock::new(|| {
        Regex::new(
            r"(?i)(?-u:\b)[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?-u:\b)",
        )
        .expect("static pattern")
    }),
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Codes that may be published.
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Debug)]
struct CodiceFiscale {
    allow: AllowList,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    Ok(Box::new(CodiceFiscale {
        allow: AllowList::new(&p.allow, compact),
    }))
}

impl Check for CodiceFiscale {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        // A code is 16 letters and digits in a row, which the tokenizer never splits: without
        // a word that long (nearly every draft) there is nothing to search for.
        let long_word = cx.text.tokens.iter().any(|t| {
            t.span.len() >= CODE_LENGTH && matches!(t.kind, TokenKind::Word | TokenKind::Number)
        });
        if !long_word {
            return;
        }
        let source = cx.text.source();
        for span in candidates(cx.text, &SHAPE) {
            let written = &source[span.clone()];
            let upper_case = written == written.to_ascii_uppercase();
            // Mixed case is prose, not a code typed or pasted.
            if !upper_case && written != written.to_ascii_lowercase() {
                continue;
            }
            let code = written.to_ascii_uppercase();
            if !cf_well_formed(&code) || self.allow.contains(&code) {
                continue;
            }
            let mut hit = Hit::at(span);
            hit.sensitive = true;
            if cf_valid(&code) {
                hits.push(hit);
            } else if upper_case && code.bytes().any(|c| c.is_ascii_digit()) {
                hits.push(hit.variant("checksum"));
            }
        }
    }
}
