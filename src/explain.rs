//! `alpost rules` and `alpost explain`: rule documentation straight from the loaded packs.

use std::io::{self, Write};

use crate::rule::{Rule, RuleSet};

pub fn list(out: &mut dyn Write, rules: &RuleSet) -> io::Result<()> {
    let width = rules.ids().map(str::len).max().unwrap_or(0);
    for rule in &rules.rules {
        let summary = one_line(&rule.description);
        writeln!(
            out,
            "{:width$}  {:6}  {:12}  {}",
            rule.id,
            crate::report::label(rule.max_level()),
            if rule.fixable() { "correggibile" } else { "" },
            summary
        )?;
    }
    Ok(())
}

pub fn explain(out: &mut dyn Write, rule: &Rule) -> io::Result<()> {
    let kinds: Vec<_> = rule.applies_to.iter().map(|k| k.name()).collect();
    let platforms: Vec<_> = rule.platforms.iter().map(|p| p.name()).collect();
    // The level in Italian, with the name a configuration writes (`level = "warning"`).
    let level = rule.max_level();
    writeln!(
        out,
        "{} ({}, `{}`)",
        rule.id,
        crate::report::label(level),
        level.name()
    )?;
    writeln!(
        out,
        "controllo: {}   correzione automatica: {}",
        rule.check_name,
        if rule.fixable() { "sì" } else { "no" }
    )?;
    if rule.check.on_drafts() {
        writeln!(
            out,
            "si applica a: {}   piattaforme: {}",
            kinds.join(", "),
            platforms.join(", ")
        )?;
    } else {
        // Not a draft rule: `alpost check` never runs it, and its examples are comments.
        writeln!(
            out,
            "si applica a: commenti pubblicati (alpost inbox)   piattaforme: {}",
            platforms.join(", ")
        )?;
    }
    writeln!(out, "\n{}\n", rule.description.trim())?;
    if let Some(how) = rule.check.explain() {
        writeln!(out, "{}\n", how.trim())?;
    }
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
            write_example(out, "  - ", example)?;
        }
    }
    // A configuration may have turned the rule's fixes off: its fix examples no longer hold.
    if rule.fixable() && !rule.examples.fixed.is_empty() {
        writeln!(out, "\nCorrezione automatica (alpost check --fix):")?;
        for (before, after) in &rule.examples.fixed {
            write_example(out, "  - ", before)?;
            if before == after {
                writeln!(out, "    → invariato: solo un suggerimento")?;
            } else {
                write_example(out, "    → ", after)?;
            }
        }
    }
    Ok(())
}

/// One example behind `lead`, its further lines indented under its first.
fn write_example(out: &mut dyn Write, lead: &str, example: &str) -> io::Result<()> {
    let mut lines = example.trim_end().lines();
    writeln!(out, "{lead}{}", lines.next().unwrap_or_default())?;
    let indent = " ".repeat(lead.chars().count());
    for line in lines {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

/// The first sentence of a description, on one line and at most `MAX` characters (cut at a
/// word, with `…`), for the table of `alpost rules`.
fn one_line(description: &str) -> String {
    const MAX: usize = 90;
    let text = description.split_whitespace().collect::<Vec<_>>().join(" ");
    // A sentence ends at a full stop followed by a capital: `(n. 12)` goes on.
    let end = text
        .match_indices(". ")
        .find(|(i, _)| text[i + 2..].starts_with(char::is_uppercase))
        .map(|(i, _)| i);
    let sentence = end.map_or(text.as_str(), |end| &text[..=end]);
    if sentence.chars().count() <= MAX {
        return sentence.to_owned();
    }
    let mut cut = String::new();
    for word in sentence.split(' ') {
        if cut.chars().count() + word.chars().count() + 1 > MAX - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn summaries_are_one_sentence_on_one_line() {
        assert_eq!(one_line("Una frase.\nE un'altra."), "Una frase.");
        assert_eq!(one_line("Breve, su\ndue righe"), "Breve, su due righe");
        let long = one_line(&"parola ".repeat(40));
        assert!(long.ends_with('…') && long.chars().count() <= 90, "{long}");
    }
}
