//! `emoticon`: ASCII emoticons and kaomoji from the pack's list.
//!
//! Emoticons are made of punctuation that also writes times (`10:30`), scores (`3:0`), lists
//! (`1)`, `8)`) and brackets (`(orari:)`), so a listed emoticon counts only when it stands as
//! its own piece of text: a run of non-blank tokens that holds no link, time or number glued
//! to it, starting at the emoticon or right after a word, and ending at it or at sentence
//! punctuation.

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::text::{TextModel, TokenKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    emoticons: Vec<String>,
    /// Words that turn a digit-ending emoticon into a quantity: `<3 anni`.
    #[serde(default)]
    units: Vec<String>,
}

#[derive(Debug)]
struct Emoticon {
    list: Vec<String>,
    matcher: AhoCorasick,
    units: BTreeSet<String>,
    /// The entries written in ASCII letters and digits only (`xD`).
    alphanumeric: BTreeSet<String>,
    /// The length of the longest of those, in bytes.
    alphanumeric_max: usize,
    /// The entries by their last byte.
    by_last_byte: Vec<Vec<usize>>,
    /// The last two bytes of every entry of two bytes or more, one bit per pair, and the
    /// one-byte entries: what a piece of text must end with to end in an entry.
    tails: Vec<u64>,
    single: [bool; 256],
}

fn tail_bit(before: u8, last: u8) -> (usize, u64) {
    let pair = usize::from(before) << 8 | usize::from(last);
    (pair / 64, 1 << (pair % 64))
}

/// Whether an emoticon ending in `last` may repeat it (`:))))`, `:((((`, `<333`, `xDDD`).
fn repeats(last: u8) -> bool {
    matches!(last, b')' | b'(' | b'D' | b'3' | b'P' | b']')
}

/// The end of the emoticon found at `found` in `text`, past the repeats of its last byte.
fn past_repeats(text: &str, found: std::ops::Range<usize>) -> usize {
    let bytes = text.as_bytes();
    let Some(&last) = bytes.get(found.end.wrapping_sub(1)) else {
        return found.end;
    };
    if !repeats(last) {
        return found.end;
    }
    found.end
        + bytes[found.end..]
            .iter()
            .take_while(|&&b| b == last)
            .count()
}

/// What may follow an emoticon in its piece of text (see `stands_alone`).
fn may_follow(c: char) -> bool {
    matches!(c, '.' | ',' | '!' | '?' | ';' | '…' | '"' | '»')
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    Ok(Box::new(compile(params(table)?)?))
}

fn compile(p: Params) -> Result<Emoticon, String> {
    if let Some(bad) = p
        .emoticons
        .iter()
        .find(|e| e.trim().is_empty() || e.contains(char::is_whitespace))
    {
        return Err(format!(
            "emoticon `{bad}` must be non-empty and have no spaces"
        ));
    }
    // The texts searched are short runs of punctuation: a cheap-to-build automaton is best.
    let matcher = AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .match_kind(MatchKind::LeftmostLongest)
        .build(&p.emoticons)
        .map_err(|e| format!("cannot compile the emoticon list: {e}"))?;
    let alphanumeric: BTreeSet<String> = p
        .emoticons
        .iter()
        .filter(|e| e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .cloned()
        .collect();
    let mut by_last_byte = vec![Vec::new(); 256];
    for (i, e) in p.emoticons.iter().enumerate() {
        if let Some(&b) = e.as_bytes().last() {
            by_last_byte[usize::from(b)].push(i);
        }
    }
    let mut tails = vec![0; 65536 / 64];
    let mut single = [false; 256];
    for e in &p.emoticons {
        // A repeated closer (`:)))`) ends in two of it.
        if let Some(&last) = e.as_bytes().last()
            && repeats(last)
        {
            let (word, bit) = tail_bit(last, last);
            tails[word] |= bit;
        }
        match e.as_bytes() {
            [.., before, last] => {
                let (word, bit) = tail_bit(*before, *last);
                tails[word] |= bit;
            }
            [only] => single[usize::from(*only)] = true,
            [] => {}
        }
    }
    Ok(Emoticon {
        tails,
        single,
        alphanumeric_max: alphanumeric.iter().map(String::len).max().unwrap_or(0),
        alphanumeric,
        by_last_byte,
        list: p.emoticons,
        matcher,
        units: p
            .units
            .iter()
            .map(|u| crate::text::normalize::normalize(u))
            .collect(),
    })
}

/// Calls `visit` with each maximal run of adjacent non-blank tokens, as token indexes.
fn for_each_chunk(model: &TextModel<'_>, mut visit: impl FnMut(std::ops::Range<usize>)) {
    let mut start = None;
    for (i, t) in model.tokens.iter().enumerate() {
        match (t.kind.is_blank(), start) {
            (true, Some(s)) => {
                visit(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        visit(s..model.tokens.len());
    }
}

impl Check for Emoticon {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        self.find(cx.text, true, hits);
    }
}

impl Emoticon {
    /// The emoticons standing alone in the body. With `prefilter`, the pieces of text that
    /// cannot hold one are skipped before the search (the search alone gives the same hits).
    fn find(&self, model: &TextModel<'_>, prefilter: bool, hits: &mut Vec<Hit>) {
        let bytes = model.source().as_bytes();
        for_each_chunk(model, |chunk| {
            let start = model.tokens[chunk.start].span.start;
            let end = model.tokens[chunk.end - 1].span.end;
            if prefilter && self.ends_plainly(&bytes[start..end]) {
                return;
            }
            self.find_in_chunk(model, chunk, prefilter, hits);
        });
    }

    /// The emoticons standing alone in the chunk of tokens `chunk`. Kept out of the walk over
    /// the chunks, which the byte test settles nearly always, so that the walk stays small.
    #[inline(never)]
    fn find_in_chunk(
        &self,
        model: &TextModel<'_>,
        chunk: std::ops::Range<usize>,
        prefilter: bool,
        hits: &mut Vec<Hit>,
    ) {
        let tokens = &model.tokens[chunk.clone()];
        let start = tokens[0].span.start;
        let end = tokens[tokens.len() - 1].span.end;
        let text = &model.source()[start..end];
        if prefilter && !self.may_end_in(text) {
            return;
        }
        if tokens
            .iter()
            .any(|t| t.kind.is_opaque() || matches!(t.kind, TokenKind::Time | TokenKind::Date))
        {
            return;
        }
        // Most pieces are one plain word. An emoticon inside one would have a letter or
        // digit glued after it, which never counts, so only a word that is an entry whole
        // (`xD`) can hold one: the others skip the search.
        if text.bytes().all(|b| b.is_ascii_alphanumeric())
            && (text.len() > self.alphanumeric_max || !self.alphanumeric.contains(text))
        {
            return;
        }
        // Emoticons written one after the other (`<3<3<3`, `:-):-)`) and repeated closers
        // (`:))))`) are one emoticon: a group, which stands alone or not as a whole.
        let mut groups: Vec<(std::ops::Range<usize>, usize, usize)> = Vec::new();
        let mut from = 0;
        while let Some(m) = text.get(from..).and_then(|rest| self.matcher.find(rest)) {
            let found = from + m.start()..from + m.end();
            let end = past_repeats(text, found.clone());
            let pattern = m.pattern().as_usize();
            match groups.last_mut() {
                Some((range, _, last)) if range.end == found.start => {
                    range.end = end;
                    *last = pattern;
                }
                _ => groups.push((found.start..end, pattern, pattern)),
            }
            from = end.max(found.start + 1);
            while !text.is_char_boundary(from) {
                from += 1;
            }
        }
        for (range, first, last) in groups {
            let (first, last) = (&self.list[first], &self.list[last]);
            if self.stands_alone(model, chunk.end, start, text, range.clone(), (first, last)) {
                hits.push(Hit::at(start + range.start..start + range.end));
            }
        }
    }

    /// Whether `text` surely holds no entry where `stands_alone` lets one end: `may_end_in`
    /// walked by bytes, with a test of the last two bytes against the entries' endings in
    /// place of the search. Most pieces of text (`comunale`, `uffici.`) are settled here; a
    /// non-ASCII character that may follow an emoticon is left to `may_end_in`.
    #[inline]
    fn ends_plainly(&self, text: &[u8]) -> bool {
        let mut end = text.len();
        while let Some(&last) = text[..end].last() {
            if self.single[usize::from(last)] {
                return false;
            }
            if let Some(before) = end.checked_sub(2).map(|i| text[i]) {
                let (word, bit) = tail_bit(before, last);
                if self.tails[word] & bit != 0 {
                    return false;
                }
            }
            match last {
                b'.' | b',' | b'!' | b'?' | b';' | b'"' => end -= 1,
                0xA6 | 0xBB => return false,
                _ => return true,
            }
        }
        true
    }

    /// Whether an entry could end in `text` where `stands_alone` lets it: only what may
    /// follow an emoticon comes after it, so it ends within the run of such characters that
    /// closes the text, or right before it. Most words and punctuated words have no entry
    /// ending there (`segnalazione.`), and need no search.
    fn may_end_in(&self, text: &str) -> bool {
        let mut end = text.len();
        loop {
            let head = &text.as_bytes()[..end];
            // An entry ends here, or before repeats of its last byte (`:)))`).
            let ends_here = head.last().is_some_and(|&b| {
                let run = if repeats(b) {
                    head.iter().rev().take_while(|&&c| c == b).count()
                } else {
                    1
                };
                (0..run).any(|extra| {
                    let head = &head[..head.len() - extra];
                    self.by_last_byte[usize::from(b)]
                        .iter()
                        .any(|&e| head.ends_with(self.list[e].as_bytes()))
                })
            });
            if ends_here {
                return true;
            }
            match text[..end].chars().next_back() {
                Some(c) if may_follow(c) => end -= c.len_utf8(),
                _ => return false,
            }
        }
    }

    fn stands_alone(
        &self,
        model: &TextModel<'_>,
        chunk_end: usize,
        chunk_start: usize,
        text: &str,
        found: std::ops::Range<usize>,
        // The first and the last emoticon of a chain (the same one, alone).
        (emoticon, last): (&str, &str),
    ) -> bool {
        let before = &text[..found.start];
        let after = &text[found.end..];
        let prev = before.chars().next_back();
        // Eyes glued after a word (`bene:)`) are fine; glued after digits or symbols they are
        // times, scores and paths. After sentence punctuation that follows a word (`tutti!:)`,
        // `….:-)`, `.<3`) they are the writer's.
        let eyes_first = emoticon.starts_with([':', ';', '=']);
        let after_punctuation = |c: char| {
            matches!(c, '!' | '?' | '.' | '…' | ',')
                && before
                    .trim_end_matches(['!', '?', '.', '…', ','])
                    .chars()
                    .next_back()
                    .is_none_or(char::is_alphabetic)
                && !emoticon.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '(')
        };
        let starts_ok = match prev {
            None => true,
            Some(c) if c.is_alphabetic() => eyes_first,
            Some(c) if after_punctuation(c) => true,
            Some(c) => matches!(c, '(' | '"' | '«' | '\'') && !emoticon.starts_with(['(', ')']),
        };
        let ends_ok = after.chars().all(may_follow);
        if !starts_ok || !ends_ok {
            return false;
        }
        let emoticon = last;
        // `2021 *-* Le PA`: stars and a dash between words are Markdown; the face ends its line.
        if emoticon.starts_with('*') && !ends_its_line(model, chunk_end) {
            return false;
        }
        // `*Definizione:*`: a star that closes an emphasis opened on the line is Markdown.
        if emoticon.ends_with('*')
            && line_before(model, chunk_start, before).matches('*').count() % 2 == 1
        {
            return false;
        }
        // `Allegato D:`, `Categoria D:`, `Adobe XD`, `Windows XP`: a letter after a name or a
        // word is its label or its product.
        if emoticon.starts_with(|c: char| c.is_ascii_uppercase()) && before.is_empty() {
            let previous = previous_word(model, chunk_start);
            let label = emoticon.ends_with(':') && previous.is_some();
            // A capitalised word inside a sentence is a name; at its start, it may be any word
            // («Bellissimo XD»).
            let product = emoticon.bytes().all(|b| b.is_ascii_alphanumeric())
                && previous.is_some_and(|(w, inside)| {
                    w.starts_with(char::is_uppercase)
                        && (inside || !crate::text::capitals::is_word(w))
                });
            if label || product {
                return false;
            }
        }
        // `(orari:)`: a closing bracket that closes a bracket opened in the same chunk is prose.
        if emoticon.ends_with(')') && before.matches('(').count() > before.matches(')').count() {
            return false;
        }
        // `8)` or `B)` opening a line is a list item.
        if emoticon.len() == 2
            && emoticon.ends_with(')')
            && before.is_empty()
            && at_line_start(model, chunk_start)
        {
            return false;
        }
        if emoticon.ends_with(|c: char| c.is_ascii_digit()) && after.is_empty() {
            let next_word = model.tokens[chunk_end..]
                .iter()
                .find(|t| !t.kind.is_blank())
                .map(|t| crate::text::normalize::normalize(model.text(t)));
            if next_word
                .is_some_and(|w| self.units.contains(&w) || w.chars().all(|c| c.is_ascii_digit()))
            {
                return false;
            }
        }
        true
    }
}

/// Whether nothing but white space follows token `chunk_end` (exclusive) on its line.
fn ends_its_line(model: &TextModel<'_>, chunk_end: usize) -> bool {
    model.tokens[chunk_end..]
        .iter()
        .take_while(|t| t.kind != TokenKind::Newline)
        .all(|t| t.kind.is_blank())
}

/// The text of the line before the emoticon: from the line's start to `chunk_start`, then
/// `before` (the chunk's text before it).
fn line_before(model: &TextModel<'_>, chunk_start: usize, before: &str) -> String {
    let source = model.source();
    let line_start = source[..chunk_start]
        .rfind('\n')
        .map_or(model.body.start, |i| i + 1)
        .max(model.body.start);
    format!(
        "{}{before}",
        &source[line_start.min(chunk_start)..chunk_start]
    )
}

/// The word right before the chunk that starts at byte `chunk_start`, on the same line, and
/// whether a word stands before it in its sentence.
fn previous_word<'s>(model: &TextModel<'s>, chunk_start: usize) -> Option<(&'s str, bool)> {
    let index = model.tokens.partition_point(|t| t.span.start < chunk_start);
    let mut i = index.checked_sub(1)?;
    while model.tokens[i].kind == TokenKind::Space {
        i = i.checked_sub(1)?;
    }
    let token = &model.tokens[i];
    if token.kind != TokenKind::Word {
        return None;
    }
    let inside = model.prev_solid(i).is_some_and(|j| {
        let t = &model.tokens[j];
        t.kind != TokenKind::Newline && !matches!(model.text(t), "." | "!" | "?" | "…" | ":")
    });
    Some((model.text(token), inside))
}

fn at_line_start(model: &TextModel<'_>, offset: usize) -> bool {
    let source = model.source();
    let line_start = source[..offset]
        .rfind('\n')
        .map_or(model.body.start, |i| i + 1);
    source[line_start.max(model.body.start)..offset]
        .trim()
        .is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The emoticon check of the embedded pack.
    fn of_the_pack() -> Emoticon {
        let pack: toml::Table =
            toml::from_str(include_str!("../../rules/style.toml")).expect("the pack is TOML");
        let rule = pack["rule"]
            .as_array()
            .and_then(|rules| {
                rules
                    .iter()
                    .find(|r| r.get("check").and_then(toml::Value::as_str) == Some("emoticon"))
            })
            .and_then(toml::Value::as_table)
            .expect("the pack has an emoticon rule");
        let params: toml::Table = ["emoticons", "units"]
            .iter()
            .filter_map(|k| Some((k.to_string(), rule.get(*k)?.clone())))
            .collect();
        compile(super::params(params).expect("valid parameters")).expect("valid list")
    }

    fn spans(check: &Emoticon, text: &str, prefilter: bool) -> Vec<std::ops::Range<usize>> {
        let model = TextModel::new(text, 0..text.len());
        let mut hits = Vec::new();
        check.find(&model, prefilter, &mut hits);
        hits.into_iter().map(|h| h.span).collect()
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(2000))]
        /// The byte test may only turn away what the search would turn away too.
        #[test]
        fn plain_endings_hold_no_entry_end(text in emoticon_text()) {
            static CHECK: std::sync::LazyLock<Emoticon> = std::sync::LazyLock::new(of_the_pack);
            if CHECK.ends_plainly(text.as_bytes()) {
                prop_assert!(!CHECK.may_end_in(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn the_prefilter_keeps_the_pack_examples() {
        let check = of_the_pack();
        for text in [
            "Grazie a tutti :)",
            "bene:)",
            "(xD",
            "Ciao ^_^!!",
            "ok <3.",
            "¯\\_(ツ)_/¯",
            "\"T_T\"",
            "ciao :))))",
            "<3<3<3",
            "tutti!:)",
            "….:-)",
        ] {
            assert_eq!(spans(&check, text, true).len(), 1, "{text:?}");
        }
        assert!(spans(&check, "(orari:) 10:30 L'abbiamo segnalazione.", true).is_empty());
    }

    fn emoticon_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            3 => crate::text::samples::draft_text(),
            2 => prop::sample::select(&[
                ":)", ":-)", "xD", "XDD", "<3", "<33", "^_^", ";)", ":P", "T_T", "(:", "8)",
                "B-)", ":'(", ":/", "\\o/", "¯\\_(ツ)_/¯", "(ಠ_ಠ)", ":o", "O_o", "D:", "...",
                "!", "?", "»", "\"", "…", ";", ",", "(", ")", "'", "«", "anni", "3",
                ":))", ")))", "<333", "<3<3", ":-):-)", "*", ":*", "D:", "XD", "Adobe", "DDD",
            ][..])
            .prop_map(str::to_owned),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(2000))]
        #[test]
        fn the_prefilter_skips_only_text_without_hits(text in emoticon_text()) {
            static CHECK: std::sync::LazyLock<Emoticon> = std::sync::LazyLock::new(of_the_pack);
            prop_assert_eq!(spans(&CHECK, &text, true), spans(&CHECK, &text, false));
        }
    }
}
