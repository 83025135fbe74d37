//! Privacy checks: personal identifiers and sensitive data in a draft.
//!
//! Formats and checksums are Rust (`validate`); which values are fine to publish (the Comune's
//! own numbers, its e-mail domains), the context words and the word lists are parameters in
//! `rules/privacy.toml`. Every hit is `sensitive`: the engine masks it in every output.
//!
//! Identifiers that span several tokens (`347 123 4567`, an IBAN in groups of four) are found
//! with regexes over the body text, then validated; candidates inside links, e-mail addresses,
//! mentions and hashtags are dropped, and spans stay in file byte offsets.

pub mod card;
pub mod codice_fiscale;
pub mod email;
pub mod iban;
pub mod id_document;
mod near_shape;
pub mod partita_iva;
pub mod phone;
pub mod plate;
pub mod special;
pub mod validate;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::TextModel;
use crate::text::counts::ends_sentence_at;
use crate::text::normalize::normalize;
use crate::text::phrase::PhraseMatcher;

/// A value as compared with allow-lists: letters and digits only, upper case.
pub fn compact(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Values the office may publish, compared in compact form.
#[derive(Debug, Default)]
pub struct AllowList(BTreeSet<String>);

impl AllowList {
    pub fn new(values: &[String], key: fn(&str) -> String) -> Self {
        AllowList(values.iter().map(|v| key(v)).collect())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }
}

/// Compiles the detectors' patterns now rather than on the first draft, so that start-up can
/// do it on a core the pack loading leaves idle.
pub fn warm_up() {
    use rayon::prelude::*;
    // One task per pattern, so that they spread over whichever cores are idle.
    [
        &card::SHAPE,
        &codice_fiscale::SHAPE,
        &iban::SHAPE,
        &id_document::SHAPE,
        &partita_iva::SHAPE,
        &phone::SHAPE,
        &plate::SHAPE,
    ]
    .par_iter()
    .for_each(|shape| {
        LazyLock::force(&shape.pattern);
    });
}

/// The pattern of an identifier, with the fewest ASCII digits any value of it has: a body
/// with fewer (most posts, for card and VAT numbers) is not searched at all. `prefilter` is a
/// byte scan true of every text the pattern matches somewhere in (digits in a row, in groups,
/// after letters), which turns away most of the bodies that have digits enough.
#[derive(Debug)]
pub struct Shape {
    pub min_digits: usize,
    pub prefilter: fn(&str) -> bool,
    pub pattern: LazyLock<Regex>,
}

impl Shape {
    /// Whether the body has digits enough for a value of this shape, placed as one needs.
    pub fn may_occur(&self, model: &TextModel<'_>) -> bool {
        model.ascii_digits() >= self.min_digits && (self.prefilter)(model.body_text())
    }
}

/// The most ASCII digits of `text` in one group, where one of `separators` may stand between
/// two digits of a group (`347 123-4567` is a group of 10 with `[" ", "-"]`).
pub fn longest_digit_group(text: &str, separators: &[&str]) -> usize {
    let bytes = text.as_bytes();
    let (mut best, mut group) = (0, 0);
    let mut last_end = None;
    let longest_separator = separators.iter().map(|s| s.len()).max().unwrap_or(0);
    for run in digit_runs(bytes) {
        // Two runs are one group when what stands between them is exactly a separator: the
        // first separator of the list it starts with, as the byte-by-byte walk took it.
        let joined = last_end.is_some_and(|end| {
            let gap = &bytes[end..run.start];
            gap.len() <= longest_separator
                && separators
                    .iter()
                    .find(|s| gap.starts_with(s.as_bytes()))
                    .is_some_and(|s| s.len() == gap.len())
        });
        group = if joined { group } else { 0 } + run.len();
        best = best.max(group);
        last_end = Some(run.end);
    }
    best
}

/// The longest run of ASCII digits in a row.
pub fn longest_digit_run(text: &str) -> usize {
    digit_runs(text.as_bytes())
        .map(|r| r.len())
        .max()
        .unwrap_or(0)
}

/// The runs of ASCII digits of `bytes`, in order. Every shape's prefilter looks only at the
/// digits and the few bytes around them, and most of a post is letters: the digits are
/// sought eight bytes at a time.
pub fn digit_runs(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + first_digit(bytes.get(at..)?)?;
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |n| start + n);
        at = end;
        Some(start..end)
    })
}

/// Index of the first ASCII digit of `bytes`.
fn first_digit(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for (n, c) in (&mut chunks).enumerate() {
        // A digit is a byte below 10 once xored with b'0'. Subtracting 10 from each byte sets
        // the high bit of those (and of none below 0x80 else); a borrow can only flag bytes
        // above a flagged one, so the lowest flag is exact.
        let word =
            u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) ^ (0x30 * ONES);
        let digits = word.wrapping_sub(10 * ONES) & !word & HIGH;
        if digits != 0 {
            return Some(n * 8 + digits.trailing_zeros() as usize / 8);
        }
    }
    let base = bytes.len() - chunks.remainder().len();
    chunks
        .remainder()
        .iter()
        .position(u8::is_ascii_digit)
        .map(|i| base + i)
}

/// Candidates for `shape` in the body, in file byte offsets, outside links, e-mail addresses,
/// mentions and hashtags.
pub fn candidates(model: &TextModel<'_>, shape: &Shape) -> Vec<Range<usize>> {
    if !shape.may_occur(model) {
        return Vec::new();
    }
    let re = &*shape.pattern;
    let base = model.body.start;
    let text = model.body_text();
    let mut found: Vec<Range<usize>> = re
        .find_iter(text)
        .filter(|m| unicode_word_edges(text, m.range()))
        .map(|m| base + m.start()..base + m.end())
        .collect();
    // Most bodies that pass the prefilter hold no candidate: the opaque tokens are gathered
    // only for those that do.
    if !found.is_empty() {
        let opaque = opaque_spans(model);
        found.retain(|span| !opaque.iter().any(|o| overlap(o, span)));
    }
    found
}

/// The detectors' patterns use ASCII word boundaries (`(?-u:\b)`), which keep the regex
/// engine on its fast DFAs over Italian text; this restores the Unicode meaning at the match's
/// edges: a value glued to a letter such as `è` is part of a longer word, not a value.
fn unicode_word_edges(text: &str, range: Range<usize>) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let found = &text[range.clone()];
    let starts_word = found.chars().next().is_some_and(is_word);
    let ends_word = found.chars().next_back().is_some_and(is_word);
    let before = text[..range.start].chars().next_back().is_some_and(is_word);
    let after = text[range.end..].chars().next().is_some_and(is_word);
    !(starts_word && before || ends_word && after)
}

/// Spans of links, e-mail addresses, mentions and hashtags: never personal data of their own
/// kind (an e-mail is its own check).
pub fn opaque_spans<'m>(model: &'m TextModel<'_>) -> Vec<&'m Range<usize>> {
    model
        .tokens
        .iter()
        .filter(|t| t.kind.is_opaque())
        .map(|t| &t.span)
        .collect()
}

pub fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether a numeric candidate is really part of a longer number: a letter or digit right
/// next to it, or a decimal separator with a digit beyond (`12.3471234567`, `3471234567,5`).
pub fn glued(source: &str, span: &Range<usize>) -> bool {
    let before = source[..span.start].chars().rev();
    let after = source[span.end..].chars();
    let is_glued = |mut chars: Box<dyn Iterator<Item = char> + '_>| match chars.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('.' | ',' | '/') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    is_glued(Box::new(before)) || is_glued(Box::new(after))
}

/// Index of the token that contains byte `offset` (or the first one after it).
pub fn token_at(model: &TextModel<'_>, offset: usize) -> usize {
    model.tokens.partition_point(|t| t.span.end <= offset)
}

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
    fn glued_numbers_are_part_of_something_longer() {
        let s = "a 3471234567 b 12.3471234567 c 3471234567,5 x3471234567";
        let at = |needle: &str, nth: usize| {
            let start = s.match_indices(needle).nth(nth).map_or(0, |(i, _)| i);
            start..start + needle.len()
        };
        assert!(!glued(s, &at("3471234567", 0)));
        assert!(glued(s, &at("3471234567", 1)));
        assert!(glued(s, &at("3471234567", 2)));
        assert!(glued(s, &at("3471234567", 3)));
    }

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

#[cfg(test)]
mod shape_tests {
    use super::*;

    /// Each shape's digit floor is the digit count of its least-digit value: a higher floor
    /// would skip drafts that hold one.
    #[test]
    fn digit_floors_match_the_least_digit_values() {
        let least: [(&Shape, &str); 7] = [
            (&card::SHAPE, "4111111111111"),
            (&codice_fiscale::SHAPE, "RSSMRALTALMAMNPS"),
            (&iban::SHAPE, "IT60ABCDEFGHIJK"),
            (&id_document::SHAPE, "U1ABCDEFGH"),
            (&partita_iva::SHAPE, "12345678901"),
            (&phone::SHAPE, "011234"),
            (&plate::SHAPE, "AB123CD"),
        ];
        for (shape, value) in least {
            assert!(shape.pattern.is_match(value), "{value}");
            let digits = value.bytes().filter(u8::is_ascii_digit).count();
            assert_eq!(shape.min_digits, digits, "{value}");
            let model = TextModel::new(value, 0..value.len());
            assert!(shape.may_occur(&model));
            let fewer = &value[..value.len() - 1];
            if shape.min_digits > 0 && value.ends_with(|c: char| c.is_ascii_digit()) {
                let model = TextModel::new(fewer, 0..fewer.len());
                assert!(!shape.may_occur(&model), "{fewer}");
            }
        }
    }

    fn all_shapes() -> [(&'static str, &'static Shape); 7] {
        [
            ("card", &card::SHAPE),
            ("codice fiscale", &codice_fiscale::SHAPE),
            ("iban", &iban::SHAPE),
            ("id document", &id_document::SHAPE),
            ("partita iva", &partita_iva::SHAPE),
            ("phone", &phone::SHAPE),
            ("plate", &plate::SHAPE),
        ]
    }

    /// Text made of what the shapes are made of: digits, letters of both cases (and the
    /// two non-ASCII letters that match `[A-Z]` case-insensitively), separators, prefixes.
    fn shaped_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => "[0-9]{1,12}",
            3 => "[A-Z]{1,7}",
            2 => "[a-z]{1,7}",
            3 => prop::sample::select(&[
                " ", "-", ".", "/", "\u{A0}", "\u{A0}\u{A0}", "+39 ", "(39)", "IT", "U1",
                "ſ", "\u{212A}", "è", ",", "\n", "RSSMRA", "LMNPQRSTUV",
            ][..])
            .prop_map(str::to_owned),
        ];
        prop::collection::vec(piece, 0..14).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(3000))]
        #[test]
        fn prefilters_pass_every_text_a_shape_matches_in(text in shaped_text()) {
            for (name, shape) in all_shapes() {
                if shape.pattern.is_match(&text) {
                    proptest::prop_assert!((shape.prefilter)(&text), "{} in {:?}", name, text);
                }
            }
        }
    }

    /// The byte-by-byte `longest_digit_group` the run-based one replaced: its oracle.
    fn longest_digit_group_reference(text: &str, separators: &[&str]) -> usize {
        let bytes = text.as_bytes();
        let (mut best, mut group, mut i) = (0, 0, 0);
        let mut after_digit = false;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                group += 1;
                best = best.max(group);
                after_digit = true;
                i += 1;
                continue;
            }
            let separator = separators
                .iter()
                .find(|s| after_digit && bytes[i..].starts_with(s.as_bytes()));
            match separator {
                Some(s) => i += s.len(),
                None => {
                    group = 0;
                    i += 1;
                }
            }
            after_digit = false;
        }
        best
    }

    /// The window-by-window prefilters of the IBAN and the plate the run-based ones replaced.
    fn iban_prefilter_reference(text: &str) -> bool {
        let letter = |b: u8| b.is_ascii_alphabetic() || b >= 0x80;
        text.as_bytes()
            .windows(4)
            .any(|w| w[2].is_ascii_digit() && w[3].is_ascii_digit() && letter(w[0]) && letter(w[1]))
    }

    fn plate_prefilter_reference(text: &str) -> bool {
        let bytes = text.as_bytes();
        let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        (0..bytes.len()).any(|i| {
            digit(i)
                && digit(i + 1)
                && digit(i + 2)
                && !digit(i + 3)
                && (i == 0 || !digit(i - 1))
                && bytes[i.saturating_sub(3)..i]
                    .iter()
                    .any(u8::is_ascii_uppercase)
        })
    }

    /// Digits, letters, separators and bytes just outside the digit range, so that the word
    /// scan of `first_digit` meets every alignment and every neighbour of `0` and `9`.
    fn digit_text() -> impl proptest::strategy::Strategy<Value = String> {
        "([0-9]{1,14}|[A-Z]{1,3}|[a-z]{1,3}|[ ./:-]|\u{A0}|è|U1){0,24}"
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(3000))]
        #[test]
        fn digit_prefilters_agree_with_the_reference(text in digit_text()) {
            for separators in [&[][..], &[" ", "-"][..], &[" ", "\u{A0}", ".", "-", "/"][..]] {
                proptest::prop_assert_eq!(
                    longest_digit_group(&text, separators),
                    longest_digit_group_reference(&text, separators)
                );
            }
            proptest::prop_assert_eq!((iban::SHAPE.prefilter)(&text), iban_prefilter_reference(&text));
            proptest::prop_assert_eq!((plate::SHAPE.prefilter)(&text), plate_prefilter_reference(&text));
        }

        #[test]
        fn first_digit_of_any_bytes(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![0x26u8..0x3c, proptest::prelude::any::<u8>()],
                0..40,
            )
        ) {
            proptest::prop_assert_eq!(first_digit(&bytes), bytes.iter().position(u8::is_ascii_digit));
        }
    }

    #[test]
    fn first_digit_at_every_alignment() {
        // The bytes either side of the digit range, and a multi-byte character.
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes: Vec<u8> =
                    (0..len).map(|i| [b'/', b':', 0xb0, b'a'][i % 4]).collect();
                if at < len {
                    bytes[at] = b'0' + (at % 10) as u8;
                }
                let expected = bytes.iter().position(u8::is_ascii_digit);
                assert_eq!(first_digit(&bytes), expected, "{bytes:?}");
            }
        }
        let runs: Vec<_> = digit_runs(b"a12 3/4567").collect();
        assert_eq!(runs, [1..3, 4..5, 6..10]);
    }

    #[test]
    fn prefilters_on_hand_picked_values() {
        for (name, shape) in all_shapes() {
            for text in [
                "tel. 347 123 4567",
                "+39 0131/515.111",
                "IT 60 X054 2811 1010 0000 0123 456",
                "it60x0542811101000000123456",
                "carta 4111-1111-1111-1111",
                "CF RSSMRA85T10A562S",
                "AB\u{A0}123\u{A0}CD",
                "CA12345AB e U1A2B3C4DE",
                "IT01234567890",
            ] {
                if shape.pattern.is_match(text) {
                    assert!((shape.prefilter)(text), "{name} in {text:?}");
                }
            }
        }
        assert_eq!(longest_digit_group("347 123-4567 e 12", &[" ", "-"]), 10);
        assert_eq!(longest_digit_group("1  2", &[" "]), 1);
        assert_eq!(longest_digit_run("a12b345"), 3);
    }
}
