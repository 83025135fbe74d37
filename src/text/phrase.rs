//! Matching words and multi-word phrases against the tokens of a body.
//!
//! A phrase is tokenized like a body, so `all'uopo`, `all’uopo` and `ALL'UOPO` are the same
//! phrase. Phrase words match word, number and punctuation tokens in order, with only white
//! space between them; links, e-mails, mentions and hashtags never match. A word ending in `*`
//! matches any word it starts (`espletat*`).

use rustc_hash::FxHashMap;

use super::normalize::{key_of, normalize, normalize_keep_case};
use super::{TextModel, Token, TokenKind};

#[derive(Debug, Clone)]
enum WordPattern {
    /// A whole word, with the key of its case-insensitive form.
    Exact(String, u64),
    Prefix(String),
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
///
/// Every list is asked about every token of a draft, and almost every answer is no: the
/// token's precomputed key is tested against a small bit set of the lists' first words
/// before any table lookup or string comparison.
#[derive(Debug, Clone, Default)]
pub struct PhraseMatcher {
    phrases: Vec<Phrase>,
    by_first_key: FxHashMap<u64, Vec<usize>>,
    /// One bit per first-word key (its top bits), so most tokens are turned away in a load.
    first_bits: [u64; FIRST_BITS / 64],
    /// Phrases whose first word is a prefix (`espletat*`), by the prefix's first character.
    prefix_first: FxHashMap<char, Vec<usize>>,
    /// One bit per first byte of those prefixes (modulo 128).
    prefix_bits: u128,
}

const FIRST_BITS: usize = 1024;

fn bit_of(key: u64) -> (usize, u64) {
    let bit = (key >> (64 - FIRST_BITS.trailing_zeros())) as usize;
    (bit / 64, 1 << (bit % 64))
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
            WordPattern::Exact(_, key) => {
                let (word, bit) = bit_of(*key);
                self.first_bits[word] |= bit;
                self.by_first_key.entry(*key).or_default().push(index);
            }
            WordPattern::Prefix(p) => {
                // Tokens are looked up by their lower-case form, case-sensitive phrases too.
                let first = p
                    .chars()
                    .next()
                    .and_then(|c| c.to_lowercase().next())
                    .unwrap_or_default();
                let mut utf8 = [0; 4];
                self.prefix_bits |= 1 << (first.encode_utf8(&mut utf8).as_bytes()[0] % 128);
                self.prefix_first.entry(first).or_default().push(index);
            }
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

    /// Whether a phrase could start at `token`, by two bit tests: most tokens of a draft are
    /// turned away here, before any table is looked at.
    #[inline]
    fn may_start(&self, model: &TextModel<'_>, token: &Token) -> bool {
        if token.key == 0 {
            return false;
        }
        let (word, bit) = bit_of(token.key);
        self.first_bits[word] & bit != 0
            || self.prefix_bits != 0
                && model
                    .norm(token)
                    .as_bytes()
                    .first()
                    .is_some_and(|&b| self.prefix_bits & (1 << (b % 128)) != 0)
    }

    /// The first token at or after `from` where a phrase could start.
    pub fn next_start(&self, model: &TextModel<'_>, from: usize) -> Option<usize> {
        let rest = model.tokens.get(from..)?;
        rest.iter()
            .position(|token| self.may_start(model, token))
            .map(|at| from + at)
    }

    /// The phrases that could start at token `start`, judged by its first word alone.
    fn candidates<'m>(&'m self, model: &TextModel<'_>, start: usize) -> [&'m [usize]; 2] {
        let token = &model.tokens[start];
        if !self.may_start(model, token) {
            return [&[], &[]];
        }
        let exact = self
            .by_first_key
            .get(&token.key)
            .map_or(&[][..], Vec::as_slice);
        let prefixed = if self.prefix_bits == 0 {
            &[][..]
        } else {
            model
                .norm(token)
                .chars()
                .next()
                .and_then(|c| self.prefix_first.get(&c))
                .map_or(&[][..], Vec::as_slice)
        };
        [exact, prefixed]
    }

    /// Every phrase matching at token `start`, longest first.
    pub fn matches_at(&self, model: &TextModel<'_>, start: usize) -> Vec<PhraseMatch> {
        let candidates = self.candidates(model, start);
        if candidates.iter().all(|c| c.is_empty()) {
            return Vec::new();
        }
        // A candidate start is never white space, so it is in `solid`: the words after it are
        // the next entries there.
        let at = model.solid().partition_point(|&i| i < start);
        let mut found: Vec<PhraseMatch> = candidates
            .into_iter()
            .flatten()
            .map(|&i| &self.phrases[i])
            .filter_map(|phrase| {
                self.match_phrase(model, phrase, at)
                    .map(|last| PhraseMatch {
                        payload: phrase.payload,
                        first: start,
                        last,
                    })
            })
            .collect();
        if found.len() > 1 {
            found.sort_by_key(|m| std::cmp::Reverse(model.tokens[m.last].span.end));
        }
        found
    }

    /// Whether any phrase matches at token `start`.
    pub fn any_at(&self, model: &TextModel<'_>, start: usize) -> bool {
        let candidates = self.candidates(model, start);
        if candidates.iter().all(|c| c.is_empty()) {
            return false;
        }
        let at = model.solid().partition_point(|&i| i < start);
        candidates
            .into_iter()
            .flatten()
            .any(|&i| self.match_phrase(model, &self.phrases[i], at).is_some())
    }

    /// All non-overlapping matches, left to right, preferring the longest at each place.
    pub fn find_all(&self, model: &TextModel<'_>) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(i) = self.next_start(model, from) {
            match self.matches_at(model, i).first() {
                Some(m) => {
                    out.push(*m);
                    from = m.last + 1;
                }
                None => from = i + 1,
            }
        }
        out
    }

    /// The last token of `phrase` matched from token `solid[at]` on, if it matches there.
    fn match_phrase(&self, model: &TextModel<'_>, phrase: &Phrase, at: usize) -> Option<usize> {
        let following = model.solid().get(at..at + phrase.words.len())?;
        for (&index, pattern) in following.iter().zip(&phrase.words) {
            let token = &model.tokens[index];
            if token.key == 0 {
                return None;
            }
            let matched = match pattern {
                WordPattern::Exact(word, key) if !phrase.case_sensitive => {
                    token.key == *key && model.norm(token) == word
                }
                WordPattern::Exact(word, key) => {
                    token.key == *key && normalize_keep_case(model.text(token)) == *word
                }
                WordPattern::Prefix(prefix) => {
                    let form = if phrase.case_sensitive {
                        normalize_keep_case(model.text(token)).into()
                    } else {
                        std::borrow::Cow::Borrowed(model.norm(token))
                    };
                    form.starts_with(prefix.as_str()) && form.len() > prefix.len()
                }
            };
            if !matched {
                return None;
            }
        }
        following.last().copied()
    }
}

fn split_phrase(phrase: &str, case_sensitive: bool) -> Vec<WordPattern> {
    let fold = |text: &str| {
        if case_sensitive {
            normalize_keep_case(text)
        } else {
            normalize(text)
        }
    };
    let pattern = |word: &str, prefix: bool| {
        let form = fold(word);
        if prefix {
            WordPattern::Prefix(form)
        } else {
            let key = key_of(&normalize(&form));
            WordPattern::Exact(form, key)
        }
    };
    if let Some(words) = plain_words(phrase) {
        return words
            .into_iter()
            .map(|(word, prefix)| pattern(word, prefix))
            .collect();
    }
    let model = TextModel::new(phrase, 0..phrase.len());
    let mut words = Vec::new();
    let mut tokens = model
        .tokens
        .iter()
        .filter(|t| !t.kind.is_blank())
        .peekable();
    while let Some(token) = tokens.next() {
        let star_follows = tokens
            .peek()
            .is_some_and(|next| next.span.start == token.span.end && model.text(next) == "*");
        let prefix = star_follows && token.kind != TokenKind::Punct;
        if prefix {
            tokens.next();
        }
        words.push(pattern(model.text(token), prefix));
    }
    words
}

/// The words of a phrase written in Latin letters and single spaces only, each with whether
/// it ends in `*`: such a phrase splits the same with no tokenizer, and most entries of a pack
/// are written so, which keeps loading the pack cheap.
fn plain_words(phrase: &str) -> Option<Vec<(&str, bool)>> {
    let letter = |c: char| {
        c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic()
    };
    phrase
        .split(' ')
        .filter(|word| !word.is_empty())
        .map(|word| {
            let (stem, prefix) = match word.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (word, false),
            };
            (!stem.is_empty() && stem.chars().all(letter)).then_some((stem, prefix))
        })
        .collect()
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
    fn case_sensitive_prefixes_keep_their_capital() {
        let mut m = PhraseMatcher::default();
        m.add("Consiglier*", true, 0).expect("valid phrase");
        let text = "il Consigliere e i consiglieri";
        let model = TextModel::new(text, 0..text.len());
        let found: Vec<_> = m
            .find_all(&model)
            .into_iter()
            .map(|hit| &text[model.tokens[hit.first].span.clone()])
            .collect();
        assert_eq!(found, ["Consigliere"]);
    }

    #[test]
    fn next_start_skips_only_tokens_no_phrase_begins_with() {
        let mut m = PhraseMatcher::default();
        m.add("si comunica", false, 0).expect("valid phrase");
        m.add("espletat*", false, 1).expect("valid phrase");
        let text = "Oggi si parte; pratiche Espletate";
        let model = TextModel::new(text, 0..text.len());
        let starts: Vec<_> =
            std::iter::successors(m.next_start(&model, 0), |&i| m.next_start(&model, i + 1))
                .map(|i| &text[model.tokens[i].span.clone()])
                .collect();
        assert_eq!(starts, ["si", "Espletate"]);
    }

    /// The tokenizer's split, which the plain-phrase shortcut must agree with.
    fn tokenized(phrase: &str) -> Vec<String> {
        let model = TextModel::new(phrase, 0..phrase.len());
        model
            .tokens
            .iter()
            .filter(|t| !t.kind.is_blank())
            .map(|t| model.text(t).to_owned())
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn plain_phrases_split_like_the_tokenizer(
            phrase in "[a-zA-Z\u{C0}-\u{24F} *'.1-]{0,24}"
        ) {
            if let Some(words) = plain_words(&phrase) {
                let mut expected = Vec::new();
                for (word, prefix) in words {
                    expected.push(word.to_owned());
                    if prefix {
                        expected.push("*".to_owned());
                    }
                }
                proptest::prop_assert_eq!(tokenized(&phrase), expected);
            }
        }
    }

    #[test]
    fn plain_phrases_take_the_shortcut_others_do_not() {
        assert_eq!(
            plain_words("Città  candidat*"),
            Some(vec![("Città", false), ("candidat", true)])
        );
        assert_eq!(plain_words("all'uopo"), None);
        assert_eq!(plain_words("p.es."), None);
        assert_eq!(plain_words("*"), None);
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
