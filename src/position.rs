//! File coordinates: byte offsets to 1-based lines and 1-based character columns.

/// Where one file's lines start, computed once per file.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Bytes of a byte-order mark at the start: kept in offsets, never counted as a column.
    bom: usize,
    /// Every `STRIDE` bytes or so past the start, a character boundary and the characters
    /// before it (the start itself, `(0, 0)`, is implicit): a
    /// column deep into a 1 MiB line is counted from the nearest mark, not from the line
    /// start, so a line of thousands of findings stays linear.
    marks: Vec<(usize, usize)>,
}

const STRIDE: usize = 4096;

/// A point in a file as writers and editors count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut line_starts = Vec::with_capacity(source.len() / 16 + 2);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        let bom = if source.starts_with('\u{FEFF}') { 3 } else { 0 };
        // Most files are shorter than one stride and need no mark past the implicit `(0, 0)`.
        let mut marks = Vec::new();
        let mut at = STRIDE;
        while at < source.len() {
            let mut boundary = at;
            while !source.is_char_boundary(boundary) {
                boundary -= 1;
            }
            let (last, before) = marks.last().copied().unwrap_or((0, 0));
            marks.push((boundary, before + source[last..boundary].chars().count()));
            at += STRIDE;
        }
        LineIndex {
            line_starts,
            bom,
            marks,
        }
    }

    /// Byte offsets where the lines start (the first is 0, even after a BOM).
    pub fn starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Characters in `source[..offset]`; `offset` must be a character boundary.
    fn chars_before(&self, source: &str, offset: usize) -> usize {
        let mark = self.marks.partition_point(|&(at, _)| at <= offset);
        let (at, before) = mark.checked_sub(1).map_or((0, 0), |m| self.marks[m]);
        before + source[at..offset].chars().count()
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    pub fn position(&self, source: &str, offset: usize) -> Position {
        let offset = offset.min(source.len());
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = if start > offset || !source.is_char_boundary(offset) {
            0
        } else if offset - start <= STRIDE {
            source[start..offset].chars().count()
        } else {
            self.chars_before(source, offset) - self.chars_before(source, start)
        } + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The positions of both ends of `range`. An end on the start's line (the usual finding)
    /// is counted on from the start rather than from the line start.
    pub fn span_positions(
        &self,
        source: &str,
        range: &std::ops::Range<usize>,
    ) -> (Position, Position) {
        let start = self.position(source, range.start);
        let (from, to) = (range.start, range.end);
        let line = start.line - 1;
        let on_start_line = from <= to
            && to <= source.len()
            && to - from <= STRIDE
            && from >= self.line_start(line)
            && self.line_starts.get(line + 1).is_none_or(|&next| to < next)
            && source.is_char_boundary(from)
            && source.is_char_boundary(to);
        let end = if on_start_line {
            Position {
                line: start.line,
                column: start.column + source[from..to].chars().count(),
            }
        } else {
            self.position(source, to)
        };
        (start, end)
    }

    /// Byte offset where the 0-based `line` starts, after a BOM on the first line.
    fn line_start(&self, line: usize) -> usize {
        let start = self.line_starts[line];
        if line == 0 { self.bom } else { start }
    }

    /// The byte range of the 1-based lines `first..=last`, without the final line break.
    pub fn lines_range(&self, source: &str, first: usize, last: usize) -> std::ops::Range<usize> {
        let start = self.line_start(first.saturating_sub(1).min(self.line_starts.len() - 1));
        let end = self
            .line_starts
            .get(last)
            .map_or(source.len(), |&next| next - 1);
        let end = if source[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_char_columns() {
        let src = "\u{FEFF}ab\r\nperché x\n";
        let index = LineIndex::new(src);
        assert_eq!(index.position(src, 3), Position { line: 1, column: 1 });
        let x = src.find('x').unwrap_or_default();
        assert_eq!(index.position(src, x), Position { line: 2, column: 8 });
        assert_eq!(&src[index.lines_range(src, 1, 1)], "ab");
        assert_eq!(&src[index.lines_range(src, 2, 2)], "perché x");
        assert_eq!(&src[index.lines_range(src, 3, 3)], "");
    }

    #[test]
    fn span_ends_are_where_position_puts_them() {
        // Every range over a text with a BOM, CRLF, empty lines, multi-byte characters and a
        // line longer than a stride, including ranges that end inside a character.
        let long = "é".repeat(STRIDE / 2 + 3);
        let src = format!("\u{FEFF}ab\r\n\nperché x😀\n{long}\nfine");
        let index = LineIndex::new(&src);
        let mut offsets: Vec<usize> = (0..40).chain(src.len() - 40..src.len() + 2).collect();
        offsets.extend([STRIDE, STRIDE + 1, STRIDE + 20, STRIDE + 21]);
        for &from in &offsets {
            for &to in &offsets {
                let expected = (index.position(&src, from), index.position(&src, to));
                assert_eq!(
                    index.span_positions(&src, &(from..to)),
                    expected,
                    "{from}..{to}"
                );
            }
        }
    }

    #[test]
    fn line_starts_are_found_at_every_alignment() {
        // Line breaks beside bytes that differ from `\n` in one bit, at every position of an
        // eight-byte word, and in the remainder.
        let mut src = String::new();
        for i in 0..40 {
            src.push_str(&"\u{b}\u{8}*é".repeat(i % 5));
            src.push_str(["\n", "\n\n", "\r\n", "\u{b}\n\u{e}"][i % 4]);
        }
        for len in 0..=src.len() {
            let Some(prefix) = src.get(..len) else {
                continue;
            };
            let expected: Vec<usize> = std::iter::once(0)
                .chain(prefix.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            assert_eq!(LineIndex::new(prefix).starts(), expected, "prefix of {len}");
        }
    }

    #[test]
    fn columns_deep_in_a_long_line_count_characters() {
        // Multi-byte characters straddle the marks, so the marks must land on boundaries.
        let src = format!("x\n{}", "àb€😀".repeat(5000));
        let index = LineIndex::new(&src);
        for offset in [2, 3, 4096, 4097, 8191, 8193, src.len() - 4, src.len()] {
            if !src.is_char_boundary(offset) {
                continue;
            }
            let expected = src[2..offset].chars().count() + 1;
            assert_eq!(index.position(&src, offset).column, expected, "at {offset}");
        }
    }
}
