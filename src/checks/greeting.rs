//! `greeting`: the text must open with one of the pack's openers (a thanks or a greeting).
//!
//! Leading mentions, emoji and white space are skipped: `@Mario Buongiorno` opens with a
//! greeting.

use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::text::phrase::PhraseMatcher;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    openers: Vec<String>,
}

#[derive(Debug)]
struct Greeting {
    openers: PhraseMatcher,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    let mut openers = PhraseMatcher::default();
    for (i, phrase) in p.openers.iter().enumerate() {
        openers.add(phrase, false, i)?;
    }
    if openers.is_empty() {
        return Err("`openers` must not be empty".into());
    }
    Ok(Box::new(Greeting { openers }))
}

impl Check for Greeting {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let model = cx.text;
        let Some(first) = model.first_content() else {
            // An empty reply has no opening at all.
            hits.push(Hit::at(model.body.start..model.body.start));
            return;
        };
        if self.openers.any_at(model, first) {
            return;
        }
        let line_end = model.tokens[first..]
            .iter()
            .find(|t| t.kind == crate::text::TokenKind::Newline)
            .map_or(model.body.end, |t| t.span.start);
        let first_word_end = model.tokens[first].span.end;
        hits.push(Hit::at(
            model.tokens[first].span.start..first_word_end.min(line_end),
        ));
    }
}
