//! `special-category`: GDPR art. 9 and 10 data about a person (health, disability, religion,
//! political or trade-union membership, sexual orientation, ethnic origin, criminal records).
//!
//! A category word alone is institutional talk (`campagna vaccinale`, `parcheggi per persone
//! con disabilità`); it counts only when the same sentence also points at a person within
//! `window` words: a person phrase (`il signor`, `suo figlio`), an honorific followed by a
//! capitalised name (`sig. Rossi`), or, in a reply, a pronoun of the addressee (`sua`, `lei`),
//! in the same sentence.
//! `ignore` phrases that contain a category word win over it (longest match first).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Deserialize;

use super::context::within_words;
use crate::checks::{Check, Context, Hit, params};
use crate::platform::Kind;
use crate::text::TokenKind;
use crate::text::normalize::normalize;
use crate::text::phrase::PhraseMatcher;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Category name (shown in the message) → words and phrases.
    categories: BTreeMap<String, Vec<String>>,
    persons: Vec<String>,
    #[serde(default)]
    honorifics: Vec<String>,
    /// Pronouns that, in a reply, point at the citizen answered.
    #[serde(default)]
    addressee: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default = "default_window")]
    window: usize,
}

fn default_window() -> usize {
    10
}

/// Payloads of the pointer matcher.
const PERSON: usize = 0;
const HONORIFIC: usize = 1;
const ADDRESSEE: usize = 2;

#[derive(Debug)]
struct Special {
    names: Vec<String>,
    /// Category words (payload: index in `names`) and ignore phrases (payload: `names.len()`).
    words: PhraseMatcher,
    pointers: PhraseMatcher,
    /// Words whose dot does not end a sentence (the honorifics written with one).
    abbreviations: BTreeSet<String>,
    window: usize,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    let names: Vec<String> = p.categories.keys().cloned().collect();
    let mut words = PhraseMatcher::default();
    for (i, phrases) in p.categories.values().enumerate() {
        for phrase in phrases {
            words.add(phrase, false, i)?;
        }
    }
    for phrase in &p.ignore {
        words.add(phrase, false, names.len())?;
    }
    let mut pointers = PhraseMatcher::default();
    for (list, payload) in [
        (&p.persons, PERSON),
        (&p.honorifics, HONORIFIC),
        (&p.addressee, ADDRESSEE),
    ] {
        for phrase in list {
            pointers.add(phrase, false, payload)?;
        }
    }
    if pointers.is_empty() || names.is_empty() {
        return Err("`categories` and `persons` need at least one entry".into());
    }
    // `dott.ssa` contributes `dott` and `ssa`: both are followed by a dot or a name.
    let abbreviations = p
        .honorifics
        .iter()
        .filter(|h| h.contains('.'))
        .flat_map(|h| h.split('.').map(normalize).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect();
    Ok(Box::new(Special {
        names,
        words,
        pointers,
        abbreviations,
        window: p.window,
    }))
}

impl Special {
    /// Token ranges that point at a person in this draft.
    fn persons(&self, cx: &Context<'_>) -> Vec<Range<usize>> {
        let model = cx.text;
        self.pointers
            .find_all(model)
            .into_iter()
            .filter(|m| match m.payload {
                HONORIFIC => model.next_solid(m.last).is_some_and(|next| {
                    let token = &model.tokens[next];
                    token.kind == TokenKind::Word
                        && model
                            .text(token)
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                }),
                ADDRESSEE => cx.kind == Kind::Reply,
                _ => true,
            })
            .map(|m| m.first..m.last + 1)
            .collect()
    }
}

impl Check for Special {
    fn scanned_lists(&mut self) -> Vec<&mut PhraseMatcher> {
        vec![&mut self.words, &mut self.pointers]
    }

    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let model = cx.text;
        let mut persons = None;
        for m in self.words.find_all(model) {
            let Some(name) = self.names.get(m.payload) else {
                continue;
            };
            let span = model.tokens[m.first].span.start..model.tokens[m.last].span.end;
            let persons = persons.get_or_insert_with(|| self.persons(cx));
            if within_words(
                model,
                persons,
                &span,
                self.window,
                Some(&self.abbreviations),
            ) {
                let mut hit = Hit::at(span).var("category", name.clone());
                hit.sensitive = true;
                hits.push(hit);
            }
        }
    }
}
