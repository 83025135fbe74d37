//! Findings: what every output format renders, self-contained and already masked.
//!
//! A finding carries its own copy of the source lines it points at, so no renderer ever
//! reads the draft. Personal data is masked here, once, before any renderer sees a finding:
//! no output format can forget to do it.

use std::ops::Range;

use crate::checks::Edit;
use crate::position::{LineIndex, Position};
use crate::rule::Level;

/// The source lines a finding points at, with the span inside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// 1-based number of the first line of `text`.
    pub first_line: usize,
    pub text: String,
    /// Byte range of the finding inside `text`.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub level: Level,
    pub message: String,
    /// What to do instead, when the rule knows.
    pub help: Option<String>,
    pub start: Position,
    pub end: Position,
    /// File byte offsets.
    pub bytes: Range<usize>,
    pub fix: Option<Edit>,
    pub snippet: Snippet,
    /// Whether the finding is about personal data (masked everywhere).
    pub sensitive: bool,
    /// A hash of the rule and the normalized text found: identifies the finding across edits
    /// elsewhere in the file without storing the text (personal data never leaves in clear).
    pub key: String,
}

/// Hex SHA-256 of the parts, separated so that `("ab", "c")` and `("a", "bc")` differ.
pub fn stable_hash(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex(hasher.finalize().into())
}

/// `stable_hash(&[first, &text.to_ascii_lowercase()])`, without the lower-case copy: the key
/// of nearly every finding, whose text is ASCII.
pub fn stable_hash_lower(first: &str, text: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(first.as_bytes());
    hasher.update([0]);
    let mut lower = [0u8; 256];
    for chunk in text.as_bytes().chunks(lower.len()) {
        let lower = &mut lower[..chunk.len()];
        lower.copy_from_slice(chunk);
        lower.make_ascii_lowercase();
        hasher.update(&*lower);
    }
    hasher.update([0]);
    hex(hasher.finalize().into())
}

/// Lower-case hex of a SHA-256 digest.
fn hex(digest: [u8; 32]) -> String {
    let mut out = [0u8; 64];
    for (pair, byte) in out.chunks_exact_mut(2).zip(digest) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(byte)]);
    }
    // Hex digits are ASCII: the conversion cannot fail.
    String::from_utf8(out.to_vec()).unwrap_or_default()
}

/// The two lower-case hex digits of every byte.
const HEX_PAIRS: [[u8; 2]; 256] = {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut pairs = [[0u8; 2]; 256];
    let mut byte = 0;
    while byte < 256 {
        pairs[byte] = [HEX[byte >> 4], HEX[byte & 0x0f]];
        byte += 1;
    }
    pairs
};

/// Stable fingerprints for the findings of one file, in order: path, rule, the finding's
/// `key` and its occurrence among findings with the same rule and key. Line numbers play no
/// part, so edits elsewhere in the file keep them.
pub fn fingerprints(path: &str, findings: &[Finding]) -> Vec<String> {
    let mut seen: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let n = seen.entry((f.rule.as_str(), f.key.as_str())).or_insert(0);
            *n += 1;
            stable_hash(&[path, &f.rule, &f.key, &n.to_string()])[..32].to_owned()
        })
        .collect()
}

/// Hides a personal value: at most its first and last two characters stay visible, and
/// short values are hidden whole. The length is kept, so columns still line up.
pub fn mask(value: &str) -> String {
    let n = value.chars().count();
    value
        .chars()
        .enumerate()
        .map(|(i, c)| masked(c, i, n))
        .collect()
}

/// Character `i` of a secret of `n` characters, as `mask` shows it.
fn masked(c: char, i: usize, n: usize) -> char {
    let shown = n >= 8 && (i < 2 || i >= n - 2);
    if shown || c.is_whitespace() { c } else { '*' }
}

/// The text of `range` with every part that falls inside one of `secrets` masked as the
/// whole secret would be, so a finding that merely covers personal data does not show it.
pub fn mask_within(source: &str, range: &Range<usize>, secrets: &[Range<usize>]) -> String {
    if secrets.is_empty() {
        return source[range.clone()].to_owned();
    }
    let mut owners = Owners::new(range, secrets);
    let mut out = String::with_capacity(range.len());
    for (i, c) in source[range.clone()].char_indices() {
        out.push(owners.masked_char(source, range.start + i, c, secrets));
    }
    out
}

/// For each byte of a range, the first of `secrets` (in their order) that holds it: found
/// once per range, so masking a span of 100,000 characters among 10,000 secrets stays linear.
struct Owners {
    start: usize,
    owner: Vec<Option<usize>>,
    /// The characters of each secret, counted when first needed.
    lengths: Vec<Option<usize>>,
    /// The last character masked: its secret, the offset after it and its index in the
    /// secret. The characters of a secret come in order, so the next index follows from it.
    last: Option<(usize, usize, usize)>,
}

impl Owners {
    fn new(range: &Range<usize>, secrets: &[Range<usize>]) -> Self {
        let mut owner = vec![None; range.len()];
        // Painted last to first, so the first secret holding a byte owns it.
        for (i, secret) in secrets.iter().enumerate().rev() {
            let from = secret.start.max(range.start);
            let to = secret.end.min(range.end);
            for slot in owner
                .get_mut(from.saturating_sub(range.start)..to.saturating_sub(range.start))
                .into_iter()
                .flatten()
            {
                *slot = Some(i);
            }
        }
        Owners {
            start: range.start,
            owner,
            lengths: vec![None; secrets.len()],
            last: None,
        }
    }

    /// When no secret holds the byte at `offset` (before `end`), where the next one that a
    /// secret holds is (or `end`).
    fn unowned_until(&self, offset: usize, end: usize) -> Option<usize> {
        let from = offset.checked_sub(self.start)?;
        let to = end.checked_sub(self.start)?.min(self.owner.len());
        let rest = self.owner.get(from..to)?;
        if rest.first()?.is_some() {
            return None;
        }
        Some(offset + rest.iter().position(Option::is_some).unwrap_or(rest.len()))
    }

    /// The character at `offset` as shown: masked when inside a secret.
    fn masked_char(
        &mut self,
        source: &str,
        offset: usize,
        c: char,
        secrets: &[Range<usize>],
    ) -> char {
        let owner = offset
            .checked_sub(self.start)
            .and_then(|i| self.owner.get(i).copied().flatten());
        let Some((i, secret)) = owner.and_then(|i| Some((i, secrets.get(i)?))) else {
            return c;
        };
        let index = match self.last {
            Some((last, after, index)) if last == i && after == offset => index + 1,
            _ => source[secret.start..offset].chars().count(),
        };
        self.last = Some((i, offset + c.len_utf8(), index));
        let length = *self.lengths[i].get_or_insert_with(|| source[secret.clone()].chars().count());
        masked(c, index, length)
    }
}

/// The longest snippet shown in full; longer spans show their first line.
const MAX_SNIPPET_LINES: usize = 3;

/// Bytes of a line kept before and after a finding's span: more than a terminal shows.
pub const MAX_CONTEXT: usize = 320;

/// Cuts the lines of `bytes` out of `source`, masking every range of `secrets` in them.
pub fn snippet(
    source: &str,
    lines: &LineIndex,
    bytes: &Range<usize>,
    secrets: &[Range<usize>],
) -> Snippet {
    let (start, end) = lines.span_positions(source, bytes);
    snippet_at(source, lines, bytes, (start, end), secrets)
}

/// `snippet`, for a caller that already knows the positions of both ends of `bytes`.
pub fn snippet_at(
    source: &str,
    lines: &LineIndex,
    bytes: &Range<usize>,
    (start, end): (Position, Position),
    secrets: &[Range<usize>],
) -> Snippet {
    let last_line = if end.line - start.line >= MAX_SNIPPET_LINES {
        start.line
    } else {
        end.line
    };
    let range = lines.lines_range(source, start.line, last_line);
    let span_start = bytes.start.clamp(range.start, range.end);
    let span_end = bytes.end.clamp(span_start, range.end);
    // A very long line is cut around the span: every finding carries its own snippet, and a
    // 1 MiB line with thousands of findings would otherwise be copied thousands of times.
    let mut cut_start = span_start.saturating_sub(MAX_CONTEXT).max(range.start);
    while !source.is_char_boundary(cut_start) {
        cut_start -= 1;
    }
    let mut cut_end = span_end.saturating_add(MAX_CONTEXT).min(range.end);
    while !source.is_char_boundary(cut_end) {
        cut_end += 1;
    }
    let range = cut_start..cut_end;
    if secrets.is_empty() {
        return Snippet {
            first_line: start.line,
            text: source[range.clone()].to_owned(),
            span: span_start - range.start..span_end - range.start,
        };
    }
    let mut owners = Owners::new(&range, secrets);
    let mut text = String::with_capacity(range.len());
    let mut span = 0..0;
    let mut offset = range.start;
    while offset <= range.end {
        if offset == span_start {
            span.start = text.len();
        }
        if offset == span_end {
            span.end = text.len();
        }
        if let Some(run_end) = owners.unowned_until(offset, range.end) {
            // Text no secret holds is copied whole, up to the next secret or span end (the
            // only offsets the loop must stop at), rounded up to a character boundary.
            let mut stop = [span_start, span_end]
                .into_iter()
                .filter(|&mark| mark > offset)
                .fold(run_end, usize::min);
            while !source.is_char_boundary(stop) {
                stop += 1;
            }
            text.push_str(&source[offset..stop]);
            offset = stop;
            continue;
        }
        let Some(c) = source[offset..range.end].chars().next() else {
            break;
        };
        text.push(owners.masked_char(source, offset, c, secrets));
        offset += c.len_utf8();
    }
    Snippet {
        first_line: start.line,
        text,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_hash_is_hex_sha256() {
        assert_eq!(
            stable_hash(&[]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(500))]
        #[test]
        fn lower_hash_is_the_hash_of_the_lower_text(
            first in "[a-z/é]{0,8}",
            text in "[ -~]{0,600}",
        ) {
            proptest::prop_assert_eq!(
                stable_hash_lower(&first, &text),
                stable_hash(&[&first, &text.to_ascii_lowercase()])
            );
        }
    }

    #[test]
    fn masks_all_but_the_edges() {
        assert_eq!(mask("RSSMRA85T10A562S"), "RS************2S");
        assert_eq!(mask("347 1234567"), "34* *****67");
        assert_eq!(mask("abc"), "***");
    }

    #[test]
    fn snippet_masks_secrets_and_keeps_span() {
        let src = "riga uno\nil codice RSSMRA85T10A562S e poi 3471234567\n";
        let index = LineIndex::new(src);
        let cf = src.find("RSS").unwrap_or_default();
        let tel = src.find("347").unwrap_or_default();
        let secrets = [cf..cf + 16, tel..tel + 10];
        let s = snippet(src, &index, &(cf..cf + 16), &secrets);
        assert_eq!(s.first_line, 2);
        assert_eq!(s.text, "il codice RS************2S e poi 34******67");
        assert_eq!(&s.text[s.span.clone()], "RS************2S");
    }

    /// Each character masked as the first secret holding it (in their order) says, counted
    /// from scratch: the oracle of the incremental masking.
    fn masked_reference(source: &str, range: &Range<usize>, secrets: &[Range<usize>]) -> String {
        source[range.clone()]
            .char_indices()
            .map(|(i, c)| {
                let offset = range.start + i;
                match secrets.iter().find(|s| s.contains(&offset)) {
                    Some(s) => masked(
                        c,
                        source[s.start..offset].chars().count(),
                        source[s.clone()].chars().count(),
                    ),
                    None => c,
                }
            })
            .collect()
    }

    /// Char-boundary ranges of `text` from pairs of character indices.
    fn char_ranges(text: &str, pairs: &[(usize, usize)]) -> Vec<Range<usize>> {
        let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bounds.push(text.len());
        pairs
            .iter()
            .map(|&(a, b)| {
                let (a, b) = (a % bounds.len(), b % bounds.len());
                bounds[a.min(b)]..bounds[a.max(b)]
            })
            .collect()
    }

    proptest::proptest! {
        // Failures become cases in the tests above rather than files beside the crate.
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::with_cases(2000)
        })]
        #[test]
        fn masking_agrees_with_the_reference(
            text in "[a-zé 3€😀]{1,40}",
            pairs in proptest::collection::vec((0usize..50, 0usize..50), 1..8),
        ) {
            let ranges = char_ranges(&text, &pairs);
            let (span, secrets) = (&ranges[0], &ranges[1..]);
            proptest::prop_assert_eq!(
                mask_within(&text, span, secrets),
                masked_reference(&text, span, secrets)
            );
            let s = snippet(&text, &LineIndex::new(&text), span, secrets);
            proptest::prop_assert_eq!(&s.text, &masked_reference(&text, &(0..text.len()), secrets));
            proptest::prop_assert_eq!(&s.text[s.span.clone()], masked_reference(&text, span, secrets));
        }
    }

    #[test]
    fn fingerprints_count_occurrences_not_lines() {
        let f = |key: &str, line: usize| Finding {
            rule: "style/emoji".into(),
            level: Level::Error,
            message: String::new(),
            help: None,
            start: Position { line, column: 1 },
            end: Position { line, column: 2 },
            bytes: 0..1,
            fix: None,
            snippet: Snippet {
                first_line: line,
                text: String::new(),
                span: 0..0,
            },
            sensitive: false,
            key: key.into(),
        };
        let before = fingerprints("a.txt", &[f("k1", 1), f("k1", 2), f("k2", 3)]);
        let after = fingerprints("a.txt", &[f("k1", 5), f("k1", 9), f("k2", 12)]);
        assert_eq!(before, after);
        assert_ne!(before[0], before[1]);
        assert_ne!(fingerprints("b.txt", &[f("k1", 1)])[0], before[0]);
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let src = format!("{}cmq{}", "é".repeat(1000), "ü".repeat(1000));
        let at = src.find("cmq").unwrap_or_default();
        let s = snippet(&src, &LineIndex::new(&src), &(at..at + 3), &[]);
        assert_eq!(&s.text[s.span.clone()], "cmq");
        assert!(
            s.text.starts_with('é') && s.text.ends_with('ü'),
            "{}",
            s.text
        );
        assert_eq!(s.text.len(), 3 + 2 * MAX_CONTEXT);
        let short = "una riga breve con cmq";
        let s = snippet(short, &LineIndex::new(short), &(19..22), &[]);
        assert_eq!(s.text, short);
    }

    #[test]
    fn long_spans_show_their_first_line() {
        let src = "a\nb\nc\nd\ne";
        let index = LineIndex::new(src);
        let s = snippet(src, &index, &(2..src.len()), &[]);
        assert_eq!(
            (s.first_line, s.text.as_str(), s.span.clone()),
            (2, "b", 0..1)
        );
    }
}
