//! Applying fixes: splice non-overlapping edits into a text, and re-lint until stable.

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

/// The result of fixing one draft.
#[derive(Debug)]
pub struct Fixed {
    pub text: String,
    /// Edits applied over all rounds.
    pub applied: usize,
    /// False when fixes kept coming after `MAX_ROUNDS` rounds.
    pub converged: bool,
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
    for _ in 0..MAX_ROUNDS {
        let draft = Draft::parse(path, text)?;
        let findings = lint(&draft, rules, defaults);
        let mut edits: Vec<&Edit> = findings
            .iter()
            .filter_map(|f: &Finding| f.fix.as_ref())
            .collect();
        let (mut next, mut n) = apply(&draft.source, &edits);
        if draft.front_matter.is_none() && opens_front_matter(&next) {
            // Deleting `Si comunica che` from `Si comunica che +++` would turn the first line
            // into a fence and the text into front matter: the first line keeps its words.
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
            });
        }
        applied += n;
        text = next;
    }
    Ok(Fixed {
        text,
        applied,
        converged: false,
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
