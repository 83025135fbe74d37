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

/// Whether query key `key` (lower case) is `pattern`; a trailing `*` matches a prefix.
pub(super) fn key_matches(pattern: &str, key: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => key.starts_with(prefix),
        None => pattern == key,
    }
}

/// Whether `host` is `domain` or one of its sub-domains.
pub(super) fn host_matches(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// One `key=value` pair of a link's query: the decoded key (lower case) and the pair's byte
/// range in the link as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct QueryPair {
    pub key: String,
    pub range: std::ops::Range<usize>,
}

/// The host (lower case) and the query pairs of a link written with or without a scheme.
pub(super) fn query_pairs(link: &str) -> Option<(String, Vec<QueryPair>)> {
    let parsed = Url::parse(link)
        .or_else(|_| Url::parse(&format!("https://{link}")))
        .ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let Some(query_start) = link.find('?') else {
        return Some((host, Vec::new()));
    };
    let query_end = link[query_start..]
        .find('#')
        .map_or(link.len(), |i| query_start + i);
    let mut pairs = Vec::new();
    let mut at = query_start + 1;
    for pair in link[query_start + 1..query_end].split('&') {
        if !pair.is_empty() {
            let key = url::form_urlencoded::parse(pair.as_bytes())
                .next()
                .map(|(k, _)| k.to_ascii_lowercase())
                .unwrap_or_default();
            pairs.push(QueryPair {
                key,
                range: at..at + pair.len(),
            });
        }
        at += pair.len() + 1;
    }
    Some((host, pairs))
}

impl LinkTracking {
    fn is_tracking(&self, host: &str, key: &str) -> bool {
        let key = key.to_ascii_lowercase();
        self.params.iter().any(|p| key_matches(p, &key))
            || self.domains.iter().any(|(domain, keys)| {
                host_matches(host, domain) && keys.iter().any(|p| key_matches(p, &key))
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
        // A link with a query holds `?`: a body without one, as most are, has none.
        if !cx.text.body_text().contains('?') {
            return;
        }
        for token in cx.text.of_kind(TokenKind::Url) {
            let link = cx.text.text(token);
            // Without a query there is nothing to strip: spare most links the URL parser.
            if !link.contains('?') {
                continue;
            }
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

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(500))]
        /// The premise of skipping links without `?`: they have no pair to flag or strip.
        #[test]
        fn links_without_a_query_have_no_pairs(link in "(https?://)?[a-zA-Z0-9.:/#&=_%-]{0,30}") {
            proptest::prop_assert!(tracker().clean(&link).is_none());
            proptest::prop_assert!(query_pairs(&link).is_none_or(|(_, pairs)| pairs.is_empty()));
        }
    }

    #[test]
    fn query_pairs_point_into_the_link_as_written() {
        let link = "www.Shop.it/p?A=1&&tag=x-21#f";
        let (host, pairs) = query_pairs(link).expect("a link");
        assert_eq!(host, "www.shop.it");
        let found: Vec<_> = pairs
            .iter()
            .map(|p| (p.key.as_str(), &link[p.range.clone()]))
            .collect();
        assert_eq!(found, [("a", "A=1"), ("tag", "tag=x-21")]);
        assert!(host_matches("www.amazon.it", "amazon.it"));
        assert!(!host_matches("notamazon.it", "amazon.it"));
    }
}
