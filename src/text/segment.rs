//! Italian words inside hashtags and mentions, and "is this an Italian word".
//!
//! `#votalega`, `#25settembrevotoLega`, `@forza_italia` and `#ItaliaSulSerio` are one token to
//! the tokenizer; the content rules need the words inside (`vota lega`, `25 settembre voto Lega`),
//! `access/hashtag-case` the CamelCase form to suggest, and `style/shouting` whether a word in
//! capitals is an Italian word or an acronym. The split follows the spec in
//! `scripts/content-model/features.py` (the content scorer's Python side uses the same one, and a
//! fixture holds the two together):
//!
//! - the body (after `#` or `@`) is cut at `_`;
//! - each part at a change between letters and digits, at a lower-case letter followed by a
//!   capital, and before the last capital of a run of capitals followed by a lower-case letter
//!   (`TVLega` -> `TV`, `Lega`);
//! - a letter piece of four letters or more, all lower-case or all capitals, that is not itself a
//!   word, is split by the dictionary: the split into known words of least total cost, a word of
//!   rank r (0 = most frequent) costing 20 + bit length of r + 1, a one-letter word (only a, e,
//!   i, o) 40; ties go to the first split found. Without a split the piece stays whole.
//!
//! The word list, `rules/words/it.txt`, is embedded as a table built by `build.rs`: 27 thousand words of napolux/paroleitaliane
//! (MIT licence) ordered by their counts in the content-model corpora; how it is built is in
//! `scripts/content-model/README.md`.

use std::borrow::Cow;
use std::marker::PhantomData;
use std::ops::Range;
use std::sync::OnceLock;

use crate::score::table::{self, Fnv};

/// `rules/words/it.txt` as a table of word keys and ranks, written by `build.rs`.
mod embedded_words {
    include!(concat!(env!("OUT_DIR"), "/words.rs"));
}

/// The longest word the dictionary split tries (no Italian word of the list is longer).
const MAX_WORD_CHARS: usize = 24;

/// A word character of the content spec: ASCII letters and digits, the Latin letters
/// U+00C0-U+024F but × and ÷, and the combining marks U+0300-U+036F.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(c, '\u{C0}'..='\u{24F}' | '\u{300}'..='\u{36F}') && c != '\u{D7}' && c != '\u{F7}'
}

pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// A letter with a lower-case form other than itself (so: a capital, in the spec's sense).
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    let mut l = c.to_lowercase();
    !(l.next() == Some(c) && l.next().is_none())
}

/// A letter with an upper-case form other than itself.
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    let mut u = c.to_uppercase();
    !(u.next() == Some(c) && u.next().is_none())
}

/// A word list with each word's frequency rank, as a table of word keys (FNV-1a of the
/// lower-case word, see `src/score/table.rs`): the embedded list is built at compile time, so
/// asking whether a string is a word costs no start-up and allocates nothing.
pub struct Lexicon<'a> {
    bits: u32,
    keys: Cow<'static, [u64]>,
    index: Cow<'static, [u32]>,
    ranks: Cow<'static, [u32]>,
    _text: PhantomData<&'a str>,
}

impl<'a> Lexicon<'a> {
    /// One word a line, most frequent first; lines starting with `#` are comments. A word listed
    /// twice keeps its first rank. Two words with one key (odds about 2^-40 for a list of this
    /// size) keep the first.
    pub fn parse(text: &'a str) -> Lexicon<'a> {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut rows: Vec<(u64, u32)> = Vec::new();
        for line in text.lines() {
            let w = line.trim_end_matches('\r');
            if w.is_empty() || w.starts_with('#') {
                continue;
            }
            let key = table::word_key(w);
            if seen.insert(key) {
                rows.push((key, rows.len() as u32));
            }
        }
        rows.sort_unstable();
        let keys: Vec<u64> = rows.iter().map(|r| r.0).collect();
        let bits = table::index_bits(keys.len());
        let index = table::build_index(&keys, bits);
        Lexicon {
            bits,
            keys: Cow::Owned(keys),
            index: Cow::Owned(index),
            ranks: Cow::Owned(rows.iter().map(|r| r.1).collect()),
            _text: PhantomData,
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    #[inline]
    fn rank_of_key(&self, key: u64) -> Option<u32> {
        table::find(&self.keys, &self.index, self.bits, key).map(|i| self.ranks[i])
    }

    /// Rank of a lower-case word (0 = most frequent).
    pub fn rank(&self, lower: &str) -> Option<u32> {
        let mut h = Fnv::new();
        h.bytes(lower.as_bytes());
        self.rank_of_key(h.finish())
    }

    /// Whether `word` is in the list, whatever its case (`LEGA`, `Lega` and `lega` alike).
    pub fn is_word(&self, word: &str) -> bool {
        self.rank_of_key(table::word_key(word)).is_some()
    }

    /// Splits a run of letters into known words (slices of `run`), or `None` if no split covers it.
    pub fn split_run<'r>(&self, run: &'r str) -> Option<Vec<&'r str>> {
        let lower = run.to_lowercase();
        let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
        let lchars: Vec<char> = lower.chars().collect();
        let n = starts.len();
        // A capital that lower-cases to two characters would shift every index after it.
        if lchars.len() != n || n == 0 {
            return None;
        }
        let at = |k: usize| if k == n { run.len() } else { starts[k] };
        // Least cost of a split of the first i characters, and where its last word starts.
        // Each start extends its piece a character at a time, so a piece's key grows with it;
        // a later start replaces a split only when strictly cheaper, so ties keep the earliest
        // start, as the spec says.
        let mut best = vec![u32::MAX; n + 1];
        let mut back = vec![0usize; n + 1];
        best[0] = 0;
        let mut buf = [0u8; 4];
        for j in 0..n {
            if best[j] == u32::MAX {
                continue;
            }
            let mut h = Fnv::new();
            for i in j + 1..=(j + MAX_WORD_CHARS).min(n) {
                let c = lchars[i - 1];
                h.bytes(c.encode_utf8(&mut buf).as_bytes());
                let cost = if i - j == 1 {
                    matches!(c, 'a' | 'e' | 'i' | 'o').then_some(40)
                } else {
                    self.rank_of_key(h.finish())
                        .map(|r| 20 + (32 - (r + 1).leading_zeros()))
                };
                if let Some(c) = cost {
                    if best[j] + c < best[i] {
                        best[i] = best[j] + c;
                        back[i] = j;
                    }
                }
            }
        }
        if best[n] == u32::MAX {
            return None;
        }
        let mut out = Vec::new();
        let mut i = n;
        while i > 0 {
            let j = back[i];
            out.push(&run[at(j)..at(i)]);
            i = j;
        }
        out.reverse();
        Some(out)
    }
}

/// The embedded Italian word list (tables built at compile time; this only wraps them).
pub fn lexicon() -> &'static Lexicon<'static> {
    use embedded_words as t;
    static LEXICON: OnceLock<Lexicon<'static>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon {
        bits: t::BITS,
        keys: Cow::Borrowed(&t::KEYS),
        index: Cow::Borrowed(&t::INDEX),
        ranks: Cow::Borrowed(&t::RANKS),
        _text: PhantomData,
    })
}

/// Whether `word` is an Italian word of the embedded list, whatever its case.
pub fn is_italian_word(word: &str) -> bool {
    lexicon().is_word(word)
}

/// One word or number of a hashtag or mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The piece as written (`Lega`, `25`).
    pub text: &'a str,
    /// Byte range in the string given to [`split_tag`] (sigil included), for a finding's span.
    pub range: Range<usize>,
    pub is_number: bool,
}

/// The words and numbers of a hashtag or mention (`#votalega`, `@forza_italia`, or the body
/// alone), with the embedded word list.
pub fn split_tag(tag: &str) -> Vec<Piece<'_>> {
    split_tag_with(tag, lexicon())
}

/// [`split_tag`] with a given word list.
pub fn split_tag_with<'t>(tag: &'t str, lex: &Lexicon<'_>) -> Vec<Piece<'t>> {
    let offset = usize::from(tag.starts_with(['#', '@']));
    let mut out = Vec::new();
    let mut part_start = offset;
    for part in tag[offset..].split('_') {
        for r in camel_pieces(part) {
            let text = &part[r.clone()];
            let abs = part_start + r.start..part_start + r.end;
            if text.starts_with(|c: char| is_digit(c)) {
                out.push(Piece {
                    text,
                    range: abs,
                    is_number: true,
                });
                continue;
            }
            if text.chars().count() >= 4 && is_uniform(text) && !lex.is_word(text) {
                if let Some(words) = lex.split_run(text) {
                    let mut at = abs.start;
                    for w in words {
                        out.push(Piece {
                            text: w,
                            range: at..at + w.len(),
                            is_number: false,
                        });
                        at += w.len();
                    }
                    continue;
                }
            }
            out.push(Piece {
                text,
                range: abs,
                is_number: false,
            });
        }
        part_start += part.len() + 1;
    }
    out
}

fn is_uniform(s: &str) -> bool {
    s.to_lowercase() == s || s.to_uppercase() == s
}

/// Byte ranges of the pieces of one `_`-free part: cut at letter/digit changes and CamelCase.
fn camel_pieces(part: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = part.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..chars.len() {
        let p = chars[k - 1].1;
        let c = chars[k].1;
        let next_lower = chars.get(k + 1).is_some_and(|&(_, n)| is_lower(n));
        let cut = is_digit(p) != is_digit(c)
            || (is_lower(p) && is_upper(c))
            || (is_upper(p) && is_upper(c) && next_lower);
        if cut {
            out.push(start..chars[k].0);
            start = chars[k].0;
        }
    }
    if !part.is_empty() {
        out.push(start..part.len());
    }
    out
}

/// Splits a run of letters into Italian words with the embedded list (`votalega` -> `vota`,
/// `lega`), or `None`.
pub fn split_words(run: &str) -> Option<Vec<&str>> {
    lexicon().split_run(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tag: &str) -> Vec<&str> {
        split_tag(tag).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn splits_the_tags_of_the_issue() {
        assert_eq!(texts("#votalega"), ["vota", "lega"]);
        assert_eq!(
            texts("#25settembrevotoLega"),
            ["25", "settembre", "voto", "Lega"]
        );
        assert_eq!(texts("@forza_italia"), ["forza", "italia"]);
        assert_eq!(texts("#ItaliaSulSerio"), ["Italia", "Sul", "Serio"]);
        assert_eq!(texts("#primagliitaliani"), ["prima", "gli", "italiani"]);
    }

    #[test]
    fn camel_case_runs_of_capitals_and_digits() {
        assert_eq!(texts("#TVLega"), ["TV", "Lega"]);
        assert_eq!(texts("#Alessandria2027"), ["Alessandria", "2027"]);
        assert_eq!(
            texts("#ComuneDiAlessandria"),
            ["Comune", "Di", "Alessandria"]
        );
        assert_eq!(texts("#FORZAITALIA"), ["FORZA", "ITALIA"]);
    }

    #[test]
    fn unknown_runs_and_known_words_stay_whole() {
        assert_eq!(texts("#XYZQWK"), ["XYZQWK"]);
        // A word of the list is not cut into smaller words.
        assert_eq!(texts("#alessandria"), ["alessandria"]);
        assert_eq!(texts("#pd"), ["pd"]);
        assert!(split_tag("#").is_empty());
        assert!(split_tag("").is_empty());
    }

    #[test]
    fn ranges_point_into_the_tag() {
        let tag = "@forza_italia";
        for p in split_tag(tag) {
            assert_eq!(&tag[p.range.clone()], p.text);
        }
        let tag = "#25settembrevotoLega";
        let pieces = split_tag(tag);
        assert!(pieces[0].is_number);
        assert_eq!(pieces[1].range, 3..12);
        for p in &pieces {
            assert_eq!(&tag[p.range.clone()], p.text);
        }
    }

    #[test]
    fn italian_words_and_acronyms() {
        assert!(is_italian_word("comune"));
        assert!(is_italian_word("COMUNE"));
        assert!(is_italian_word("Città"));
        assert!(!is_italian_word("URP"));
        assert!(!is_italian_word("XYZQWK"));
        assert_eq!(
            split_words("chiudiamoiporti"),
            Some(vec!["chiudiamo", "i", "porti"])
        );
        assert_eq!(split_words("qwkzx"), None);
        assert_eq!(split_words(""), None);
    }

    #[test]
    fn cost_prefers_fewer_and_more_frequent_words() {
        let lex = Lexicon::parse("# test list\nvota\nlega\nvot\nale\nga\n");
        assert_eq!(lex.len(), 5);
        // Two words beat three, whatever their ranks.
        assert_eq!(lex.split_run("votalega"), Some(vec!["vota", "lega"]));
        assert_eq!(lex.split_run("VOTALEGA"), Some(vec!["VOTA", "LEGA"]));
        assert!(lex.is_word("Lega"));
        assert_eq!(lex.rank("vota"), Some(0));
    }

    #[test]
    fn the_embedded_list_loads() {
        let lex = lexicon();
        assert!(lex.len() > 20_000);
        assert_eq!(lex.rank("di"), Some(0));
    }
}
