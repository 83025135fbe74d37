//! `link-length` and `link-tracking`: short links without tracking parameters.

use std::collections::BTreeMap;

use serde::Deserialize;
use url::Url;

use super::{Check, Context, Hit, params};
use crate::text::TokenKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LengthParams {
    /// Characters, as written.
    max: usize,
}

#[derive(Debug)]
struct LinkLength {
    max: usize,
}

pub fn build_length(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: LengthParams = params(table)?;
    Ok(Box::new(LinkLength { max: p.max }))
}

impl Check for LinkLength {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        for token in cx.text.of_kind(TokenKind::Url) {
            let length = cx.text.text(token).chars().count();
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
struct TrackingParams {
    /// Query keys removed everywhere; a trailing `*` matches a prefix (`utm_*`).
    params: Vec<String>,
    /// Query keys removed only on these hosts and their sub-domains (`si` on youtu.be).
    #[serde(default)]
    domains: BTreeMap<String, Vec<String>>,
}

#[derive(Debug)]
struct LinkTracking {
    params: Vec<String>,
    domains: BTreeMap<String, Vec<String>>,
}

pub fn build_tracking(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: TrackingParams = params(table)?;
    let lower = |v: Vec<String>| {
        v.into_iter()
            .map(|s| s.to_ascii_lowercase())
            .collect::<Vec<_>>()
    };
    Ok(Box::new(LinkTracking {
        params: lower(p.params),
        domains: p
            .domains
            .into_iter()
            .map(|(d, v)| (d.to_ascii_lowercase(), lower(v)))
            .collect(),
    }))
}

fn key_matches(pattern: &str, key: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => key.starts_with(prefix),
        None => pattern == key,
    }
}

impl LinkTracking {
    fn is_tracking(&self, host: &str, key: &str) -> bool {
        let key = key.to_ascii_lowercase();
        self.params.iter().any(|p| key_matches(p, &key))
            || self.domains.iter().any(|(domain, keys)| {
                (host == domain || host.ends_with(&format!(".{domain}")))
                    && keys.iter().any(|p| key_matches(p, &key))
            })
    }

    /// The link as written without its tracking parameters, or `None` when it has none.
    /// Only the query is rewritten: scheme, host, path and fragment stay as the writer typed
    /// them.
    fn clean(&self, link: &str) -> Option<(String, Vec<String>)> {
        let parsed = Url::parse(link)
            .or_else(|_| Url::parse(&format!("https://{link}")))
            .ok()?;
        let host = parsed.host_str()?.to_ascii_lowercase();
        let query_start = link.find('?')?;
        let (query_end, fragment) = match link[query_start..].find('#') {
            Some(i) => (query_start + i, &link[query_start + i..]),
            None => (link.len(), ""),
        };
        let mut removed = Vec::new();
        let kept: Vec<&str> = link[query_start + 1..query_end]
            .split('&')
            .filter(|pair| {
                let key = url::form_urlencoded::parse(pair.as_bytes())
                    .next()
                    .map(|(k, _)| k.into_owned())
                    .unwrap_or_default();
                let tracking = !pair.is_empty() && self.is_tracking(&host, &key);
                if tracking {
                    removed.push(key);
                }
                !tracking && !pair.is_empty()
            })
            .collect();
        if removed.is_empty() {
            return None;
        }
        let mut cleaned = link[..query_start].to_owned();
        if !kept.is_empty() {
            cleaned.push('?');
            cleaned.push_str(&kept.join("&"));
        }
        cleaned.push_str(fragment);
        Some((cleaned, removed))
    }
}

impl Check for LinkTracking {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        for token in cx.text.of_kind(TokenKind::Url) {
            let link = cx.text.text(token);
            if let Some((cleaned, removed)) = self.clean(link) {
                hits.push(
                    Hit::at(token.span.clone())
                        .var("params", removed.join(", "))
                        .var("suggestion", cleaned.clone())
                        .fix(token.span.clone(), cleaned),
                );
            }
        }
    }

    fn fixable(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracker() -> LinkTracking {
        LinkTracking {
            params: vec!["utm_*".into(), "fbclid".into()],
            domains: BTreeMap::from([("youtu.be".into(), vec!["si".into()])]),
        }
    }

    #[test]
    fn strips_only_tracking_keys_and_keeps_the_rest_as_written() {
        let t = tracker();
        assert_eq!(
            t.clean("https://www.Comune.it/a?id=3&utm_source=fb&fbclid=X#top")
                .map(|c| c.0),
            Some("https://www.Comune.it/a?id=3#top".into())
        );
        assert_eq!(
            t.clean("comune.alessandria.it/x?utm_medium=social")
                .map(|c| c.0),
            Some("comune.alessandria.it/x".into())
        );
        assert_eq!(
            t.clean("https://youtu.be/abc?si=123").map(|c| c.0),
            Some("https://youtu.be/abc".into())
        );
        assert_eq!(t.clean("https://example.com/abc?si=123"), None);
        assert_eq!(t.clean("https://example.com/abc?id=1"), None);
    }
}
