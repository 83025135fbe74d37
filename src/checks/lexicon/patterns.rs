//! Regular-expression entries: shapes no word list can spell (`{{data}}`), matched on the
//! body as written, outside links, e-mail addresses, mentions and hashtags. A pattern is not run
//! on a body without the text every match of it contains (see `required`).

use regex::Regex;

use super::{Lexicon, required};
use crate::text::TextModel;
use crate::text::phrase::PhraseMatch;

/// The pattern of term `i` (0-based), compiled with the pack's limits, with the text every
/// match of it contains, when there is one.
pub(super) fn compile(
    pattern: &str,
    case_sensitive: bool,
    i: usize,
) -> Result<(Regex, usize, Option<String>), String> {
    let source = if case_sensitive {
        pattern.to_owned()
    } else {
        format!("(?i:{pattern})")
    };
    let re = crate::checks::compile_regex(&source)
        .map_err(|e| format!("term {}: invalid `pattern`: {e}", i + 1))?;
    Ok((re, i, required::required_text(&source)))
}

impl Lexicon {
    /// Matches of the regular-expression entries, as token ranges. A match that touches a
    /// link, an e-mail, a mention or a hashtag is somebody else's syntax and does not count.
    pub(super) fn pattern_matches(&self, model: &TextModel<'_>) -> Vec<PhraseMatch> {
        let text = model.body_text();
        let base = model.body.start;
        let mut out = Vec::new();
        for (re, payload, needed) in &self.patterns {
            if needed
                .as_deref()
                .is_some_and(|needed| !text.contains(needed))
            {
                continue;
            }
            for found in re.find_iter(text) {
                if found.is_empty() {
                    continue;
                }
                let (start, end) = (base + found.start(), base + found.end());
                let first = model.tokens.partition_point(|t| t.span.end <= start);
                let last = model.tokens.partition_point(|t| t.span.start < end);
                if first >= last {
                    continue;
                }
                let last = last - 1;
                if model.tokens[first..=last]
                    .iter()
                    .any(|t| t.kind.is_opaque())
                {
                    continue;
                }
                out.push(PhraseMatch {
                    payload: *payload,
                    first,
                    last,
                });
            }
        }
        out.sort_by_key(|m| (m.first, std::cmp::Reverse(m.last)));
        out.dedup_by(|b, a| b.first <= a.last);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::{build, found};

    #[test]
    fn patterns_match_outside_links_and_hashtags_with_guards() {
        let params = r#"
            [[terms]]
            pattern = '\{\{[^{}]*\}\}|\[(?:link|data)\]'
            [[terms]]
            pattern = 'rif\d+'
            [[terms]]
            match = ["TODO"]
            case_sensitive = true
        "#;
        assert_eq!(
            found(params, "Il {{data}} alle [LINK] TODO"),
            ["{{data}}", "[LINK]", "TODO"]
        );
        assert!(found(params, "https://a.it/rif12 @rif3 #rif4 #todo todo").is_empty());
        assert_eq!(found(params, "vedi rif5"), ["rif5"]);
        assert!(build(toml::from_str("[[terms]]\npattern = '('").expect("toml")).is_err());
        assert!(build(toml::from_str("[[terms]]\nnote = 'x'").expect("toml")).is_err());
    }
}
