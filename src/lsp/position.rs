//! LSP coordinates: 0-based lines and columns counted in UTF-16 code units, as the protocol
//! requires, against the engine's byte offsets and 1-based character columns.

use lsp_types::Position;

/// Where each line of a text starts, to turn byte offsets into LSP positions and back.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// Lines end at `\n`; a `\r` before it stays on its line, so CRLF counts as one end.
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The position of a 1-based line and 1-based character column, as errors report them.
    pub fn from_line_column(&self, line: usize, column: usize) -> Position {
        let Some(&start) = line.checked_sub(1).and_then(|l| self.starts.get(l)) else {
            return Position::new(0, 0);
        };
        let end = self.line_end(line - 1);
        let chars = self.text[start..end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(end, |(i, _)| start + i);
        self.position(chars)
    }

    /// The byte offset of an LSP position; a position past a line's end is that end, one past
    /// the last line is the end of the text (as the protocol asks).
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self.line_end(position.line as usize);
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// Where line `line` ends, before its line break (`\n` or `\r\n`).
    fn line_end(&self, line: usize) -> usize {
        let next = self.starts.get(line + 1).map_or(self.text.len(), |s| s - 1);
        let line_text = &self.text[self.starts[line]..next];
        if line + 1 < self.starts.len() && line_text.ends_with('\r') {
            next - 1
        } else {
            next
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // 😀 is two UTF-16 units and four bytes; è is one unit and two bytes.
        let text = "Perché 😀 cmq\nsecondo";
        let lines = Lines::new(text);
        let cmq = text.find("cmq").expect("present");
        assert_eq!(lines.position(cmq), Position::new(0, 10));
        assert_eq!(lines.offset(Position::new(0, 10)), cmq);
        assert_eq!(lines.position(text.len()), Position::new(1, 7));
        assert_eq!(lines.from_line_column(1, 10), Position::new(0, 10));
    }

    #[test]
    fn crlf_is_one_line_end_and_positions_past_the_end_clamp() {
        let text = "ab\r\ncd";
        let lines = Lines::new(text);
        assert_eq!(lines.position(4), Position::new(1, 0));
        assert_eq!(lines.offset(Position::new(0, 99)), 2);
        assert_eq!(lines.offset(Position::new(7, 0)), text.len());
        // A position inside a surrogate pair falls after the character.
        let emoji = Lines::new("😀x");
        assert_eq!(emoji.offset(Position::new(0, 1)), 4);
        assert_eq!(emoji.position(2), Position::new(0, 0));
    }
}
