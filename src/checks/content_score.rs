//! `content-score`: a lexicon with the content scorer (`crate::score`) as its second opinion.
//!
//! The lists of `content/political` and `content/advertising` are precise, but a quarter of
//! partisan posts and most listings say none of their words. This check runs the rule's lexicon
//! first; when the lexicon finds nothing, and none of its guards recognised an institutional
//! sense of its words («Lega Navale», «tariffa», «si vota»), it asks the scorer for the rule's
//! class. A score at or above the threshold is a hit of the variant `score` (a warning in the
//! packs: «da rivedere»), with the words that weighed most and the score, so the writer sees
//! why. List findings keep the rule's own level, and a draft with one never gets a score
//! finding of the same rule.
//!
//! Parameters beyond the lexicon's: `score_class` (the model's class, `political` or
//! `commercial`), `score_threshold` (default: the model's own) and `score` (`false` turns the
//! second opinion off) and `score_unless` (phrases of the institutional side of the topic, such
//! as the administration of an election: a text that says one is not scored, because the
//! model, trained on partisan text, weighs «elezioni» and «ministro» the same wherever they
//! are). An office changes them in `.alpost.toml`.

use std::cell::RefCell;
use std::ops::Range;

use serde::Deserialize;

use super::lexicon::{Lexicon, build_lexicon};
use super::{Check, Context, Hit};
use crate::score::{Contribution, Model, Score};
use crate::text::phrase::PhraseMatcher;
use crate::text::{TextModel, TokenKind};

/// The variant of a score hit.
pub const SCORE_VARIANT: &str = "score";

/// The parameters this check adds to a lexicon's.
const KEYS: [&str; 4] = ["score_class", "score_threshold", "score", "score_unless"];

/// How many words a message names at most.
const SHOWN: usize = 3;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreParams {
    score_class: String,
    score_threshold: Option<f64>,
    #[serde(default = "yes")]
    score: bool,
    /// Phrases of the institutional side of the class's topic (the administration of an
    /// election: «convocazione dei comizi», «Prefettura»): a text that says one is not scored.
    #[serde(default)]
    score_unless: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug)]
struct ContentScore {
    lexicon: Lexicon,
    model: &'static Model,
    class: String,
    threshold: f64,
    enabled: bool,
    unless: Vec<String>,
}

pub fn build(mut table: toml::Table) -> Result<Box<dyn Check>, String> {
    let mut own = toml::Table::new();
    for key in KEYS {
        if let Some(value) = table.remove(key) {
            own.insert(key.to_owned(), value);
        }
    }
    let p: ScoreParams = super::params(own)?;
    let lexicon = build_lexicon(table)?;
    let model = crate::score::embedded().map_err(|e| format!("the content model: {e}"))?;
    let Some(class) = model.class(&p.score_class) else {
        let names: Vec<String> = model
            .classes
            .iter()
            .map(|c| format!("`{}`", c.name))
            .collect();
        return Err(format!(
            "`score_class = \"{}\"`: the content model has the classes {}",
            p.score_class,
            names.join(", ")
        ));
    };
    let threshold = p.score_threshold.unwrap_or(class.threshold);
    if !threshold.is_finite() {
        return Err("`score_threshold` must be a finite number".into());
    }
    Ok(Box::new(ContentScore {
        lexicon,
        model,
        class: class.name.clone(),
        threshold,
        enabled: p.score,
        unless: p
            .score_unless
            .iter()
            .map(|phrase| fold(phrase))
            .filter(|phrase| !phrase.is_empty())
            .collect(),
    }))
}

impl Check for ContentScore {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let before = hits.len();
        let cancelled = self.lexicon.scan(cx.text, hits);
        if !self.enabled || cancelled || hits.len() > before {
            return;
        }
        let Some(score) = self.score(cx.text.body_text()) else {
            return;
        };
        if score.value < self.threshold || self.says_unless(cx.text.body_text()) {
            return;
        }
        let words = shown_words(&score.top);
        let span = anchor(cx.text, &score.top);
        hits.push(
            Hit::at(span)
                .variant(SCORE_VARIANT)
                .var("words", words)
                .var("score", decimal(score.value))
                .var("threshold", decimal(self.threshold)),
        );
    }

    fn scanned_lists(&mut self) -> Vec<&mut PhraseMatcher> {
        self.lexicon.scanned_lists()
    }

    fn explain(&self) -> Option<String> {
        let state = if self.enabled {
            format!(
                "Soglia attuale: {} (quella del modello: {}).",
                decimal(self.threshold),
                self.model
                    .class(&self.class)
                    .map_or_else(|| "?".into(), |c| decimal(c.threshold))
            )
        } else {
            "Il secondo parere è spento (score = false).".into()
        };
        Some(format!(
            "Secondo parere statistico (classe «{class}» del modello dei contenuti):
quando le liste non trovano nulla, un punteggio lineare pesa le parole, le coppie di parole, le
forme dei numeri e i prezzi del testo (anche dentro hashtag e menzioni) con i pesi del modello
(rules/model/content.tsv, addestrato da scripts/content-model/train.py), e divide la somma per la
radice del numero di tratti (almeno 12), così un testo lungo non vince per la lunghezza. Se il
punteggio raggiunge la soglia, la regola dà un avviso «da rivedere» con le parole che hanno pesato
di più e il punteggio. Non scatta se una voce delle liste ha già trovato qualcosa, né se una loro
guardia ha riconosciuto un senso istituzionale («Lega Navale», «tariffa», «si vota»), né se il
testo dice una delle frasi di `score_unless` (il lato istituzionale del tema: per le elezioni
«convocazione dei comizi», «Prefettura», «seggi»…).
{state}
Per cambiarla, in .alpost.toml:
  [rules.\"{id}\"]
  score_threshold = 4.5   # più alta: meno avvisi e più testi non visti; più bassa, il contrario
  score = false           # spegne il secondo parere; le liste restano",
            class = self.class,
            id = if self.class == "political" {
                "content/political"
            } else {
                "content/advertising"
            },
        ))
    }
}

thread_local! {
    /// The scores of the last body scored on this thread: the two content rules score the same
    /// body one after the other, and the model gives every class in one pass.
    static LAST: RefCell<Option<(String, Vec<Score>)>> = const { RefCell::new(None) };
}

impl ContentScore {
    /// Whether the body says one of the `score_unless` phrases, as a whole word sequence.
    /// Asked only of a text that scored above the threshold, which few do.
    fn says_unless(&self, body: &str) -> bool {
        if self.unless.is_empty() {
            return false;
        }
        let body = fold(body);
        self.unless
            .iter()
            .any(|phrase| contains_words(&body, phrase))
    }

    fn score(&self, body: &str) -> Option<Score> {
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            let fresh = last.as_ref().is_none_or(|(text, _)| text != body);
            if fresh {
                *last = Some((body.to_owned(), self.model.score(body)));
            }
            last.as_ref()
                .and_then(|(_, scores)| scores.iter().find(|s| s.class == self.class))
                .cloned()
        })
    }
}

/// The words of the features that weighed most, as the message shows them: only features
/// that are words (no shapes of numbers, which could echo a personal number), at most
/// `SHOWN`, each once.
fn shown_words(top: &[Contribution]) -> String {
    let mut words: Vec<String> = Vec::new();
    for c in top {
        if !(c.feature.starts_with("w:") || c.feature.starts_with("b:")) {
            continue;
        }
        let label = c.label();
        if label.chars().any(|ch| ch.is_ascii_digit() || ch == '@') || words.contains(&label) {
            continue;
        }
        words.push(label);
        if words.len() == SHOWN {
            break;
        }
    }
    if words.is_empty() {
        return top
            .first()
            .map(Contribution::label)
            .filter(|l| !l.chars().any(|ch| ch.is_ascii_digit()))
            .unwrap_or_else(|| "il lessico del testo".into());
    }
    words
        .iter()
        .map(|w| format!("«{w}»"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a score finding points: the first word of the text that weighed most, or the start
/// of the text (an empty span) when none is written as such.
fn anchor(model: &TextModel<'_>, top: &[Contribution]) -> Range<usize> {
    let first_word = top.iter().find_map(|c| {
        let word = c.feature.strip_prefix("w:")?;
        model
            .tokens
            .iter()
            .find(|t| t.kind == TokenKind::Word && model.text(t).to_lowercase() == word)
            .map(|t| t.span.clone())
    });
    first_word.unwrap_or_else(|| super::front_matter_anchor(model))
}

/// Text as `score_unless` compares it: lower case, typographic apostrophes made plain.
fn fold(text: &str) -> String {
    text.to_lowercase().replace(['\u{2019}', '\u{02bc}'], "'")
}

/// Whether `phrase` occurs in `text` with no letter or digit glued to either end.
fn contains_words(text: &str, phrase: &str) -> bool {
    let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(phrase).any(|(at, _)| {
        !glued(text[..at].chars().next_back()) && !glued(text[at + phrase.len()..].chars().next())
    })
}

/// A score as the messages write it: two decimals, Italian comma.
fn decimal(value: f64) -> String {
    format!("{value:.2}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::run_on;

    const POLITICAL: &str = r#"
        score_class = "political"
        score_threshold = 1.0
        [[terms]]
        match = ["Lega"]
        case_sensitive = true
        not_before = ["Navale"]
    "#;

    #[test]
    fn unless_phrases_are_whole_words_in_any_case() {
        assert!(contains_words(&fold("La Prefettura informa"), "prefettura"));
        assert!(contains_words(
            &fold("convocazione dei comizi."),
            "convocazione dei comizi"
        ));
        assert!(!contains_words("sottoprefettura", "prefettura"));
        assert!(contains_words(
            &fold("l\u{2019}ufficio elettorale"),
            "l'ufficio elettorale"
        ));
    }

    fn contribution(feature: &str, weight: f64) -> Contribution {
        Contribution {
            feature: feature.into(),
            weight,
            contribution: weight / 4.0,
        }
    }

    #[test]
    fn the_message_names_words_never_numbers() {
        let top = [
            contribution("n:d.ddd", 3.0),
            contribution("w:governo", 2.0),
            contribution("b:prezzo <num>", 1.5),
            contribution("w:sinistra", 1.0),
            contribution("w:tasse", 0.5),
            contribution("w:elezioni", 0.4),
        ];
        assert_eq!(shown_words(&top), "«governo», «prezzo numero», «sinistra»");
        assert_eq!(shown_words(&[contribution("p:price", 1.0)]), "un prezzo");
        assert_eq!(shown_words(&[]), "il lessico del testo");
    }

    #[test]
    fn a_list_finding_or_a_guard_leaves_no_room_for_the_score() {
        let partisan = "Il governo Meloni ha tradito gli italiani: la sinistra in piazza \
                        contro le tasse, le elezioni sono vicine e noi vinceremo";
        let found = run_on(build, POLITICAL, partisan);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.variant, Some(SCORE_VARIANT));
        assert!(found[0].1.vars.iter().any(|(k, _)| *k == "score"));
        let listed = run_on(build, POLITICAL, &format!("{partisan} con la Lega"));
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].0, "Lega");
        assert_eq!(listed[0].1.variant, None);
        let guarded = run_on(build, POLITICAL, &format!("{partisan} alla Lega Navale"));
        assert!(guarded.is_empty());
    }

    #[test]
    fn the_threshold_and_the_switch_are_parameters() {
        let text = "Il governo ha tradito gli italiani: la sinistra in piazza contro le tasse";
        let high = POLITICAL.replace("score_threshold = 1.0", "score_threshold = 99.0");
        assert!(run_on(build, &high, text).is_empty());
        let off = POLITICAL.replace("score_threshold = 1.0", "score = false");
        assert!(run_on(build, &off, text).is_empty());
        assert!(!run_on(build, POLITICAL, text).is_empty());
        let unless = POLITICAL.replace(
            "score_threshold = 1.0",
            "score_threshold = 1.0\nscore_unless = [\"in piazza\"]",
        );
        assert!(run_on(build, &unless, text).is_empty());
        let glued = POLITICAL.replace(
            "score_threshold = 1.0",
            "score_threshold = 1.0\nscore_unless = [\"piazz\"]",
        );
        assert!(
            !run_on(build, &glued, text).is_empty(),
            "a phrase is whole words"
        );
        let table = |s: &str| toml::from_str::<toml::Table>(s).expect("toml");
        assert!(build(table(&POLITICAL.replace("political", "sport"))).is_err());
        assert!(
            build(table(
                "score_class = \"political\"\nscore_threshold = nan\n[[terms]]\nmatch = [\"x\"]"
            ))
            .is_err()
        );
    }
}
