//! Properties of the whole pipeline on generated drafts (proptest): spans on character
//! boundaries inside the body, fixes that remove what they fix, and no panic on any text.
//! The drafts are built from words the default pack has opinions on, glued by separators that
//! stress the tokenizer (invisible characters, decomposed accents, emoji, links), so most
//! cases reach the rules instead of stopping at "nothing to say".

use std::collections::BTreeMap;
use std::sync::LazyLock;

use alpost::checks::Edit;
use alpost::draft::{Draft, opens_front_matter};
use alpost::fix::{apply, fix_text};
use alpost::lint::{Defaults, lint};
use alpost::platform::{Kind, Platform};
use alpost::rule::RuleSet;
use proptest::prelude::*;

static RULES: LazyLock<RuleSet> = LazyLock::new(crate::support::default_rules);

const WORDS: &[&str] = &[
    "Cmq",
    "cmq",
    "x",
    "nn",
    "xké",
    "xke\u{301}",
    "Si comunica che",
    "in ottemperanza",
    "alla",
    "al fine",
    "di",
    "l'istanza",
    "istanza",
    "codesto",
    "il",
    "medesimo",
    "ATTENZIONE",
    "!!!",
    "Buongiorno",
    "grazie",
    "mercato",
    "perché",
    "😀",
    "👍🏽",
    ":-)",
    "#Natale",
    "@comune",
    "https://www.comune.alessandria.it/?utm_source=fb&id=3",
    "comune.alessandria.it",
    "RSSMRA85T10A562S",
    "347 1234567",
    "IT60X0542811101000000123456",
    "AB 123 CD",
    "targa",
    "10:30",
    "31/01/2027",
    "2.500,00",
    "€9,99",
    "{{data}}",
    "[LINK]",
    "Partito Democratico",
    "votate",
    "שלום",
    "مرحبا",
];

const GLUE: &[&str] = &[
    " ", " ", " ", "  ", "\n", "\n\n", "\r\n", ", ", ". ", "! ", "? ", "'", "’", "-", "\t",
    "\u{200B}", "\u{200D}", "\u{202B}", "\u{202C}", "\u{AD}", "\u{301}", "\u{A0}", "",
];

/// A body made of listed words and glue, sometimes after a front matter that sets the kind.
fn draft() -> impl Strategy<Value = (String, Defaults)> {
    let piece = (prop::sample::select(WORDS), prop::sample::select(GLUE))
        .prop_map(|(w, g)| format!("{w}{g}"));
    (
        prop::collection::vec(piece, 0..40),
        any::<bool>(),
        prop::sample::select(&Platform::ALL[..]),
        prop::option::of(prop::sample::select(&["post", "reply"][..])),
    )
        .prop_map(|(pieces, reply, platform, front)| {
            let body = pieces.concat();
            let text = match front {
                Some(kind) => format!("+++\nkind = \"{kind}\"\n+++\n{body}"),
                None => body,
            };
            let kind = if reply { Kind::Reply } else { Kind::Post };
            (text, Defaults { kind, platform })
        })
}

/// Any text at all: arbitrary characters, with the listed words mixed in.
fn any_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        prop::sample::select(WORDS).prop_map(str::to_owned),
        prop::sample::select(GLUE).prop_map(str::to_owned),
        Just("+++\n".to_owned()),
        Just("kind = \"reply\"\n".to_owned()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn spans_lie_on_character_boundaries_inside_the_body((text, defaults) in draft()) {
        let draft = Draft::parse("p.txt", text).expect("generated drafts parse");
        let body = draft.body.clone();
        for f in lint(&draft, &RULES, defaults) {
            prop_assert!(
                body.start <= f.bytes.start && f.bytes.start <= f.bytes.end && f.bytes.end <= body.end,
                "{} at {:?} outside the body {:?}", f.rule, f.bytes, body
            );
            prop_assert!(
                draft.source.is_char_boundary(f.bytes.start)
                    && draft.source.is_char_boundary(f.bytes.end),
                "{} at {:?} splits a character", f.rule, f.bytes
            );
            if let Some(edit) = &f.fix {
                prop_assert!(
                    body.start <= edit.range.start
                        && edit.range.end <= body.end
                        && draft.source.is_char_boundary(edit.range.start)
                        && draft.source.is_char_boundary(edit.range.end),
                    "{} fixes {:?}", f.rule, edit.range
                );
            }
        }
    }

    /// After `--fix`, a finding whose fix was applied is gone, and once the fixes settle
    /// nothing left has a fix. After the first round, a finding of the same rule and text (its
    /// key) that lies where a fix wrote its replacement is the fixed one come back, unless
    /// the round left as many of that key unfixed (an edit skipped for overlapping an earlier
    /// one, whose words then move into the fixed spot: `Si comunica che Si comunica che`).
    ///
    /// An occurrence elsewhere is no failure: an edit may change the context of the same words
    /// further on (deleting `Si comunica che` from `l'istanza'Si comunica che 😀` leaves
    /// `l'istanza'` before an emoji, where it reads as a word), and that finding is new.
    #[test]
    fn fixed_findings_do_not_come_back((text, defaults) in draft()) {
        let draft = Draft::parse("p.txt", text.clone()).expect("generated drafts parse");
        let before = lint(&draft, &RULES, defaults);
        let applied = applied_in_first_round(&before);
        let fixed = fix_text("p.txt", text, &RULES, defaults).expect("fixed drafts parse");
        prop_assert!(fixed.converged, "fixes did not settle: {:?}", fixed.text);
        let settled = Draft::parse("p.txt", fixed.text.clone()).expect("fixed drafts parse");
        prop_assert!(lint(&settled, &RULES, defaults).iter().all(|f| f.fix.is_none()), "{:?}", fixed.text);

        let edits: Vec<&Edit> = applied.iter().filter_map(|&i| before[i].fix.as_ref()).collect();
        let (round, _) = apply(&draft.source, &edits);
        // `fix_text` keeps the words of the first line when an edit would turn it into a front
        // matter fence; that round differs from plain `apply`, and a test of its own covers it.
        prop_assume!(draft.front_matter.is_some() || !opens_front_matter(&round));
        let after_draft = Draft::parse("p.txt", round.clone()).expect("fixed drafts parse");
        let after = lint(&after_draft, &RULES, defaults);
        let mut unfixed: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (i, f) in before.iter().enumerate() {
            if !applied.contains(&i) {
                *unfixed.entry((&f.rule, &f.key)).or_default() += 1;
            }
        }
        let mut shift = 0isize;
        for &i in &applied {
            let Some(edit) = &before[i].fix else { continue };
            let start = edit.range.start.saturating_add_signed(shift);
            let end = start + edit.replacement.len();
            shift += edit.replacement.len() as isize - edit.range.len() as isize;
            let key = (before[i].rule.as_str(), before[i].key.as_str());
            let same: Vec<_> = after
                .iter()
                .filter(|f| (f.rule.as_str(), f.key.as_str()) == key)
                .collect();
            let in_place = same.iter().any(|f| {
                if start == end {
                    f.bytes.start <= start && start < f.bytes.end
                } else {
                    f.bytes.start < end && start < f.bytes.end
                }
            });
            prop_assert!(
                !in_place || same.len() <= unfixed.get(&key).copied().unwrap_or(0),
                "{} on {:?} is still there after the fix: {:?}",
                before[i].rule, &draft.source[before[i].bytes.clone()], round
            );
        }
    }

    #[test]
    fn the_checker_never_panics(text in any_text(), reply in any::<bool>()) {
        let defaults = Defaults {
            kind: if reply { Kind::Reply } else { Kind::Post },
            platform: Platform::X,
        };
        if let Ok(draft) = Draft::parse("p.txt", text.clone()) {
            let findings = lint(&draft, &RULES, defaults);
            for f in &findings {
                prop_assert!(draft.source.is_char_boundary(f.bytes.start));
                prop_assert!(draft.source.is_char_boundary(f.bytes.end));
            }
            let fixed = fix_text("p.txt", text, &RULES, defaults).expect("a parsed draft fixes");
            prop_assert!(fixed.converged);
        }
    }
}

/// Indices of the findings whose fix the first round applies: by position, skipping any that
/// overlaps one already taken (as `fix::apply` does).
fn applied_in_first_round(findings: &[alpost::finding::Finding]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..findings.len())
        .filter(|&i| findings[i].fix.is_some())
        .collect();
    order.sort_by_key(|&i| {
        let range = findings[i]
            .fix
            .as_ref()
            .map(|e| e.range.clone())
            .unwrap_or_default();
        (range.start, range.end)
    });
    let mut cursor = 0;
    let mut taken = Vec::new();
    for i in order {
        if let Some(edit) = &findings[i].fix
            && edit.range.start >= cursor
        {
            cursor = edit.range.end;
            taken.push(i);
        }
    }
    taken
}
