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
fn starts_in_small_letters(word: &str) -> bool {
    match word.as_bytes() {
        [first, ..] if first.is_ascii_lowercase() => true,
        [first, second, ..] => first.is_ascii_uppercase() && second.is_ascii_lowercase(),
        _ => false,
    }
}

impl Shouting {
    #[inline]
    fn is_capitalised(&self, model: &TextModel<'_>, index: usize) -> bool {
        let token = &model.tokens[index];
        if token.kind != TokenKind::Word {
            return false;
        }
        let written = model.text(token);
        if starts_in_small_letters(written) {
            return false;
        }
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
        let mut i = 0;
        while i < model.tokens.len() {
            if self.is_capitalised(model, i) {
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
                    hits.push(Hit::at(span).var("kind", "parole in maiuscolo"));
                }
                i = last + 1;
                continue;
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
                i = last + 1;
                continue;
            }
            i += 1;
        }
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

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(2000))]
        #[test]
        fn words_starting_in_small_letters_are_never_all_capitals(
            word in "[a-zA-Z0-9'’.ÀÈàè\u{301}]{0,6}",
        ) {
            if starts_in_small_letters(&word) {
                proptest::prop_assert!(!all_capitals(&word), "{:?}", word);
            }
        }
    }
}
