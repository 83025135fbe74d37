//! The engine: one draft and a rule set in, findings out. Pure: no I/O, no printing.

use crate::checks::privacy::see_through;
use crate::checks::{CommentFacts, Context, Hit, UNUSED_ALLOW};
use crate::draft::Draft;
use crate::finding::{Finding, stable_hash};
use crate::mask::SecretGuard;
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
    lint_with(draft, rules, defaults, None, &|rule| rule.check.on_drafts())
}

/// Lints the text of a published comment (a draft without front matter, or with only the
/// keys `alpost inbox` sets) with the rules `wanted` accepts, telling the comment checks what
/// is known of it. Findings are masked exactly as a draft's.
pub fn lint_comment(
    draft: &Draft,
    rules: &RuleSet,
    defaults: Defaults,
    facts: &CommentFacts,
    wanted: &dyn Fn(&Rule) -> bool,
) -> Vec<Finding> {
    lint_with(draft, rules, defaults, Some(facts), wanted)
}

fn lint_with(
    draft: &Draft,
    rules: &RuleSet,
    defaults: Defaults,
    comment: Option<&CommentFacts>,
    wanted: &dyn Fn(&Rule) -> bool,
) -> Vec<Finding> {
    let kind = draft.front.kind.unwrap_or(defaults.kind);
    let platform = draft.front.platform.unwrap_or(defaults.platform);
    let text = TextModel::with_phrases(&draft.source, draft.body.clone(), rules.phrases());
    let cx = Context {
        draft,
        text: &text,
        kind,
        platform,
        comment,
    };
    let mut hits: Vec<(&Rule, Hit)> = Vec::new();
    let mut buffer = Vec::new();
    // Allowed rules still run, so that an `allow` that silences nothing can be reported.
    let mut silenced = vec![false; draft.front.allow.len()];
    for rule in rules
        .rules
        .iter()
        .filter(|r| r.applies(kind, platform) && wanted(r))
    {
        rule.check.run(&cx, &mut buffer);
        if matches!(rule.check_name.as_str(), "phone" | "personal-email") {
            // The office directory's contacts are published on purpose.
            buffer.retain(|hit| {
                let value = &draft.source[hit.span.clone()];
                !rules.rules.iter().any(|r| r.check.lists(value))
            });
        }
        match allow_for(draft, &rule.id) {
            Some(i) => silenced[i] |= !buffer.is_empty(),
            None => hits.extend(buffer.drain(..).map(|hit| (rule, hit))),
        }
        buffer.clear();
    }
    if let Some(meta) = rules
        .rules
        .iter()
        .find(|r| r.check_name == UNUSED_ALLOW && r.applies(kind, platform) && wanted(r))
    {
        if allow_for(draft, &meta.id).is_none() {
            let unused = unused_allows(draft, rules, &silenced);
            hits.extend(unused.into_iter().map(|hit| (meta, hit)));
        }
    }
    let privacy: Vec<&Rule> = rules
        .rules
        .iter()
        .filter(|r| {
            r.id.starts_with("privacy/")
                && r.applies(kind, platform)
                && wanted(r)
                && allow_for(draft, &r.id).is_none()
        })
        .collect();
    // The sensitive hits of the privacy rules on another reading of the draft, in file
    // offsets: a view (see `see_through`) or the front matter.
    let reread =
        |source: &str,
         range: std::ops::Range<usize>,
         to_file: &dyn Fn(&std::ops::Range<usize>) -> Option<std::ops::Range<usize>>| {
            let model = TextModel::with_phrases(source, range, rules.phrases());
            let view_cx = Context { text: &model, ..cx };
            let mut found: Vec<(&Rule, Hit)> = Vec::new();
            let mut buffer = Vec::new();
            let mut extra = Vec::new();
            for &rule in &privacy {
                rule.check.run(&view_cx, &mut buffer);
                for mut hit in buffer.drain(..).filter(|h| h.sensitive) {
                    if let Some(span) = to_file(&hit.span) {
                        hit.span = span;
                        hit.fix = None;
                        found.push((rule, hit));
                    }
                }
            }
            if let Some(pieces) = see_through::View::link_pieces(&model) {
                let model = TextModel::new(&pieces.text, 0..pieces.text.len());
                let pieces_cx = Context { text: &model, ..cx };
                for &rule in &privacy {
                    rule.check.run(&pieces_cx, &mut buffer);
                    extra.extend(
                        buffer
                            .drain(..)
                            .filter(|h| h.sensitive)
                            .filter_map(|mut hit| {
                                let span = pieces.to_file(&hit.span).and_then(|s| to_file(&s))?;
                                hit.span = span;
                                hit.fix = None;
                                Some((rule, hit))
                            }),
                    );
                }
            }
            found.extend(extra);
            found
        };
    // The body as the detectors read it through invisible characters and unusual spaces,
    // and the pieces of its links: what they find there is reported like what they find in
    // the text, once.
    let identity = |r: &std::ops::Range<usize>| Some(r.clone());
    let mut seen: std::collections::HashSet<(usize, usize, usize)> = hits
        .iter()
        .filter(|(_, h)| h.sensitive)
        .map(|(r, h)| (std::ptr::from_ref(*r) as usize, h.span.start, h.span.end))
        .collect();
    let mut extra = Vec::new();
    if !privacy.is_empty() {
        let plain = see_through::View::plain(&draft.source, draft.body.clone());
        let reread_body = match &plain {
            Some(view) => reread(&view.text, 0..view.text.len(), &|r| view.to_file(r)),
            None => {
                // Only the links: the text itself was read above.
                let pieces = see_through::View::link_pieces(&text);
                pieces.map_or_else(Vec::new, |p| {
                    reread(&p.text, 0..p.text.len(), &|r| p.to_file(r))
                })
            }
        };
        extra.extend(reread_body);
    }
    for (rule, hit) in extra {
        if seen.insert((
            std::ptr::from_ref(rule) as usize,
            hit.span.start,
            hit.span.end,
        )) {
            hits.push((rule, hit));
        }
    }
    let mut secrets: Vec<_> = hits
        .iter()
        .filter(|(_, h)| h.sensitive)
        .map(|(_, h)| h.span.clone())
        .collect();
    // Front-matter values reach messages and snippets too (`source`, an image's file, a
    // comment on the `publish_at` line): the privacy rules read the front matter as well,
    // for masking only.
    if let Some(front) = draft.front_matter.clone()
        && !privacy.is_empty()
    {
        let found = match see_through::View::plain(&draft.source, front.clone()) {
            Some(view) => reread(&view.text, 0..view.text.len(), &|r| view.to_file(r)),
            None => reread(&draft.source, front, &identity),
        };
        secrets.extend(found.into_iter().map(|(_, h)| h.span));
    }
    // Every secret of the draft is protected in every finding, not only in its own (see
    // `mask`).
    let guard = SecretGuard::new(&draft.source, &secrets);
    let mut findings: Vec<Finding> = hits
        .into_iter()
        .map(|(rule, hit)| to_finding(draft, rule, hit, &guard))
        .collect();
    findings.sort_by(|a, b| {
        (a.bytes.start, a.bytes.end, &a.rule).cmp(&(b.bytes.start, b.bytes.end, &b.rule))
    });
    findings
}

/// Which of the draft's `allow` entries covers rule `id`: a rule id or a whole area (`privacy/`).
fn allow_for(draft: &Draft, id: &str) -> Option<usize> {
    draft
        .front
        .allow
        .iter()
        .position(|a| a.rule == id || (a.rule.ends_with('/') && id.starts_with(&a.rule)))
}

fn unused_allows(draft: &Draft, rules: &RuleSet, silenced: &[bool]) -> Vec<Hit> {
    // Counted and explained once per rule named, so that thousands of entries stay linear.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut why_for: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let spans = draft.allow_rule_spans();
    let mut hits = Vec::new();
    for ((allow, _), written) in draft
        .front
        .allow
        .iter()
        .zip(silenced)
        .zip(&spans)
        .filter(|((_, used), _)| !**used)
    {
        let count = seen.entry(allow.rule.as_str()).or_insert(0);
        let nth = *count;
        *count += 1;
        if rules
            .rules
            .iter()
            .any(|r| r.check_name == UNUSED_ALLOW && r.id == allow.rule)
        {
            continue;
        }
        let span = written
            .clone()
            .filter(|s| draft.source.get(s.clone()) == Some(allow.rule.as_str()))
            .or_else(|| draft.front_value_span(&allow.rule, nth))
            .unwrap_or(draft.body.start..draft.body.start);
        let why = why_for
            .entry(allow.rule.as_str())
            .or_insert_with(|| unused_why(rules, &allow.rule))
            .clone();
        hits.push(
            Hit::at(span)
                .var("rule", allow.rule.clone())
                .var("why", why),
        );
    }
    hits
}

/// Why an `allow` of `rule` silences nothing: the rule finds nothing, or there is no such rule.
fn unused_why(rules: &RuleSet, rule: &str) -> String {
    let known = rules.get(rule).is_some()
        || (rule.ends_with('/') && rules.ids().any(|id| id.starts_with(rule)));
    if known {
        "non silenzia nulla in questa bozza".to_owned()
    } else {
        let hint = crate::suggest::forse(rule, rules.ids());
        format!("non è una regola attiva{hint}")
    }
}

fn to_finding(draft: &Draft, rule: &Rule, hit: Hit, guard: &SecretGuard<'_>) -> Finding {
    let source = &draft.source;
    let raw = &source[hit.span.clone()];
    let found = guard.found(&hit.span, hit.sensitive);
    let mut vars: Vec<(&str, String)> = hit
        .vars
        .into_iter()
        .map(|(name, value)| (name, guard.scrub(value)))
        .collect();
    vars.push(("found", found));
    let fix = if hit.sensitive {
        None
    } else {
        hit.fix.filter(|edit| guard.allows(edit))
    };
    if let Some(edit) = &fix
        && !vars.iter().any(|(n, _)| *n == "replacement")
    {
        vars.push(("replacement", edit.replacement.clone()));
    }
    let (level, template) = rule.outcome(hit.variant);
    let message = fill(template, &vars);
    let help = match (rule.help_for(hit.variant), &fix) {
        (Some(help), _) => Some(fill(help, &vars)),
        (None, Some(edit)) if edit.replacement.is_empty() => {
            Some("elimina il testo evidenziato".to_owned())
        }
        (None, Some(edit)) => Some(format!("sostituisci con «{}»", edit.replacement)),
        (None, None) => None,
    };
    let (start, end) = draft.lines.span_positions(source, &hit.span);
    Finding {
        rule: rule.id.clone(),
        level,
        message,
        help,
        start,
        end,
        snippet: guard.snippet(&draft.lines, &hit.span, (start, end)),
        key: finding_key(&rule.id, raw),
        bytes: hit.span,
        fix,
        sensitive: hit.sensitive,
    }
}

/// A hash of the rule and the normalized text found.
fn finding_key(rule: &str, raw: &str) -> String {
    stable_hash(&[rule, &normalize(raw)])
}

/// Replaces `{name}` placeholders; unknown ones stay visible so a pack test can catch them.
/// `template` with each `{name}` of `vars` replaced by its value; other braces stay as written,
/// and a value is never scanned for placeholders again.
fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let values: usize = vars.iter().map(|(_, v)| v.len()).sum();
    let mut out = String::with_capacity(template.len() + values);
    let bytes = template.as_bytes();
    // Copied from `copied` up to each placeholder replaced; braces are ASCII, so every cut
    // falls on a character boundary.
    let mut copied = 0;
    let mut at = 0;
    while let Some(open) = memchr::memchr(b'{', &bytes[at..]).map(|i| at + i) {
        let value = memchr::memchr(b'}', &bytes[open + 1..]).and_then(|len| {
            let name = &template[open + 1..open + 1 + len];
            let (_, value) = vars.iter().find(|(n, _)| *n == name)?;
            Some((open + 2 + len, value))
        });
        match value {
            Some((after, value)) => {
                out.push_str(&template[copied..open]);
                out.push_str(value);
                copied = after;
                at = after;
            }
            None => at = open + 1,
        }
    }
    out.push_str(&template[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward `fill` the fast one replaced, as the oracle of its tests.
    fn fill_reference(template: &str, vars: &[(&str, String)]) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let value = vars.iter().find(|(n, _)| *n == &after[..close])?;
                Some((close, &value.1))
            });
            match value {
                Some((close, value)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    proptest::proptest! {
        // Failures become cases in the tests below rather than files beside the crate.
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::with_cases(2000)
        })]
        #[test]
        fn fill_agrees_with_the_reference(
            template in "([a-zé «»]{0,3}|\\{|\\}|\\{(found|rule|x|)\\}){0,10}",
            found in "[a-z{}]{0,6}",
            rule in "[{}é]{0,3}",
        ) {
            let vars = [("found", found), ("rule", rule), ("x", String::new())];
            proptest::prop_assert_eq!(fill(&template, &vars), fill_reference(&template, &vars));
        }
    }

    #[test]
    fn finding_keys_hash_the_normalized_text() {
        for raw in ["CMQ", "Perchè", "l’Italia", "x\u{200b}y", "", "A b-C 12"] {
            assert_eq!(
                finding_key("style/x", raw),
                stable_hash(&["style/x", &normalize(raw)]),
                "{raw}"
            );
        }
    }

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
        // What the writer wrote is never read as a placeholder.
        let vars = [
            ("found", "{suggestion}".to_owned()),
            ("suggestion", "x".to_owned()),
        ];
        assert_eq!(fill("{found}: {suggestion} {", &vars), "{suggestion}: x {");
    }

    /// The rule set's index of phrase starts is a speed path: every draft gets the findings
    /// its lists give scanning by themselves, which they do when their slots are of another
    /// index.
    #[test]
    fn findings_are_the_same_with_or_without_the_phrase_index() {
        let indexed = crate::pack::default_rules().expect("the embedded pack is valid");
        let mut alone = crate::pack::default_rules().expect("the embedded pack is valid");
        let mut elsewhere = crate::text::phrase::PhraseIndex::new();
        for rule in &mut alone.rules {
            for list in rule.check.scanned_lists() {
                elsewhere.register(list);
            }
        }
        let texts = indexed
            .rules
            .iter()
            .flat_map(|r| r.examples.bad.iter().chain(&r.examples.good));
        let mut compared = 0;
        for text in texts {
            let Ok(draft) = Draft::parse("d.txt", text.clone()) else {
                continue;
            };
            let shown = |rules: &RuleSet| -> Vec<(String, String)> {
                lint(&draft, rules, Defaults::default())
                    .into_iter()
                    .map(|f| (f.rule, f.message))
                    .collect()
            };
            assert_eq!(shown(&indexed), shown(&alone), "{text}");
            compared += 1;
        }
        assert!(compared > 100, "{compared} examples");
    }

    /// Each rule set indexes its own lists, however many sets a process builds (one per
    /// configuration): none is left to scan by itself.
    #[test]
    fn every_rule_set_indexes_all_its_lists() {
        for _ in 0..5 {
            let mut set = crate::pack::default_rules().expect("the embedded pack is valid");
            let scanned: usize = set
                .rules
                .iter_mut()
                .map(|r| r.check.scanned_lists().len())
                .sum();
            assert!(scanned > 10, "{scanned} lists");
            assert_eq!(set.phrases().lists(), scanned);
        }
    }
}
