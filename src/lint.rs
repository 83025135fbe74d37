//! The engine: one draft and a rule set in, findings out. Pure: no I/O, no printing.

use crate::checks::{CommentFacts, Context, Hit};
use crate::draft::Draft;
use std::ops::Range;

use aho_corasick::AhoCorasick;

use crate::finding::{
    Finding, MAX_CONTEXT, mask, mask_within, snippet_at, stable_hash, stable_hash_lower,
};
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
    let text = TextModel::new(&draft.source, draft.body.clone());
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
    let secrets: Vec<_> = hits
        .iter()
        .filter(|(_, h)| h.sensitive)
        .map(|(_, h)| h.span.clone())
        .collect();
    // Every secret of the draft is protected in every finding, not only in its own: another
    // rule's finding may cover it (`style/shouting` on a codice fiscale in capitals), or a
    // check may build a value from it in another form (grouped, compacted).
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

/// The check kind of the rule that reports `allow` entries silencing nothing; the engine
/// computes it, since no single check can see what the others found.
pub const UNUSED_ALLOW: &str = "unused-allow";

/// Which of the draft's `allow` entries covers rule `id`: a rule id or a whole area (`privacy/`).
fn allow_for(draft: &Draft, id: &str) -> Option<usize> {
    draft
        .front
        .allow
        .iter()
        .position(|a| a.rule == id || (a.rule.ends_with('/') && id.starts_with(&a.rule)))
}

fn unused_allows(draft: &Draft, rules: &RuleSet, silenced: &[bool]) -> Vec<Hit> {
    let mut seen: Vec<&str> = Vec::new();
    let mut hits = Vec::new();
    for (allow, _) in draft
        .front
        .allow
        .iter()
        .zip(silenced)
        .filter(|(_, used)| !**used)
    {
        let nth = seen.iter().filter(|r| **r == allow.rule).count();
        seen.push(&allow.rule);
        if rules
            .rules
            .iter()
            .any(|r| r.check_name == UNUSED_ALLOW && r.id == allow.rule)
        {
            continue;
        }
        let span = draft
            .front_value_span(&allow.rule, nth)
            .unwrap_or(draft.body.start..draft.body.start);
        let known = rules.get(&allow.rule).is_some()
            || (allow.rule.ends_with('/') && rules.ids().any(|id| id.starts_with(&allow.rule)));
        let why = if known {
            "non silenzia nulla in questa bozza".to_owned()
        } else {
            let hint = crate::suggest::closest(&allow.rule, rules.ids())
                .map(|c| format!(" (forse «{c}»?)"))
                .unwrap_or_default();
            format!("non è una regola attiva{hint}")
        };
        hits.push(
            Hit::at(span)
                .var("rule", allow.rule.clone())
                .var("why", why),
        );
    }
    hits
}

fn to_finding(draft: &Draft, rule: &Rule, hit: Hit, guard: &SecretGuard<'_>) -> Finding {
    let source = &draft.source;
    let raw = &source[hit.span.clone()];
    let found = if hit.sensitive {
        mask(raw)
    } else {
        mask_within(source, &hit.span, &guard.within(&hit.span))
    };
    let mut vars: Vec<(&str, String)> = hit
        .vars
        .into_iter()
        .map(|(name, value)| (name, guard.scrub(value)))
        .collect();
    vars.push(("found", found));
    let fix = if hit.sensitive {
        None
    } else {
        hit.fix
            .filter(|edit| !guard.overlaps(&edit.range) && !guard.leaks(&edit.replacement))
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
        snippet: snippet_at(
            source,
            &draft.lines,
            &hit.span,
            (start, end),
            &guard.within(&snippet_reach(&hit.span)),
        ),
        key: finding_key(&rule.id, raw),
        bytes: hit.span,
        fix,
        sensitive: hit.sensitive,
    }
}

/// A hash of the rule and the normalized text found. ASCII text normalizes to its lower case,
/// which is hashed as it is made, without a copy.
fn finding_key(rule: &str, raw: &str) -> String {
    if raw.is_ascii() {
        stable_hash_lower(rule, raw)
    } else {
        stable_hash(&[rule, &normalize(raw)])
    }
}

/// The sensitive values of one draft, as written and as letters and digits only, so that a
/// value rebuilt in another form (`IT60 X054…` from `IT60X054…`) is still recognised. Built
/// once per draft and indexed, so a draft with thousands of secrets and thousands of findings
/// (a pasted phone list) does not compare every finding with every secret.
struct SecretGuard<'s> {
    secrets: Vec<(&'s str, String)>,
    spans: &'s [Range<usize>],
    /// Indices of `spans` by start, and the longest span: the secrets that meet a range.
    by_start: Vec<usize>,
    longest: usize,
    /// The secrets as written (indices of `secrets` by pattern), and their loose forms long
    /// enough to compare.
    written: Option<(AhoCorasick, Vec<usize>)>,
    compact: Option<AhoCorasick>,
}

/// Below this many letters and digits a loose comparison would mask innocent text.
const MIN_LOOSE: usize = 4;

/// From how many secrets in one draft they are searched for with one automaton.
const INDEX_SECRETS_FROM: usize = 16;

/// The letters and digits of `text`, lower case: how secrets are compared in any form.
fn loose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // ASCII, nearly all of a message's values, skips the Unicode tables.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

impl<'s> SecretGuard<'s> {
    fn new(source: &'s str, spans: &'s [Range<usize>]) -> Self {
        let secrets: Vec<(&str, String)> = spans
            .iter()
            .map(|s| (&source[s.clone()], loose(&source[s.clone()])))
            .collect();
        let mut by_start: Vec<usize> = (0..spans.len()).collect();
        by_start.sort_by_key(|&i| spans[i].start);
        let longest = spans.iter().map(Range::len).max().unwrap_or(0);
        let ids: Vec<usize> = (0..secrets.len())
            .filter(|&i| !secrets[i].0.is_empty())
            .collect();
        // A handful of secrets (the usual case) is cheaper to compare one by one than to
        // build an automaton for. Building fails only past the automaton's size limits, far
        // beyond a 1 MiB draft; the one-by-one comparison then serves too.
        let indexed = secrets.len() > INDEX_SECRETS_FROM;
        let written = (indexed && !ids.is_empty())
            .then(|| AhoCorasick::new(ids.iter().map(|&i| secrets[i].0)).ok())
            .flatten()
            .map(|finder| (finder, ids));
        let compacts: Vec<&str> = secrets
            .iter()
            .map(|(_, c)| c.as_str())
            .filter(|c| c.len() >= MIN_LOOSE)
            .collect();
        let compact = (indexed && !compacts.is_empty())
            .then(|| AhoCorasick::new(&compacts).ok())
            .flatten();
        SecretGuard {
            secrets,
            spans,
            by_start,
            longest,
            written,
            compact,
        }
    }

    /// The secrets that meet `range`, in the order they were found.
    fn within(&self, range: &Range<usize>) -> Vec<Range<usize>> {
        if self.spans.is_empty() {
            return Vec::new();
        }
        let from = range.start.saturating_sub(self.longest);
        let lo = self
            .by_start
            .partition_point(|&i| self.spans[i].start < from);
        let hi = self
            .by_start
            .partition_point(|&i| self.spans[i].start <= range.end);
        let mut meet: Vec<usize> = self.by_start[lo..hi]
            .iter()
            .copied()
            .filter(|&i| self.spans[i].end > range.start)
            .collect();
        meet.sort_unstable();
        meet.into_iter().map(|i| self.spans[i].clone()).collect()
    }

    /// Indices of the secrets whose written form occurs in `value`, in order.
    fn written_in(&self, value: &str) -> Vec<usize> {
        let mut found: Vec<usize> = match &self.written {
            Some((finder, ids)) => finder
                .find_overlapping_iter(value)
                .map(|m| ids[m.pattern().as_usize()])
                .collect(),
            None => (0..self.secrets.len())
                .filter(|&i| !self.secrets[i].0.is_empty() && value.contains(self.secrets[i].0))
                .collect(),
        };
        found.sort_unstable();
        found.dedup();
        found
    }

    fn leaks(&self, value: &str) -> bool {
        if self.secrets.is_empty() {
            return false;
        }
        self.leaks_compacted(value) || !self.written_in(value).is_empty()
    }

    /// Whether a secret, as letters and digits only, occurs in `value` so compacted.
    fn leaks_compacted(&self, value: &str) -> bool {
        let value_loose = loose(value);
        match &self.compact {
            Some(finder) => finder.is_match(&value_loose),
            None => self.secrets.iter().any(|(_, compact)| {
                compact.len() >= MIN_LOOSE && value_loose.contains(compact.as_str())
            }),
        }
    }

    fn overlaps(&self, range: &Range<usize>) -> bool {
        let probe = range.start..range.end.max(range.start + 1);
        self.within(&probe)
            .iter()
            .any(|s| s.start < probe.end && probe.start < s.end)
    }

    /// The value with every secret masked; a value that holds a secret in another form is
    /// masked whole.
    fn scrub(&self, value: String) -> String {
        if self.secrets.is_empty() {
            return value;
        }
        let mut value = value;
        let written = self.written_in(&value);
        for &i in &written {
            let raw = self.secrets[i].0;
            if value.contains(raw) {
                value = value.replace(raw, &mask(raw));
            }
        }
        // A value no secret was written in is unchanged, so none is written in it now.
        let leaks = if written.is_empty() {
            self.leaks_compacted(&value)
        } else {
            self.leaks(&value)
        };
        if leaks { mask(&value) } else { value }
    }
}

/// The bytes a finding's snippet may show around `span` (see `finding::MAX_CONTEXT`), plus
/// the few bytes that widening to character boundaries adds.
fn snippet_reach(span: &Range<usize>) -> Range<usize> {
    span.start.saturating_sub(MAX_CONTEXT + 4)..span.end.saturating_add(MAX_CONTEXT + 4)
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

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(2000))]
        #[test]
        fn loose_agrees_with_the_reference(text in "[a-zA-Z0-9 .,éÈßİ\u{130}ǅ😀-]{0,30}") {
            let reference: String = text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            proptest::prop_assert_eq!(loose(&text), reference);
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

    #[test]
    fn secrets_are_scrubbed_in_any_form() {
        // Padded with more secrets than the one-by-one comparison takes, so both the plain
        // and the automaton search are held to the same answers.
        for padding in [0, INDEX_SECRETS_FROM + 1] {
            let mut source = "codice IT60X0542811101000000123456 qui".to_owned();
            let mut spans = Vec::new();
            for n in 0..padding {
                let at = source.len() + 1;
                source.push_str(&format!(" 3{n:09}"));
                spans.push(at..at + 10);
            }
            scrubbed_in_any_form(&source, spans);
        }
    }

    fn scrubbed_in_any_form(source: &str, padding: Vec<Range<usize>>) {
        let start = source.find("IT60").unwrap_or(0);
        let other = source.find("qui").unwrap_or(0);
        let mut spans = vec![start..start + 27, other..other + 3];
        spans.extend(padding);
        let guard = SecretGuard::new(source, &spans);
        assert_eq!(guard.written.is_some(), spans.len() > INDEX_SECRETS_FROM);
        let spaced = "IT60 X054 2811 1010 0000 0123 456".to_owned();
        let scrubbed = guard.scrub(format!("valore: {spaced}"));
        assert!(!loose(&scrubbed).contains("0542811101"), "{scrubbed}");
        assert_eq!(
            guard.scrub("prima IT60X0542811101000000123456 dopo".to_owned()),
            "prima IT***********************56 dopo"
        );
        assert_eq!(
            guard.scrub("nulla da nascondere".to_owned()),
            "nulla da nascondere"
        );
        assert!(guard.overlaps(&(start + 3..start + 5)));
        assert!(!guard.overlaps(&(0..6)));
    }
}
