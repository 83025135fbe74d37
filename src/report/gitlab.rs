//! `--format gitlab`: a GitLab Code Quality report, the Code Climate JSON array GitLab shows
//! in merge requests. Fingerprints are stable across edits elsewhere in the file, so GitLab
//! tells new findings from old ones.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Reporter, Summary, message_with_help, repo_path};
use crate::finding::fingerprints;
use crate::rule::Level;

#[derive(Default)]
pub struct Gitlab {
    started: bool,
}

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: String,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: &'a str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    positions: Positions,
}

#[derive(Serialize)]
struct Positions {
    begin: LineColumn,
    end: LineColumn,
}

#[derive(Serialize)]
struct LineColumn {
    line: usize,
    column: usize,
}

/// Code Climate severities: an error blocks publication (`major`), a warning is worth a look
/// (`minor`).
fn severity(level: Level) -> &'static str {
    match level {
        Level::Error => "major",
        Level::Warning => "minor",
        Level::Info => "info",
    }
}

impl Reporter for Gitlab {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let path = repo_path(report.path);
        let path = path.as_ref();
        let prints = fingerprints(path, report.findings);
        for (f, print) in report.findings.iter().zip(&prints) {
            let issue = Issue {
                kind: "issue",
                check_name: &f.rule,
                description: message_with_help(f, " — "),
                categories: ["Style"],
                severity: severity(f.level),
                fingerprint: print,
                location: Location {
                    path,
                    positions: Positions {
                        begin: LineColumn {
                            line: f.start.line,
                            column: f.start.column,
                        },
                        end: LineColumn {
                            line: f.end.line,
                            column: f.end.column,
                        },
                    },
                },
            };
            out.write_all(if self.started { b",\n  " } else { b"[\n  " })?;
            self.started = true;
            serde_json::to_writer(&mut *out, &issue)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        out.write_all(if self.started { b"\n]\n" } else { b"[]\n" })
    }
}
