//! `length`: the body against each platform's hard limit (variant `hard`) and the office's
//! softer "be concise" limit (variant `soft`), counted the way the platform counts.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::platform::Platform;
use crate::text::weighted::{Counting, measure};

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
        let (length, beyond_soft) = measure(cx.text, limit.counting, limit.url_length, max);
        let (variant, max, beyond) = if length > limit.hard {
            let (_, beyond) = measure(cx.text, limit.counting, limit.url_length, limit.hard);
            ("hard", limit.hard, beyond)
        } else {
            (variant, max, beyond_soft)
        };
        let Some(start) = beyond else {
            return;
        };
        hits.push(
            Hit::at(start..cx.text.body.end)
                .variant(variant)
                .var("length", length.to_string())
                .var("limit", max.to_string())
                .var("platform", cx.platform.name()),
        );
    }
}
