//! `--format concise`: one line per finding, for editors and grep.

use std::io::{self, Write};

use super::{FileReport, Reporter, Summary, escape_name, label};

pub struct Concise;

impl Reporter for Concise {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        // Each line is built in one buffer and written once: through `writeln!` every piece
        // is a call through `dyn Write`, and a large repository prints hundreds of thousands of
        // lines on the thread that also hands the files out.
        let mut line = Vec::with_capacity(256);
        let mut number = itoa::Buffer::new();
        let path = escape_name(report.path);
        for f in report.findings {
            line.clear();
            line.extend_from_slice(path.as_bytes());
            line.push(b':');
            line.extend_from_slice(number.format(f.start.line).as_bytes());
            line.push(b':');
            line.extend_from_slice(number.format(f.start.column).as_bytes());
            line.extend_from_slice(b": ");
            line.extend_from_slice(label(f.level).as_bytes());
            line.push(b'[');
            line.extend_from_slice(f.rule.as_bytes());
            line.extend_from_slice(b"] ");
            // One finding, one line, whatever text the message quotes.
            line.extend_from_slice(escape_name(&f.message).as_bytes());
            line.push(b'\n');
            out.write_all(&line)?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
