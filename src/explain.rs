//! `alpost rules` and `alpost explain`: rule documentation straight from the loaded packs.

use std::io::{self, Write};

use crate::rule::{Rule, RuleSet};

pub fn list(out: &mut dyn Write, rules: &RuleSet) -> io::Result<()> {
    let width = rules.ids().map(str::len).max().unwrap_or(0);
    for rule in &rules.rules {
        let summary = rule.description.lines().next().unwrap_or_default();
        writeln!(
            out,
            "{:width$}  {:7}  {:9}  {}",
            rule.id,
            rule.max_level().name(),
            if rule.fixable() { "fixable" } else { "" },
            summary
        )?;
    }
    Ok(())
}

pub fn explain(out: &mut dyn Write, rule: &Rule) -> io::Result<()> {
    let kinds: Vec<_> = rule.applies_to.iter().map(|k| k.name()).collect();
    let platforms: Vec<_> = rule.platforms.iter().map(|p| p.name()).collect();
    writeln!(out, "{} ({})", rule.id, rule.max_level())?;
    writeln!(
        out,
        "check: {}   fixable: {}",
        rule.check_name,
        if rule.fixable() { "yes" } else { "no" }
    )?;
    if rule.check.on_drafts() {
        writeln!(
            out,
            "applies to: {}   platforms: {}",
            kinds.join(", "),
            platforms.join(", ")
        )?;
    } else {
        // Not a draft rule: `alpost check` never runs it, and its examples are comments.
        writeln!(
            out,
            "applies to: published comments (alpost inbox)   platforms: {}",
            platforms.join(", ")
        )?;
    }
    writeln!(out, "\n{}\n", rule.description.trim())?;
    writeln!(out, "Policy:")?;
    for line in rule.policy.trim().lines() {
        writeln!(out, "  > {line}")?;
    }
    for (title, examples) in [
        ("Da evitare", &rule.examples.bad),
        ("Corretto", &rule.examples.good),
    ] {
        if examples.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}:")?;
        for example in examples {
            let mut lines = example.trim_end().lines();
            writeln!(out, "  - {}", lines.next().unwrap_or_default())?;
            for line in lines {
                writeln!(out, "    {line}")?;
            }
        }
    }
    Ok(())
}
