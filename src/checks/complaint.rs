//! `complaint`: a reply to a complaint must say who handles it, how to reach them, or what
//! will be done.
//!
//! The comment being answered (`in_reply_to`) is a complaint when it contains one of the
//! pack's `triggers` outside a question about the procedure («Quali dati servono per inoltrare
//! reclamo?» asks how, it does not complain). The reply is then fine when it names an office
//! or a contact (`offices`, any link, e-mail address or office phone number in the text) or an
//! action (`actions`). The finding points at
//! the start of the reply, since what is missing has no place in the text.

use serde::Deserialize;

use super::{Check, Context, Hit, front_matter_anchor, params};
use crate::text::phrase::PhraseMatcher;
use crate::text::{TextModel, TokenKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Phrases that make the citizen's comment a complaint.
    triggers: Vec<String>,
    /// Phrases naming the competent office or a way to reach it.
    offices: Vec<String>,
    /// Phrases saying what will be done.
    actions: Vec<String>,
}

#[derive(Debug)]
struct Complaint {
    triggers: PhraseMatcher,
    offices: PhraseMatcher,
    actions: PhraseMatcher,
}

fn compile(name: &str, phrases: &[String]) -> Result<PhraseMatcher, String> {
    let mut m = PhraseMatcher::default();
    for phrase in phrases {
        m.add(phrase, false, 0)?;
    }
    if m.is_empty() {
        return Err(format!("`{name}` must not be empty"));
    }
    Ok(m)
}

pub fn build(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: Params = params(table)?;
    Ok(Box::new(Complaint {
        triggers: compile("triggers", &p.triggers)?,
        offices: compile("offices", &p.offices)?,
        actions: compile("actions", &p.actions)?,
    }))
}

/// The first phrase of `list` in `model`, as written.
fn first_match<'s>(model: &TextModel<'s>, list: &PhraseMatcher) -> Option<&'s str> {
    list.find_first(model)
        .map(|m| &model.source()[model.tokens[m.first].span.start..model.tokens[m.last].span.end])
}

impl Check for Complaint {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let Some(comment) = cx.draft.front.in_reply_to.as_deref() else {
            return;
        };
        // Indexed with the draft's rule set, whose index holds the triggers too.
        let comment = cx.text.with_source(comment);
        let Some(trigger) = self
            .triggers
            .find_all(&comment)
            .into_iter()
            .find(|m| !in_procedure_question(&comment, m.first))
            .map(|m| {
                &comment.source()
                    [comment.tokens[m.first].span.start..comment.tokens[m.last].span.end]
            })
        else {
            return;
        };
        let reply = cx.text;
        let has_contact = reply
            .tokens
            .iter()
            .any(|t| matches!(t.kind, TokenKind::Url | TokenKind::Email))
            || has_office_phone(reply);
        if has_contact
            || first_match(reply, &self.offices).is_some()
            || first_match(reply, &self.actions).is_some()
        {
            return;
        }
        hits.push(Hit::at(front_matter_anchor(reply)).var("trigger", trigger));
    }

    fn scanned_lists(&mut self) -> Vec<&mut PhraseMatcher> {
        vec![&mut self.triggers, &mut self.offices, &mut self.actions]
    }
}

/// The words that open a question about how, where or when to do something: a trigger inside
/// such a question is asked about, not complained of. «Perché» is not among them: «perché non
/// funziona?» complains, and neither are «è» and «che» («È normale che non funzioni da giorni?»,
/// «Che fine ha fatto il mio reclamo?»).
const PROCEDURE_QUESTIONS: &[&str] = &[
    "quali", "quale", "qual", "come", "dove", "quando", "cosa", "chi", "a", "posso", "possiamo",
    "si", "serve", "servono", "bisogna", "devo", "dobbiamo",
];

/// Whether token `at` is in a sentence that ends with `?` and opens with one of
/// `PROCEDURE_QUESTIONS` («Quali dati servono per inoltrare reclamo?», «Come si segnala un
/// guasto?»).
fn in_procedure_question(model: &TextModel<'_>, at: usize) -> bool {
    let ends = |t: &crate::text::Token| {
        t.kind == TokenKind::Newline
            || (t.kind == TokenKind::Punct && matches!(model.text(t), "." | "!" | "?"))
    };
    let start = model.tokens[..at]
        .iter()
        .rposition(ends)
        .map_or(0, |i| i + 1);
    let Some(end) = model.tokens[at..].iter().position(ends).map(|i| at + i) else {
        return false;
    };
    if model.text(&model.tokens[end]) != "?" {
        return false;
    }
    model.tokens[start..end]
        .iter()
        .find(|t| t.kind == TokenKind::Word)
        .is_some_and(|t| {
            PROCEDURE_QUESTIONS.contains(&crate::text::normalize::normalize(model.text(t)).as_str())
        })
}

/// Whether the reply gives an office's phone number: digits that start with 0 (a landline) or
/// 800 (a freephone number), six or more in a group written with spaces, dots or dashes.
fn has_office_phone(model: &TextModel<'_>) -> bool {
    let mut digits = String::new();
    for token in &model.tokens {
        match token.kind {
            TokenKind::Number => {
                digits.extend(model.text(token).chars().filter(char::is_ascii_digit))
            }
            TokenKind::Space => continue,
            TokenKind::Punct
                if matches!(model.text(token), "." | "-" | "/") && !digits.is_empty() =>
            {
                continue;
            }
            _ => digits.clear(),
        }
        if digits.len() >= 6 && (digits.starts_with('0') || digits.starts_with("800")) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMS: &str = r#"
        triggers = ["reclamo", "da giorni", "non funziona"]
        offices = ["ufficio", "settore", "urp"]
        actions = ["interverr*", "sopralluogo"]
    "#;

    fn fires(comment: &str, reply: &str) -> Option<String> {
        let draft = format!("+++\nkind = \"reply\"\nin_reply_to = {comment:?}\n+++\n{reply}");
        super::super::run_on(build, PARAMS, &draft)
            .into_iter()
            .next()
            .map(|(_, hit)| hit.vars[0].1.clone())
    }

    #[test]
    fn a_complaint_needs_an_office_a_contact_or_an_action() {
        let comment = "Il lampione NON FUNZIONA da giorni";
        assert_eq!(
            fires(comment, "Grazie, ci scusiamo per il disagio."),
            Some("NON FUNZIONA".into())
        );
        assert_eq!(fires(comment, "Grazie, abbiamo avvisato il Settore."), None);
        assert_eq!(
            fires(comment, "Grazie, i tecnici interverranno domani."),
            None
        );
        assert_eq!(
            fires(comment, "Grazie, scriva a urp@comune.alessandria.it"),
            None
        );
        assert_eq!(
            fires(comment, "Grazie, trova tutto su comune.alessandria.it/luce"),
            None
        );
        assert_eq!(fires("A che ora apre la biblioteca?", "Alle 9."), None);
        assert_eq!(
            fires(comment, "Grazie, chiami lo 0131 515111 dalle 9 alle 12."),
            None
        );
        assert_eq!(
            fires(comment, "Grazie, ci vediamo alle 10.30 del 12."),
            Some("NON FUNZIONA".into())
        );
    }

    #[test]
    fn a_question_about_the_procedure_is_not_a_complaint() {
        let reply = "Buongiorno, servono nome e indirizzo.";
        assert_eq!(
            fires("Quali dati servono per inoltrare reclamo?", reply),
            None
        );
        assert_eq!(fires("Come si fa un reclamo?", reply), None);
        assert_eq!(
            fires("Perché il lampione non funziona da giorni?", reply),
            Some("non funziona".into())
        );
        assert_eq!(
            fires("Come si fa un reclamo? Il lampione non funziona.", reply),
            Some("non funziona".into())
        );
    }

    #[test]
    fn no_comment_no_finding() {
        assert!(super::super::run_on(build, PARAMS, "Grazie").is_empty());
    }
}
