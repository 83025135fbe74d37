//! Privacy checks: personal identifiers and sensitive data in a draft.
//!
//! Formats and checksums are Rust (`validate`); which values are fine to publish (the Comune's
//! own numbers, its e-mail domains), the context words and the word lists are parameters in
//! `rules/privacy.toml`. Every hit is `sensitive`: the engine masks it in every output.
//!
//! Identifiers that span several tokens (`347 123 4567`, an IBAN in groups of four) are found
//! with regexes over the body text, then validated; candidates inside links, e-mail addresses,
//! mentions and hashtags are dropped, and spans stay in file byte offsets.
//!
//! This module holds what every detector shares: the compact form of the allow-lists, the
//! identifier `Shape`s and their candidates. The byte prefilters that turn away the bodies a
//! shape cannot match, with their references, are `prefilter`; the words that make a number
//! count or not (`not_after`, `context`, the window of `special-category`) are `context`.

pub mod card;
pub mod codice_fiscale;
mod context;
pub mod email;
pub mod iban;
pub mod id_document;
mod near_shape;
pub mod partita_iva;
pub mod phone;
pub mod plate;
mod prefilter;
pub mod see_through;
pub mod special;
pub mod validate;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::TextModel;

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
/// after letters), which turns away most of the bodies that have digits enough (see
/// `prefilter`).
///
/// Each detector's shape is a `static`: the code's own pattern, the same for every rule set,
/// compiled once (ahead of the first draft by `warm_up`) and never changed after.
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
}
