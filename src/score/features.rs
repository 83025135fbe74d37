//! Features of a draft for the content scorer, spec `alpost-content-features/1`.
//!
//! The spec is written out in `scripts/content-model/features.py`, which trains the weights with
//! the same extraction; `tests/data/content-features.json`, written by that script, holds the two
//! implementations to the same output. In short:
//!
//! - tokens: links (`http://`, `https://`, `www.`) and e-mail addresses are skipped whole;
//!   hashtags and mentions give the words of [`crate::text::segment`]; runs of word characters
//!   (with `.`/`,` between digits) are cut where letters meet digits into words and numbers;
//!   `€ $ £` are a currency item, `%` a percent item; white space and apostrophes separate, any
//!   other character also breaks the chain of items that bigrams are made of;
//! - features: `w:WORD` for words not in [`STOP`], `b:A B` for consecutive items with one such
//!   word, `n:SHAPE` for numbers of three digits or more (`9.900` -> `n:d.ddd`), `p:price`,
//!   `p:pct`, `p:eur`, `p:caps` (two capitalised words of three letters or more), `p:excl` (`!!`).
//!
//! The text is read as it is (no Unicode normalisation), so both sides agree whatever their
//! Unicode tables.

use super::table::feature_key;
use crate::text::segment::{Lexicon, is_lower, is_upper, is_word_char, split_tag_with};

pub const SPEC: &str = super::table::FEATURE_SPEC;

/// Italian function words: items of the chain, never features by themselves.
pub use super::table::STOP;

/// What receives the features of a draft, in the order they are found (the same feature can
/// come more than once): its UTF-8 bytes and its [`feature_key`].
pub(crate) trait Sink {
    fn feature(&mut self, bytes: &[u8], key: u64);
}

/// Buffers the extractor reuses from draft to draft, so extracting allocates nothing once they
/// have grown to the longest word seen.
#[derive(Default)]
pub(crate) struct Buffers {
    prev: Vec<u8>,
    cur: Vec<u8>,
    feat: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Item {
    Word,
    Num,
    Cur,
    Pct,
}

const NUM: &[u8] = b"<num>";
const CUR: &[u8] = "€".as_bytes();
const PCT: &[u8] = b"%";

/// Whether the lower-case word of key `key` (the key of `w:WORD`) is a function word.
fn is_stop(word: &[u8], key: u64) -> bool {
    // No function word is longer than seven bytes: most words never reach the search.
    word.len() <= 7 && super::STOP_KEYS.binary_search(&key).is_ok()
}

struct Extractor<'x, S: Sink> {
    lex: &'x Lexicon<'x>,
    sink: &'x mut S,
    b: &'x mut Buffers,
    /// The chain has a previous item (kind, whether it is a content word; a word's text is in
    /// `b.prev`).
    prev: Option<(Item, bool)>,
    caps: usize,
}

impl<S: Sink> Extractor<'_, S> {
    fn emit(&mut self) {
        let key = feature_key(&self.b.feat);
        self.sink.feature(&self.b.feat, key);
    }

    fn emit_const(&mut self, f: &str) {
        self.b.feat.clear();
        self.b.feat.extend_from_slice(f.as_bytes());
        self.emit();
    }

    /// Whether an item is money: the currency item, `euro` or `eur` (`current`: the word being
    /// pushed, in `b.cur`; else the previous one, in `b.prev`).
    fn is_money(b: &Buffers, kind: Item, current: bool) -> bool {
        match kind {
            Item::Cur => true,
            Item::Word => {
                let w: &[u8] = if current { &b.cur } else { &b.prev };
                w == b"euro" || w == b"eur"
            }
            _ => false,
        }
    }

    /// Adds an item to the chain (a word's text is in `b.cur`).
    fn push(&mut self, kind: Item, content: bool) {
        if let Some((pk, pcontent)) = self.prev {
            if pcontent || content {
                let b = &mut *self.b;
                b.feat.clear();
                b.feat.extend_from_slice(b"b:");
                let prev = match pk {
                    Item::Word => &b.prev[..],
                    Item::Num => NUM,
                    Item::Cur => CUR,
                    Item::Pct => PCT,
                };
                b.feat.extend_from_slice(prev);
                b.feat.push(b' ');
                let item = match kind {
                    Item::Word => &b.cur[..],
                    Item::Num => NUM,
                    Item::Cur => CUR,
                    Item::Pct => PCT,
                };
                b.feat.extend_from_slice(item);
                self.emit();
            }
            if (kind == Item::Num && Self::is_money(self.b, pk, false))
                || (pk == Item::Num && Self::is_money(self.b, kind, true))
            {
                self.emit_const("p:price");
            }
            if pk == Item::Num && kind == Item::Pct {
                self.emit_const("p:pct");
            }
        }
        if kind == Item::Word {
            std::mem::swap(&mut self.b.prev, &mut self.b.cur);
        }
        self.prev = Some((kind, content));
    }

    fn brk(&mut self) {
        self.prev = None;
    }

    fn word(&mut self, raw: &str) {
        let b = &mut *self.b;
        b.cur.clear();
        let (chars, caps) = if raw.is_ascii() {
            b.cur.extend(raw.bytes().map(|c| c.to_ascii_lowercase()));
            let bs = raw.as_bytes();
            let caps = bs.len() >= 3
                && !bs.iter().any(u8::is_ascii_lowercase)
                && bs.iter().any(u8::is_ascii_uppercase);
            (bs.len(), caps)
        } else {
            let mut n = 0;
            let mut buf = [0u8; 4];
            for c in raw.chars() {
                for l in c.to_lowercase() {
                    b.cur.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                    n += 1;
                }
            }
            // All capitals: no letter has a capital form of its own, and one has a lower-case one.
            let caps =
                raw.chars().count() >= 3 && !raw.chars().any(is_lower) && raw.chars().any(is_upper);
            (n, caps)
        };
        if chars < 2 {
            return;
        }
        if caps {
            self.caps += 1;
        }
        b.feat.clear();
        b.feat.extend_from_slice(b"w:");
        b.feat.extend_from_slice(&b.cur);
        let key = feature_key(&b.feat);
        let stop = is_stop(&b.cur, key);
        if !stop {
            self.sink.feature(&b.feat, key);
        }
        self.push(Item::Word, !stop);
    }

    fn number(&mut self, num: &str) {
        if num.bytes().filter(u8::is_ascii_digit).count() >= 3 {
            let f = &mut self.b.feat;
            f.clear();
            f.extend_from_slice(b"n:");
            shape(num, f);
            self.emit();
        }
        self.push(Item::Num, false);
    }
}

/// The shape of a number: digits as `d`, runs of more than four as `dddd+`, separators kept.
fn shape(num: &str, out: &mut Vec<u8>) {
    let mut run = 0usize;
    let flush = |out: &mut Vec<u8>, run: &mut usize| {
        if *run > 4 {
            out.extend_from_slice(b"dddd+");
        } else {
            out.extend(std::iter::repeat_n(b'd', *run));
        }
        *run = 0;
    };
    for c in num.bytes() {
        if c.is_ascii_digit() {
            run += 1;
        } else {
            flush(out, &mut run);
            out.push(c);
        }
    }
    flush(out, &mut run);
}

fn starts_link(bytes: &[u8], i: usize) -> bool {
    let rest = &bytes[i..];
    let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    starts(b"http://") || starts(b"https://") || starts(b"www.")
}

/// The character at byte `i` of `text` (a character boundary) and its length in bytes.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((char::from(b), 1));
    }
    text.get(i..)?.chars().next().map(|c| (c, c.len_utf8()))
}

/// The byte just past the run of non-white-space characters starting at `i`.
fn skip_to_space(text: &str, mut i: usize) -> usize {
    while let Some((c, len)) = char_at(text, i) {
        if c.is_whitespace() {
            break;
        }
        i += len;
    }
    i
}

/// Finds the features of `text` (spec [`SPEC`]) and gives them to `sink`, each as often as it
/// is found; `lex` splits hashtags and mentions.
pub(crate) fn extract<S: Sink>(text: &str, lex: &Lexicon<'_>, b: &mut Buffers, sink: &mut S) {
    let bytes = text.as_bytes();
    let mut x = Extractor {
        lex,
        sink,
        b,
        prev: None,
        caps: 0,
    };
    let mut i = 0;
    while let Some((c, clen)) = char_at(text, i) {
        if matches!(c, 'h' | 'H' | 'w' | 'W') && starts_link(bytes, i) {
            i = skip_to_space(text, i);
            x.brk();
            continue;
        }
        if (c == '#' || c == '@')
            && char_at(text, i + 1).is_some_and(|(d, _)| is_word_char(d))
            && !text[..i].chars().next_back().is_some_and(is_word_char)
        {
            let mut j = i + 1;
            while let Some((d, len)) = char_at(text, j) {
                if !(is_word_char(d) || d == '_') {
                    break;
                }
                j += len;
            }
            for piece in split_tag_with(&text[i + 1..j], x.lex) {
                if piece.is_number {
                    x.number(piece.text);
                } else {
                    x.word(piece.text);
                }
            }
            i = j;
            continue;
        }
        if is_word_char(c) {
            let mut j = i;
            while let Some((d, len)) = char_at(text, j) {
                if is_word_char(d) {
                    j += len;
                } else if (d == '.' || d == ',')
                    && j > i
                    && bytes[j - 1].is_ascii_digit()
                    && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if bytes.get(j) == Some(&b'@')
                && char_at(text, j + 1).is_some_and(|(d, _)| is_word_char(d))
            {
                i = skip_to_space(text, j);
                x.brk();
                continue;
            }
            let run = &text[i..j];
            let rb = run.as_bytes();
            let mut k = 0;
            while k < rb.len() {
                let mut m = k;
                if rb[k].is_ascii_digit() {
                    while m < rb.len()
                        && (rb[m].is_ascii_digit()
                            || ((rb[m] == b'.' || rb[m] == b',')
                                && rb.get(m + 1).is_some_and(u8::is_ascii_digit)))
                    {
                        m += 1;
                    }
                    x.number(&run[k..m]);
                } else {
                    while m < rb.len() && !rb[m].is_ascii_digit() && rb[m] != b'.' && rb[m] != b','
                    {
                        m += 1;
                    }
                    if m > k {
                        x.word(&run[k..m]);
                    }
                }
                k = m.max(k + 1);
            }
            i = j;
            continue;
        }
        match c {
            '€' | '$' | '£' => {
                x.emit_const("p:eur");
                x.push(Item::Cur, false);
            }
            '%' => x.push(Item::Pct, false),
            '\'' | '\u{2019}' => {}
            c if c.is_whitespace() => {}
            _ => {
                if c == '!' && bytes.get(i + 1) == Some(&b'!') {
                    x.emit_const("p:excl");
                }
                x.brk();
            }
        }
        i += clen;
    }
    if x.caps >= 2 {
        x.emit_const("p:caps");
    }
}

struct Strings(Vec<String>);

impl Sink for Strings {
    fn feature(&mut self, bytes: &[u8], _key: u64) {
        self.0.push(String::from_utf8_lossy(bytes).into_owned());
    }
}

/// The sorted, de-duplicated features of `text`, with the word list `lex` for hashtags. The
/// scorer does not build these strings (it keys the features as it finds them); this is for
/// tests, the fixture and for reading what a draft gives.
pub fn features(text: &str, lex: &Lexicon<'_>) -> Vec<String> {
    let mut sink = Strings(Vec::new());
    extract(text, lex, &mut Buffers::default(), &mut sink);
    let mut feats = sink.0;
    feats.sort_unstable();
    feats.dedup();
    feats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment::lexicon;

    fn f(text: &str) -> Vec<String> {
        features(text, lexicon())
    }

    fn has(text: &str, feat: &str) -> bool {
        f(text).iter().any(|x| x == feat)
    }

    #[test]
    fn words_bigrams_and_stop_words() {
        let fs = f("Vota la Lega");
        assert!(fs.contains(&"w:vota".to_owned()));
        assert!(fs.contains(&"w:lega".to_owned()));
        assert!(fs.contains(&"b:la lega".to_owned()));
        assert!(!fs.contains(&"w:la".to_owned()));
        // Two function words make no bigram.
        assert!(!has("di la", "b:di la"));
    }

    #[test]
    fn hashtags_and_mentions_give_their_words() {
        assert!(has("#votalega", "b:vota lega"));
        assert!(has("@forza_italia", "b:forza italia"));
        assert!(has("Domenica #ItaliaSulSerio", "b:domenica italia"));
        assert!(has("#25settembrevotoLega", "b:<num> settembre"));
    }

    #[test]
    fn prices_percentages_and_number_shapes() {
        assert!(has("prezzo 99.000 euro", "p:price"));
        assert!(has("prezzo 99.000 euro", "n:dd.ddd"));
        assert!(has("€ 418.000", "p:price"));
        assert!(has("9.900€", "p:eur"));
        assert!(has("SCONTO62%", "p:pct"));
        assert!(has("SCONTO62%", "b:sconto <num>"));
        assert!(has("150000 km", "n:dddd+"));
        // Two digits are a day or an hour, not a shape worth learning.
        assert!(!f("alle 12").iter().any(|x| x.starts_with("n:")));
    }

    #[test]
    fn links_addresses_and_punctuation() {
        let fs = f("Vedi https://example.it/vota-lega e scrivi a info@lega.it");
        assert!(!fs.iter().any(|x| x.contains("lega")));
        // Punctuation breaks the chain, white space and apostrophes do not.
        assert!(!has("vota. lega", "b:vota lega"));
        assert!(has("dell'Italia", "b:dell italia"));
        assert!(has("SOLO OGGI!!", "p:caps"));
        assert!(has("SOLO OGGI!!", "p:excl"));
        assert!(f("").is_empty());
    }

    /// Every text the packs use as an example, with the fixture's: real drafts of both kinds.
    fn example_texts() -> Vec<String> {
        let mut texts = Vec::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("rules/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        fn strings(v: &toml::Value, out: &mut Vec<String>) {
            match v {
                toml::Value::String(s) => out.push(s.clone()),
                toml::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
                toml::Value::Table(t) => t.values().for_each(|x| strings(x, out)),
                _ => {}
            }
        }
        for f in files {
            let text = std::fs::read_to_string(&f).expect("pack readable");
            let v: toml::Value = toml::from_str(&text).expect("pack is TOML");
            strings(&v, &mut texts);
        }
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/content-features.json"
        );
        let data = std::fs::read_to_string(path).expect("fixture");
        let fixture: serde_json::Value = serde_json::from_str(&data).expect("fixture is JSON");
        for row in fixture["texts"].as_array().expect("texts") {
            texts.push(row["text"].as_str().expect("text").to_owned());
        }
        texts
    }

    #[test]
    fn the_same_features_as_the_reference_on_the_packs() {
        let texts = example_texts();
        assert!(texts.len() > 500, "{} texts", texts.len());
        for text in &texts {
            assert_eq!(
                f(text),
                super::super::reference::features(text, lexicon()),
                "features of {text:?}"
            );
        }
    }

    proptest::proptest! {
        /// Text built from the characters the extractor treats specially, so links, tags,
        /// numbers with separators, currencies, capitals and non-ASCII letters meet in every
        /// order.
        #[test]
        fn the_same_features_as_the_reference_on_any_text(
            text in r"(vota|Lega|LEGA|#votalega|#25settembre|@forza_italia|http://x\.it/a|www\.|info@x\.it|9\.900|1,5|€|\$|%|!!|!|\.|,|'|’|È|città|İ|ß|_|\d{1,6}|[a-zA-Z]{1,8}| |\n|\t|#|@){0,40}"
        ) {
            proptest::prop_assert_eq!(
                f(&text),
                super::super::reference::features(&text, lexicon())
            );
        }
    }

    #[test]
    fn the_same_features_as_the_python_script() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/content-features.json"
        );
        let data = std::fs::read_to_string(path).expect("fixture written by features.py");
        let fixture: serde_json::Value = serde_json::from_str(&data).expect("fixture is JSON");
        assert_eq!(fixture["spec"], SPEC);
        let texts = fixture["texts"].as_array().expect("texts");
        assert!(!texts.is_empty());
        for row in texts {
            let text = row["text"].as_str().expect("text");
            let want: Vec<&str> = row["features"]
                .as_array()
                .expect("features")
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            assert_eq!(f(text), want, "features of {text:?}");
        }
        for row in fixture["tags"].as_array().expect("tags") {
            let tag = row["tag"].as_str().expect("tag");
            let want: Vec<&str> = row["pieces"]
                .as_array()
                .expect("pieces")
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            let got: Vec<&str> = crate::text::segment::split_tag(tag)
                .into_iter()
                .map(|p| p.text)
                .collect();
            assert_eq!(got, want, "pieces of {tag:?}");
        }
    }
}
