//! Masking: every piece of a draft that reaches an output passes through this module, so the
//! promise that personal data is never shown in full has one file to audit.
//!
//! A finding shows what a draft holds in four places: the text found (`{found}`), the values
//! of its message placeholders (which a check may have built from the text), the source lines
//! around it (its snippet) and the replacement of its fix. The engine (`lint`) builds one
//! `SecretGuard` per draft from the spans the privacy checks marked sensitive, and asks it for
//! each of the four: `found`, `scrub`, `snippet` and `allows`. Every secret of the draft is
//! protected in every finding, not only in its own: another rule's finding may cover it
//! (`style/shouting` on a codice fiscale in capitals), or a check may rebuild a value in
//! another form (grouped, compacted). No renderer ever sees a draft, only findings masked
//! here.
//!
//! A secret is shown as `mask` shows it: its length kept, at most its first and last two
//! characters visible.

use std::ops::Range;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use aho_corasick::AhoCorasick;

use crate::checks::Edit;
use crate::finding::Snippet;
use crate::position::{LineIndex, Position};
use crate::rule::RuleSet;

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

/// `text` with each of `spans` (byte ranges on character boundaries, in any order, possibly
/// overlapping) masked as `mask` masks a value: how a whole text that is shown outside a
/// finding (a `--diff`) hides the secrets found in it.
pub fn mask_spans(text: &str, spans: &[Range<usize>]) -> String {
    let mut spans: Vec<Range<usize>> = spans
        .iter()
        .filter(|s| {
            s.start < s.end
                && s.end <= text.len()
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end)
        })
        .cloned()
        .collect();
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans {
        if span.end <= at {
            continue;
        }
        let start = span.start.max(at);
        out.push_str(&text[at..start]);
        out.push_str(&mask(&text[start..span.end]));
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with every occurrence of each of `values` masked: how a text shown whole (a
/// `--diff`) hides the secrets found in it or in another version of it. One pass, however
/// many values.
pub fn mask_values(text: &str, values: &[&str]) -> String {
    let values: Vec<&str> = values.iter().copied().filter(|v| !v.is_empty()).collect();
    if values.is_empty() {
        return text.to_owned();
    }
    let Ok(finder) = AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&values)
    else {
        // Past the automaton's limits (far beyond any draft): nothing is shown rather than
        // something in full.
        return mask(text);
    };
    let spans: Vec<Range<usize>> = finder.find_iter(text).map(|m| m.range()).collect();
    mask_spans(text, &spans)
}

/// The privacy rules of the embedded pack, loaded the first time a text outside any draft
/// (an error message) is scrubbed. `None` while they load: an error made during the load
/// (only possible with a broken embedded pack) falls back to `looks_personal` alone.
static DETECTORS: OnceLock<Option<RuleSet>> = OnceLock::new();
static LOADING: AtomicBool = AtomicBool::new(false);

fn detectors() -> Option<&'static RuleSet> {
    if let Some(set) = DETECTORS.get() {
        return set.as_ref();
    }
    if LOADING.swap(true, Ordering::SeqCst) {
        return None;
    }
    DETECTORS
        .get_or_init(|| {
            let mut set = crate::pack::default_rules().ok()?;
            set.rules.retain(|r| r.id.starts_with("privacy/"));
            set.share();
            Some(set)
        })
        .as_ref()
}

/// The byte ranges of `text` that the privacy detectors of the embedded pack report, read
/// as the body of a post.
pub fn secrets_in(text: &str) -> Vec<Range<usize>> {
    let Some(rules) = detectors() else {
        return Vec::new();
    };
    if text.is_empty() {
        return Vec::new();
    }
    let draft = crate::draft::Draft {
        path: String::new(),
        source: text.to_owned(),
        front: crate::draft::FrontMatter::default(),
        body: 0..text.len(),
        front_matter: None,
        lines: LineIndex::new(text),
    };
    crate::lint::lint(&draft, rules, crate::lint::Defaults::default())
        .into_iter()
        .filter(|f| f.sensitive)
        .map(|f| f.bytes)
        .collect()
}

/// A message (an error, a record's description) with every value in it that may be personal
/// masked: what the detectors find, and any word they would pass over that still looks like
/// an identifier (see `looks_personal`).
pub fn scrub_message(message: &str) -> String {
    let mut spans = secrets_in(message);
    spans.extend(personal_looking_words(message));
    if spans.is_empty() {
        return message.to_owned();
    }
    mask_spans(message, &spans)
}

/// The words of `text` (between blanks, quotes and brackets) that `looks_personal`.
fn personal_looking_words(text: &str) -> Vec<Range<usize>> {
    let is_edge = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '`' | '"' | '\'' | '«' | '»' | '(' | ')' | '[' | ']' | ',' | ';'
            )
    };
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (is_edge(c), start) {
            (true, Some(s)) => {
                let word = text[s..i].trim_end_matches(['.', ':']);
                if looks_personal(word) {
                    words.push(s..s + word.len());
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    words
}

/// A word that may be personal data even where the detectors pass it over (a malformed or
/// foreign value, a number without context): an e-mail address, seven digits or more
/// (a date and time excepted), or sixteen letters and digits mixed (a codice fiscale, an
/// IBAN).
fn looks_personal(word: &str) -> bool {
    let at = word.find('@');
    if at.is_some_and(|i| i > 0 && word[i + 1..].contains('.')) {
        return true;
    }
    let digits = word.bytes().filter(u8::is_ascii_digit).count();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let b = word.as_bytes();
    let dated = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-';
    (digits >= 7 && !dated) || (digits >= 2 && letters >= 2 && digits + letters >= 15)
}

/// Character `i` of a secret of `n` characters, as `mask` shows it.
fn masked(c: char, i: usize, n: usize) -> char {
    let shown = n >= 8 && (i < 2 || i >= n - 2);
    if shown || c.is_whitespace() { c } else { '*' }
}

/// The text of `range` with every part that falls inside one of `secrets` masked as the
/// whole secret would be, so a finding that merely covers personal data does not show it.
fn mask_within(source: &str, range: &Range<usize>, secrets: &[Range<usize>]) -> String {
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
const MAX_CONTEXT: usize = 320;

/// Cuts the lines of `bytes` out of `source`, masking every range of `secrets` in them.
#[cfg(test)]
fn snippet(
    source: &str,
    lines: &LineIndex,
    bytes: &Range<usize>,
    secrets: &[Range<usize>],
) -> Snippet {
    let (start, end) = lines.span_positions(source, bytes);
    snippet_at(source, lines, bytes, (start, end), secrets)
}

/// The lines of `bytes` cut out of `source` (its first line only past `MAX_SNIPPET_LINES`,
/// at most `MAX_CONTEXT` bytes either side of it), every range of `secrets` in them masked;
/// `start` and `end` are the positions of the ends of `bytes`.
fn snippet_at(
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

/// The sensitive values of one draft (each distinct value once), as written and as letters
/// and digits only, so that a
/// value rebuilt in another form (`IT60 X054…` from `IT60X054…`) is still recognised. Built
/// once per draft and indexed, so a draft with thousands of secrets and thousands of findings
/// (a pasted phone list) does not compare every finding with every secret.
pub struct SecretGuard<'s> {
    source: &'s str,
    secrets: Vec<(&'s str, String)>,
    spans: &'s [Range<usize>],
    /// Indices of `spans` by start, and the longest span: the secrets that meet a range.
    by_start: Vec<usize>,
    longest: usize,
    /// The secrets as written (indices of `secrets` by pattern), and their loose forms long
    /// enough to compare.
    written: Option<(AhoCorasick, Vec<usize>)>,
    compact: Option<AhoCorasick>,
}

/// Below this many letters and digits a loose comparison would mask innocent text.
const MIN_LOOSE: usize = 4;

/// From how many secrets in one draft they are searched for with one automaton.
const INDEX_SECRETS_FROM: usize = 16;

/// The letters and digits of `text`, lower case: how secrets are compared in any form.
fn loose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // ASCII, nearly all of a message's values, skips the Unicode tables.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

impl<'s> SecretGuard<'s> {
    pub fn new(source: &'s str, spans: &'s [Range<usize>]) -> Self {
        // Each value once: a value written 60,000 times is one pattern, not 60,000 that all
        // match wherever one does.
        let mut seen = std::collections::HashSet::new();
        let secrets: Vec<(&str, String)> = spans
            .iter()
            .map(|s| &source[s.clone()])
            .filter(|raw| seen.insert(*raw))
            .map(|raw| (raw, loose(raw)))
            .collect();
        let mut by_start: Vec<usize> = (0..spans.len()).collect();
        by_start.sort_by_key(|&i| spans[i].start);
        let longest = spans.iter().map(Range::len).max().unwrap_or(0);
        let ids: Vec<usize> = (0..secrets.len())
            .filter(|&i| !secrets[i].0.is_empty())
            .collect();
        // A handful of secrets (the usual case) is cheaper to compare one by one than to
        // build an automaton for. Building fails only past the automaton's size limits, far
        // beyond a 1 MiB draft; the one-by-one comparison then serves too.
        let indexed = secrets.len() > INDEX_SECRETS_FROM;
        let written = (indexed && !ids.is_empty())
            .then(|| AhoCorasick::new(ids.iter().map(|&i| secrets[i].0)).ok())
            .flatten()
            .map(|finder| (finder, ids));
        let mut seen_loose = std::collections::HashSet::new();
        let compacts: Vec<&str> = secrets
            .iter()
            .map(|(_, c)| c.as_str())
            .filter(|c| c.len() >= MIN_LOOSE && seen_loose.insert(*c))
            .collect();
        let compact = (indexed && !compacts.is_empty())
            .then(|| AhoCorasick::new(&compacts).ok())
            .flatten();
        SecretGuard {
            source,
            secrets,
            spans,
            by_start,
            longest,
            written,
            compact,
        }
    }

    /// The text of `span` as the `{found}` placeholder shows it: a sensitive hit masked whole,
    /// any other with the secrets it covers masked.
    pub fn found(&self, span: &Range<usize>, sensitive: bool) -> String {
        if sensitive {
            mask(&self.source[span.clone()])
        } else {
            mask_within(self.source, span, &self.within(span))
        }
    }

    /// Whether a fix may be offered: it touches no secret and writes none back.
    pub fn allows(&self, edit: &Edit) -> bool {
        !self.overlaps(&edit.range) && !self.leaks(&edit.replacement)
    }

    /// The source lines of `span`, whose ends are at `positions`, with every secret masked.
    pub fn snippet(
        &self,
        lines: &LineIndex,
        span: &Range<usize>,
        positions: (Position, Position),
    ) -> Snippet {
        snippet_at(
            self.source,
            lines,
            span,
            positions,
            &self.within(&snippet_reach(span)),
        )
    }

    /// The secrets that meet `range`, in the order they were found.
    fn within(&self, range: &Range<usize>) -> Vec<Range<usize>> {
        if self.spans.is_empty() {
            return Vec::new();
        }
        let from = range.start.saturating_sub(self.longest);
        let lo = self
            .by_start
            .partition_point(|&i| self.spans[i].start < from);
        let hi = self
            .by_start
            .partition_point(|&i| self.spans[i].start <= range.end);
        let mut meet: Vec<usize> = self.by_start[lo..hi]
            .iter()
            .copied()
            .filter(|&i| self.spans[i].end > range.start)
            .collect();
        meet.sort_unstable();
        meet.into_iter().map(|i| self.spans[i].clone()).collect()
    }

    /// Indices of the secrets whose written form occurs in `value`, in order.
    fn written_in(&self, value: &str) -> Vec<usize> {
        let mut found: Vec<usize> = match &self.written {
            Some((finder, ids)) => finder
                .find_overlapping_iter(value)
                .map(|m| ids[m.pattern().as_usize()])
                .collect(),
            None => (0..self.secrets.len())
                .filter(|&i| !self.secrets[i].0.is_empty() && value.contains(self.secrets[i].0))
                .collect(),
        };
        found.sort_unstable();
        found.dedup();
        found
    }

    fn leaks(&self, value: &str) -> bool {
        if self.secrets.is_empty() {
            return false;
        }
        self.leaks_compacted(value) || !self.written_in(value).is_empty()
    }

    /// Whether a secret, as letters and digits only, occurs in `value` so compacted.
    fn leaks_compacted(&self, value: &str) -> bool {
        let value_loose = loose(value);
        match &self.compact {
            Some(finder) => finder.is_match(&value_loose),
            None => self.secrets.iter().any(|(_, compact)| {
                compact.len() >= MIN_LOOSE && value_loose.contains(compact.as_str())
            }),
        }
    }

    fn overlaps(&self, range: &Range<usize>) -> bool {
        let probe = range.start..range.end.max(range.start + 1);
        self.within(&probe)
            .iter()
            .any(|s| s.start < probe.end && probe.start < s.end)
    }

    /// The value with every secret masked; a value that holds a secret in another form is
    /// masked whole.
    pub fn scrub(&self, value: String) -> String {
        if self.secrets.is_empty() {
            return value;
        }
        let mut value = value;
        let written = self.written_in(&value);
        for &i in &written {
            let raw = self.secrets[i].0;
            if value.contains(raw) {
                value = value.replace(raw, &mask(raw));
            }
        }
        // A value no secret was written in is unchanged, so none is written in it now.
        let leaks = if written.is_empty() {
            self.leaks_compacted(&value)
        } else {
            self.leaks(&value)
        };
        if leaks { mask(&value) } else { value }
    }
}

/// The bytes a finding's snippet may show around `span` (see `MAX_CONTEXT`), plus
/// the few bytes that widening to character boundaries adds.
fn snippet_reach(span: &Range<usize>) -> Range<usize> {
    span.start.saturating_sub(MAX_CONTEXT + 4)..span.end.saturating_add(MAX_CONTEXT + 4)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(2000))]
        #[test]
        fn loose_agrees_with_the_reference(text in "[a-zA-Z0-9 .,éÈßİ\u{130}ǅ😀-]{0,30}") {
            let reference: String = text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            proptest::prop_assert_eq!(loose(&text), reference);
        }
    }

    #[test]
    fn secrets_are_scrubbed_in_any_form() {
        // Padded with more secrets than the one-by-one comparison takes, so both the plain
        // and the automaton search are held to the same answers.
        for padding in [0, INDEX_SECRETS_FROM + 1] {
            let mut source = "codice IT60X0542811101000000123456 qui".to_owned();
            let mut spans = Vec::new();
            for n in 0..padding {
                let at = source.len() + 1;
                source.push_str(&format!(" 3{n:09}"));
                spans.push(at..at + 10);
            }
            scrubbed_in_any_form(&source, spans);
        }
    }

    fn scrubbed_in_any_form(source: &str, padding: Vec<Range<usize>>) {
        let start = source.find("IT60").unwrap_or(0);
        let other = source.find("qui").unwrap_or(0);
        let mut spans = vec![start..start + 27, other..other + 3];
        spans.extend(padding);
        let guard = SecretGuard::new(source, &spans);
        assert_eq!(guard.written.is_some(), spans.len() > INDEX_SECRETS_FROM);
        let spaced = "IT60 X054 2811 1010 0000 0123 456".to_owned();
        let scrubbed = guard.scrub(format!("valore: {spaced}"));
        assert!(!loose(&scrubbed).contains("0542811101"), "{scrubbed}");
        assert_eq!(
            guard.scrub("prima IT60X0542811101000000123456 dopo".to_owned()),
            "prima IT***********************56 dopo"
        );
        assert_eq!(
            guard.scrub("nulla da nascondere".to_owned()),
            "nulla da nascondere"
        );
        assert!(guard.overlaps(&(start + 3..start + 5)));
        assert!(!guard.overlaps(&(0..6)));
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
