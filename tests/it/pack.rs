//! The default pack as a whole: every rule's documented examples are tests.

use alpost::lint::Defaults;

use crate::support::{default_rules, lint_text};

#[test]
fn every_rule_has_bad_and_good_examples_that_behave() {
    let rules = default_rules();
    let mut failures = Vec::new();
    for rule in &rules.rules {
        if rule.examples.bad.is_empty() || rule.examples.good.is_empty() {
            failures.push(format!(
                "{}: needs at least one bad and one good example",
                rule.id
            ));
        }
        // The examples of comment rules (`alpost inbox`) are comments, not drafts: inbox.rs
        // runs them through `alpost inbox`.
        if !rule.check.on_drafts() {
            continue;
        }
        // Examples without front matter are read as the first kind and platform the rule
        // applies to, so a reply-only rule's examples can be plain bodies.
        let defaults = Defaults {
            kind: rule.applies_to[0],
            platform: rule.platforms[0],
        };
        for bad in &rule.examples.bad {
            let findings = lint_text(&rules, bad, defaults);
            let mine: Vec<_> = findings.iter().filter(|f| f.rule == rule.id).collect();
            if mine.is_empty() {
                failures.push(format!("{}: bad example does not fire: {bad:?}", rule.id));
            }
            for f in mine {
                // The text found may itself hold braces (a `{{data}}` placeholder left in a
                // draft): only braces outside it are unfilled placeholders.
                let found = bad.get(f.bytes.clone()).unwrap_or_default();
                let unfilled = |s: &str| {
                    if found.is_empty() {
                        s.contains('{')
                    } else {
                        s.replace(found, "").contains('{')
                    }
                };
                if unfilled(&f.message) || f.help.as_deref().is_some_and(unfilled) {
                    failures.push(format!(
                        "{}: unfilled placeholder in {:?} / {:?}",
                        rule.id, f.message, f.help
                    ));
                }
            }
        }
        for good in &rule.examples.good {
            let findings = lint_text(&rules, good, defaults);
            if let Some(f) = findings.iter().find(|f| f.rule == rule.id) {
                failures.push(format!(
                    "{}: good example fires ({}): {good:?}",
                    rule.id, f.message
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_is_documented() {
    for rule in &default_rules().rules {
        assert!(
            rule.description.trim().len() > 20,
            "{}: description too short",
            rule.id
        );
        assert!(
            !rule.policy.trim().is_empty(),
            "{}: no policy quote",
            rule.id
        );
        assert!(
            rule.message.chars().any(char::is_alphabetic),
            "{}: empty message",
            rule.id
        );
    }
}

#[test]
fn fixes_never_overlap_their_finding_badly() {
    // A fix must cover the text it replaces and stay on character boundaries.
    let rules = default_rules();
    for rule in &rules.rules {
        for bad in &rule.examples.bad {
            for f in lint_text(&rules, bad, Defaults::default()) {
                if let Some(fix) = &f.fix {
                    assert!(fix.range.start <= fix.range.end, "{}: inverted fix", f.rule);
                    assert!(
                        bad.is_char_boundary(fix.range.start)
                            && bad.is_char_boundary(fix.range.end)
                    );
                }
            }
        }
    }
}
