//! `length`: the body against each platform's hard limit (variant `hard`) and the office's
//! softer "be concise" limit (variant `soft`), counted the way the platform counts.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::platform::Platform;
use crate::text::weighted::{Counting, measure};
use crate::text::{TextModel, TokenKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    limits: BTreeMap<Platform, Limit>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Limit {
    hard: usize,
    soft: Option<usize>,
    counting: Counting,
    /// What every link counts for on platforms that shorten links (X and Mastodon: 23).
    url_length: Option<usize>,
}

#[derive(Debug)]
struct Length {
    limits: BTreeMap<Platform, Limit>,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    if let Some((platform, limit)) = p
        .limits
        .iter()
        .find(|(_, l)| l.soft.is_some_and(|s| s >= l.hard))
    {
        return Err(format!(
            "limits.{platform}: soft limit {} must be below the hard limit {}",
            limit.soft.unwrap_or_default(),
            limit.hard
        ));
    }
    Ok(Box::new(Length { limits: p.limits }))
}

impl Check for Length {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let Some(limit) = self.limits.get(&cx.platform) else {
            return;
        };
        let (variant, max) = match limit.soft {
            Some(soft) => ("soft", soft),
            None => ("hard", limit.hard),
        };
        // Most drafts are far below the lowest limit: a bound on their length settles them
        // without weighing each character.
        if at_most(cx.text, limit).is_some_and(|bound| bound <= max) {
            return;
        }
        // Line ends and white space after the last word are not part of the post: the
        // platforms drop them, and a draft file ends in a line end.
        let model = cx.text;
        let end = model.body.start + model.body_text().trim_end().len();
        let trimmed;
        let model = if end < model.body.end {
            trimmed = TextModel::new(model.source(), model.body.start..end);
            &trimmed
        } else {
            model
        };
        let (length, beyond_soft) = measure(model, limit.counting, limit.url_length, max);
        let (variant, max, beyond) = if length > limit.hard {
            let (_, beyond) = measure(model, limit.counting, limit.url_length, limit.hard);
            ("hard", limit.hard, beyond)
        } else {
            (variant, max, beyond_soft)
        };
        let Some(start) = beyond else {
            return;
        };
        hits.push(
            Hit::at(start..end)
                .variant(variant)
                .var("length", length.to_string())
                .var("limit", max.to_string())
                .var("platform", cx.platform.display_name()),
        );
    }
}

/// A length `measure` never exceeds for `limit`, when one is cheap to tell. Counting
/// characters or graphemes, every unit takes at least one byte of the body, and a shortened
/// link counts `url_length` in place of its own bytes. Twitter weights have no such bound
/// (NFC may split a character into several of weight 2), so they are always measured.
fn at_most(model: &TextModel<'_>, limit: &Limit) -> Option<usize> {
    match limit.counting {
        Counting::Twitter => None,
        Counting::Chars | Counting::Graphemes => {
            let links = limit
                .url_length
                .map_or(0, |each| each * model.of_kind(TokenKind::Url).count());
            Some(model.body.len() + links)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(1000))]
        #[test]
        fn the_bound_is_never_below_the_measure(
            text in crate::text::samples::draft_text(),
            counting in proptest::sample::select(&[Counting::Chars, Counting::Graphemes][..]),
            url_length in proptest::option::of(0usize..30),
        ) {
            let model = TextModel::new(&text, 0..text.len());
            let limit = Limit { hard: 1, soft: None, counting, url_length };
            let (length, _) = measure(&model, counting, url_length, usize::MAX);
            let bound = at_most(&model, &limit);
            proptest::prop_assert!(bound.is_some_and(|b| b >= length), "{:?} < {}", bound, length);
        }
    }
}
