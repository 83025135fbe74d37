//! `lexicon`: words and phrases from the pack, each with an optional suggestion and guards.
//!
//! The general check behind abbreviations, jargon and any word list an office adds. Guards
//! keep ambiguous entries honest: `case_sensitive` (the Roman numeral `X` is not `x`),
//! `not_near_number` (`2 x 3 m`), `not_after` / `not_before` (`Lega Navale`), and `context`
//! (a word that must appear within `window` words for the entry to count).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::text::normalize::normalize;
use crate::text::phrase::{PhraseMatch, PhraseMatcher};
use crate::text::{TextModel, TokenKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Plain entries: phrase → suggestion.
    #[serde(default)]
    words: BTreeMap<String, String>,
    #[serde(default)]
    terms: Vec<Term>,
    /// Whether suggestions are offered as automatic fixes.
    #[serde(default)]
    fixable: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Term {
    #[serde(rename = "match")]
    phrases: Vec<String>,
    suggestion: Option<String>,
    /// `false` keeps a suggestion as advice only.
    fix: Option<bool>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    not_after: Vec<String>,
    #[serde(default)]
    not_before: Vec<String>,
    #[serde(default)]
    not_near_number: bool,
    #[serde(default)]
    context: Vec<String>,
    window: Option<usize>,
    note: Option<String>,
}

#[derive(Debug)]
struct Lexicon {
    terms: Vec<Term>,
    matcher: PhraseMatcher,
    /// Per term: the phrases that must appear nearby, if any.
    contexts: Vec<Option<PhraseMatcher>>,
    fixable: bool,
}

const DEFAULT_WINDOW: usize = 12;

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    let mut terms = p.terms;
    terms.extend(p.words.into_iter().map(|(phrase, suggestion)| Term {
        phrases: vec![phrase],
        suggestion: Some(suggestion),
        ..Term::default()
    }));
    if terms.is_empty() {
        return Err("a lexicon needs `words` or `terms`".into());
    }
    let mut matcher = PhraseMatcher::default();
    let mut contexts = Vec::with_capacity(terms.len());
    for (i, term) in terms.iter_mut().enumerate() {
        if term.phrases.is_empty() {
            return Err(format!("term {} has an empty `match` list", i + 1));
        }
        for phrase in &term.phrases {
            matcher.add(phrase, term.case_sensitive, i)?;
        }
        term.not_after = term.not_after.iter().map(|w| normalize(w)).collect();
        term.not_before = term.not_before.iter().map(|w| normalize(w)).collect();
        contexts.push(if term.context.is_empty() {
            None
        } else {
            let mut m = PhraseMatcher::default();
            for phrase in &term.context {
                m.add(phrase, false, 0)?;
            }
            Some(m)
        });
    }
    Ok(Box::new(Lexicon {
        terms,
        matcher,
        contexts,
        fixable: p.fixable,
    }))
}

impl Check for Lexicon {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let model = cx.text;
        for m in self.matcher.find_all(model) {
            let term = &self.terms[m.payload];
            if !self.guards_pass(model, term, m) {
                continue;
            }
            let span = model.tokens[m.first].span.start..model.tokens[m.last].span.end;
            let found = &model.source()[span.clone()];
            let mut hit = Hit::at(span.clone());
            if let Some(note) = &term.note {
                hit = hit.var("note", note.clone());
            }
            if let Some(suggestion) = &term.suggestion {
                let fix_allowed = self.fixable && term.fix.unwrap_or(!suggestion.contains('/'));
                hit = hit.var("suggestion", match_case(found, suggestion));
                if fix_allowed {
                    hit.fix = Some(replacement(model, m, found, suggestion));
                }
            }
            hits.push(hit);
        }
    }

    fn fixable(&self) -> bool {
        self.fixable
    }
}

impl Lexicon {
    fn guards_pass(&self, model: &TextModel<'_>, term: &Term, m: PhraseMatch) -> bool {
        let prev = model.prev_solid(m.first);
        let next = model.next_solid(m.last);
        let word_of = |i: Option<usize>| i.map(|i| normalize(model.text(&model.tokens[i])));
        if word_of(prev).is_some_and(|w| term.not_after.contains(&w))
            || word_of(next).is_some_and(|w| term.not_before.contains(&w))
        {
            return false;
        }
        let is_number =
            |i: Option<usize>| i.is_some_and(|i| model.tokens[i].kind == TokenKind::Number);
        if term.not_near_number && (is_number(prev) || is_number(next)) {
            return false;
        }
        match &self.contexts[m.payload] {
            None => true,
            Some(context) => {
                let window = term.window.unwrap_or(DEFAULT_WINDOW);
                let solid: Vec<usize> = (0..model.tokens.len())
                    .filter(|&i| !model.tokens[i].kind.is_blank())
                    .collect();
                let at = solid.partition_point(|&i| i < m.first);
                let to = solid.partition_point(|&i| i <= m.last);
                let lo = at.saturating_sub(window);
                let hi = (to + window).min(solid.len());
                solid[lo..hi]
                    .iter()
                    .filter(|&&i| i < m.first || i > m.last)
                    .any(|&i| !context.matches_at(model, i).is_empty())
            }
        }
    }
}

/// The edit that applies `suggestion` in place of a match, keeping the writer's case. An
/// empty suggestion deletes the phrase with the space after it, and a capital it carried
/// moves to the next word (`Si comunica che il` → `Il`).
fn replacement(
    model: &TextModel<'_>,
    m: PhraseMatch,
    found: &str,
    suggestion: &str,
) -> super::Edit {
    let start = model.tokens[m.first].span.start;
    let end = model.tokens[m.last].span.end;
    if !suggestion.is_empty() {
        return super::Edit {
            range: start..end,
            replacement: match_case(found, suggestion),
        };
    }
    let next = model.next_solid(m.last);
    let capital = found.chars().next().is_some_and(char::is_uppercase);
    match next {
        Some(n) if capital && model.tokens[n].kind == TokenKind::Word => {
            let word = model.text(&model.tokens[n]);
            super::Edit {
                range: start..model.tokens[n].span.end,
                replacement: capitalize(word),
            }
        }
        Some(n) => super::Edit {
            range: start..model.tokens[n].span.start,
            replacement: String::new(),
        },
        None => super::Edit {
            range: start..end,
            replacement: String::new(),
        },
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `suggestion` in the case the writer used: `CMQ` → `COMUNQUE`, `Cmq` → `Comunque`.
pub fn match_case(found: &str, suggestion: &str) -> String {
    let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        suggestion.to_uppercase()
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        capitalize(suggestion)
    } else {
        suggestion.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_follows_the_writer() {
        assert_eq!(match_case("CMQ", "comunque"), "COMUNQUE");
        assert_eq!(match_case("Cmq", "comunque"), "Comunque");
        assert_eq!(match_case("cmq", "comunque"), "comunque");
        assert_eq!(match_case("X", "per"), "Per");
    }
}
