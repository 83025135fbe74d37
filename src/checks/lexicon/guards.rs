//! A term's guards: the words that must not stand right before or after a match, a number
//! next to it, and the phrases that must (`context`) or must not (`unless_context`) stand
//! within `window` words.

use std::ops::Range;

use super::Lexicon;
use super::params::Term;
use crate::text::normalize::normalize;
use crate::text::phrase::{PhraseMatch, PhraseMatcher};
use crate::text::{TextModel, TokenKind};

const DEFAULT_WINDOW: usize = 12;

/// A term's guards, compiled.
#[derive(Debug)]
pub(super) struct Guards {
    /// Phrases that must not stand right before / after the match, as normalized words.
    not_after: Vec<Vec<String>>,
    not_before: Vec<Vec<String>>,
    context: Option<PhraseMatcher>,
    unless: Option<PhraseMatcher>,
}

impl Guards {
    pub(super) fn new(term: &Term) -> Result<Guards, String> {
        Ok(Guards {
            not_after: phrase_words(&term.not_after)?,
            not_before: phrase_words(&term.not_before)?,
            context: phrase_list(&term.context)?,
            unless: phrase_list(&term.unless_context)?,
        })
    }
}

/// Each phrase as its normalized words, tokenized like a body (`l'elezione` is two words).
fn phrase_words(phrases: &[String]) -> Result<Vec<Vec<String>>, String> {
    phrases
        .iter()
        .map(|phrase| {
            let model = TextModel::new(phrase, 0..phrase.len());
            let words: Vec<String> = model
                .tokens
                .iter()
                .filter(|t| !t.kind.is_blank())
                .map(|t| normalize(model.text(t)))
                .collect();
            if words.is_empty() {
                Err(format!("empty phrase `{phrase}`"))
            } else {
                Ok(words)
            }
        })
        .collect()
}

fn phrase_list(phrases: &[String]) -> Result<Option<PhraseMatcher>, String> {
    if phrases.is_empty() {
        return Ok(None);
    }
    let mut m = PhraseMatcher::default();
    for phrase in phrases {
        m.add(phrase, false, 0)?;
    }
    Ok(Some(m))
}

/// What a term's guards make of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Counts,
    /// Its `context` is missing: not enough evidence either way.
    NoContext,
    /// A guard cancelled it (`not_after`, `not_before`, `not_near_number`, `unless_context`):
    /// the words are there, in a sense the list knows is not the rule's.
    Cancelled,
}

impl Lexicon {
    /// What the guards of the match's term make of it.
    pub(super) fn verdict(&self, model: &TextModel<'_>, m: PhraseMatch) -> Verdict {
        let term = &self.terms[m.payload];
        let guards = &self.guards[m.payload];
        if guards
            .not_after
            .iter()
            .any(|words| words_before(model, m.first, words))
            || guards
                .not_before
                .iter()
                .any(|words| words_after(model, m.last, words))
        {
            return Verdict::Cancelled;
        }
        if term.not_in_capitals && in_capitals(model, m) {
            return Verdict::Cancelled;
        }
        let is_number = |i: Option<usize>| i.is_some_and(|i| is_measure(model, i));
        if term.not_near_number
            && (is_number(model.prev_solid(m.first)) || is_number(model.next_solid(m.last)))
        {
            return Verdict::Cancelled;
        }
        // A sentence guard with a `window` too reaches whichever is wider: a short sentence
        // («La destra resta aperta.») still sees the words before it.
        let reach = match (term.sentence, term.window) {
            (true, None) => sentence_of(model, m),
            (true, Some(window)) => {
                let (a, b) = (sentence_of(model, m), words_around(model, m, window));
                a.start.min(b.start)..a.end.max(b.end)
            }
            (false, window) => words_around(model, m, window.unwrap_or(DEFAULT_WINDOW)),
        };
        if let Some(context) = &guards.context
            && !near(model, m, context, reach.clone(), false)
        {
            return Verdict::NoContext;
        }
        if let Some(unless) = &guards.unless
            && near(model, m, unless, reach, true)
        {
            return Verdict::Cancelled;
        }
        Verdict::Counts
    }
}

/// Whether token `i` is a number, or a number glued to its unit (`2,5m`, `10cm`, `3kg`).
fn is_measure(model: &TextModel<'_>, i: usize) -> bool {
    let token = &model.tokens[i];
    token.kind == TokenKind::Number
        || (token.kind == TokenKind::Word
            && model.text(token).starts_with(|c: char| c.is_ascii_digit()))
}

/// Whether the match is written without a small letter and has two letters or digits at least:
/// `PRG`, `C6`, `NMR`, not `Prg` or the lone `X`.
fn in_capitals(model: &TextModel<'_>, m: PhraseMatch) -> bool {
    let written = model.tokens[m.first..=m.last]
        .iter()
        .flat_map(|t| model.text(t).chars());
    let mut solid = 0;
    for c in written {
        if c.is_lowercase() {
            return false;
        }
        solid += usize::from(c.is_alphanumeric());
    }
    solid >= 2
}

/// Whether the solid tokens right before token `first` are `words`, in order.
fn words_before(model: &TextModel<'_>, first: usize, words: &[String]) -> bool {
    let mut at = first;
    for word in words.iter().rev() {
        match model.prev_solid(at) {
            Some(i) if normalize(model.text(&model.tokens[i])) == *word => at = i,
            _ => return false,
        }
    }
    true
}

/// Whether the solid tokens right after token `last` are `words`, in order.
fn words_after(model: &TextModel<'_>, last: usize, words: &[String]) -> bool {
    let mut at = last;
    for word in words {
        match model.next_solid(at) {
            Some(i) if normalize(model.text(&model.tokens[i])) == *word => at = i,
            _ => return false,
        }
    }
    true
}

/// Positions in `model.solid()` from `window` solid tokens before the match to `window` after.
fn words_around(model: &TextModel<'_>, m: PhraseMatch, window: usize) -> Range<usize> {
    let solid = model.solid();
    let at = solid.partition_point(|&i| i < m.first);
    let to = solid.partition_point(|&i| i <= m.last);
    at.saturating_sub(window)..(to + window).min(solid.len())
}

/// Positions in `model.solid()` of the sentence holding the match: back to the last `.`, `!`,
/// `?` or `…` before it (or a blank line), on to the first after it. A colon or a semicolon does
/// not end a sentence («È online la bozza…: fino al 30 aprile potete inviare osservazioni»).
fn sentence_of(model: &TextModel<'_>, m: PhraseMatch) -> Range<usize> {
    let solid = model.solid();
    let ends = |i: usize| {
        let t = &model.tokens[i];
        t.kind == TokenKind::Punct && matches!(model.text(t), "." | "!" | "?" | "…")
    };
    // A blank line: two line breaks with only white space between them.
    let blank_between = |a: usize, b: usize| {
        model.tokens[a.min(b)..a.max(b)]
            .iter()
            .filter(|t| t.kind == TokenKind::Newline)
            .count()
            >= 2
    };
    let at = solid.partition_point(|&i| i < m.first);
    let to = solid.partition_point(|&i| i <= m.last);
    let mut lo = at;
    while lo > 0 && !ends(solid[lo - 1]) && !blank_between(solid[lo - 1], solid[lo]) {
        lo -= 1;
    }
    let mut hi = to;
    while hi < solid.len() && !blank_between(solid[hi - 1], solid[hi]) {
        hi += 1;
        if ends(solid[hi - 1]) {
            break;
        }
    }
    lo..hi
}

/// Whether a phrase of `list` starts at a position of `reach` (in `model.solid()`). With
/// `overlap`, a phrase may also start inside the match (so `lista d'attesa` can cancel
/// `lista`); without it, the match itself never counts as its own context.
fn near(
    model: &TextModel<'_>,
    m: PhraseMatch,
    list: &PhraseMatcher,
    reach: Range<usize>,
    overlap: bool,
) -> bool {
    let solid = model.solid();
    reach
        .filter(|&at| overlap || solid[at] < m.first || solid[at] > m.last)
        .any(|at| list.any_at_solid(model, at))
}

#[cfg(test)]
mod tests {
    use super::super::found;

    #[test]
    fn capitals_and_numbers_glued_to_units() {
        let params = "[[terms]]\nmatch = [\"prg\", \"c6\"]\nnot_in_capitals = true\n\
                      [[terms]]\nmatch = [\"x\"]\ncase_sensitive = true\nnot_near_number = true";
        assert_eq!(
            found(params, "Il PRG e la categoria C6; prg, Prg e c6 sì."),
            ["prg", "Prg", "c6"]
        );
        assert_eq!(
            found(params, "Box di 2,5m x 5,0m e 10cm x 3 cm; grazie x tutto"),
            ["x"]
        );
    }

    #[test]
    fn not_after_and_not_before_take_phrases() {
        let params = r#"
            [[terms]]
            match = ["votare per"]
            not_after = ["chiamati a"]
            not_before = ["l'elezione", "la prima volta"]
        "#;
        assert_eq!(found(params, "Votare per Rossi"), ["Votare per"]);
        assert!(found(params, "Gli elettori sono chiamati a votare per Rossi").is_empty());
        assert!(found(params, "Si può votare per l’elezione del Sindaco").is_empty());
        assert!(found(params, "Chi deve votare per la prima volta").is_empty());
        // A phrase guard needs all of its words: `a` alone is not `chiamati a`.
        assert_eq!(found(params, "Andiamo a votare per Rossi"), ["votare per"]);
    }

    #[test]
    fn unless_context_cancels_and_may_overlap_the_match() {
        let params = r#"
            [[terms]]
            match = ["lista"]
            unless_context = ["lista d'attesa", "tessera elettorale"]
            window = 4
        "#;
        assert_eq!(found(params, "Sostieni la lista"), ["lista"]);
        assert!(found(params, "Siete in lista d'attesa").is_empty());
        assert!(found(params, "La lista e la tessera elettorale").is_empty());
        assert_eq!(
            found(
                params,
                "La lista: uno due tre quattro cinque tessera elettorale"
            ),
            ["lista"]
        );
    }

    #[test]
    fn sentence_guards_reach_the_whole_sentence_and_stop_at_its_end() {
        let params = r#"
            [[terms]]
            match = ["bozza"]
            unless_context = ["osservazioni"]
            sentence = true
        "#;
        assert!(
            found(
                params,
                "È online la bozza del nuovo Regolamento del verde urbano: fino al 30 aprile \
                 potete inviare a tutti gli uffici competenti osservazioni e proposte"
            )
            .is_empty()
        );
        assert_eq!(
            found(params, "La bozza del piano. Le osservazioni sono chiuse."),
            ["bozza"]
        );
        assert_eq!(
            found(params, "Osservazioni chiuse\n\nEcco la bozza"),
            ["bozza"]
        );
    }

    #[test]
    fn context_still_excludes_the_match_itself() {
        let params = r#"
            [[terms]]
            match = ["azione"]
            context = ["azione", "partito"]
        "#;
        assert!(found(params, "Un'azione di pulizia").is_empty());
        assert_eq!(found(params, "Il partito Azione"), ["Azione"]);
    }
}
