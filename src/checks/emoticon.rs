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
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
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
    let alphanumeric = p
        .emoticons
        .iter()
        .filter(|e| e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .cloned()
        .collect();
    Ok(Box::new(Emoticon {
        alphanumeric,
        list: p.emoticons,
        matcher,
        units: p
            .units
            .iter()
            .map(|u| crate::text::normalize::normalize(u))
            .collect(),
    }))
}

/// A maximal run of adjacent non-blank tokens, as token indexes.
fn chunks(model: &TextModel<'_>) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, t) in model.tokens.iter().enumerate() {
        match (t.kind.is_blank(), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..model.tokens.len());
    }
    out
}

impl Check for Emoticon {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let model = cx.text;
        for chunk in chunks(model) {
            let tokens = &model.tokens[chunk.clone()];
            if tokens
                .iter()
                .any(|t| t.kind.is_opaque() || matches!(t.kind, TokenKind::Time | TokenKind::Date))
            {
                continue;
            }
            let start = tokens[0].span.start;
            let end = tokens[tokens.len() - 1].span.end;
            let text = &model.source()[start..end];
            // Most pieces are one plain word. An emoticon inside one would have a letter or
            // digit glued after it, which never counts, so only a word that is an entry whole
            // (`xD`) can hold one: the others skip the search.
            if text.bytes().all(|b| b.is_ascii_alphanumeric()) && !self.alphanumeric.contains(text)
            {
                continue;
            }
            for m in self.matcher.find_iter(text) {
                let emoticon = &self.list[m.pattern().as_usize()];
                if self.stands_alone(model, chunk.end, start, text, m.start()..m.end(), emoticon) {
                    hits.push(Hit::at(start + m.start()..start + m.end()));
                }
            }
        }
    }
}

impl Emoticon {
    fn stands_alone(
        &self,
        model: &TextModel<'_>,
        chunk_end: usize,
        chunk_start: usize,
        text: &str,
        found: std::ops::Range<usize>,
        emoticon: &str,
    ) -> bool {
        let before = &text[..found.start];
        let after = &text[found.end..];
        let prev = before.chars().next_back();
        // Eyes glued after a word (`bene:)`) are fine; glued after digits or symbols they are
        // times, scores and paths.
        let eyes_first = emoticon.starts_with([':', ';', '=']);
        let starts_ok = match prev {
            None => true,
            Some(c) if c.is_alphabetic() => eyes_first,
            Some(c) => matches!(c, '(' | '"' | '«' | '\'') && !emoticon.starts_with(['(', ')']),
        };
        let ends_ok = after
            .chars()
            .all(|c| matches!(c, '.' | ',' | '!' | '?' | ';' | '…' | '"' | '»'));
        if !starts_ok || !ends_ok {
            return false;
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

fn at_line_start(model: &TextModel<'_>, offset: usize) -> bool {
    let source = model.source();
    let line_start = source[..offset]
        .rfind('\n')
        .map_or(model.body.start, |i| i + 1);
    source[line_start.max(model.body.start)..offset]
        .trim()
        .is_empty()
}
