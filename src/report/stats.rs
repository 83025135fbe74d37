//! `check --stats`: counts of findings per rule and per file instead of the findings, for the
//! office's weekly review. A table (then the usual summary line), or one JSON object.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Human, Reporter, Summary};
use crate::rule::Level;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
    total: usize,
}

impl Counts {
    fn add(&mut self, level: Level) {
        match level {
            Level::Error => self.errors += 1,
            Level::Warning => self.warnings += 1,
            Level::Info => self.infos += 1,
        }
        self.total += 1;
    }
}

pub struct Stats {
    /// `Some` renders a table (colouring the summary line or not), `None` JSON.
    table: Option<bool>,
    rules: BTreeMap<String, Counts>,
    /// Only files with findings.
    files: BTreeMap<String, Counts>,
}

impl Stats {
    pub fn table(color: bool) -> Self {
        Stats {
            table: Some(color),
            rules: BTreeMap::new(),
            files: BTreeMap::new(),
        }
    }

    pub fn json() -> Self {
        Stats {
            table: None,
            ..Stats::table(false)
        }
    }
}

/// Most findings first; ties by name, so the order is stable.
fn sorted(counts: &BTreeMap<String, Counts>) -> Vec<(&str, Counts)> {
    let mut rows: Vec<_> = counts.iter().map(|(name, c)| (name.as_str(), *c)).collect();
    rows.sort_by(|a, b| b.1.total.cmp(&a.1.total).then(a.0.cmp(b.0)));
    rows
}

fn table(
    out: &mut dyn Write,
    title: &str,
    header: &str,
    rows: &[(&str, Counts)],
) -> io::Result<()> {
    writeln!(out, "{title}")?;
    let width = rows
        .iter()
        .map(|(name, _)| name.chars().count())
        .chain([header.chars().count()])
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "  {header:width$}  {:>6}  {:>6}  {:>6}  {:>6}",
        "errori", "avvisi", "note", "totale"
    )?;
    for (name, c) in rows {
        writeln!(
            out,
            "  {name:width$}  {:>6}  {:>6}  {:>6}  {:>6}",
            c.errors, c.warnings, c.infos, c.total
        )?;
    }
    writeln!(out)
}

#[derive(Serialize)]
struct RuleRow<'a> {
    rule: &'a str,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct FileRow<'a> {
    path: &'a str,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct Wire<'a> {
    rules: Vec<RuleRow<'a>>,
    files: Vec<FileRow<'a>>,
    summary: WireSummary,
}

#[derive(Serialize)]
struct WireSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
    failures: usize,
}

impl Reporter for Stats {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        // Counters only: a name is copied once per file and once per rule, not per finding.
        let mut file = Counts::default();
        for f in report.findings {
            file.add(f.level);
            match self.rules.get_mut(&f.rule) {
                Some(counts) => counts.add(f.level),
                None => self.rules.entry(f.rule.clone()).or_default().add(f.level),
            }
        }
        if file.total > 0 {
            let counts = self.files.entry(report.path.to_owned()).or_default();
            counts.errors += file.errors;
            counts.warnings += file.warnings;
            counts.infos += file.infos;
            counts.total += file.total;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let rules = sorted(&self.rules);
        let files = sorted(&self.files);
        match self.table {
            Some(color) => {
                if !rules.is_empty() {
                    table(out, "Segnalazioni per regola:", "regola", &rules)?;
                    table(out, "Segnalazioni per file:", "file", &files)?;
                }
                Human::new(color).finish(out, s)
            }
            None => {
                let wire = Wire {
                    rules: rules
                        .iter()
                        .map(|&(rule, counts)| RuleRow { rule, counts })
                        .collect(),
                    files: files
                        .iter()
                        .map(|&(path, counts)| FileRow { path, counts })
                        .collect(),
                    summary: WireSummary {
                        files: s.files,
                        errors: s.errors,
                        warnings: s.warnings,
                        infos: s.infos,
                        fixable: s.fixable,
                        failures: s.failures,
                    },
                };
                serde_json::to_writer_pretty(&mut *out, &wire)?;
                writeln!(out)
            }
        }
    }
}
