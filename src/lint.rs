//! The engine: one draft and a rule set in, findings out. Pure: no I/O, no printing.

use crate::checks::{Context, Hit};
use crate::draft::Draft;
use crate::finding::{Finding, mask, snippet, stable_hash};
use crate::platform::{Kind, Platform};
use crate::rule::{Rule, RuleSet};
use crate::text::TextModel;
use crate::text::normalize::normalize;

/// What a draft is when its front matter does not say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Defaults {
    pub kind: Kind,
    pub platform: Platform,
}

/// Runs every rule that applies to the draft and is not allowed by it.
pub fn lint(draft: &Draft, rules: &RuleSet, defaults: Defaults) -> Vec<Finding> {
    let kind = draft.front.kind.unwrap_or(defaults.kind);
    let platform = draft.front.platform.unwrap_or(defaults.platform);
    let text = TextModel::new(&draft.source, draft.body.clone());
    let cx = Context {
        draft,
        text: &text,
        kind,
        platform,
    };
    let mut hits: Vec<(&Rule, Hit)> = Vec::new();
    let mut buffer = Vec::new();
    for rule in rules
        .rules
        .iter()
        .filter(|r| r.applies(kind, platform) && !is_allowed(draft, &r.id))
    {
        rule.check.run(&cx, &mut buffer);
        hits.extend(buffer.drain(..).map(|hit| (rule, hit)));
    }
    let secrets: Vec<_> = hits
        .iter()
        .filter(|(_, h)| h.sensitive)
        .map(|(_, h)| h.span.clone())
        .collect();
    let mut findings: Vec<Finding> = hits
        .into_iter()
        .map(|(rule, hit)| to_finding(draft, rule, hit, &secrets))
        .collect();
    findings.sort_by(|a, b| {
        (a.bytes.start, a.bytes.end, &a.rule).cmp(&(b.bytes.start, b.bytes.end, &b.rule))
    });
    findings
}

/// A draft's `allow` names a rule id or a whole area (`privacy/`).
fn is_allowed(draft: &Draft, id: &str) -> bool {
    draft
        .front
        .allow
        .iter()
        .any(|a| a.rule == id || (a.rule.ends_with('/') && id.starts_with(&a.rule)))
}

fn to_finding(draft: &Draft, rule: &Rule, hit: Hit, secrets: &[std::ops::Range<usize>]) -> Finding {
    let source = &draft.source;
    let raw = &source[hit.span.clone()];
    let found = if hit.sensitive {
        mask(raw)
    } else {
        raw.to_owned()
    };
    let mut vars: Vec<(&str, String)> = hit
        .vars
        .into_iter()
        .map(|(name, value)| {
            let value = if hit.sensitive && !raw.is_empty() && value.contains(raw) {
                value.replace(raw, &found)
            } else {
                value
            };
            (name, value)
        })
        .collect();
    vars.push(("found", found));
    let fix = if hit.sensitive { None } else { hit.fix };
    if let Some(edit) = &fix
        && !vars.iter().any(|(n, _)| *n == "replacement")
    {
        vars.push(("replacement", edit.replacement.clone()));
    }
    let (level, template) = rule.outcome(hit.variant);
    let message = fill(template, &vars);
    let help = match (rule.help(hit.variant), &fix) {
        (Some(help), _) => Some(fill(help, &vars)),
        (None, Some(edit)) if edit.replacement.is_empty() => {
            Some("elimina il testo evidenziato".to_owned())
        }
        (None, Some(edit)) => Some(format!("sostituisci con «{}»", edit.replacement)),
        (None, None) => None,
    };
    Finding {
        rule: rule.id.clone(),
        level,
        message,
        help,
        start: draft.lines.position(source, hit.span.start),
        end: draft.lines.position(source, hit.span.end),
        snippet: snippet(source, &draft.lines, &hit.span, secrets),
        key: stable_hash(&[&rule.id, &normalize(raw)]),
        bytes: hit.span,
        fix,
        sensitive: hit.sensitive,
    }
}

/// Replaces `{name}` placeholders; unknown ones stay visible so a pack test can catch them.
fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_only() {
        let vars = [
            ("found", "cmq".to_owned()),
            ("suggestion", "comunque".to_owned()),
        ];
        assert_eq!(
            fill("«{found}» → «{suggestion}» {other}", &vars),
            "«cmq» → «comunque» {other}"
        );
    }
}
