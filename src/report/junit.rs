//! `--format junit`: JUnit XML for CI test dashboards. Each checked file is a `<testsuite>`,
//! each finding a `<testcase>`; a file without findings is one passing testcase, so the
//! dashboard counts it. Error-level findings are `<failure>`s; warnings and infos pass with
//! their text in `<system-out>`, so the dashboard is red exactly when alpost exits with 1.
//!
//! The root element carries the totals, known only at the end, so the suites are kept until
//! `finish`: in memory up to `SPILL_FROM` bytes, then in an anonymous temporary file (one
//! without a name, which the system removes when the run ends, however it ends), so that memory
//! stays flat on any number of drafts.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{FileReport, Reporter, Summary, escape_name, slashes};
use crate::finding::Finding;
use crate::rule::Level;

#[derive(Default)]
pub struct Junit {
    /// The suites not yet spilled.
    suites: String,
    /// The suites spilled so far.
    spilled: Option<std::fs::File>,
    tests: usize,
    failures: usize,
}

/// How many bytes of suites are kept in memory.
const SPILL_FROM: usize = 4 << 20;

impl Junit {
    fn spill(&mut self) -> io::Result<()> {
        let file = match &mut self.spilled {
            Some(file) => file,
            None => self.spilled.insert(tempfile::tempfile()?),
        };
        file.write_all(self.suites.as_bytes())?;
        self.suites.clear();
        Ok(())
    }
}

/// Escapes text for XML content and attribute values. Characters XML 1.0 cannot carry at all
/// (most control characters) become U+FFFD; line ends are escaped so attributes keep them.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// What a dashboard shows for a finding: where, what, what to do, and the (masked) lines.
fn details(path: &str, f: &Finding) -> String {
    let mut text = format!(
        "{}:{}:{}: {}[{}] {}",
        escape_name(path),
        f.start.line,
        f.start.column,
        f.level,
        f.rule,
        f.message
    );
    if let Some(help) = &f.help {
        text.push_str(&format!("\naiuto: {help}"));
    }
    text.push_str(&format!("\n\n{}", f.snippet.text.trim_end()));
    text
}

impl Reporter for Junit {
    fn file(&mut self, _out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let shown = slashes(report.path);
        let path = escape(&escape_name(&shown));
        let failures = report
            .findings
            .iter()
            .filter(|f| f.level == Level::Error)
            .count();
        let tests = report.findings.len().max(1);
        self.tests += tests;
        self.failures += failures;
        // Writing to a String cannot fail.
        let s = &mut self.suites;
        let _ = writeln!(
            s,
            r#"  <testsuite name="{path}" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
        );
        if report.findings.is_empty() {
            let _ = writeln!(
                s,
                r#"    <testcase name="nessuna segnalazione" classname="{path}" file="{path}"/>"#
            );
        }
        for f in report.findings {
            let _ = writeln!(
                s,
                r#"    <testcase name="{} {}:{}" classname="{path}" file="{path}" line="{}">"#,
                escape(&f.rule),
                f.start.line,
                f.start.column,
                f.start.line
            );
            let body = escape(&details(&shown, f));
            if f.level == Level::Error {
                let _ = writeln!(
                    s,
                    r#"      <failure message="{}" type="{}">{body}</failure>"#,
                    escape(&f.message),
                    escape(&f.rule)
                );
            } else {
                let _ = writeln!(s, "      <system-out>{body}</system-out>");
            }
            let _ = writeln!(s, "    </testcase>");
        }
        let _ = writeln!(s, "  </testsuite>");
        if self.suites.len() >= SPILL_FROM {
            self.spill()?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        // `errors` counts the files that could not be read: their messages are on stderr.
        writeln!(
            out,
            r#"<testsuites name="alpost" tests="{}" failures="{}" errors="{}">"#,
            self.tests, self.failures, summary.failures
        )?;
        if let Some(mut file) = self.spilled.take() {
            use std::io::Seek;
            file.rewind()?;
            io::copy(&mut file, out)?;
        }
        out.write_all(self.suites.as_bytes())?;
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suites_spilled_to_disk_come_back_in_order() {
        let render = |spill_each: bool| {
            let mut junit = Junit::default();
            let mut out = Vec::new();
            for n in 0..5 {
                let path = format!("bozze/{n}.txt");
                junit
                    .file(
                        &mut out,
                        &FileReport {
                            path: &path,
                            findings: &[],
                        },
                    )
                    .expect("suite");
                if spill_each {
                    junit.spill().expect("spilled");
                }
            }
            junit
                .finish(&mut out, &Summary::default())
                .expect("finished");
            String::from_utf8(out).expect("UTF-8")
        };
        let kept = render(false);
        assert_eq!(render(true), kept);
        assert!(kept.find("bozze/0.txt") < kept.find("bozze/4.txt"));
    }

    #[test]
    fn escapes_markup_line_ends_and_forbidden_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\n\u{7}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;\u{fffd}"
        );
    }
}
