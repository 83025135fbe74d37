//! Code actions: each safe fix as a quick fix, all of them at once, and an `[[allow]]` entry
//! that silences a rule for the draft.

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, OptionalVersionedTextDocumentIdentifier,
    Range, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::Checked;
use super::position::Lines;
use crate::draft::Draft;
use crate::fix;

/// What the placeholder `reason` of a new `[[allow]]` entry says: the writer replaces it.
pub const REASON_PLACEHOLDER: &str = "MOTIVO: spiega perché la regola non vale per questa bozza";

pub fn for_range(
    uri: &Uri,
    text: &str,
    version: Option<i32>,
    checked: &Checked,
    range: Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let wanted = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let edit = |edits: Vec<TextEdit>| document_edit(uri, version, edits);
    let lines = Lines::new(text);
    let mut actions = Vec::new();
    let mut silenced: Vec<&str> = Vec::new();
    let touching = checked
        .findings
        .iter()
        .filter(|(_, r)| r.start <= range.end && range.start <= r.end);
    for (finding, finding_range) in touching {
        if let Some(fix) = &finding.fix
            && wanted(&CodeActionKind::QUICKFIX)
        {
            let what = match &finding.help {
                Some(help) => help.clone(),
                None if fix.replacement.is_empty() => "elimina il testo evidenziato".to_owned(),
                None => format!("sostituisci con «{}»", fix.replacement),
            };
            let replaced = Range::new(
                lines.position(fix.range.start),
                lines.position(fix.range.end),
            );
            actions.push(CodeAction {
                title: format!("Correggi ({}): {what}", finding.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![super::diagnostic(finding, *finding_range)]),
                edit: Some(edit(vec![TextEdit::new(replaced, fix.replacement.clone())])),
                is_preferred: Some(true),
                ..CodeAction::default()
            });
        }
        if !silenced.contains(&finding.rule.as_str())
            && wanted(&CodeActionKind::QUICKFIX)
            && let Some(allow) = allow_edit(text, &lines, &finding.rule)
        {
            silenced.push(&finding.rule);
            actions.push(CodeAction {
                title: format!("Silenzia {} in questa bozza ([[allow]])", finding.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![super::diagnostic(finding, *finding_range)]),
                edit: Some(edit(vec![allow])),
                ..CodeAction::default()
            });
        }
    }
    let any_fix = checked.findings.iter().any(|(f, _)| f.fix.is_some());
    if any_fix && wanted(&CodeActionKind::SOURCE_FIX_ALL) {
        if let Some(all) = fix_all(text, &lines, checked) {
            actions.push(CodeAction {
                title: "Applica tutte le correzioni sicure di alpost".to_owned(),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(edit(vec![all])),
                ..CodeAction::default()
            });
        }
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

fn document_edit(uri: &Uri, version: Option<i32>, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        // Versioned, so that a client drops an edit made for a text that has changed since.
        document_changes: Some(lsp_types::DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version,
            },
            edits: edits.into_iter().map(lsp_types::OneOf::Left).collect(),
        }])),
        ..WorkspaceEdit::default()
    }
}

/// Every safe fix, as `alpost check --fix` applies them (round after round until none is
/// left), as one edit of the part of the text that changes.
fn fix_all(text: &str, lines: &Lines<'_>, checked: &Checked) -> Option<TextEdit> {
    let text = super::normalized(text);
    let text = text.as_str();
    let fixed = fix::fix_text(
        "bozza",
        text.to_owned(),
        &checked.profile.rules,
        checked.defaults,
    )
    .ok()
    .filter(|f| f.converged)?;
    if fixed.text == text {
        return None;
    }
    let new = fixed.text;
    let prefix = common_prefix(text, &new);
    let suffix = common_suffix(&text[prefix..], &new[prefix..]);
    let range = Range::new(lines.position(prefix), lines.position(text.len() - suffix));
    Some(TextEdit::new(
        range,
        new[prefix..new.len() - suffix].to_owned(),
    ))
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// The insertion of an `[[allow]]` entry for `rule` at the end of the front matter, or of a
/// front matter holding one at the top of a draft without; `None` where the front matter
/// cannot take one (it does not parse, or sets `allow` inline).
fn allow_edit(text: &str, lines: &Lines<'_>, rule: &str) -> Option<TextEdit> {
    let draft = Draft::parse("bozza", text.to_owned()).ok()?;
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let rule = toml::Value::String(rule.to_owned());
    let reason = toml::Value::String(REASON_PLACEHOLDER.to_owned());
    let entry = format!("[[allow]]{nl}rule = {rule}{nl}reason = {reason}{nl}");
    match &draft.front_matter {
        Some(toml) => {
            if draft.front_key("allow").is_some() {
                return None;
            }
            // The TOML ends where the closing fence's line starts, after a line break.
            let at = lines.position(toml.end);
            let lead = if text[toml.clone()].trim().is_empty() {
                ""
            } else {
                nl
            };
            Some(TextEdit::new(Range::new(at, at), format!("{lead}{entry}")))
        }
        None => {
            let at = lines.position(draft.body.start);
            Some(TextEdit::new(
                Range::new(at, at),
                format!("+++{nl}{entry}+++{nl}"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert(text: &str, rule: &str) -> String {
        let lines = Lines::new(text);
        let edit = allow_edit(text, &lines, rule).expect("an entry fits");
        let at = lines.offset(edit.range.start);
        let mut out = text.to_owned();
        out.insert_str(at, &edit.new_text);
        out
    }

    #[test]
    fn an_allow_entry_makes_a_draft_that_parses_and_silences_the_rule() {
        for text in [
            "Cmq ciao",
            "+++\nplatform = \"x\"\n+++\nCmq ciao",
            "+++\n+++\nCmq ciao",
            "+++\r\n[[images]]\r\nfile = \"a.jpg\"\r\nalt = \"Una foto\"\r\n+++\r\nCmq ciao",
        ] {
            let out = insert(text, "style/abbreviation");
            let draft = Draft::parse("d.txt", out.clone()).expect("still a draft");
            assert!(
                draft
                    .front
                    .allow
                    .iter()
                    .any(|a| a.rule == "style/abbreviation" && a.reason == REASON_PLACEHOLDER),
                "{out}"
            );
            assert!(out.ends_with("Cmq ciao"), "{out}");
        }
        let inline = "+++\nallow = []\n+++\nCmq";
        assert!(allow_edit(inline, &Lines::new(inline), "style/abbreviation").is_none());
    }

    #[test]
    fn common_ends_are_counted_in_whole_characters() {
        assert_eq!(common_prefix("perché sì", "perché no"), 8);
        assert_eq!(common_suffix("già fatto", "più fatto"), " fatto".len());
        assert_eq!(common_prefix("é", "è"), 0);
    }
}
