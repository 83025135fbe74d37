//! `--format human`: rustc-style diagnostics rendered with annotate-snippets.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Level as Decor, Renderer, Snippet};
use colored::Colorize;

use super::{FileReport, Reporter, Summary, Unit, escape_name};
use crate::rule::Level;

pub struct Human {
    renderer: Renderer,
    color: bool,
}

impl Human {
    pub fn new(color: bool) -> Self {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Human { renderer, color }
    }
}

impl Reporter for Human {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let path = escape_name(report.path);
        for f in report.findings {
            let decor = match f.level {
                Level::Error => Decor::ERROR,
                Level::Warning => Decor::WARNING,
                Level::Info => Decor::INFO,
            };
            let snippet = Snippet::source(f.snippet.text.as_str())
                .line_start(f.snippet.first_line)
                .path(path.as_ref())
                .annotation(AnnotationKind::Primary.span(f.snippet.span.clone()));
            let mut group = decor
                .primary_title(f.message.as_str())
                .id(f.rule.as_str())
                .element(snippet);
            if let Some(help) = &f.help {
                group = group.element(Decor::HELP.message(help.as_str()));
            }
            writeln!(out, "{}\n", self.renderer.render(&[group]))?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let total = s.errors + s.warnings + s.infos;
        let files = match s.unit {
            Unit::Files => count(s.files, "file controllato", "file controllati"),
            Unit::Comments => count(s.files, "commento controllato", "commenti controllati"),
        };
        let line = if total == 0 {
            format!("Nessun problema trovato ({files}).")
        } else {
            // A published comment is edited on the platform: `--fix` has nothing to offer.
            let fixable = match s.unit {
                Unit::Files => format!(
                    " ({} con --fix)",
                    count(s.fixable, "correggibile", "correggibili")
                ),
                Unit::Comments => String::new(),
            };
            format!(
                "{} in {files}: {}, {}, {}{fixable}.",
                count(total, "segnalazione", "segnalazioni"),
                count(s.errors, "errore", "errori"),
                count(s.warnings, "avviso", "avvisi"),
                count(s.infos, "nota", "note"),
            )
        };
        let line = match (self.color, s.errors > 0, total > 0) {
            (false, _, _) => line.normal(),
            (true, true, _) => line.red().bold(),
            (true, false, true) => line.yellow().bold(),
            (true, false, false) => line.green().bold(),
        };
        writeln!(out, "{line}")
    }
}

/// `n` with the Italian singular or plural noun.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
