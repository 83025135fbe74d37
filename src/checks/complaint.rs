//! `complaint`: a reply to a complaint must say who handles it, how to reach them, or what
//! will be done.
//!
//! The comment being answered (`in_reply_to`) is a complaint when it contains one of the
//! pack's `triggers`. The reply is then fine when it names an office or a contact (`offices`,
//! or any link or e-mail address in the text) or an action (`actions`). The finding points at
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
        let Some(trigger) = first_match(&comment, &self.triggers) else {
            return;
        };
        let reply = cx.text;
        let has_contact = reply
            .tokens
            .iter()
            .any(|t| matches!(t.kind, TokenKind::Url | TokenKind::Email));
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
    }

    #[test]
    fn no_comment_no_finding() {
        assert!(super::super::run_on(build, PARAMS, "Grazie").is_empty());
    }
}
