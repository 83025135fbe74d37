//! The readable reference of the feature extractor (spec `alpost-content-features/1`), kept as
//! the statement of what [`super::features`] computes: it works on a vector of characters and
//! builds every feature as a `String`, which is easy to check against
//! `scripts/content-model/features.py` and several times slower than the extractor the scorer
//! runs. A differential test holds the two to the same features on real drafts and on
//! generated text.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::text::segment::{Lexicon, is_digit, is_lower, is_upper, is_word_char, split_tag_with};

use super::table::STOP;

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
