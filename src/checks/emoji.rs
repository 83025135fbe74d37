//! `emoji`: every emoji grapheme cluster, one hit each.
//!
//! The tokenizer already decided what an emoji is (ZWJ sequences, flags, keycaps and skin
//! tones are one cluster; © ® ™ and other typography are not), so this check only reports.

use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::text::TokenKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Emoji {}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    Ok(Box::new(params::<Emoji>(table)?))
}

impl Check for Emoji {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        hits.extend(
            cx.text
                .of_kind(TokenKind::Emoji)
                .map(|t| Hit::at(t.span.clone())),
        );
    }
}
