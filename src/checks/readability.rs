//! `sentence-length` and `readability`: long sentences and the Gulpease index of the body.
//!
//! Both count words, letters and sentences with `text::counts`, so they agree with each other
//! and with the README on what a word and a sentence are.

use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::text::counts::{Abbreviations, Counts, Sentence, gulpease};
use crate::text::normalize::normalize;
use crate::text::{TextModel, TokenKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LengthParams {
    /// Most words a sentence may have.
    max: usize,
    /// Words after which a full stop does not end a sentence (`dott`, `art`).
    #[serde(default)]
    abbreviations: Vec<String>,
}

#[derive(Debug)]
struct SentenceLength {
    max: usize,
    abbreviations: Abbreviations,
}

pub fn build_sentence_length(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: LengthParams = params(table)?;
    if p.max == 0 {
        return Err("`max` must be at least 1".into());
    }
    Ok(Box::new(SentenceLength {
        max: p.max,
        abbreviations: normalize_all(&p.abbreviations),
    }))
}

impl Check for SentenceLength {
    fn abbreviations(&mut self) -> Option<&mut Abbreviations> {
        Some(&mut self.abbreviations)
    }

    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        // Most replies are shorter than one long sentence: splitting them cannot find one.
        if !more_words_than(cx.text, self.max) {
            return;
        }
        for sentence in cx.text.sentences(&self.abbreviations).iter() {
            if sentence.words > self.max {
                hits.push(
                    Hit::at(sentence.span.clone())
                        .var("words", sentence.words.to_string())
                        .var("limit", self.max.to_string()),
                );
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadabilityParams {
    /// The lowest acceptable Gulpease index.
    min: f64,
    /// Texts with fewer words are not scored: the index means little on a line or two.
    min_words: usize,
    #[serde(default)]
    abbreviations: Vec<String>,
}

#[derive(Debug)]
struct Readability {
    min: f64,
    min_words: usize,
    abbreviations: Abbreviations,
}

pub fn build_readability(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: ReadabilityParams = params(table)?;
    if !(0.0..=100.0).contains(&p.min) {
        return Err(format!(
            "`min` must be between 0 and 100 (the Gulpease scale), found {}",
            p.min
        ));
    }
    Ok(Box::new(Readability {
        min: p.min,
        min_words: p.min_words,
        abbreviations: normalize_all(&p.abbreviations),
    }))
}

impl Check for Readability {
    fn abbreviations(&mut self) -> Option<&mut Abbreviations> {
        Some(&mut self.abbreviations)
    }

    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        // A body too short to score is settled without splitting it into sentences.
        if !more_words_than(cx.text, self.min_words.max(1) - 1) {
            return;
        }
        let found = cx.text.sentences(&self.abbreviations);
        let counts = Counts::of(&found);
        if counts.words < self.min_words.max(1) {
            return;
        }
        let Some(score) = counts.gulpease() else {
            return;
        };
        if score >= self.min {
            return;
        }
        // The whole body is the subject; the hardest sentence is where rewriting pays most.
        let Some(hardest) = found
            .iter()
            .min_by(|a, b| sentence_score(a).total_cmp(&sentence_score(b)))
        else {
            return;
        };
        hits.push(
            Hit::at(hardest.span.clone())
                // Rounded down, so a score just under the threshold never reads as equal to it.
                .var("score", format!("{:.0}", score.floor()))
                .var("limit", format!("{}", self.min))
                .var("words", counts.words.to_string())
                .var("letters", counts.letters.to_string())
                .var("sentences", counts.sentences.to_string()),
        );
    }
}

/// Whether the body holds more than `limit` words. The sentences of `counts` hold every
/// `Word` token and nothing else counts as a word, so this bounds both the body's total and
/// each sentence's count without splitting the body; it stops counting past `limit`.
fn more_words_than(model: &TextModel<'_>, limit: usize) -> bool {
    model
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .nth(limit)
        .is_some()
}

fn sentence_score(s: &Sentence) -> f64 {
    gulpease(s.words, s.letters, 1).unwrap_or(100.0)
}

fn normalize_all(words: &[String]) -> Abbreviations {
    Abbreviations::new(
        words
            .iter()
            .map(|w| normalize(w.trim_end_matches('.')))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::counts::sentences;

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(1000))]
        /// The shortcut's premise: the sentences hold exactly the body's `Word` tokens, so no
        /// sentence (and no total) can exceed a count the tokens do not.
        #[test]
        fn the_word_count_bounds_the_sentences(
            text in crate::text::samples::draft_text(),
            limit in 0usize..12,
        ) {
            let model = TextModel::new(&text, 0..text.len());
            let found = sentences(&model, &["dott".to_owned()]);
            let total = Counts::of(&found).words;
            proptest::prop_assert_eq!(more_words_than(&model, limit), total > limit);
            if !more_words_than(&model, limit) {
                proptest::prop_assert!(found.iter().all(|s| s.words <= limit));
            }
        }
    }
}
