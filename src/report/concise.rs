//! `--format concise`: one line per finding, for editors and grep.

use std::io::{self, Write};

use super::{FileReport, Reporter, Summary};

pub struct Concise;

impl Reporter for Concise {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        for f in report.findings {
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                report.path, f.start.line, f.start.column, f.level, f.rule, f.message
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
