//! The text every match of a pattern contains: a body without it cannot match, and the
//! pattern is not run on it. A lexicon's patterns run over every draft, and most drafts hold
//! none of what they look for (`\d+[.,]99 €` needs `99`; a search that starts at every digit
//! costs more than looking for `99` once).

use regex_syntax::hir::{Hir, HirKind};

/// The longest piece of text that every match of `pattern` contains, when the pattern has one
/// (as the `regex` crate parses it). `None` when there is none, or the pattern does not parse.
pub fn required_text(pattern: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(64)
        .build()
        .parse(pattern)
        .ok()?;
    required(&hir)
        .into_iter()
        .filter_map(|bytes| String::from_utf8(bytes).ok())
        .max_by_key(String::len)
}

/// Pieces of text that all occur in every match of `hir` (not necessarily all there are).
fn required(hir: &Hir) -> Vec<Vec<u8>> {
    match hir.kind() {
        HirKind::Literal(literal) => vec![literal.0.to_vec()],
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min > 0 => required(&repetition.sub),
        // Every part of a sequence is in every match.
        HirKind::Concat(parts) => parts.iter().flat_map(required).collect(),
        // Only what every branch requires: a match goes through one of them.
        HirKind::Alternation(branches) => {
            let mut branches = branches.iter().map(required);
            let first = branches.next().unwrap_or_default();
            branches.fold(first, |common, branch| {
                common.into_iter().filter(|p| branch.contains(p)).collect()
            })
        }
        HirKind::Empty | HirKind::Class(_) | HirKind::Look(_) | HirKind::Repetition(_) => {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_pack_price_pattern_needs_its_cents() {
        let price = r"(?i:\d+[.,]99\s*(?:€|euro(?-u:\b))|€\s*\d+[.,]99(?-u:\b))";
        assert_eq!(required_text(price).as_deref(), Some("99"));
    }

    #[test]
    fn what_a_branch_or_an_optional_part_lacks_is_not_required() {
        assert_eq!(required_text("ab|cd"), None);
        assert_eq!(required_text("x(?:ab)?yz").as_deref(), Some("yz"));
        assert_eq!(required_text("(?:ab)*"), None);
        assert_eq!(required_text("(?:abc){2,}").as_deref(), Some("abc"));
        assert_eq!(required_text("(?i)euro"), None);
        assert_eq!(required_text(r"\s*(?:link|url)\s*"), None);
        assert_eq!(
            required_text(r"\[\s*(?:link|url)\s*\]").as_deref(),
            Some("]")
        );
        assert_eq!(required_text("(unclosed"), None);
    }

    proptest! {
        #![proptest_config(crate::text::samples::config(3000))]
        /// Whatever the pattern and the text, a text that matches contains the required text.
        #[test]
        fn a_matching_text_contains_the_required_text(
            pattern in "((ab|a|b|99|€|\\d|x)([?*+]|\\{2\\})?(\\|)?){1,6}",
            text in "[ab9x€ 0-2]{0,16}",
        ) {
            let Ok(re) = regex::Regex::new(&pattern) else { return Ok(()) };
            if let Some(needed) = required_text(&pattern) {
                prop_assert!(!re.is_match(&text) || text.contains(&needed), "{pattern:?} {text:?} {needed:?}");
            }
        }
    }
}
