//! `shouting`: Italian words in capitals, and runs of `!` and `?`.
//!
//! Shouting is Italian words written in capitals (ATTENZIONE, CHIUSI PER FERIE). A token in
//! capitals that is not a word of the embedded Italian list is an acronym, a code or a name
//! (ATECO, COSAP, VIACQUA), which no closed list could hold; the pack's `acronyms` are the
//! acronyms that are also words (TARI, ARPA, ITALIA). Never shouting either: tokens with a
//! digit (FESTA20, a codice fiscale, an IBAN), Roman numerals, and a month next to a number
//! (16 DICEMBRE 2026). A single word counts from `min_letters` letters, because short words
//! in capitals are mostly acronyms the pack does not know yet; two or more in a row always
//! count.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::text::capitals::{
    all_capitals, is_month, is_word, starts_in_small_letters, trim_apostrophes,
};
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

/// Whether token `index` is surely not in capitals, told from its kind and first two bytes
/// without slicing its text (`text::capitals::starts_in_small_letters`): nearly every token of
/// a post (spaces, punctuation, words in small letters or capitalised at the start of a
/// sentence) is settled here.
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
    /// Whether token `index` is an Italian word shouted: in capitals, a word of the list, and
    /// none of the things in capitals that are not shouting.
    #[inline]
    fn is_shouted(&self, model: &TextModel<'_>, index: usize) -> bool {
        if surely_not_capitalised(model, index) {
            return false;
        }
        let written = model.text(&model.tokens[index]);
        let text = trim_apostrophes(written);
        if !all_capitals(text)
            || text.chars().any(|c| c.is_numeric())
            || self.acronyms.contains(text)
            || is_roman_numeral(text)
            || !is_word(text)
        {
            return false;
        }
        !(is_month(text) && Self::next_to_a_number(model, index))
    }

    /// Whether the solid token before or after `index` is a number or a date.
    fn next_to_a_number(model: &TextModel<'_>, index: usize) -> bool {
        [model.prev_solid(index), model.next_solid(index)]
            .into_iter()
            .flatten()
            .any(|i| {
                matches!(
                    model.tokens[i].kind,
                    TokenKind::Number | TokenKind::Date | TokenKind::Time
                )
            })
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
        if !surely_not_capitalised(model, i) && self.is_shouted(model, i) {
            // A heading in capitals is one finding: the run goes on over what stands between
            // its words on the line (acronyms, names, numbers, dashes: `TRASPORTO RAPIDO DI
            // MASSA - RELAZIONE`) and ends at its last word.
            let (mut last, mut at, mut words) = (i, i, 1);
            while let Some(next) = model.next_solid(at) {
                if model.tokens[at + 1..=next]
                    .iter()
                    .any(|t| t.kind == TokenKind::Newline)
                {
                    break;
                }
                if self.is_shouted(model, next) {
                    (last, at, words) = (next, next, words + 1);
                } else if between_words(model, next) {
                    at = next;
                } else {
                    break;
                }
            }
            if words > 1 || Self::letters(model, i) >= self.min_letters {
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

/// Whether token `i` may stand between two words of a run in capitals: a token without a small
/// letter (acronym, code, name, number, date) or punctuation other than `!` and `?`, which are
/// a finding of their own.
fn between_words(model: &TextModel<'_>, i: usize) -> bool {
    let token = &model.tokens[i];
    let text = model.text(token);
    match token.kind {
        TokenKind::Word => !text.chars().any(char::is_lowercase),
        TokenKind::Number | TokenKind::Date | TokenKind::Time => true,
        TokenKind::Punct => !is_bang(text),
        _ => false,
    }
}

fn is_bang(text: &str) -> bool {
    matches!(text, "!" | "?" | "！" | "？")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(draft: &str) -> Vec<String> {
        super::super::run_on(build, "acronyms = [\"TARI\"]", draft)
            .into_iter()
            .map(|(found, _)| found)
            .collect()
    }

    #[test]
    fn italian_words_in_capitals_shout_and_the_rest_does_not() {
        assert_eq!(
            found("ATTENZIONE: uffici CHIUSI PER FERIE. Non mancate!!"),
            ["ATTENZIONE", "CHIUSI PER FERIE", "!!"]
        );
        // A heading is one finding, over its acronyms, names and dashes.
        assert_eq!(
            found("TRASPORTO RAPIDO DI MASSA - AEEGSI 2026: RELAZIONE\nSEMESTRE"),
            [
                "TRASPORTO RAPIDO DI MASSA - AEEGSI 2026: RELAZIONE",
                "SEMESTRE"
            ]
        );
        assert_eq!(found("CHIUSI!! PER FERIE"), ["CHIUSI", "!!", "PER FERIE"]);
        // Acronyms no list holds, names, codes and the pack's acronyms.
        assert!(
            found("Codice ATECO, canone COSAP, AEEGSI, AULSS 8, DASPO urbano, TARI.").is_empty()
        );
        assert!(found("Bollette VIACQUA e UNIMIA; codice FESTA20.").is_empty());
        assert!(found("CF RSSMRA80A01H501U, IBAN IT60X0542811101000000123456").is_empty());
        // A month in a date is the date's spelling; alone, a shouted word.
        assert!(found("Scade il 16 DICEMBRE 2026, poi APRILE 2027.").is_empty());
        assert_eq!(found("Ci vediamo a DICEMBRE."), ["DICEMBRE"]);
        // Words in capitals without their accent.
        assert_eq!(found("La CITTA' vi aspetta"), ["CITTA"]);
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
            text in "([A-Z]{1,6}|[a-z]{1,4}|[ \n!?.]|IV|URP|È|ÀB|CHIUSI|PER|FERIE|DICEMBRE|CITTA'|[0-9]{1,2}){0,24}",
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
}
