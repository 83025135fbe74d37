//! Links that carry listed query keys (`tag=` on a shop, `aff_*` anywhere): the `key=value`
//! pair is the finding, so one rule can cover the words and the links of one policy clause.

use super::Lexicon;
use crate::checks::Hit;
use crate::checks::links::{host_matches, key_matches, query_pairs};
use crate::text::{TextModel, TokenKind};

impl Lexicon {
    /// One hit per query pair of a link whose key is listed, pointing at `key=value`.
    pub(super) fn link_hits(&self, model: &TextModel<'_>, hits: &mut Vec<Hit>) {
        // A link with a query holds `?`: a body without one, as most are, has none.
        if (self.link_keys.is_empty() && self.link_keys_on.is_empty())
            || !model.body_text().contains('?')
        {
            return;
        }
        for token in model.of_kind(TokenKind::Url) {
            // A link without a query has no pairs: spare it the URL parser.
            if !model.text(token).contains('?') {
                continue;
            }
            let Some((host, pairs)) = query_pairs(model.text(token)) else {
                continue;
            };
            for pair in pairs {
                let listed = self.link_keys.iter().any(|k| key_matches(k, &pair.key))
                    || self.link_keys_on.iter().any(|(domain, keys)| {
                        host_matches(&host, domain)
                            && keys.iter().any(|k| key_matches(k, &pair.key))
                    });
                if listed {
                    let start = token.span.start + pair.range.start;
                    hits.push(Hit::at(start..token.span.start + pair.range.end));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::found;

    #[test]
    fn link_keys_point_at_the_pair() {
        let params = r#"
            link_keys = ["aff*"]
            link_keys_on = { "amazon.it" = ["tag"] }
        "#;
        assert_eq!(
            found(
                params,
                "Qui https://www.amazon.it/dp/B0?tag=negozio-21&x=1 e shop.it/p?affid=7"
            ),
            ["tag=negozio-21", "affid=7"]
        );
        assert!(found(params, "https://www.comune.alessandria.it/?tag=natale").is_empty());
    }
}
