//! Applying fixes: splice non-overlapping edits into a text, and re-lint until stable.

use std::collections::BTreeSet;

use crate::checks::Edit;
use crate::draft::{Draft, DraftError, opens_front_matter};
use crate::finding::Finding;
use crate::lint::{Defaults, lint};
use crate::rule::RuleSet;

/// How many lint-and-fix rounds before giving up: a fix that keeps producing new fixes is a
/// bug in a rule, not something to loop on forever.
const MAX_ROUNDS: usize = 10;

/// Applies `edits` in order of position, skipping any that overlaps one already applied.
/// Returns the new text and how many edits were applied.
pub fn apply(text: &str, edits: &[&Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    for edit in sorted {
        let valid = edit.range.start >= cursor
            && edit.range.end <= text.len()
            && text.is_char_boundary(edit.range.start)
            && text.is_char_boundary(edit.range.end);
        if !valid {
            continue;
        }
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.replacement);
        cursor = edit.range.end;
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// Drops the fix of every finding that, applied alone, would turn the first line of a draft
/// without front matter into a `+++` fence, and so its text into front matter (deleting
/// `Si comunica che` from `Si comunica che +++`). `--fix` and every format that offers fixes
/// (JSON, SARIF) get the findings through here, so none of them offers such a fix.
pub fn withhold_front_matter_openers(draft: &Draft, findings: &mut [Finding]) {
    if draft.front_matter.is_some() {
        return;
    }
    let source = draft.source.as_str();
    let start = draft.body.start;
    let line_end =
        memchr::memchr(b'\n', &source.as_bytes()[start..]).map_or(source.len(), |i| start + i);
    let mut first_line: Option<FirstLine> = None;
    for finding in findings {
        let Some(edit) = &finding.fix else {
            continue;
        };
        if edit.range.start < start || edit.range.start > line_end {
            continue;
        }
        let line = first_line.get_or_insert_with(|| FirstLine::new(source, start, line_end));
        if line.opened_by(source, edit) {
            finding.fix = None;
        }
    }
}

/// What deciding whether an edit makes the first line a fence needs, found once per draft so
/// that a long first line with many fixes stays linear.
struct FirstLine {
    start: usize,
    end: usize,
    /// Where the first line's trailing blanks start.
    solid_end: usize,
    /// When the line opens with `+++`, where the blanks after it end.
    blanks_after_fence: Option<usize>,
}

impl FirstLine {
    fn new(source: &str, start: usize, end: usize) -> Self {
        let line = &source[start..end];
        let blanks_after_fence = line.strip_prefix("+++").map(|rest| {
            let blank = rest.len() - rest.trim_start().len();
            start + 3 + blank
        });
        FirstLine {
            start,
            end,
            solid_end: start + line.trim_end().len(),
            blanks_after_fence,
        }
    }

    /// Whether the text before `from` on the first line is `+++` and blanks only.
    fn fence_then_blanks_before(&self, from: usize) -> bool {
        self.blanks_after_fence
            .is_some_and(|end| from >= self.start + 3 && from <= end)
    }

    /// Whether the first line, with `edit` applied, is `+++` and blanks only.
    fn opened_by(&self, source: &str, edit: &Edit) -> bool {
        let (from, to) = (edit.range.start, edit.range.end);
        if to < from
            || to > source.len()
            || !source.is_char_boundary(from)
            || !source.is_char_boundary(to)
        {
            return false;
        }
        let prefix = &source[self.start..from];
        // The new first line ends inside the replacement when it holds a line break.
        let (replacement, suffix) = match edit.replacement.find('\n') {
            Some(nl) => (&edit.replacement[..nl], ""),
            None => {
                let suffix = if to <= self.end {
                    &source[to..self.solid_end.max(to)]
                } else {
                    let end = memchr::memchr(b'\n', &source.as_bytes()[to..])
                        .map_or(source.len(), |i| to + i);
                    source[to..end].trim_end()
                };
                (edit.replacement.as_str(), suffix)
            }
        };
        if !suffix.is_empty() {
            return prefix.len() + replacement.len() + suffix.len() == 3
                && [prefix, replacement, suffix].concat() == "+++";
        }
        let replacement = replacement.trim_end();
        if !replacement.is_empty() {
            return prefix.len() + replacement.len() == 3
                && [prefix, replacement].concat() == "+++";
        }
        prefix == "+++" || self.fence_then_blanks_before(from)
    }
}

/// The result of fixing one draft.
#[derive(Debug)]
pub struct Fixed {
    pub text: String,
    /// Edits applied over all rounds.
    pub applied: usize,
    /// False when fixes kept coming after `MAX_ROUNDS` rounds.
    pub converged: bool,
    /// The personal data found in the text before and after fixing (fixes never touch it):
    /// what `diff` masks.
    pub secrets: BTreeSet<String>,
}

/// The unified diff of `before` and its fixed text, as `--diff` prints it: every secret
/// found in either version masked on both the `-` and the `+` lines.
pub fn diff(display: &str, before: &str, fixed: &Fixed) -> String {
    let values: Vec<&str> = fixed.secrets.iter().map(String::as_str).collect();
    let old = crate::mask::mask_values(before, &values);
    let new = crate::mask::mask_values(&fixed.text, &values);
    similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .header(display, display)
        .to_string()
}

/// Adds the sensitive values of `findings` (the text of `source` they cover) to `secrets`.
fn collect_secrets(secrets: &mut BTreeSet<String>, source: &str, findings: &[Finding]) {
    for f in findings.iter().filter(|f| f.sensitive) {
        if let Some(value) = source.get(f.bytes.clone())
            && !secrets.contains(value)
        {
            secrets.insert(value.to_owned());
        }
    }
}

/// Lints and fixes `text` until no fix is left.
pub fn fix_text(
    path: &str,
    text: String,
    rules: &RuleSet,
    defaults: Defaults,
) -> Result<Fixed, DraftError> {
    let mut text = text;
    let mut applied = 0;
    let mut secrets = BTreeSet::new();
    for _ in 0..MAX_ROUNDS {
        let draft = Draft::parse(path, text)?;
        let mut findings = lint(&draft, rules, defaults);
        collect_secrets(&mut secrets, &draft.source, &findings);
        withhold_front_matter_openers(&draft, &mut findings);
        let mut edits: Vec<&Edit> = findings
            .iter()
            .filter_map(|f: &Finding| f.fix.as_ref())
            .collect();
        let (mut next, mut n) = apply(&draft.source, &edits);
        if draft.front_matter.is_none() && opens_front_matter(&next) {
            // No fix opens front matter alone, but two together may: the first line then
            // keeps its words.
            let first_line_end = draft.source[draft.body.start..]
                .find('\n')
                .map_or(draft.source.len(), |i| draft.body.start + i);
            edits.retain(|e| e.range.start > first_line_end);
            (next, n) = apply(&draft.source, &edits);
        }
        if n == 0 {
            return Ok(Fixed {
                text: draft.source,
                applied,
                converged: true,
                secrets,
            });
        }
        applied += n;
        text = next;
    }
    Ok(Fixed {
        text,
        applied,
        converged: false,
        secrets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, with: &str) -> Edit {
        Edit {
            range: start..end,
            replacement: with.into(),
        }
    }

    #[test]
    fn edits_apply_in_order_and_overlaps_are_skipped() {
        let text = "cmq x tutti";
        let a = edit(0, 3, "comunque");
        let b = edit(4, 5, "per");
        let overlapping = edit(2, 5, "??");
        assert_eq!(
            apply(text, &[&b, &overlapping, &a]),
            ("comunque per tutti".into(), 2)
        );
    }

    #[test]
    fn out_of_range_or_mid_character_edits_are_ignored() {
        let text = "perché";
        assert_eq!(
            apply(text, &[&edit(5, 6, "x"), &edit(0, 99, "x")]),
            ("perché".into(), 0)
        );
    }

    #[test]
    fn fixes_never_turn_the_first_line_into_a_fence() {
        let rules = crate::pack::default_rules().expect("pack");
        for text in [
            "Si comunica che+++\nkind = \"reply\"\n+++\ncmq",
            "Si comunica che +++\n¡",
        ] {
            let fixed = fix_text("d.txt", text.into(), &rules, Defaults::default()).expect("fix");
            assert!(fixed.converged);
            assert!(fixed.text.starts_with("Si comunica che"), "{}", fixed.text);
            let draft = Draft::parse("d.txt", fixed.text).expect("still a draft");
            assert!(draft.front_matter.is_none());
        }
    }

    #[test]
    fn fixing_converges_and_is_idempotent() {
        let rules = crate::pack::default_rules().expect("pack");
        let once = fix_text(
            "d.txt",
            "Cmq grazie x tutto, nn mancate".into(),
            &rules,
            Defaults::default(),
        )
        .expect("fix");
        assert_eq!(once.text, "Comunque grazie per tutto, non mancate");
        assert!(once.converged);
        let twice = fix_text("d.txt", once.text.clone(), &rules, Defaults::default()).expect("fix");
        assert_eq!((twice.text, twice.applied), (once.text, 0));
    }
}
