//! Nearby matches as one finding (`merge_within`): one promotional sentence is one finding,
//! not one per word.

use super::{Chosen, Lexicon};
use crate::text::phrase::PhraseMatch;
use crate::text::{TextModel, TokenKind};

impl Lexicon {
    /// Joins matches (sorted, not overlapping) that stand at most `gap` words apart on the
    /// same line, so that one promotional sentence is one finding rather than one per word.
    /// Entries with a suggestion are never joined: their fix belongs to their own words.
    pub(super) fn merge(
        &self,
        model: &TextModel<'_>,
        found: Vec<Chosen<'static>>,
        gap: usize,
    ) -> Vec<Chosen<'static>> {
        let plain = |m: &PhraseMatch| self.terms[m.payload].suggestion.is_none();
        let mut out: Vec<Chosen<'static>> = Vec::with_capacity(found.len());
        for (m, preposition) in found {
            if let Some((prev, None)) = out.last_mut()
                && preposition.is_none()
                && plain(prev)
                && plain(&m)
            {
                let between = &model.tokens[prev.last + 1..m.first];
                let words = between.iter().filter(|t| !t.kind.is_blank()).count();
                if words <= gap && !between.iter().any(|t| t.kind == TokenKind::Newline) {
                    prev.last = m.last;
                    continue;
                }
            }
            out.push((m, preposition));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::found;

    #[test]
    fn merge_within_joins_nearby_matches_on_a_line() {
        let params = r#"
            merge_within = 4
            [[terms]]
            match = ["sconti", "negozi", "approfitta"]
        "#;
        assert_eq!(
            found(params, "Approfitta degli sconti del 20% nei negozi"),
            ["Approfitta degli sconti del 20% nei negozi"]
        );
        assert_eq!(
            found(
                params,
                "sconti uno due tre quattro cinque negozi\napprofitta"
            ),
            ["sconti", "negozi", "approfitta"]
        );
        let suggested = r#"
            merge_within = 3
            words = { "cmq" = "comunque", "nn" = "non" }
        "#;
        assert_eq!(found(suggested, "cmq nn"), ["cmq", "nn"]);
    }
}
