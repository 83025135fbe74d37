//! Output formats. Each reporter writes findings as they come, file by file, to any writer,
//! so memory stays flat however many drafts are checked and tests render into a `Vec<u8>`.

mod concise;
mod human;
mod json;

use std::io::{self, Write};

use crate::finding::Finding;
use crate::rule::Level;

pub use concise::Concise;
pub use human::Human;
pub use json::Json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-style: the source line with the span underlined and a help line.
    #[default]
    Human,
    /// One line per finding: `path:line:col: level[rule] message`.
    Concise,
    /// A JSON array of findings (stable interface, see the README).
    Json,
}

/// The findings of one file.
#[derive(Debug)]
pub struct FileReport<'a> {
    pub path: &'a str,
    pub findings: &'a [Finding],
}

/// Totals for the closing line and the exit status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
    /// Files that could not be read or parsed.
    pub failures: usize,
}

impl Summary {
    pub fn add(&mut self, findings: &[Finding]) {
        self.files += 1;
        for f in findings {
            match f.level {
                Level::Error => self.errors += 1,
                Level::Warning => self.warnings += 1,
                Level::Info => self.infos += 1,
            }
            if f.fix.is_some() {
                self.fixable += 1;
            }
        }
    }
}

/// One output format.
pub trait Reporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

pub fn reporter(format: Format, color: bool) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(Human::new(color)),
        Format::Concise => Box::new(Concise),
        Format::Json => Box::new(Json::default()),
    }
}
