//! `--format sarif`: one SARIF 2.1.0 log (one run) with every loaded rule described in
//! `tool.driver.rules`, for GitHub code scanning and other SARIF viewers.
//!
//! SARIF is one JSON document, so results are kept until `finish`; they are small.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileReport, Reporter, RuleMeta, Summary, message_with_help, repo_path};
use crate::finding::{Finding, fingerprints};
use crate::rule::Level;

/// Where SARIF viewers find the schema; the same file is in `tests/data/`.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct Sarif {
    rules: Vec<RuleMeta>,
    results: Vec<Value>,
}

impl Sarif {
    pub fn new(rules: Vec<RuleMeta>) -> Self {
        Sarif {
            rules,
            results: Vec::new(),
        }
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

impl Reporter for Sarif {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let prints = fingerprints(&repo_path(report.path), report.findings);
        for (f, print) in report.findings.iter().zip(&prints) {
            let result = self.result(report.path, f, print);
            self.results.push(result);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "alpost",
                        "version": env!("CARGO_PKG_VERSION"),
                        "semanticVersion": env!("CARGO_PKG_VERSION"),
                        "rules": self.rules.iter().map(rule).collect::<Vec<_>>(),
                    },
                },
                "invocations": [{ "executionSuccessful": summary.failures == 0 }],
                "columnKind": "unicodeCodePoints",
                "results": std::mem::take(&mut self.results),
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::uri;

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
