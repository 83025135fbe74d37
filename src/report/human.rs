//! `--format human`: rustc-style diagnostics rendered with annotate-snippets.
//!
//! Nearly every finding is one short line with its span inside it, and annotate-snippets spends
//! some 160 K instructions laying out each one (the layout engine handles multi-line spans,
//! folding, long-line trimming and label placement, none of which such a finding needs). Those
//! findings are written by `simple`, which produces the same bytes; a test holds the two to
//! the same output on every kind of line, and whatever `simple` is not sure of goes to
//! annotate-snippets.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Level as Decor, Renderer, Snippet};
use colored::Colorize;

use super::{FileReport, HELP_LABEL, Reporter, Summary, Unit, escape_name, label};
use crate::finding::Finding;
use crate::rule::Level;

pub struct Human {
    renderer: Renderer,
    color: bool,
    /// One finding's rendering, reused.
    buffer: Vec<u8>,
}

impl Human {
    pub fn new(color: bool) -> Self {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Human {
            renderer,
            color,
            buffer: Vec::with_capacity(1024),
        }
    }

    /// One finding, as annotate-snippets renders it, followed by a blank line.
    fn render(&mut self, path: &str, f: &Finding) -> &[u8] {
        self.buffer.clear();
        if !simple(&mut self.buffer, self.color, path, f) {
            self.buffer.clear();
            let rendered = annotated(&self.renderer, path, f);
            self.buffer
                .extend_from_slice(with_column(rendered, f.snippet.first_line, f).as_bytes());
        }
        self.buffer.extend_from_slice(b"\n\n");
        &self.buffer
    }
}

/// `f` as annotate-snippets lays it out: the general path, and the reference the direct path is
/// held to.
fn annotated(renderer: &Renderer, path: &str, f: &Finding) -> String {
    let snippet = Snippet::source(f.snippet.text.as_str())
        .line_start(f.snippet.first_line)
        .path(path)
        .annotation(AnnotationKind::Primary.span(f.snippet.span.clone()));
    let mut group = decor(f.level)
        .primary_title(f.message.as_str())
        .id(f.rule.as_str())
        .element(snippet);
    if let Some(help) = &f.help {
        group = group.element(help_decor().message(help.as_str()));
    }
    renderer.render(&[group]).to_string()
}

/// annotate-snippets' level for a finding, named in Italian.
fn decor(level: Level) -> Decor<'static> {
    let decor = match level {
        Level::Error => Decor::ERROR,
        Level::Warning => Decor::WARNING,
        Level::Info => Decor::INFO,
    };
    decor.with_name(label(level))
}

fn help_decor() -> Decor<'static> {
    Decor::HELP.with_name(HELP_LABEL)
}

/// The column annotate-snippets prints: it counts from the start of the snippet's line, and a
/// snippet of a long line is cut around its span (`mask::MAX_CONTEXT`), so a finding 383
/// characters into its line would read `:319`.
fn snippet_column(f: &Finding) -> usize {
    let text = &f.snippet.text;
    let at = f.snippet.span.start.min(text.len());
    let before = text.get(..at).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..].chars().count() + 1
}

/// `rendered` with the finding's own column (the one every other format prints) in its
/// `--> path:line:column` header.
fn with_column(rendered: String, line: usize, f: &Finding) -> String {
    let shown = snippet_column(f);
    if shown == f.start.column {
        return rendered;
    }
    let Some(arrow) = rendered.find("--> ") else {
        return rendered;
    };
    let header_end = rendered[arrow..]
        .find('\n')
        .map_or(rendered.len(), |i| arrow + i);
    let wrong = format!(":{line}:{shown}");
    match rendered[arrow..header_end].rfind(&wrong).map(|i| arrow + i) {
        Some(at) => {
            let mut fixed = String::with_capacity(rendered.len() + 4);
            fixed.push_str(&rendered[..at]);
            fixed.push_str(&format!(":{line}:{}", f.start.column));
            fixed.push_str(&rendered[at + wrong.len()..]);
            fixed
        }
        None => rendered,
    }
}

const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";
const BLUE: &str = "\x1b[1m\x1b[94m";

/// The colour annotate-snippets gives a level, bold.
fn level_style(level: Level) -> &'static str {
    match level {
        Level::Error => "\x1b[1m\x1b[91m",
        Level::Warning => "\x1b[1m\x1b[33m",
        Level::Info => "\x1b[1m\x1b[94m",
    }
}

/// The display width of `text`, or `None` when a character of it is one annotate-snippets
/// shows otherwise (tabs, control and direction characters, which it replaces with visible
/// ones) or whose width is not a plain 1 or 2 (zero-width and combining characters).
fn plain_width(text: &str) -> Option<usize> {
    let mut width = 0;
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_control() {
                return None;
            }
            width += 1;
            continue;
        }
        if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            return None;
        }
        match unicode_width::UnicodeWidthChar::width(c) {
            Some(w @ (1 | 2)) => width += w,
            _ => return None,
        }
    }
    Some(width)
}

/// annotate-snippets' terminal width, and the room it keeps beside a span when it trims a long
/// line around it (its `DEFAULT_TERM_WIDTH` and `ELLIPSIS_PASSING`).
const TERM_WIDTH: usize = 140;
const SPAN_PADDING: usize = 6;

/// The source line as annotate-snippets draws it, cell by cell (a wide character takes one
/// cell, as in its buffer), with the cells of its `...` marks flagged, and how many columns of
/// the line were cut on the left. `None` for a span more than twice as wide as the terminal,
/// which it draws with an elision inside the span.
fn trimmed(
    text: &str,
    width: usize,
    span_left: usize,
    span_right: usize,
    column_width: usize,
) -> Option<(Vec<(char, bool)>, usize)> {
    // Its `Margin`, for one line without leading blanks and one span without a label.
    let (left_pad, right_pad) = (
        span_left.saturating_sub(SPAN_PADDING),
        span_right + SPAN_PADDING,
    );
    let (mut computed_left, mut computed_right) = (0, width);
    if width > column_width {
        if right_pad <= column_width {
            computed_right = column_width;
        } else if right_pad - left_pad <= column_width {
            let padding = (column_width - (right_pad - left_pad)) / 2;
            computed_left = left_pad.saturating_sub(padding);
            computed_right = computed_left + column_width;
        } else {
            // The span alone is wider than the terminal: shown whole, cut around it. Past
            // twice the terminal's width the span itself gets an elision: not drawn here.
            let span = span_right - span_left;
            if span > column_width * 2 && span > 13 {
                return None;
            }
            computed_left = left_pad;
            computed_right = right_pad;
        }
    }
    let mut left = computed_left.min(width);
    let right = if width.saturating_sub(computed_left) <= column_width {
        width
    } else {
        width.min(computed_right)
    };
    let width_of = |c: char| unicode_width::UnicodeWidthChar::width(c).unwrap_or(1);
    let (mut skipped, mut taken) = (0, 0);
    let code: Vec<char> = text
        .chars()
        .skip_while(|&c| {
            if skipped < left {
                skipped += width_of(c);
                true
            } else {
                false
            }
        })
        .take_while(|&c| {
            taken += width_of(c);
            taken <= right - left
        })
        .collect();
    left = left.max(skipped);
    let mut cells: Vec<(char, bool)> = Vec::with_capacity(code.len() + 6);
    let mut from = 0;
    let mut start_cell = 0;
    if computed_left > 0 {
        let mut covered = 0;
        for &c in &code {
            covered += width_of(c);
            from += 1;
            if covered >= 3 {
                break;
            }
        }
        cells.extend([('.', true); 3]);
        start_cell = covered;
    }
    // A wide character cut at the mark leaves an empty cell after it.
    cells.resize(start_cell.max(cells.len()), (' ', false));
    cells.truncate(start_cell);
    cells.extend(code[from..].iter().map(|&c| (c, false)));
    if width > right {
        let (mut covered, mut count) = (0, 0);
        for &c in code.iter().rev() {
            covered += width_of(c);
            count += 1;
            if covered >= 3 {
                break;
            }
        }
        let at = start_cell + (code.len() - from) - count;
        // Cells, not columns: a mark after wide characters may reach past the line's end.
        for cell in at..at + 3 {
            if cell < cells.len() {
                cells[cell] = ('.', true);
            } else {
                cells.resize(cell, (' ', false));
                cells.push(('.', true));
            }
        }
    }
    Some((cells, left))
}

/// Writes the finding the way annotate-snippets would, when it is the common case: one line
/// of plain characters without leading blanks, with a span inside it (at most twice as wide as
/// the terminal), and a title and help of one line each. `false` (with `out` in any state)
/// otherwise.
fn simple(out: &mut Vec<u8>, color: bool, path: &str, f: &Finding) -> bool {
    let text = f.snippet.text.as_str();
    let span = f.snippet.span.clone();
    if span.start > span.end || span.end > text.len() || text.contains('\n') {
        return false;
    }
    let (Some(before), Some(inside)) = (text.get(..span.start), text.get(span.clone())) else {
        return false;
    };
    let (Some(before_width), Some(inside_width), Some(after_width)) = (
        plain_width(before),
        plain_width(inside),
        plain_width(&text[span.end..]),
    ) else {
        return false;
    };
    let width = before_width + inside_width + after_width;
    let plain_line = |t: &str| !t.chars().any(|c| c.is_control());
    if text.starts_with(char::is_whitespace)
        || !plain_line(&f.message)
        || !plain_line(&f.rule)
        || f.help.as_deref().is_some_and(|h| !plain_line(h))
        || plain_width(path).is_none()
    {
        return false;
    }
    let line = f.snippet.first_line;
    let mut digits = itoa::Buffer::new();
    let number = digits.format(line).to_owned();
    let code_offset = number.len() + 3;
    let carets = inside_width.max(1);
    let Some((cells, left)) = trimmed(
        text,
        width,
        before_width,
        before_width + carets,
        TERM_WIDTH.saturating_sub(code_offset),
    ) else {
        return false;
    };
    let pad = " ".repeat(number.len());
    // The finding's own column: the snippet may start inside a long line.
    let column = f.start.column;
    // The underline starts at the span's column less the columns cut, in cells.
    let indent = " ".repeat((code_offset + before_width).saturating_sub(left) - (code_offset - 1));
    let carets = "^".repeat(carets);
    let name = label(f.level);
    let help = f.help.as_deref();
    let gap = if cells.is_empty() { "" } else { " " };
    let mut source = String::with_capacity(cells.len() + 16);
    let mut marked = false;
    for &(c, mark) in &cells {
        if color && mark != marked {
            source.push_str(if mark { BLUE } else { RESET });
            marked = mark;
        }
        source.push(c);
    }
    if marked {
        source.push_str(RESET);
    }
    // Pieces put together by hand: through `write!` the formatting machinery costs more than
    // the rest of the finding.
    let mut column_digits = itoa::Buffer::new();
    let column = column_digits.format(column);
    let put = |out: &mut Vec<u8>, pieces: &[&str]| {
        for piece in pieces {
            out.extend_from_slice(piece.as_bytes());
        }
    };
    let (blue, reset, bold, level) = if color {
        (BLUE, RESET, BOLD, level_style(f.level))
    } else {
        ("", "", "", "")
    };
    put(out, &[level, name, "[", &f.rule, "]", reset, bold, ": "]);
    put(out, &[&f.message, reset, "\n"]);
    put(
        out,
        &[
            &pad, blue, "--> ", reset, path, ":", &number, ":", column, "\n",
        ],
    );
    put(out, &[&pad, " ", blue, "|", reset, "\n"]);
    put(
        out,
        &[
            blue, &number, reset, " ", blue, "|", reset, gap, &source, "\n",
        ],
    );
    put(
        out,
        &[&pad, " ", blue, "|", reset, &indent, level, &carets, reset],
    );
    if let Some(help) = help {
        put(out, &["\n", &pad, " ", blue, "|", reset, "\n"]);
        put(
            out,
            &[
                &pad, " ", blue, "= ", reset, bold, HELP_LABEL, reset, ": ", help,
            ],
        );
    }
    true
}

impl Reporter for Human {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let path = escape_name(report.path);
        for f in report.findings {
            let rendered = self.render(&path, f);
            out.write_all(rendered)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let line = summary_line(s);
        // Green only for a clean run: a draft that could not be read is not one.
        let unread = s.failures > 0 && s.unit == Unit::Files;
        let total = s.errors + s.warnings + s.infos;
        let line = match (self.color, s.errors > 0 || unread, total > 0) {
            (false, _, _) => line.normal(),
            (true, true, _) => line.red().bold(),
            (true, false, true) => line.yellow().bold(),
            (true, false, false) => line.green().bold(),
        };
        writeln!(out, "{line}")
    }
}

/// The closing line: what was found, what `--fix` corrected, what could not be read.
fn summary_line(s: &Summary) -> String {
    let total = s.errors + s.warnings + s.infos;
    let files = match s.unit {
        Unit::Files => count(s.files, "file controllato", "file controllati"),
        Unit::Comments => count(s.files, "commento controllato", "commenti controllati"),
    };
    // As ruff does: how many `--fix` corrected, and how many are left.
    let fixed = s.fixed.filter(|&n| n > 0).map(|n| {
        if n == 1 {
            "Corretta 1 segnalazione".to_owned()
        } else {
            format!("Corrette {n} segnalazioni")
        }
    });
    let unread = s.failures > 0 && s.unit == Unit::Files;
    let mut line = match (total, fixed) {
        (0, None) if unread && s.files == 0 => "Nessun file controllato.".to_owned(),
        (0, None) if unread => format!("Nessun problema nei file letti ({files})."),
        (0, None) => format!("Nessun problema trovato ({files})."),
        (0, Some(fixed)) => format!("{fixed}, nessuna rimasta ({files})."),
        (_, fixed) => {
            // A published comment is edited on the platform: `--fix` has nothing to offer.
            let fixable = match s.unit {
                Unit::Files if s.fixed.is_none() || s.fixable > 0 => format!(
                    " ({} con --fix)",
                    count(s.fixable, "correggibile", "correggibili")
                ),
                _ => String::new(),
            };
            let counts = format!(
                "{}, {}, {}{fixable}",
                count(s.errors, "errore", "errori"),
                count(s.warnings, "avviso", "avvisi"),
                count(s.infos, "nota", "note"),
            );
            match fixed {
                Some(fixed) => {
                    let left = if total == 1 {
                        "ne resta 1".to_owned()
                    } else {
                        format!("ne restano {total}")
                    };
                    format!("{fixed}; {left} in {files}: {counts}.")
                }
                None => format!(
                    "{} in {files}: {counts}.",
                    count(total, "segnalazione", "segnalazioni")
                ),
            }
        }
    };
    if unread {
        let unread = if s.failures == 1 {
            "1 file non è stato letto".to_owned()
        } else {
            format!("{} file non sono stati letti", s.failures)
        };
        line.push_str(&format!(" {unread}: vedi gli errori sopra."));
    }
    line
}

/// `n` with the Italian singular or plural noun.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::position::Position;
    use proptest::prelude::*;

    /// What annotate-snippets alone renders.
    fn reference(color: bool, path: &str, f: &Finding) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        annotated(&renderer, path, f)
    }

    fn finding(
        text: &str,
        span: std::ops::Range<usize>,
        line: usize,
        level: Level,
        help: Option<&str>,
    ) -> Finding {
        Finding {
            rule: "style/abbreviation".into(),
            level,
            message: "«Cmq» è un'abbreviazione da chat: scrivi «Comunque»".into(),
            help: help.map(str::to_owned),
            // The column the engine gives a finding on a line kept whole.
            start: Position {
                line,
                column: text[..span.start].chars().count() + 1,
            },
            end: Position { line, column: 1 },
            bytes: span.clone(),
            fix: None,
            snippet: crate::finding::Snippet {
                first_line: line,
                text: text.into(),
                span,
            },
            sensitive: false,
            key: String::new(),
        }
    }

    /// Characters of every width and kind `simple` must either render as annotate-snippets
    /// does or hand over: wide, combining, zero-width, tabs, control and direction marks.
    const PIECES: &[&str] = &[
        "a", "Z", " ", "  ", "é", "à", "€", "«", "»", "😀", "中", "👍🏽", "e\u{301}", "\u{200b}",
        "\u{200d}", "\t", "\u{7}", "\u{1b}", "\u{202e}", "\u{a0}", "\u{ad}", "-", "'", "\r",
        "\u{feff}", "\u{2028}",
    ];

    /// A message and a help longer than any terminal.
    const LONG: &str = "nessuna immagine: la policy chiede di usare spesso immagini (del Comune o \
        libere da copyright), e di indicare sempre chi le ha scattate, con quale licenza e dove \
        sono state pubblicate la prima volta, così che chi legge possa risalire alla fonte";

    /// The characters of nearly every draft: the lines `simple` takes.
    const PLAIN: &[&str] = &[
        "a", "Z", " ", "é", "€", "«", "😀", "中", "👍🏽", "'", ",", "1",
    ];

    fn line() -> impl Strategy<Value = String> {
        let pieces = |set: &'static [&'static str], most| {
            proptest::collection::vec(proptest::sample::select(set), 0..most)
                .prop_map(|pieces| pieces.concat())
        };
        prop_oneof![pieces(PIECES, 70), pieces(PLAIN, 120), pieces(PLAIN, 400)]
    }

    proptest! {
        #![proptest_config(crate::text::samples::config(3000))]
        #[test]
        fn simple_renders_what_annotate_snippets_renders(
            text in line(),
            a in 0usize..3000,
            length in prop_oneof![0usize..3000, 0usize..12],
            line_no in prop_oneof![Just(1usize), 2usize..12, 95usize..105, 9990usize..10010],
            level in prop_oneof![Just(Level::Error), Just(Level::Warning), Just(Level::Info)],
            help in prop_oneof![Just(None), Just(Some("sostituisci con «Comunque»")), Just(Some(LONG))],
            long_message in any::<bool>(),
            path in prop_oneof![Just("bozze/a.txt"), Just("./bozze/città 1.md"), Just("<stdin>")],
            color in any::<bool>(),
        ) {
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let first = a % boundaries.len();
            let last = (first + length).min(boundaries.len() - 1);
            let mut f = finding(&text, boundaries[first]..boundaries[last], line_no, level, help);
            if long_message {
                f.message = LONG.into();
            }
            let mut out = Vec::new();
            if simple(&mut out, color, path, &f) {
                let simple = String::from_utf8(out).expect("UTF-8");
                prop_assert_eq!(simple, reference(color, path, &f), "{:?}", text);
            }
        }
    }

    /// A finding deep in a long line has a snippet cut around it: both paths print the
    /// finding's own column, not the one counted in the snippet.
    #[test]
    fn a_cut_snippet_keeps_the_findings_column() {
        let text = "parola ".repeat(60);
        let mut f = finding(&text, 7..13, 5, Level::Error, Some("aiuto"));
        f.start.column = 383;
        for color in [false, true] {
            let mut human = Human::new(color);
            let shown = String::from_utf8(human.render("a.txt", &f).to_vec()).expect("UTF-8");
            assert!(shown.contains("a.txt:5:383"), "{shown}");
            assert!(!shown.contains(":5:8"), "{shown}");
        }
        // Past the simple path: a span over two lines.
        let text = format!("{}\nseconda riga", "parola ".repeat(60));
        let mut f = finding(&text, 7..430, 5, Level::Error, None);
        f.start.column = 383;
        for color in [false, true] {
            let mut out = Vec::new();
            assert!(!simple(&mut out, color, "a.txt", &f));
            let mut human = Human::new(color);
            let shown = String::from_utf8(human.render("a.txt", &f).to_vec()).expect("UTF-8");
            assert!(shown.contains("a.txt:5:383"), "{shown}");
        }
    }

    #[test]
    fn the_common_findings_take_the_simple_path() {
        for (text, span) in [
            ("Cmq ciao", 0..3),
            ("Cmq ciao", 0..0),
            ("riga due x tutti, nn mancate 😀", 29..33),
            ("Perché è già così", 8..10),
            (LONG, 5..9),
            (LONG, 130..140),
            (LONG, LONG.len() - 3..LONG.len()),
            (&"😀 parola ".repeat(40), 200..213),
            (&"😀 parola ".repeat(40), 20..300),
            (&"parola ".repeat(60), 7..250),
        ] {
            let f = finding(text, span, 3, Level::Warning, Some("aiuto"));
            for color in [false, true] {
                let mut out = Vec::new();
                assert!(simple(&mut out, color, "a.txt", &f), "{text}");
                assert_eq!(
                    String::from_utf8(out).expect("UTF-8"),
                    reference(color, "a.txt", &f)
                );
            }
        }
    }
}
