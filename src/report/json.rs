//! `--format json`: a JSON array of findings. The field names are a stable interface.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Reporter, Summary};
use crate::finding::Finding;

#[derive(Default)]
pub struct Json {
    started: bool,
}

#[derive(Serialize)]
struct WireFinding<'a> {
    path: &'a str,
    rule: &'a str,
    level: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    fix: Option<WireFix<'a>>,
}

#[derive(Serialize)]
struct WireFix<'a> {
    replacement: &'a str,
    byte_start: usize,
    byte_end: usize,
}

fn wire<'a>(path: &'a str, f: &'a Finding) -> WireFinding<'a> {
    WireFinding {
        path,
        rule: &f.rule,
        level: f.level.name(),
        message: &f.message,
        help: f.help.as_deref(),
        line: f.start.line,
        column: f.start.column,
        end_line: f.end.line,
        end_column: f.end.column,
        byte_start: f.bytes.start,
        byte_end: f.bytes.end,
        fix: f.fix.as_ref().map(|e| WireFix {
            replacement: &e.replacement,
            byte_start: e.range.start,
            byte_end: e.range.end,
        }),
    }
}

impl Reporter for Json {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        for f in report.findings {
            out.write_all(if self.started { b",\n  " } else { b"[\n  " })?;
            self.started = true;
            serde_json::to_writer(&mut *out, &wire(report.path, f))?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        out.write_all(if self.started { b"\n]\n" } else { b"[]\n" })
    }
}
