//! Matching words and multi-word phrases against the tokens of a body.
//!
//! A phrase is tokenized like a body, so `all'uopo`, `all’uopo` and `ALL'UOPO` are the same
//! phrase. Phrase words match word, number and punctuation tokens in order, with only white
//! space between them; links, e-mails, mentions and hashtags never match. A word ending in `*`
//! matches any word it starts (`espletat*`).

use rustc_hash::FxHashMap;

use super::normalize::{normalize, normalize_keep_case};
use super::{TextModel, TokenKind};

#[derive(Debug, Clone)]
enum WordPattern {
    Exact(String),
    Prefix(String),
}

impl WordPattern {
    fn matches(&self, word: &str) -> bool {
        match self {
            WordPattern::Exact(w) => w == word,
            WordPattern::Prefix(p) => word.starts_with(p.as_str()) && word.len() > p.len(),
        }
    }
}

#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<WordPattern>,
    case_sensitive: bool,
    payload: usize,
}

/// A match: which entry, and the first and last token indexes it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    pub payload: usize,
    pub first: usize,
    pub last: usize,
}

/// A compiled list of phrases, each tagged with the caller's payload index.
#[derive(Debug, Clone, Default)]
pub struct PhraseMatcher {
    phrases: Vec<Phrase>,
    by_first_word: FxHashMap<String, Vec<usize>>,
    /// Phrases whose first word is a prefix (`espletat*`), by the prefix's first character.
    prefix_first: FxHashMap<char, Vec<usize>>,
}

impl PhraseMatcher {
    /// Adds `phrase` for `payload`; an empty phrase is an error.
    pub fn add(
        &mut self,
        phrase: &str,
        case_sensitive: bool,
        payload: usize,
    ) -> Result<(), String> {
        let words = split_phrase(phrase, case_sensitive);
        let Some(first) = words.first() else {
            return Err(format!("empty phrase `{phrase}`"));
        };
        let index = self.phrases.len();
        match first {
            WordPattern::Exact(w) => self
                .by_first_word
                .entry(normalize(w))
                .or_default()
                .push(index),
            WordPattern::Prefix(p) => self
                .prefix_first
                .entry(p.chars().next().unwrap_or_default())
                .or_default()
                .push(index),
        }
        self.phrases.push(Phrase {
            words,
            case_sensitive,
            payload,
        });
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Every phrase matching at token `start`, longest first.
    pub fn matches_at(&self, model: &TextModel<'_>, start: usize) -> Vec<PhraseMatch> {
        let key = token_key(model, start, false);
        if key.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<PhraseMatch> = self
            .by_first_word
            .get(&*key)
            .into_iter()
            .flatten()
            .chain(
                key.chars()
                    .next()
                    .and_then(|c| self.prefix_first.get(&c))
                    .into_iter()
                    .flatten(),
            )
            .filter_map(|&i| {
                let phrase = &self.phrases[i];
                self.match_phrase(model, phrase, start)
                    .map(|last| PhraseMatch {
                        payload: phrase.payload,
                        first: start,
                        last,
                    })
            })
            .collect();
        found.sort_by_key(|m| std::cmp::Reverse(model.tokens[m.last].span.end));
        found
    }

    /// All non-overlapping matches, left to right, preferring the longest at each place.
    pub fn find_all(&self, model: &TextModel<'_>) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < model.tokens.len() {
            match self.matches_at(model, i).first() {
                Some(m) => {
                    out.push(*m);
                    i = m.last + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    fn match_phrase(&self, model: &TextModel<'_>, phrase: &Phrase, start: usize) -> Option<usize> {
        let mut index = start;
        for (n, pattern) in phrase.words.iter().enumerate() {
            if n > 0 {
                index = model.next_solid(index)?;
            }
            let key = token_key(model, index, phrase.case_sensitive);
            if key.is_empty() || !pattern.matches(&key) {
                return None;
            }
        }
        Some(index)
    }
}

/// The matching form of token `index`, or "" for tokens phrases never match.
fn token_key<'a>(
    model: &'a TextModel<'_>,
    index: usize,
    case_sensitive: bool,
) -> std::borrow::Cow<'a, str> {
    let token = &model.tokens[index];
    match token.kind {
        TokenKind::Word | TokenKind::Number | TokenKind::Punct if !case_sensitive => {
            std::borrow::Cow::Borrowed(model.norm(token))
        }
        TokenKind::Word | TokenKind::Number | TokenKind::Punct => {
            normalize_keep_case(model.text(token)).into()
        }
        _ => std::borrow::Cow::Borrowed(""),
    }
}

fn split_phrase(phrase: &str, case_sensitive: bool) -> Vec<WordPattern> {
    let model = TextModel::new(phrase, 0..phrase.len());
    let mut words = Vec::new();
    let mut tokens = model
        .tokens
        .iter()
        .filter(|t| !t.kind.is_blank())
        .peekable();
    while let Some(token) = tokens.next() {
        let text = model.text(token);
        let form = if case_sensitive {
            normalize_keep_case(text)
        } else {
            normalize(text)
        };
        let star_follows = tokens
            .peek()
            .is_some_and(|next| next.span.start == token.span.end && model.text(next) == "*");
        if star_follows && token.kind != TokenKind::Punct {
            tokens.next();
            words.push(WordPattern::Prefix(form));
        } else {
            words.push(WordPattern::Exact(form));
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(phrases: &[&str], text: &str) -> Vec<(usize, String)> {
        let mut m = PhraseMatcher::default();
        for (i, p) in phrases.iter().enumerate() {
            m.add(p, false, i).expect("valid phrase");
        }
        let model = TextModel::new(text, 0..text.len());
        m.find_all(&model)
            .into_iter()
            .map(|hit| {
                let span = model.tokens[hit.first].span.start..model.tokens[hit.last].span.end;
                (hit.payload, text[span].to_owned())
            })
            .collect()
    }

    #[test]
    fn phrases_across_case_space_and_apostrophes() {
        assert_eq!(
            find(
                &["si comunica che", "all'uopo"],
                "Si  comunica\nche ALL’UOPO"
            ),
            [
                (0, "Si  comunica\nche".to_owned()),
                (1, "ALL’UOPO".to_owned())
            ]
        );
    }

    #[test]
    fn longest_match_wins_and_prefixes_work() {
        assert_eq!(
            find(&["lista", "lista civica"], "la lista civica"),
            [(1, "lista civica".to_owned())]
        );
        assert_eq!(
            find(&["espletat*"], "pratiche espletate"),
            [(0, "espletate".to_owned())]
        );
        assert!(find(&["espletat*"], "espletat").is_empty());
    }

    #[test]
    fn never_inside_links_mentions_or_hashtags() {
        assert!(find(&["cmq"], "https://a.it/cmq @cmq #cmq cmq@a.it").is_empty());
    }

    #[test]
    fn punctuation_breaks_a_phrase() {
        assert!(find(&["si comunica che"], "si comunica, che").is_empty());
    }
}
