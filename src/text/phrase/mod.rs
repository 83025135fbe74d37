//! Matching words and multi-word phrases against the tokens of a body.
//!
//! A phrase is tokenized like a body, so `all'uopo`, `all’uopo` and `ALL'UOPO` are the same
//! phrase. Phrase words match word, number and punctuation tokens in order, with only white
//! space between them; links, e-mails, mentions and hashtags never match. A word ending in `*`
//! matches any word it starts (`espletat*`).

mod index;

use rustc_hash::FxHashMap;

use super::normalize::{key_of, normalize, normalize_keep_case};
use super::{TextModel, TokenKind};
pub use index::{PhraseIndex, StartIndex};

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

/// What a phrase list looks at to tell whether a phrase could start at a solid token: the
/// token's key (0 for the kinds phrases never match) and the first two bytes of its matching
/// form.
/// The text model keeps one per solid token, side by side, so that each list scans a draft
/// through a dense array instead of through the tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartKey {
    key: u64,
    lead: u8,
    /// The bit of `pair_bit` for the first two bytes.
    pair: u16,
}

/// A bit for the first two bytes of a form (the second 0 for a one-byte form).
fn pair_bit(form: &[u8]) -> u16 {
    let first = u16::from(form.first().copied().unwrap_or(0));
    let second = u16::from(form.get(1).copied().unwrap_or(0));
    (first << 6 ^ second) % PAIR_BITS as u16
}

const PAIR_BITS: usize = 4096;

/// The start keys of the tokens at `solid`, in order.
pub(super) fn start_keys(model: &TextModel<'_>, solid: &[usize]) -> Vec<StartKey> {
    solid
        .iter()
        .map(|&i| {
            let token = &model.tokens[i];
            let form = if token.key == 0 {
                &[][..]
            } else {
                model.norm(token).as_bytes()
            };
            StartKey {
                key: token.key,
                lead: form.first().copied().unwrap_or(0),
                pair: pair_bit(form),
            }
        })
        .collect()
}

/// A compiled list of phrases, each tagged with the caller's payload index.
///
/// Every list is asked about every token of a draft, and almost every answer is no: the
/// token's precomputed key is tested against a bit set of the lists' first words before any
/// table lookup or string comparison, and the phrases of whole words sit in a trie over their
/// words' keys, so that the many entries starting with `in`, `al` or `per` are turned away
/// together by one lookup of the next word's key instead of one comparison each.
#[derive(Debug, Clone, Default)]
pub struct PhraseMatcher {
    phrases: Vec<Phrase>,
    /// Children of the trie nodes, by (node, key of the next word); node 0 is the root.
    trie: FxHashMap<(u32, u64), u32>,
    /// Per trie node below the root: the phrases of whole words ending there, and the
    /// phrases whose first word is that node's word but a later one a prefix.
    nodes: Vec<Node>,
    /// One bit per first-word key (its top bits), so most tokens are turned away in a load;
    /// empty while the list has no phrase starting with a whole word.
    first_bits: Vec<u64>,
    /// Phrases whose first word is a prefix (`espletat*`), by the prefix's first character.
    prefix_first: FxHashMap<char, Vec<usize>>,
    /// One bit per first byte (modulo 128) of those prefixes that are one byte long or case
    /// sensitive.
    prefix_bits: u128,
    /// One bit per first two bytes (see `pair_bit`) of the other prefixes: a bit per first
    /// letter alone would let through most words of a list with a dozen prefixes.
    prefix_pairs: Vec<u64>,
    /// The list's place in its rule set's index of starts (see `PhraseIndex`); `None` for a
    /// list outside any index, which scans drafts by itself.
    slot: Option<index::Slot>,
}

#[derive(Debug, Clone, Default)]
struct Node {
    ends: Vec<usize>,
    /// Only on nodes of depth one: phrases starting with this word and going on with a prefix.
    loose: Vec<usize>,
    /// Whether a longer phrase goes on from here: the walk stops at a node without, sparing
    /// the lookup of the next word.
    goes_on: bool,
}

const FIRST_BITS: usize = 4096;

fn bit_of(key: u64) -> (usize, u64) {
    let bit = (key >> (64 - FIRST_BITS.trailing_zeros())) as usize;
    (bit / 64, 1 << (bit % 64))
}

/// The root of the trie, which no phrase ends at.
const ROOT: u32 = 0;

impl PhraseMatcher {
    /// Adds `phrase` for `payload`; an empty phrase is an error.
    pub fn add(
        &mut self,
        phrase: &str,
        case_sensitive: bool,
        payload: usize,
    ) -> Result<(), String> {
        // A list registered with an index is frozen there: once changed it is a new list,
        // which scans by itself until it registers anew.
        self.slot = None;
        let words = split_phrase(phrase, case_sensitive);
        let Some(first) = words.first() else {
            return Err(format!("empty phrase `{phrase}`"));
        };
        let index = self.phrases.len();
        match first {
            WordPattern::Exact(_, key) => {
                if self.first_bits.is_empty() {
                    self.first_bits = vec![0; FIRST_BITS / 64];
                }
                let (word, bit) = bit_of(*key);
                self.first_bits[word] |= bit;
                let keys: Option<Vec<u64>> = words
                    .iter()
                    .map(|w| match w {
                        WordPattern::Exact(_, key) => Some(*key),
                        WordPattern::Prefix(_) => None,
                    })
                    .collect();
                match keys {
                    Some(keys) => {
                        let node = self.node_for(&keys);
                        self.nodes[node].ends.push(index);
                    }
                    None => {
                        let node = self.node_for(&[*key]);
                        self.nodes[node].loose.push(index);
                    }
                }
            }
            WordPattern::Prefix(p) => {
                // Tokens are looked up by their lower-case form, case-sensitive phrases too.
                let first = p
                    .chars()
                    .next()
                    .and_then(|c| c.to_lowercase().next())
                    .unwrap_or_default();
                // A case-insensitive prefix is compared with the token's matching form, so
                // that form starts with the prefix's own first two bytes.
                if case_sensitive || p.len() < 2 {
                    let mut utf8 = [0; 4];
                    self.prefix_bits |= 1 << (first.encode_utf8(&mut utf8).as_bytes()[0] % 128);
                } else {
                    if self.prefix_pairs.is_empty() {
                        self.prefix_pairs = vec![0; PAIR_BITS / 64];
                    }
                    let bit = usize::from(pair_bit(p.as_bytes()));
                    self.prefix_pairs[bit / 64] |= 1 << (bit % 64);
                }
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

    /// The trie node reached by `keys` from the root, made on the way as needed.
    fn node_for(&mut self, keys: &[u64]) -> usize {
        if self.nodes.is_empty() {
            self.nodes.push(Node::default());
        }
        let mut node = ROOT;
        for &key in keys {
            let fresh = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
            if let Some(parent) = self.nodes.get_mut(node as usize) {
                parent.goes_on = true;
            }
            node = *self.trie.entry((node, key)).or_insert(fresh);
            if node == fresh {
                self.nodes.push(Node::default());
            }
        }
        node as usize
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Whether a phrase could start at a token, by two bit tests: most tokens of a draft are
    /// turned away here, before any table is looked at.
    #[inline]
    fn may_start(&self, start: StartKey) -> bool {
        start.key != 0 && (self.may_start_whole(start) || self.may_start_prefixed(start))
    }

    /// Whether a phrase starting with a whole word could start at a token (of a kind phrases
    /// match): the token's key has the bit of some first word.
    #[inline]
    fn may_start_whole(&self, start: StartKey) -> bool {
        let (word, bit) = bit_of(start.key);
        self.first_bits.get(word).is_some_and(|w| w & bit != 0)
    }

    /// Whether a phrase starting with a prefix could start at a token (of a kind phrases
    /// match): its first byte, or first two, are those of some prefix.
    #[inline]
    fn may_start_prefixed(&self, start: StartKey) -> bool {
        let pair = usize::from(start.pair);
        self.prefix_bits & (1 << (start.lead % 128)) != 0
            || self
                .prefix_pairs
                .get(pair / 64)
                .is_some_and(|w| w & (1 << (pair % 64)) != 0)
    }

    /// The first position at or after `from` in `model.solid()` where a phrase could start:
    /// every position where one of the list's phrases matches, and maybe others. The index
    /// of the draft's rule set answers for the lists it holds; the others scan the draft
    /// themselves.
    pub fn next_solid_start(&self, model: &TextModel<'_>, from: usize) -> Option<usize> {
        if let Some(slot) = &self.slot
            && let Some(found) = model.phrase_starts().and_then(|s| s.next(from, slot))
        {
            return found;
        }
        self.scan_solid_start(model, from)
    }

    /// `next_solid_start` by the list's own bit tests on every token from `from` on.
    fn scan_solid_start(&self, model: &TextModel<'_>, from: usize) -> Option<usize> {
        let rest = model.start_keys().get(from..)?;
        rest.iter()
            .position(|&start| self.may_start(start))
            .map(|at| from + at)
    }

    /// The first token at or after `from` where a phrase could start.
    pub fn next_start(&self, model: &TextModel<'_>, from: usize) -> Option<usize> {
        let at = model.solid().partition_point(|&i| i < from);
        self.next_solid_start(model, at).map(|at| model.solid()[at])
    }

    /// Every phrase matching at token `start`, longest first.
    pub fn matches_at(&self, model: &TextModel<'_>, start: usize) -> Vec<PhraseMatch> {
        let at = model.solid().partition_point(|&i| i < start);
        if model.solid().get(at) != Some(&start) {
            // White space: no phrase starts there.
            return Vec::new();
        }
        self.matches_at_solid(model, at)
    }

    /// Every phrase matching from the token at position `at` of `model.solid()`, longest
    /// first; among phrases of one length, those starting with a whole word first, each
    /// group in the order the phrases were added.
    pub fn matches_at_solid(&self, model: &TextModel<'_>, at: usize) -> Vec<PhraseMatch> {
        let mut found: Vec<(usize, PhraseMatch)> = Vec::new();
        self.each_candidate(model, at, |order, i| {
            let phrase = &self.phrases[i];
            if let Some(last) = self.match_phrase(model, phrase, at) {
                found.push((
                    order,
                    PhraseMatch {
                        payload: phrase.payload,
                        first: model.solid()[at],
                        last,
                    },
                ));
            }
            false
        });
        if found.len() > 1 {
            found.sort_by_key(|&(order, m)| {
                (std::cmp::Reverse(model.tokens[m.last].span.end), order)
            });
        }
        found.into_iter().map(|(_, m)| m).collect()
    }

    /// Whether any phrase matches at token `start`.
    pub fn any_at(&self, model: &TextModel<'_>, start: usize) -> bool {
        let at = model.solid().partition_point(|&i| i < start);
        model.solid().get(at) == Some(&start) && self.any_at_solid(model, at)
    }

    /// Whether any phrase matches from the token at position `at` of `model.solid()`.
    pub fn any_at_solid(&self, model: &TextModel<'_>, at: usize) -> bool {
        self.each_candidate(model, at, |_, i| {
            self.match_phrase(model, &self.phrases[i], at).is_some()
        })
    }

    /// Calls `visit` with each phrase that may match from `solid[at]` by its words' keys (and,
    /// for a phrase starting with a prefix, by its first character), with a number that
    /// orders them as `matches_at_solid` promises, until `visit` returns true; returns
    /// whether it did.
    fn each_candidate(
        &self,
        model: &TextModel<'_>,
        at: usize,
        mut visit: impl FnMut(usize, usize) -> bool,
    ) -> bool {
        let Some(&start) = model.start_keys().get(at) else {
            return false;
        };
        if start.key == 0 {
            return false;
        }
        // Each kind of candidate is looked up only where its own bit test lets it start.
        let whole = self.may_start_whole(start);
        let keys = if whole {
            &model.start_keys()[at..]
        } else {
            &[]
        };
        let mut node = ROOT;
        for (depth, next) in keys.iter().enumerate() {
            if next.key == 0 {
                break;
            }
            let Some(&child) = self.trie.get(&(node, next.key)) else {
                break;
            };
            node = child;
            let Some(n) = self.nodes.get(node as usize) else {
                break;
            };
            let loose = if depth == 0 { &n.loose[..] } else { &[] };
            if n.ends.iter().chain(loose).any(|&i| visit(i, i)) {
                return true;
            }
            if !n.goes_on {
                break;
            }
        }
        if !self.prefix_first.is_empty() && self.may_start_prefixed(start) {
            let token = &model.tokens[model.solid()[at]];
            let prefixed = model
                .norm(token)
                .chars()
                .next()
                .and_then(|c| self.prefix_first.get(&c))
                .map_or(&[][..], Vec::as_slice);
            let after_exact = self.phrases.len();
            if prefixed.iter().any(|&i| visit(after_exact + i, i)) {
                return true;
            }
        }
        false
    }

    /// The first of `find_all`, without looking further.
    pub fn find_first(&self, model: &TextModel<'_>) -> Option<PhraseMatch> {
        let mut from = 0;
        while let Some(at) = self.next_solid_start(model, from) {
            if let Some(m) = self.matches_at_solid(model, at).first() {
                return Some(*m);
            }
            from = at + 1;
        }
        None
    }

    /// All non-overlapping matches, left to right, preferring the longest at each place.
    pub fn find_all(&self, model: &TextModel<'_>) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(at) = self.next_solid_start(model, from) {
            match self.matches_at_solid(model, at).first() {
                Some(m) => {
                    out.push(*m);
                    from = model.solid().partition_point(|&i| i <= m.last);
                }
                None => from = at + 1,
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
    let letter = |c: char| c.is_ascii_alphabetic() || super::latin::is_latin_letter(c);
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

    /// The matches at token `start` as the matcher gave them before its trie: every phrase
    /// that matches there, those starting with a whole word (whose key must be the token's)
    /// before those starting with a prefix (filed under the lower case of its first
    /// character), each group in the order added, then stably longest first.
    fn reference_matches(
        m: &PhraseMatcher,
        model: &TextModel<'_>,
        start: usize,
    ) -> Vec<PhraseMatch> {
        let Some(at) = model.solid().iter().position(|&i| i == start) else {
            return Vec::new();
        };
        let token = &model.tokens[start];
        let lead = model.norm(token).chars().next();
        let mut exact = Vec::new();
        let mut prefixed = Vec::new();
        for phrase in &m.phrases {
            let group = match &phrase.words[0] {
                WordPattern::Exact(..) => &mut exact,
                WordPattern::Prefix(p) => {
                    let first = p.chars().next().and_then(|c| c.to_lowercase().next());
                    if token.key == 0 || first.unwrap_or_default() != lead.unwrap_or_default() {
                        continue;
                    }
                    &mut prefixed
                }
            };
            if let Some(last) = m.match_phrase(model, phrase, at) {
                group.push(PhraseMatch {
                    payload: phrase.payload,
                    first: start,
                    last,
                });
            }
        }
        exact.extend(prefixed);
        exact.sort_by_key(|m| std::cmp::Reverse(model.tokens[m.last].span.end));
        exact
    }

    fn reference_find_all(m: &PhraseMatcher, model: &TextModel<'_>) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        let mut from = 0;
        while from < model.tokens.len() {
            match reference_matches(m, model, from).first() {
                Some(hit) => {
                    out.push(*hit);
                    from = hit.last + 1;
                }
                None => from += 1,
            }
        }
        out
    }

    /// Words that phrases and texts share, so that the generated phrases do match.
    const VOCABULARY: &[&str] = &[
        "in",
        "IN",
        "merito",
        "al",
        "fine",
        "di",
        "d'",
        "l'",
        "ufficio",
        "Ufficio",
        "per",
        "la",
        "città",
        "Città",
        "e\u{301}",
        "è",
        ".",
        ",",
        "p.es.",
        "cmq",
        "consiglier",
        "consigliere",
        "Consiglieri",
        "a",
        "ab",
        "abbiamo",
    ];

    fn phrase_word() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        (proptest::sample::select(VOCABULARY), any::<bool>()).prop_map(|(word, star)| {
            if star && word.chars().all(char::is_alphabetic) {
                format!("{word}*")
            } else {
                word.to_owned()
            }
        })
    }

    pub(super) fn phrases() -> impl proptest::strategy::Strategy<Value = Vec<(String, bool)>> {
        use proptest::prelude::*;
        let phrase = (prop::collection::vec(phrase_word(), 1..4), any::<bool>())
            .prop_map(|(words, case)| (words.join(" "), case));
        prop::collection::vec(phrase, 1..12)
    }

    pub(super) fn text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            6 => proptest::sample::select(VOCABULARY).prop_map(str::to_owned),
            3 => proptest::sample::select(&[" ", "  ", "\n", ", ", "#in", "@al", "x.it/in"][..])
                .prop_map(str::to_owned),
        ];
        prop::collection::vec(piece, 0..30).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #![proptest_config(super::super::samples::config(2000))]
        #[test]
        fn the_trie_finds_what_every_phrase_tried_in_turn_finds(
            list in phrases(),
            text in text(),
        ) {
            let mut m = PhraseMatcher::default();
            for (i, (phrase, case)) in list.iter().enumerate() {
                // Payloads repeat, as a term's several phrases share one.
                let _ = m.add(phrase, *case, i / 2);
            }
            let model = TextModel::new(&text, 0..text.len());
            for start in 0..model.tokens.len() {
                let expected = reference_matches(&m, &model, start);
                proptest::prop_assert_eq!(m.matches_at(&model, start), expected.clone());
                proptest::prop_assert_eq!(m.any_at(&model, start), !expected.is_empty());
                if !expected.is_empty() {
                    proptest::prop_assert!(m.next_start(&model, start) == Some(start));
                }
            }
            let all = reference_find_all(&m, &model);
            proptest::prop_assert_eq!(m.find_first(&model), all.first().copied());
            proptest::prop_assert_eq!(m.find_all(&model), all);
        }
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
