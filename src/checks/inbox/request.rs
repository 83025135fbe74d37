//! Which citizens' comments ask something of the page: a question mark, or one of the pack's
//! request phrases (`vorrei sapere`, `a chi devo rivolgermi`, `segnalo`, `da giorni`…).
//!
//! The phrases are parameters of the `inbox/unanswered` rule, so an office changes them in its
//! `.alpost.toml` like any other word list.

use std::ops::Range;

use serde::Deserialize;

use crate::text::phrase::PhraseMatcher;
use crate::text::{TextModel, TokenKind};

/// The parameters of `inbox/unanswered` (check `inbox-request`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestParams {
    /// Whether a question mark makes a comment a request.
    #[serde(default = "yes")]
    pub question_mark: bool,
    /// Phrases that make a comment a request or a report; `*` ends a word prefix.
    pub phrases: Vec<String>,
    /// Phrases that make a question something else (`grazie per le informazioni?` is no
    /// request; a rhetorical `o no?` neither).
    #[serde(default)]
    pub not_requests: Vec<String>,
    /// Moderated hours after which an unanswered request is late (reported as an error).
    pub late_after_hours: u32,
}

fn yes() -> bool {
    true
}

/// A compiled request detector.
#[derive(Debug, Clone)]
pub struct Detector {
    question_mark: bool,
    phrases: PhraseMatcher,
    not_requests: PhraseMatcher,
    pub late_after_hours: u32,
}

impl Detector {
    pub fn new(params: RequestParams) -> Result<Detector, String> {
        let compile = |name: &str, list: &[String]| {
            let mut m = PhraseMatcher::default();
            for (i, phrase) in list.iter().enumerate() {
                m.add(phrase, false, i)
                    .map_err(|e| format!("`{name}`: {e}"))?;
            }
            Ok::<_, String>(m)
        };
        let phrases = compile("phrases", &params.phrases)?;
        if phrases.is_empty() && !params.question_mark {
            return Err(
                "`phrases` is empty and `question_mark` is false: nothing is a request".into(),
            );
        }
        Ok(Detector {
            question_mark: params.question_mark,
            phrases,
            not_requests: compile("not_requests", &params.not_requests)?,
            late_after_hours: params.late_after_hours,
        })
    }

    /// Where `model` asks or reports something: the first request phrase or question mark
    /// outside links, addresses and hashtags. `None` when it is not a request.
    pub fn find(&self, model: &TextModel<'_>) -> Option<Range<usize>> {
        let excluded: Vec<Range<usize>> = self
            .not_requests
            .find_all(model)
            .iter()
            .map(|m| model.tokens[m.first].span.start..model.tokens[m.last].span.end)
            .collect();
        let outside = |span: &Range<usize>| {
            !excluded
                .iter()
                .any(|e| e.start <= span.start && span.end <= e.end)
        };
        let phrase = self
            .phrases
            .find_all(model)
            .into_iter()
            .map(|m| model.tokens[m.first].span.start..model.tokens[m.last].span.end)
            .find(|span| outside(span));
        let question = self
            .question_mark
            .then(|| {
                model
                    .tokens
                    .iter()
                    .filter(|t| t.kind == TokenKind::Punct && model.text(t).contains('?'))
                    .map(|t| t.span.clone())
                    .find(|span| outside(span))
            })
            .flatten();
        match (phrase, question) {
            (Some(p), Some(q)) => Some(if q.start < p.start { q } else { p }),
            (p, q) => p.or(q),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detector() -> Detector {
        Detector::new(RequestParams {
            question_mark: true,
            phrases: vec!["vorrei sapere".into(), "segnalo".into(), "da giorni".into()],
            not_requests: vec!["o no?".into()],
            late_after_hours: 8,
        })
        .expect("valid detector")
    }

    fn found(text: &str) -> Option<&str> {
        let model = TextModel::new(text, 0..text.len());
        detector().find(&model).map(|r| &text[r])
    }

    #[test]
    fn questions_phrases_and_what_is_not_a_request() {
        assert_eq!(found("A che ora apre l'anagrafe?"), Some("?"));
        assert_eq!(
            found("Buongiorno, vorrei sapere gli orari"),
            Some("vorrei sapere")
        );
        assert_eq!(
            found("Il lampione è spento da giorni. Perché?"),
            Some("da giorni")
        );
        assert_eq!(found("SEGNALO una buca"), Some("SEGNALO"));
        assert_eq!(found("Bellissima iniziativa, complimenti!"), None);
        assert_eq!(found("Guardate qui https://example.com/pagina?id=3"), None);
        assert_eq!(found("Bella festa, o no?"), None);
    }

    #[test]
    fn nothing_to_detect_is_an_error() {
        let err = Detector::new(RequestParams {
            question_mark: false,
            phrases: Vec::new(),
            not_requests: Vec::new(),
            late_after_hours: 8,
        })
        .expect_err("empty detector");
        assert!(err.contains("nothing is a request"));
    }
}
