//! `lexicon`: words and phrases from the pack, each with an optional suggestion and guards.
//!
//! The general check behind abbreviations, jargon and any word list an office adds. Guards
//! keep ambiguous entries honest: `case_sensitive` (the Roman numeral `X` is not `x`),
//! `not_near_number` (`2 x 3 m`, `2,5m x 5m`), `not_in_capitals` (`PRG` is an acronym, not
//! `prg`), `not_after` / `not_before` (words or phrases: `Lega Navale`),
//! `context` (a phrase that must appear within `window` words for the entry to count) and
//! `unless_context` (a phrase nearby that cancels it: `Fratelli d'Italia` near `inno`). An
//! entry may be a regular expression (`pattern`) for shapes no word list can spell
//! (`{{data}}`), and a lexicon may also flag links that carry given query keys (`tag=` on a
//! shop), so one rule can cover the words and the links of one policy clause.
//!
//! Fixes must leave a grammatical sentence, so an entry can say which preposition follows it
//! (`in ottemperanza` + `a`): the fix then rewrites the articulated preposition too
//! (`in ottemperanza alla legge` → `secondo la legge`). A fix is withheld, leaving the
//! suggestion as advice, when the article before the match would no longer agree with the new
//! word's first sound (`l'istanza` → not `l'domanda`).
//!
//! The parts: `params` (the entries as written), `guards` (what lets an entry count),
//! `patterns` (regular-expression entries), `link_keys` (links with listed query keys),
//! `merge` (nearby matches as one finding) and `fix` (suggestions and the edits that apply
//! them); the grammar of articles and prepositions is `text::italian`, for any check.

mod fix;
mod guards;
mod link_keys;
mod merge;
mod params;
mod patterns;
mod required;
mod tags;

use std::collections::BTreeMap;

use regex::Regex;

use super::{Check, Context, Hit};
use crate::text::TextModel;
use crate::text::italian::following_preposition;
use crate::text::phrase::{PhraseMatch, PhraseMatcher};
use guards::{Guards, Verdict};
use params::{Params, Term};

#[derive(Debug)]
pub(in crate::checks) struct Lexicon {
    terms: Vec<Term>,
    matcher: PhraseMatcher,
    guards: Vec<Guards>,
    fixable: bool,
    /// Each regular-expression entry with the index of its term and the text every match of
    /// it contains, when there is one.
    patterns: Vec<(Regex, usize, Option<String>)>,
    link_keys: Vec<String>,
    link_keys_on: BTreeMap<String, Vec<String>>,
    merge_within: Option<usize>,
    read_tags: bool,
}

/// A chosen match: the phrase, and the preposition after it with the article it carries.
type Chosen<'a> = (PhraseMatch, Option<(usize, &'a str)>);

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    Ok(Box::new(build_lexicon(table)?))
}

/// The lexicon itself, for checks that wrap one (`content-score`).
pub(in crate::checks) fn build_lexicon(table: toml::Table) -> Result<Lexicon, String> {
    let p: Params = super::params(table)?;
    let mut terms = p.terms;
    terms.extend(p.words.into_iter().map(|(phrase, suggestion)| Term {
        phrases: vec![phrase],
        suggestion: Some(suggestion),
        not_in_capitals: p.words_not_in_capitals,
        ..Term::default()
    }));
    if terms.is_empty() && p.link_keys.is_empty() && p.link_keys_on.is_empty() {
        return Err("a lexicon needs `words`, `terms` or `link_keys`".into());
    }
    let mut matcher = PhraseMatcher::default();
    let mut patterns = Vec::new();
    let mut guards = Vec::with_capacity(terms.len());
    for (i, term) in terms.iter().enumerate() {
        if term.phrases.is_empty() && term.pattern.is_none() {
            return Err(format!(
                "term {} needs a `match` list or a `pattern`",
                i + 1
            ));
        }
        for phrase in &term.phrases {
            matcher.add(phrase, term.case_sensitive, i)?;
        }
        if term.preposition.is_some() && term.suggestion.as_deref().is_none_or(str::is_empty) {
            return Err(format!(
                "term {} (`{}`): `preposition` needs a non-empty `suggestion`",
                i + 1,
                term.phrases.first().map_or("pattern", String::as_str)
            ));
        }
        if let Some(pattern) = &term.pattern {
            patterns.push(patterns::compile(pattern, term.case_sensitive, i)?);
        }
        guards.push(Guards::new(term)?);
    }
    let lower = |v: Vec<String>| v.into_iter().map(|k| k.to_ascii_lowercase()).collect();
    Ok(Lexicon {
        terms,
        matcher,
        guards,
        fixable: p.fixable,
        patterns,
        link_keys: lower(p.link_keys),
        link_keys_on: p
            .link_keys_on
            .into_iter()
            .map(|(host, keys)| (host.to_ascii_lowercase(), lower(keys)))
            .collect(),
        merge_within: p.merge_within,
        read_tags: p.read_tags,
    })
}

impl Check for Lexicon {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        self.scan(cx.text, hits);
    }

    fn fixable(&self) -> bool {
        self.fixable
    }

    /// The guards' lists are asked about single places, never scanned.
    fn scanned_lists(&mut self) -> Vec<&mut PhraseMatcher> {
        vec![&mut self.matcher]
    }
}

impl Lexicon {
    /// Adds the lexicon's hits in `model` to `hits`; returns whether a guard cancelled some
    /// match (the words were there, in a sense the list knows is not the rule's).
    pub(in crate::checks) fn scan(&self, model: &TextModel<'_>, hits: &mut Vec<Hit>) -> bool {
        let mut cancelled = false;
        let expanded = if self.read_tags {
            tags::expand(model)
        } else {
            None
        };
        match expanded {
            Some(expanded) => {
                let inner = TextModel::new(&expanded.text, 0..expanded.text.len());
                let in_tag = |m: &PhraseMatch| {
                    let span = inner.tokens[m.first].span.start..inner.tokens[m.last].span.end;
                    expanded.touches_tag(&span)
                };
                for mut hit in self.word_hits(&inner, &in_tag, &mut cancelled) {
                    // A fix written for a tag's words has no place in the tag as written.
                    hit.fix = hit.fix.take().and_then(|mut edit| {
                        if expanded.touches_tag(&edit.range) {
                            return None;
                        }
                        edit.range = expanded.source_range(&edit.range);
                        Some(edit)
                    });
                    hit.span = expanded.source_range(&hit.span);
                    hits.push(hit);
                }
            }
            None => hits.extend(self.word_hits(model, &|_| false, &mut cancelled)),
        }
        self.link_hits(model, hits);
        cancelled
    }

    /// The hits of the word and pattern entries.
    fn word_hits(
        &self,
        model: &TextModel<'_>,
        in_tag: &dyn Fn(&PhraseMatch) -> bool,
        cancelled: &mut bool,
    ) -> Vec<Hit> {
        let mut found = self.phrase_matches(model, in_tag, cancelled);
        // Phrase matches come left to right without overlaps, so the one that could overlap a
        // pattern match is found by bisection: a line of thousands of matches stays linear.
        let mut from_patterns = Vec::new();
        for m in self.pattern_matches(model) {
            let next = found.partition_point(|(o, _)| o.last < m.first);
            let overlaps = found.get(next).is_some_and(|(o, _)| o.first <= m.last);
            if overlaps {
                continue;
            }
            match self.verdict(model, m) {
                Verdict::Counts => from_patterns.push((m, None)),
                Verdict::Cancelled => *cancelled = true,
                Verdict::NoContext => {}
            }
        }
        found.extend(from_patterns);
        found.sort_by_key(|(m, _)| m.first);
        if let Some(gap) = self.merge_within {
            found = self.merge(model, found, gap);
        }
        found
            .into_iter()
            .map(|chosen| self.hit(model, chosen))
            .collect()
    }

    /// The phrase matches, left to right: at each place the longest entry whose guards pass,
    /// so a shorter entry stands in when a longer one's guards or preposition fail.
    fn phrase_matches(
        &self,
        model: &TextModel<'_>,
        in_tag: &dyn Fn(&PhraseMatch) -> bool,
        cancelled: &mut bool,
    ) -> Vec<Chosen<'static>> {
        let mut out = Vec::new();
        // Positions in `model.solid()`, where every phrase starts.
        let mut from = 0;
        while let Some(at) = self.matcher.next_solid_start(model, from) {
            let chosen = self
                .matcher
                .matches_at_solid(model, at)
                .into_iter()
                .find_map(|m| {
                    let term = &self.terms[m.payload];
                    if term.tag_only && !in_tag(&m) {
                        return None;
                    }
                    match self.verdict(model, m) {
                        Verdict::Counts => {}
                        Verdict::Cancelled => {
                            *cancelled = true;
                            return None;
                        }
                        Verdict::NoContext => return None,
                    }
                    match term.preposition {
                        None => Some((m, None)),
                        Some(p) => following_preposition(model, m.last, p).map(|f| (m, Some(f))),
                    }
                });
            match chosen {
                Some((m, preposition)) => {
                    let end = preposition.map_or(m.last, |(index, _)| index);
                    from = model.solid().partition_point(|&i| i <= end);
                    out.push((m, preposition));
                }
                None => from = at + 1,
            }
        }
        out
    }
}

/// What the lexicon built from `params` finds in `draft`, as written.
#[cfg(test)]
fn found(params: &str, draft: &str) -> Vec<String> {
    super::run_on(build, params, draft)
        .into_iter()
        .map(|(found, _)| found)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preposition_needs_a_suggestion() {
        let table: toml::Table =
            toml::from_str("[[terms]]\nmatch = [\"x\"]\nsuggestion = \"\"\npreposition = \"a\"")
                .expect("toml");
        assert!(build(table).is_err());
    }
}
