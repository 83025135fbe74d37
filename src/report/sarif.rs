//! `--format sarif`: one SARIF 2.1.0 log (one run) with every loaded rule described in
//! `tool.driver.rules`, for GitHub code scanning and other SARIF viewers.
//!
//! The log is one JSON document, written as it goes: the tool and its rules first, each
//! result as its file is reported, and the invocation (which needs to know whether every file
//! could be read) after the results. Memory holds one file's results, never the corpus's:
//! 100,000 drafts took 3.5 GB when the document was built whole.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileReport, Reporter, RuleMeta, Summary, message_with_help, repo_path};
use crate::finding::{Finding, fingerprints};
use crate::rule::Level;

/// Where SARIF viewers find the schema; the same file is in `tests/data/`.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct Sarif {
    rules: Vec<RuleMeta>,
    /// Whether the opening of the log, up to the results, is written.
    opened: bool,
    /// Whether a result is written (the next one needs a comma).
    any_result: bool,
}

impl Sarif {
    pub fn new(rules: Vec<RuleMeta>) -> Self {
        Sarif {
            rules,
            opened: false,
            any_result: false,
        }
    }

    /// Everything before the first result.
    fn open(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.opened {
            return Ok(());
        }
        self.opened = true;
        let tool = json!({
            "driver": {
                "name": "alpost",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": self.rules.iter().map(rule).collect::<Vec<_>>(),
            },
        });
        write!(
            out,
            "{{\n  \"$schema\": {},\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": ",
            Value::from(SCHEMA)
        )?;
        write_indented(out, &tool, 6)?;
        write!(
            out,
            ",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ["
        )
    }

    fn result(&self, path: &str, f: &Finding, fingerprint: &str) -> Value {
        let uri = uri(path);
        let mut result = json!({
            "ruleId": f.rule,
            "level": level(f.level),
            "message": { "text": message_with_help(f, "\n") },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": {
                        "startLine": f.start.line,
                        "startColumn": f.start.column,
                        "endLine": f.end.line,
                        "endColumn": f.end.column,
                        "snippet": { "text": f.snippet.text.get(f.snippet.span.clone()).unwrap_or_default() },
                    },
                },
            }],
            "partialFingerprints": { "alpost/v1": fingerprint },
        });
        // The (masked) lines around the finding, when they contain all of it: a long span's
        // snippet is only its first line.
        let context_end = f.snippet.first_line + f.snippet.text.lines().count().max(1) - 1;
        if context_end >= f.end.line {
            result["locations"][0]["physicalLocation"]["contextRegion"] = json!({
                "startLine": f.snippet.first_line,
                "endLine": context_end,
                "snippet": { "text": f.snippet.text },
            });
        }
        if let Some(index) = self.rules.iter().position(|r| r.id == f.rule) {
            result["ruleIndex"] = json!(index);
        }
        if let Some(edit) = &f.fix {
            result["fixes"] = json!([{
                "description": { "text": f.help.as_deref().unwrap_or("correzione automatica") },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri },
                    "replacements": [{
                        "deletedRegion": {
                            "byteOffset": edit.range.start,
                            "byteLength": edit.range.len(),
                        },
                        "insertedContent": { "text": edit.replacement },
                    }],
                }],
            }]);
        }
        result
    }
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

fn rule(meta: &RuleMeta) -> Value {
    // A description may show the forms a value takes (`347 1234567`): code scanning keeps
    // the rules with the alerts, and an example there must not read as real data.
    let scrubbed = crate::mask::scrub_message(&meta.description);
    let help = meta.help.as_deref().map(crate::mask::scrub_message);
    let meta = &RuleMeta {
        description: scrubbed,
        help,
        ..meta.clone()
    };
    let mut text = format!("{}\n\nPolicy: {}", meta.description, meta.policy);
    let quote: Vec<String> = meta
        .policy
        .lines()
        .map(|line| format!("> {line}").trim_end().to_owned())
        .collect();
    let mut markdown = format!("{}\n\n{}", meta.description, quote.join("\n"));
    if let Some(help) = &meta.help {
        text.push_str(&format!("\n\nSuggerimento: {help}"));
        markdown.push_str(&format!("\n\n**Suggerimento:** {help}"));
    }
    let explain = format!("`alpost explain {}` mostra anche gli esempi.", meta.id);
    text.push_str(&format!("\n\n{}", explain.replace('`', "")));
    markdown.push_str(&format!("\n\n{explain}"));
    let area = meta.id.split_once('/').map_or(meta.id.as_str(), |(a, _)| a);
    json!({
        "id": meta.id,
        "name": meta.id,
        "shortDescription": { "text": meta.summary() },
        "fullDescription": { "text": meta.description },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(meta.level) },
        "properties": {
            "tags": [area],
            "policy": meta.policy,
            "fixable": meta.fixable,
        },
    })
}

/// A path as a SARIF URI reference: relative paths stay relative (GitHub resolves them against
/// the repository root), absolute ones become `file://` URIs.
fn uri(path: &str) -> String {
    let path = repo_path(path);
    let mut out = String::with_capacity(path.len());
    let drive = cfg!(windows)
        && path.as_bytes().get(1) == Some(&b':')
        && path.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    if path.starts_with('/') {
        out.push_str("file://");
    } else if drive {
        out.push_str("file:///");
    }
    for (i, b) in path.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || (drive && i == 1) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `value` as pretty JSON, every line after the first indented by `indent` spaces: where it
/// sits in the log. JSON strings hold no raw line break, so the lines are the structure's.
fn write_indented(out: &mut dyn Write, value: &Value, indent: usize) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(value)?;
    let pad = vec![b' '; indent];
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(&pad)?;
        }
        out.write_all(line)?;
    }
    Ok(())
}

impl Reporter for Sarif {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        if report.findings.is_empty() {
            return Ok(());
        }
        self.open(out)?;
        let prints = fingerprints(&repo_path(report.path), report.findings);
        for (f, print) in report.findings.iter().zip(&prints) {
            let result = self.result(report.path, f, print);
            out.write_all(if self.any_result {
                b",\n        "
            } else {
                b"\n        "
            })?;
            self.any_result = true;
            write_indented(out, &result, 8)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        self.open(out)?;
        if self.any_result {
            out.write_all(b"\n      ")?;
        }
        let invocations = json!([{ "executionSuccessful": summary.failures == 0 }]);
        write!(out, "],\n      \"invocations\": ")?;
        write_indented(out, &invocations, 6)?;
        writeln!(out, "\n    }}\n  ]\n}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::position::Position;

    /// The log as one document, as it was built before it was streamed.
    fn whole(rules: &[RuleMeta], results: Vec<Value>, failures: usize) -> Value {
        json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "alpost",
                        "version": env!("CARGO_PKG_VERSION"),
                        "semanticVersion": env!("CARGO_PKG_VERSION"),
                        "rules": rules.iter().map(rule).collect::<Vec<_>>(),
                    },
                },
                "invocations": [{ "executionSuccessful": failures == 0 }],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        })
    }

    fn finding(rule: &str, line: usize) -> Finding {
        Finding {
            rule: rule.into(),
            level: Level::Warning,
            message: "messaggio \"citato\"\ncon a capo".into(),
            help: Some("aiuto".into()),
            start: Position { line, column: 2 },
            end: Position { line, column: 5 },
            bytes: 1..4,
            fix: None,
            snippet: crate::finding::Snippet {
                first_line: line,
                text: "riga di testo".into(),
                span: 1..4,
            },
            sensitive: false,
            key: "k".into(),
        }
    }

    #[test]
    fn the_streamed_log_is_the_whole_document() {
        let rules = vec![RuleMeta {
            id: "style/x".into(),
            level: Level::Warning,
            description: "Descrizione. Altro.".into(),
            policy: "Policy".into(),
            help: None,
            fixable: false,
        }];
        for (files, failures) in [(0, 0), (1, 0), (3, 1)] {
            let mut sarif = Sarif::new(rules.clone());
            let mut out = Vec::new();
            let mut expected = Vec::new();
            for n in 0..files {
                let path = format!("bozze/{n}.txt");
                let findings = vec![finding("style/x", n + 1), finding("style/y", n + 2)];
                let prints = fingerprints(&path, &findings);
                for (f, p) in findings.iter().zip(&prints) {
                    expected.push(sarif.result(&path, f, p));
                }
                let empty = FileReport {
                    path: "vuota.txt",
                    findings: &[],
                };
                sarif.file(&mut out, &empty).expect("written");
                let report = FileReport {
                    path: &path,
                    findings: &findings,
                };
                sarif.file(&mut out, &report).expect("written");
            }
            let summary = Summary {
                failures,
                ..Summary::default()
            };
            sarif.finish(&mut out, &summary).expect("written");
            let streamed: Value = serde_json::from_slice(&out).expect("one JSON document");
            assert_eq!(streamed, whole(&rules, expected, failures));
            // Laid out as `to_writer_pretty` lays out a document.
            let text = String::from_utf8(out).expect("UTF-8");
            let pretty = serde_json::to_string_pretty(&streamed).expect("pretty");
            let lines = |t: &str| {
                let mut l: Vec<String> = t
                    .lines()
                    .map(|l| l.trim_end_matches(',').to_owned())
                    .collect();
                l.sort();
                l
            };
            assert_eq!(lines(&text), lines(&pretty), "{text}");
        }
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("bozze/post 1.txt"), "bozze/post%201.txt");
        assert_eq!(uri("bozze/città.md"), "bozze/citt%C3%A0.md");
        assert_eq!(uri("/tmp/a:b.txt"), "file:///tmp/a%3Ab.txt");
        if cfg!(windows) {
            assert_eq!(uri("C:\\bozze\\a.txt"), "file:///C:/bozze/a.txt");
        }
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("./bozze/a.txt"), "bozze/a.txt");
        // A colon in a relative path would read as a URI scheme.
        assert_eq!(uri("ab:c.txt"), "ab%3Ac.txt");
        if !cfg!(windows) {
            assert_eq!(uri("a:b.txt"), "a%3Ab.txt");
        }
    }
}
