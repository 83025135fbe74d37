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

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::text::segment::{Lexicon, is_digit, is_lower, is_upper, is_word_char, split_tag_with};

pub const SPEC: &str = "alpost-content-features/1";

/// Italian function words: items of the chain, never features by themselves.
pub const STOP: &[&str] = &[
    "a", "ad", "agli", "ai", "al", "alla", "alle", "allo", "anche", "avere", "c", "che", "chi",
    "ci", "coi", "col", "come", "con", "cui", "da", "dagli", "dai", "dal", "dalla", "dalle",
    "dallo", "degli", "dei", "del", "della", "delle", "dello", "di", "dove", "e", "ed", "è", "era",
    "essere", "gli", "ha", "hanno", "ho", "i", "il", "in", "io", "l", "la", "le", "li", "lo",
    "loro", "lui", "ma", "mi", "ne", "negli", "nei", "nel", "nella", "nelle", "nello", "noi",
    "non", "o", "per", "più", "può", "quale", "quali", "quando", "quella", "quelle", "quelli",
    "quello", "questa", "queste", "questi", "questo", "se", "si", "sia", "siamo", "sono", "su",
    "sua", "sue", "sugli", "sui", "sul", "sull", "sulla", "sulle", "sullo", "suo", "suoi", "ti",
    "tra", "tu", "tutti", "tutto", "un", "una", "uno", "vi", "voi",
];

fn is_stop(w: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect())
        .contains(w)
}

/// Unicode White_Space (the spec's white space).
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

const NUM: &str = "<num>";
const CUR: &str = "€";
const PCT: &str = "%";

struct Extractor<'l> {
    lex: &'l Lexicon<'l>,
    feats: Vec<String>,
    /// The previous item of the chain; empty when the chain is broken.
    prev: String,
    caps: usize,
}

impl Extractor<'_> {
    fn content(item: &str) -> bool {
        item != NUM && item != CUR && item != PCT && !is_stop(item)
    }

    fn push(&mut self, item: &str) {
        if !self.prev.is_empty() {
            let prev = self.prev.as_str();
            if Self::content(prev) || Self::content(item) {
                self.feats.push(format!("b:{prev} {item}"));
            }
            let money = |s: &str| s == CUR || s == "euro" || s == "eur";
            if (item == NUM && money(prev)) || (prev == NUM && money(item)) {
                self.feats.push("p:price".into());
            }
            if prev == NUM && item == PCT {
                self.feats.push("p:pct".into());
            }
        }
        self.prev.clear();
        self.prev.push_str(item);
    }

    fn brk(&mut self) {
        self.prev.clear();
    }

    fn word(&mut self, raw: &str) {
        let w = raw.to_lowercase();
        if w.chars().count() < 2 {
            return;
        }
        // All capitals: no letter has a capital form of its own, and one has a lower-case one.
        if raw.chars().count() >= 3 && !raw.chars().any(is_lower) && raw.chars().any(is_upper) {
            self.caps += 1;
        }
        if !is_stop(&w) {
            self.feats.push(format!("w:{w}"));
        }
        self.push(&w);
    }

    fn number(&mut self, num: &str) {
        if num.chars().filter(|&c| is_digit(c)).count() >= 3 {
            self.feats.push(format!("n:{}", shape(num)));
        }
        self.push(NUM);
    }
}

fn shape(num: &str) -> String {
    let mut out = String::with_capacity(num.len());
    let mut run = 0usize;
    let flush = |out: &mut String, run: &mut usize| {
        if *run > 4 {
            out.push_str("dddd+");
        } else {
            (0..*run).for_each(|_| out.push('d'));
        }
        *run = 0;
    };
    for c in num.chars() {
        if is_digit(c) {
            run += 1;
        } else {
            flush(&mut out, &mut run);
            out.push(c);
        }
    }
    flush(&mut out, &mut run);
    out
}

fn starts_link(cs: &[char], i: usize) -> bool {
    let low: String = cs[i..(i + 8).min(cs.len())]
        .iter()
        .collect::<String>()
        .to_lowercase();
    low.starts_with("http://") || low.starts_with("https://") || low.starts_with("www.")
}

/// The sorted, de-duplicated features of `text`, with the word list `lex` for hashtags.
pub fn features(text: &str, lex: &Lexicon<'_>) -> Vec<String> {
    let cs: Vec<char> = text.chars().collect();
    let n = cs.len();
    let mut x = Extractor {
        lex,
        feats: Vec::new(),
        prev: String::new(),
        caps: 0,
    };
    let mut i = 0;
    while i < n {
        let c = cs[i];
        if starts_link(&cs, i) {
            while i < n && !is_space(cs[i]) {
                i += 1;
            }
            x.brk();
            continue;
        }
        if (c == '#' || c == '@')
            && i + 1 < n
            && is_word_char(cs[i + 1])
            && (i == 0 || !is_word_char(cs[i - 1]))
        {
            let mut j = i + 1;
            while j < n && (is_word_char(cs[j]) || cs[j] == '_') {
                j += 1;
            }
            let body: String = cs[i + 1..j].iter().collect();
            for piece in split_tag_with(&body, x.lex) {
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
            while j < n {
                if is_word_char(cs[j])
                    || ((cs[j] == '.' || cs[j] == ',')
                        && j > i
                        && is_digit(cs[j - 1])
                        && j + 1 < n
                        && is_digit(cs[j + 1]))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if j + 1 < n && cs[j] == '@' && is_word_char(cs[j + 1]) {
                while j < n && !is_space(cs[j]) {
                    j += 1;
                }
                x.brk();
                i = j;
                continue;
            }
            let run = &cs[i..j];
            let mut k = 0;
            while k < run.len() {
                let mut m = k;
                if is_digit(run[k]) {
                    while m < run.len()
                        && (is_digit(run[m])
                            || ((run[m] == '.' || run[m] == ',')
                                && m + 1 < run.len()
                                && is_digit(run[m + 1])))
                    {
                        m += 1;
                    }
                    x.number(&run[k..m].iter().collect::<String>());
                } else {
                    while m < run.len() && !is_digit(run[m]) && run[m] != '.' && run[m] != ',' {
                        m += 1;
                    }
                    x.word(&run[k..m].iter().collect::<String>());
                }
                k = m.max(k + 1);
            }
            i = j;
            continue;
        }
        match c {
            '€' | '$' | '£' => {
                x.feats.push("p:eur".into());
                x.push(CUR);
            }
            '%' => x.push(PCT),
            '\'' | '\u{2019}' => {}
            c if is_space(c) => {}
            _ => {
                if c == '!' && cs.get(i + 1) == Some(&'!') {
                    x.feats.push("p:excl".into());
                }
                x.brk();
            }
        }
        i += 1;
    }
    if x.caps >= 2 {
        x.feats.push("p:caps".into());
    }
    let mut feats = x.feats;
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
