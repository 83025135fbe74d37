//! `hashtag-length` and `hashtag-count`: short hashtags, and not too many of them.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::platform::Platform;
use crate::text::TokenKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LengthParams {
    /// Characters after the `#`.
    max: usize,
}

#[derive(Debug)]
struct HashtagLength {
    max: usize,
}

pub fn build_length(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: LengthParams = params(table)?;
    Ok(Box::new(HashtagLength { max: p.max }))
}

impl Check for HashtagLength {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        for token in cx.text.of_kind(TokenKind::Hashtag) {
            let length = cx.text.text(token).chars().count() - 1;
            if length > self.max {
                hits.push(
                    Hit::at(token.span.clone())
                        .var("length", length.to_string())
                        .var("limit", self.max.to_string()),
                );
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountParams {
    max: usize,
    /// Budgets that differ from `max`, by platform.
    #[serde(default)]
    per_platform: BTreeMap<Platform, usize>,
}

#[derive(Debug)]
struct HashtagCount {
    max: usize,
    per_platform: BTreeMap<Platform, usize>,
}

pub fn build_count(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: CountParams = params(table)?;
    Ok(Box::new(HashtagCount {
        max: p.max,
        per_platform: p.per_platform,
    }))
}

impl Check for HashtagCount {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let budget = self
            .per_platform
            .get(&cx.platform)
            .copied()
            .unwrap_or(self.max);
        let tags: Vec<_> = cx.text.of_kind(TokenKind::Hashtag).collect();
        // Point at the first hashtag over budget: those are the ones to cut.
        if let Some(first_extra) = tags.get(budget) {
            let span = first_extra.span.start..tags[tags.len() - 1].span.end;
            hits.push(
                Hit::at(span)
                    .var("count", tags.len().to_string())
                    .var("limit", budget.to_string())
                    .var("platform", cx.platform.display_name()),
            );
        }
    }
}
