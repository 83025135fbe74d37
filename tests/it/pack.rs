//! The default pack as a whole: every rule's documented examples are tests, and the check
//! kinds it can use are the ones `rules/README.md` documents.

use std::collections::BTreeSet;

use alpost::fix::fix_text;
use alpost::lint::Defaults;
use alpost::rule::Rule;

use crate::support::{default_rules, lint_text, read, repo_root};

/// Examples without front matter are read as the first kind and platform the rule applies
/// to, so a reply-only rule's examples can be plain bodies.
fn defaults_for(rule: &Rule) -> Defaults {
    Defaults {
        kind: rule.applies_to[0],
        platform: rule.platforms[0],
    }
}

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
        let defaults = defaults_for(rule);
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

/// A fix example holds when `alpost check --fix` (the same function: safe fixes applied, the
/// draft linted again until nothing is left to fix) turns its draft into its fixed text with
/// the whole default pack, as a writer without a configuration runs it. The rule must offer
/// a fix there, unless the example shows that it does not (the same text twice).
#[test]
fn every_fixable_rule_has_fix_examples_that_hold() {
    let rules = default_rules();
    let mut failures = Vec::new();
    for rule in &rules.rules {
        if rule.fixable() && rule.examples.fixed.is_empty() {
            failures.push(format!(
                "{}: a fixable rule needs at least one `examples.fixed` pair",
                rule.id
            ));
        }
        let defaults = defaults_for(rule);
        for (before, after) in &rule.examples.fixed {
            let mine: Vec<_> = lint_text(&rules, before, defaults)
                .into_iter()
                .filter(|f| f.rule == rule.id)
                .collect();
            let offers_fix = mine.iter().any(|f| f.fix.is_some());
            if mine.is_empty() {
                failures.push(format!(
                    "{}: fix example does not fire: {before:?}",
                    rule.id
                ));
            } else if offers_fix && before == after {
                failures.push(format!(
                    "{}: offers a fix where the example expects none: {before:?}",
                    rule.id
                ));
            } else if !offers_fix && before != after {
                failures.push(format!("{}: offers no fix on {before:?}", rule.id));
            }
            match fix_text("example.txt", before.clone(), &rules, defaults) {
                Ok(fixed) if !fixed.converged => {
                    failures.push(format!("{}: fixes do not settle on {before:?}", rule.id));
                }
                Ok(fixed) if fixed.text != *after => failures.push(format!(
                    "{}: --fix turns {before:?}\n    into {:?}\n    not {after:?}",
                    rule.id, fixed.text
                )),
                Ok(_) => {}
                Err(e) => failures.push(format!("{}: {before:?}: {e}", rule.id)),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fix example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The check kinds of the table in `rules/README.md` (its first column under "Checks and
/// their parameters"), in the order written.
fn documented_checks() -> Vec<String> {
    let readme = read(&repo_root().join("rules/README.md"));
    let section = readme
        .split_once("## Checks and their parameters")
        .map(|(_, rest)| rest)
        .expect("rules/README.md has the section of checks");
    section
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .filter_map(|row| row.split('|').nth(1))
        .map(str::trim)
        .filter_map(|cell| cell.strip_prefix('`')?.strip_suffix('`'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_check_table_of_the_rules_readme_is_the_registry() {
    let documented = documented_checks();
    let table: BTreeSet<&str> = documented.iter().map(String::as_str).collect();
    assert_eq!(table.len(), documented.len(), "a check listed twice");
    let registry: BTreeSet<&str> = alpost::checks::names().collect();
    let missing: Vec<_> = registry.difference(&table).collect();
    let unknown: Vec<_> = table.difference(&registry).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "rules/README.md: checks missing from the table {missing:?}, not in the registry {unknown:?}"
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
