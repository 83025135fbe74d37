//! The words around a value that decide whether it counts: act and protocol words right before
//! a number (`prot. n.`), context phrases that must stand within a window of words (`targa`),
//! and that window itself, which stops at a paragraph break and, for `special-category`, at a
//! sentence end (`text::counts::ends_sentence_at`).

use std::collections::BTreeSet;
use std::ops::Range;

use super::token_at;
use crate::text::TextModel;
use crate::text::counts::ends_sentence_at;
use crate::text::normalize::normalize;
use crate::text::phrase::PhraseMatcher;

/// Words that, among the few words before a number, show it is an act, protocol or code
/// number rather than personal data (`prot.`, `CIG`, `codice avviso`).
#[derive(Debug, Default)]
pub struct NotAfter {
    words: BTreeSet<String>,
}

/// How many words back `NotAfter` looks: enough for `prot. n.` or `codice avviso n.`.
const NOT_AFTER_WORDS: usize = 3;

impl NotAfter {
    pub fn new(words: &[String]) -> Self {
        NotAfter {
            words: words.iter().map(|w| normalize(w)).collect(),
        }
    }

    /// Whether one of the words stands among the words right before `span`, on its line.
    pub fn matches(&self, model: &TextModel<'_>, span: &Range<usize>) -> bool {
        use crate::text::TokenKind;
        let mut seen = 0;
        for token in model.tokens[..token_at(model, span.start)].iter().rev() {
            match token.kind {
                TokenKind::Newline => return false,
                TokenKind::Word => {
                    if self.words.contains(model.norm(token)) {
                        return true;
                    }
                    seen += 1;
                    if seen == NOT_AFTER_WORDS {
                        return false;
                    }
                }
                TokenKind::Number | TokenKind::Date | TokenKind::Time => {
                    seen += 1;
                    if seen == NOT_AFTER_WORDS {
                        return false;
                    }
                }
                _ => {}
            }
        }
        false
    }
}

/// Context phrases that make a weak shape count when one stands within `window` words.
#[derive(Debug, Default)]
pub struct Near {
    matcher: PhraseMatcher,
    window: usize,
}

impl Near {
    pub fn new(phrases: &[String], window: usize) -> Result<Self, String> {
        let mut matcher = PhraseMatcher::default();
        for phrase in phrases {
            matcher.add(phrase, false, 0)?;
        }
        Ok(Near { matcher, window })
    }

    /// The phrases, for the index of the rule set (see `Check::scanned_lists`).
    pub fn list(&mut self) -> &mut PhraseMatcher {
        &mut self.matcher
    }

    /// The token ranges of every context phrase in the body, for `is_near`.
    pub fn find(&self, model: &TextModel<'_>) -> Vec<Range<usize>> {
        self.matcher
            .find_all(model)
            .into_iter()
            .map(|m| m.first..m.last + 1)
            .collect()
    }

    /// Whether one of `found` (from `find`) stands within the window of `span`.
    pub fn is_near(
        &self,
        model: &TextModel<'_>,
        found: &[Range<usize>],
        span: &Range<usize>,
    ) -> bool {
        within_words(model, found, span, self.window, None)
    }
}

/// Whether one of the token ranges `found` stands within `window` words of `span`, before or
/// after it, in the same paragraph; with `sentence` (the abbreviations whose dot does not end
/// a sentence), in the same sentence. `found` must be sorted and free of overlaps, as
/// `PhraseMatcher::find_all` gives them.
pub fn within_words(
    model: &TextModel<'_>,
    found: &[Range<usize>],
    span: &Range<usize>,
    window: usize,
    sentence: Option<&BTreeSet<String>>,
) -> bool {
    let first = token_at(model, span.start);
    let last = token_at(model, span.end.saturating_sub(1)).max(first);
    // `found` is sorted and free of overlaps (`find_all`), and a farther range has at least
    // the words and the breaks of a nearer one: only the nearest range on each side can be
    // within the window. Looking at those two keeps a draft with thousands of context words
    // and thousands of candidates linear.
    let before = found.partition_point(|m| m.end <= first);
    if found.get(before).is_some_and(|m| m.start <= last) {
        return true;
    }
    let after = found[before..].partition_point(|m| m.start <= last) + before;
    let near = |between: Range<usize>| {
        words_between(model, between, sentence, window).is_some_and(|n| n <= window)
    };
    before
        .checked_sub(1)
        .is_some_and(|b| near(found[b].end..first))
        || found.get(after).is_some_and(|m| near(last + 1..m.start))
}

/// Words (and numbers) in a token range, or `None` when a paragraph break (a blank line)
/// stands in it: a draft may wrap its lines, but a new paragraph is a new subject. With
/// `sentence`, a sentence end is a break too. Counting stops past `limit` words: the caller
/// only needs to know the range is too long.
fn words_between(
    model: &TextModel<'_>,
    range: Range<usize>,
    sentence: Option<&BTreeSet<String>>,
    limit: usize,
) -> Option<usize> {
    use crate::text::TokenKind;
    let mut n = 0;
    let mut line_start = false;
    for index in range.clone() {
        let token = model.tokens.get(index)?;
        match token.kind {
            TokenKind::Newline if line_start => return None,
            TokenKind::Newline => line_start = true,
            TokenKind::Space => {}
            TokenKind::Punct => {
                if let Some(abbreviations) = sentence
                    && ends_sentence_at(model, index, abbreviations)
                {
                    return None;
                }
                line_start = false;
            }
            _ => {
                n += 1;
                if n > limit {
                    return Some(n);
                }
                line_start = false;
            }
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_after_looks_a_few_words_back_on_the_line() {
        let na = NotAfter::new(&["prot".to_owned()]);
        let check = |text: &str| {
            let model = TextModel::new(text, 0..text.len());
            let start = text.rfind("3471234567").unwrap_or(0);
            na.matches(&model, &(start..start + 10))
        };
        assert!(check("prot. n. 3471234567"));
        assert!(!check("prot.\nChiama il 3471234567"));
        assert!(!check("prot. del mese di marzo 3471234567"));
    }

    #[test]
    fn near_counts_words_on_the_same_line() {
        let near = Near::new(&["targa".to_owned()], 3).unwrap_or_default();
        let check = |text: &str| {
            let model = TextModel::new(text, 0..text.len());
            let found = near.find(&model);
            let start = text.find("AB").unwrap_or(0);
            near.is_near(&model, &found, &(start..start + 9))
        };
        assert!(check("la targa è AB 123 CD"));
        assert!(check("AB 123 CD, questa la targa"));
        assert!(!check("la targa della vettura parcheggiata è AB 123 CD"));
        assert!(check("la targa\nAB 123 CD"));
        assert!(!check("targa\n\nAB 123 CD"));
        // Only the nearest context on each side decides, whatever stands farther away.
        assert!(check(
            "targa uno due tre quattro cinque la targa è AB 123 CD"
        ));
        assert!(check("targa uno due tre quattro cinque AB 123 CD targa"));
        assert!(!check(
            "targa uno due tre quattro AB 123 CD cinque sei sette otto targa"
        ));
    }
}
