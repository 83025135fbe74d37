//! `shouting`: words in capitals that are not acronyms, and runs of `!` and `?`.
//!
//! A single capitalised word counts only from `min_letters` letters, because short
//! capitalised words are mostly acronyms the pack does not know yet (AMAG, ATM): a false
//! alarm there costs more than a miss. Two or more capitalised words in a row always count.
//! Roman numerals and the pack's `acronyms` never count.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::text::{TextModel, TokenKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    acronyms: Vec<String>,
    #[serde(default = "default_min_letters")]
    min_letters: usize,
}

fn default_min_letters() -> usize {
    5
}

#[derive(Debug)]
struct Shouting {
    acronyms: BTreeSet<String>,
    min_letters: usize,
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    Ok(Box::new(Shouting {
        acronyms: p.acronyms.into_iter().collect(),
        min_letters: p.min_letters.max(2),
    }))
}

fn is_roman_numeral(word: &str) -> bool {
    !word.is_empty()
        && word.chars().all(|c| "IVXLCDM".contains(c))
        && crate::text::normalize::normalize(word).len() <= 8
}

/// Whether the first letter of `word` is small, or its second is after a capital one, as far
/// as its first two bytes tell: this settles nearly every word of a post at once.
fn starts_in_small_letters(word: &[u8]) -> bool {
    match word {
        [first, ..] if first.is_ascii_lowercase() => true,
        [first, second, ..] => first.is_ascii_uppercase() && second.is_ascii_lowercase(),
        _ => false,
    }
}

/// Whether token `index` is surely not a capitalised word, told from its kind and first two
/// bytes without slicing its text: nearly every token of a post (spaces, punctuation, words
/// in small letters or capitalised at the start of a sentence) is settled here.
#[inline(always)]
fn surely_not_capitalised(model: &TextModel<'_>, index: usize) -> bool {
    let token = &model.tokens[index];
    if token.kind != TokenKind::Word {
        return true;
    }
    let written = model.source().as_bytes().get(token.span.clone());
    written.is_none_or(starts_in_small_letters)
}

impl Shouting {
    #[inline]
    fn is_capitalised(&self, model: &TextModel<'_>, index: usize) -> bool {
        if surely_not_capitalised(model, index) {
            return false;
        }
        let written = model.text(&model.tokens[index]);
        let text = written.trim_end_matches(['\'', '’']);
        // One pass that stops at the first small letter, where nearly every word stops.
        let mut letters = 0;
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
        letters >= 2 && !self.acronyms.contains(text) && !is_roman_numeral(text)
    }

    fn letters(model: &TextModel<'_>, index: usize) -> usize {
        model
            .text(&model.tokens[index])
            .chars()
            .filter(|c| c.is_alphabetic())
            .count()
    }
}

impl Check for Shouting {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let model = cx.text;
        // White space starts nothing: the walk goes over the other tokens only.
        let solid = model.solid();
        let mut k = 0;
        while let Some(&i) = solid.get(k) {
            match self.run_at(model, i, hits) {
                Some(last) => k = solid.partition_point(|&j| j <= last),
                None => k += 1,
            }
        }
    }
}

impl Shouting {
    /// The run of capitalised words or of `!` and `?` that starts at token `i`, reported when
    /// long enough: the index of its last token, or `None` when none starts there.
    fn run_at(&self, model: &TextModel<'_>, i: usize, hits: &mut Vec<Hit>) -> Option<usize> {
        if !surely_not_capitalised(model, i) && self.is_capitalised(model, i) {
            let mut last = i;
            while let Some(next) = model.next_solid(last) {
                if model.tokens[next].kind == TokenKind::Newline
                    || !self.is_capitalised(model, next)
                {
                    break;
                }
                // Stop a run at a line break: two headings are two findings.
                if model.tokens[last + 1..next]
                    .iter()
                    .any(|t| t.kind == TokenKind::Newline)
                {
                    break;
                }
                last = next;
            }
            if last > i || Self::letters(model, i) >= self.min_letters {
                let span = model.tokens[i].span.start..model.tokens[last].span.end;
                let kind = if last > i {
                    "parole in maiuscolo"
                } else {
                    "parola in maiuscolo"
                };
                hits.push(Hit::at(span).var("kind", kind));
            }
            return Some(last);
        }
        if model.tokens[i].kind == TokenKind::Punct && is_bang(model.text(&model.tokens[i])) {
            let mut last = i;
            while last + 1 < model.tokens.len()
                && model.tokens[last + 1].kind == TokenKind::Punct
                && is_bang(model.text(&model.tokens[last + 1]))
            {
                last += 1;
            }
            if last > i {
                let span = model.tokens[i].span.start..model.tokens[last].span.end;
                hits.push(Hit::at(span).var("kind", "punteggiatura ripetuta"));
            }
            return Some(last);
        }
        None
    }
}

fn is_bang(text: &str) -> bool {
    matches!(text, "!" | "?" | "！" | "？")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_capitalised`'s letter test as it was before the shortcut.
    fn all_capitals(text: &str) -> bool {
        let letters: Vec<char> = text
            .trim_end_matches(['\'', '’'])
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    }

    /// The walk over every token, as it was before it skipped white space (what a run that
    /// starts at a token is did not change, and both walks ask `run_at`).
    fn reference(check: &Shouting, model: &TextModel<'_>, hits: &mut Vec<Hit>) {
        let mut i = 0;
        while i < model.tokens.len() {
            i = check.run_at(model, i, hits).unwrap_or(i) + 1;
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(1000))]
        #[test]
        fn skipping_white_space_finds_what_the_walk_over_every_token_finds(
            text in "([A-Z]{1,6}|[a-z]{1,4}|[ \n!?.]|IV|URP|È|ÀB){0,24}",
        ) {
            let check = Shouting {
                acronyms: ["URP".to_owned()].into_iter().collect(),
                min_letters: 3,
            };
            let draft = crate::draft::Draft::parse("t.txt", text.clone()).expect("draft");
            let model = TextModel::new(&draft.source, draft.body.clone());
            let cx = Context {
                draft: &draft,
                text: &model,
                kind: crate::platform::Kind::Post,
                platform: crate::platform::Platform::Facebook,
                comment: None,
            };
            let mut fast = Vec::new();
            check.run(&cx, &mut fast);
            let mut slow = Vec::new();
            reference(&check, &model, &mut slow);
            let spans = |hits: &[Hit]| hits.iter().map(|h| (h.span.clone(), h.vars.clone())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(spans(&fast), spans(&slow));
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(1000))]
        /// The byte test agrees with the test on the text for every token of a draft.
        #[test]
        fn the_byte_test_turns_away_only_what_the_text_test_does(
            text in crate::text::samples::draft_text(),
        ) {
            let model = TextModel::new(&text, 0..text.len());
            for (i, token) in model.tokens.iter().enumerate() {
                let by_text =
                    token.kind != TokenKind::Word
                    || starts_in_small_letters(model.text(token).as_bytes());
                proptest::prop_assert_eq!(surely_not_capitalised(&model, i), by_text);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(2000))]
        #[test]
        fn words_starting_in_small_letters_are_never_all_capitals(
            word in "[a-zA-Z0-9'’.ÀÈàè\u{301}]{0,6}",
        ) {
            if starts_in_small_letters(word.as_bytes()) {
                proptest::prop_assert!(!all_capitals(&word), "{:?}", word);
            }
        }
    }
}
