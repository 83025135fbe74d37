//! `--format github`: GitHub Actions workflow commands, one per finding, which GitHub shows
//! as annotations on the changed lines of a pull request.

use std::io::{self, Write};

use super::{FileReport, Reporter, Summary, escape_name, message_with_help, repo_path};
use crate::rule::Level;

pub struct Github;

/// Escapes a command's message the way the Actions toolkit does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A message with its line breaks kept (escaped as data) and every other control character
/// made visible: an ESC would reach the log's terminal.
fn escape_message(text: &str) -> String {
    text.split('\n')
        .map(|line| escape_name(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escapes a command property value: as data, plus the `:` and `,` that end a property.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let file = escape_property(&escape_name(&repo_path(report.path)));
        for f in report.findings {
            let command = match f.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "notice",
            };
            writeln!(
                out,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                f.start.line,
                f.start.column,
                f.end.line,
                f.end.column,
                escape_property(&format!("alpost {}", f.rule)),
                escape_data(&escape_message(&message_with_help(f, "\n"))),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(
            escape_data("50% di 2\r\nrighe: a, b"),
            "50%25 di 2%0D%0Arighe: a, b"
        );
        assert_eq!(
            escape_property("bozze/a,b: 100%.txt"),
            "bozze/a%2Cb%3A 100%25.txt"
        );
    }
}
