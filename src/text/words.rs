//! UAX #29 word boundaries for the characters Italian drafts are made of, without tables.
//!
//! `unicode_segmentation` looks every character up in a range table and runs a state machine
//! built for all of Unicode; most of a draft is ASCII and accented Latin letters, for which the
//! rules WB3–WB13b reduce to a few comparisons. `next` finds one segment at a time and gives up
//! (returns `None`) as soon as the decision would depend on a character outside the alphabet
//! below, so the caller can ask the crate for that one segment and carry on. That is sound
//! because the crate's iterator keeps no state between segments: the segments of `text` are its
//! first segment followed by the segments of the rest.
//!
//! The alphabet, with word-break classes checked against the crate's tables (see the tests):
//! ASCII printable characters, TAB, LF and CR; the Latin letters U+00C0–U+024F except `×` and
//! `÷`; `‘` and `’` (MidNumLet); and a few marks of class Other: `«` `»` `°` NBSP `–` `—` `“`
//! `”` `•` `…` `€`. None of them can extend a grapheme cluster or is an emoji.

/// How the tokenizer sorts a segment found here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A run of spaces, or one TAB, NBSP or CR not followed by LF.
    Space,
    /// `\n` or `\r\n`.
    Newline,
    /// Letters, digits and `_`, with the marks WB6–WB12 keep between them; at least one letter.
    Word,
    /// The same without a letter but with a digit (`2.500,00`).
    Number,
    /// One mark, or a run of `_`: each character is one grapheme of punctuation.
    Symbols,
}

/// Word-break classes (UAX #29, table 3) of the alphabet. Double_Quote is Other here: it only
/// matters next to Hebrew letters, which are outside the alphabet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNumLet,
    MidNum,
    SingleQuote,
    WSegSpace,
    Lf,
    Cr,
    Other,
    /// Other, but white space: the tokenizer makes it a `Space`.
    OtherBlank,
    /// Not in the alphabet.
    Foreign,
}

const fn ascii_class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Numeric,
        b'_' => Class::ExtendNumLet,
        b':' => Class::MidLetter,
        b'.' => Class::MidNumLet,
        b',' | b';' => Class::MidNum,
        b'\'' => Class::SingleQuote,
        b' ' => Class::WSegSpace,
        b'\n' => Class::Lf,
        b'\r' => Class::Cr,
        b'\t' => Class::OtherBlank,
        // VT and FF are Newline, the other controls and DEL are Other; rare enough to leave
        // to the crate rather than to classify.
        0x21..=0x7E => Class::Other,
        _ => Class::Foreign,
    }
}

static ASCII: [Class; 128] = {
    let mut table = [Class::Foreign; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = ascii_class(b as u8);
        b += 1;
    }
    table
};

fn class(c: char) -> Class {
    match c {
        '\0'..='\u{7F}' => ASCII[c as usize],
        c if super::latin::is_latin_letter(c) => Class::Letter,
        '\u{D7}' | '\u{F7}' => Class::Other,
        '\u{2018}' | '\u{2019}' => Class::MidNumLet,
        '\u{A0}' => Class::OtherBlank,
        '\u{AB}' | '\u{BB}' | '\u{B0}' | '\u{2013}' | '\u{2014}' | '\u{201C}' | '\u{201D}'
        | '\u{2022}' | '\u{2026}' | '\u{20AC}' => Class::Other,
        _ => Class::Foreign,
    }
}

/// The class and length of the character at byte `i`, `None` at the end of the text.
#[inline]
fn at(text: &str, i: usize) -> Option<(Class, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((ASCII[usize::from(b)], 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((class(c), c.len_utf8()))
}

/// True when the character at `i` is in the alphabet, or `i` is the end: what every rule
/// needs to know of the character after a segment (WB4 would glue an Extend or Format to it).
fn settled(text: &str, i: usize) -> bool {
    at(text, i).is_none_or(|(c, _)| c != Class::Foreign)
}

/// The end and shape of the word-boundary segment starting at byte `start` of `text`, or
/// `None` when it depends on a character outside the alphabet.
pub fn next(text: &str, start: usize) -> Option<(usize, Shape)> {
    let (first, len) = at(text, start)?;
    let mut i = start + len;
    match first {
        Class::Foreign => None,
        // WB3a: nothing joins a line feed.
        Class::Lf => Some((i, Shape::Newline)),
        // WB3, WB3a.
        Class::Cr => Some(match text.as_bytes().get(i) {
            Some(b'\n') => (i + 1, Shape::Newline),
            _ => (i, Shape::Space),
        }),
        Class::WSegSpace => {
            // WB3d.
            while text.as_bytes().get(i) == Some(&b' ') {
                i += 1;
            }
            settled(text, i).then_some((i, Shape::Space))
        }
        Class::Letter | Class::Numeric | Class::ExtendNumLet => word(text, i, first),
        Class::OtherBlank => settled(text, i).then_some((i, Shape::Space)),
        // WB999, once WB4 has nothing to attach.
        Class::MidLetter | Class::MidNumLet | Class::MidNum | Class::SingleQuote | Class::Other => {
            settled(text, i).then_some((i, Shape::Symbols))
        }
    }
}

/// The rest of a run of letters, digits and `_` whose first character is of class `first`
/// and ends before byte `i`.
fn word(text: &str, mut i: usize, first: Class) -> Option<(usize, Shape)> {
    let mut last = first;
    let mut letter = first == Class::Letter;
    let mut digit = first == Class::Numeric;
    let shape = |letter: bool, digit: bool| match (letter, digit) {
        (true, _) => Shape::Word,
        (false, true) => Shape::Number,
        (false, false) => Shape::Symbols,
    };
    loop {
        // The bulk of a word, without classifying each letter.
        let letters = text.as_bytes()[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        if letters > 0 {
            letter = true;
            last = Class::Letter;
            i += letters;
        }
        let Some((class, len)) = at(text, i) else {
            return Some((i, shape(letter, digit)));
        };
        match class {
            Class::Foreign => return None,
            // WB5, WB8, WB9, WB10, WB13a, WB13b: these three classes join in any order.
            Class::Letter | Class::Numeric | Class::ExtendNumLet => {
                letter |= class == Class::Letter;
                digit |= class == Class::Numeric;
                last = class;
                i += len;
            }
            // WB6/WB7 (letter, mark, letter) and WB11/WB12 (digit, mark, digit).
            Class::MidLetter | Class::MidNumLet | Class::MidNum | Class::SingleQuote => {
                let wanted = match (last, class) {
                    (Class::Letter, Class::MidNum) | (Class::Numeric, Class::MidLetter) => None,
                    (Class::Letter | Class::Numeric, _) => Some(last),
                    _ => None,
                };
                match (wanted, at(text, i + len)) {
                    (Some(_), Some((Class::Foreign, _))) => return None,
                    (Some(wanted), Some((class, after_len))) if class == wanted => {
                        i += len + after_len;
                    }
                    _ => return Some((i, shape(letter, digit))),
                }
            }
            _ => return Some((i, shape(letter, digit))),
        }
    }
}

/// The end of the segment at `start` when it is a run of ASCII letters that the bytes after
/// it end, with whether it has an upper-case letter: the usual word, sorted without classing
/// each letter. `None` leaves the segment to `next`.
pub fn ascii_word(text: &str, start: usize) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut upper = false;
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii_lowercase() {
            end += 1;
        } else if b.is_ascii_uppercase() {
            upper = true;
            end += 1;
        } else {
            break;
        }
    }
    if end == start {
        return None;
    }
    let ends = match bytes.get(end) {
        None => true,
        Some(&after) => ascii_ends_word(after, bytes.get(end + 1).copied()),
    };
    ends.then_some((end, upper))
}

/// The end of the run of spaces at `start`, when the character after it is settled: the
/// segment `next` finds there, for the commonest segment of all.
pub fn spaces(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut end = start;
    while bytes.get(end) == Some(&b' ') {
        end += 1;
    }
    (end > start && settled(text, end)).then_some(end)
}

/// Whether the byte `after` a run of letters, followed by `then`, ends the word for sure (the
/// rules of `word` after a letter); false when it joins the word or it would take more than
/// ASCII to tell.
fn ascii_ends_word(after: u8, then: Option<u8>) -> bool {
    if !after.is_ascii() {
        return false;
    }
    match ASCII[usize::from(after)] {
        // WB6/WB7: the mark joins two letters.
        Class::MidLetter | Class::MidNumLet | Class::SingleQuote => then.is_none_or(|b| {
            b.is_ascii() && !matches!(ASCII[usize::from(b)], Class::Letter | Class::Foreign)
        }),
        Class::Letter | Class::Numeric | Class::ExtendNumLet | Class::Foreign => false,
        Class::MidNum
        | Class::WSegSpace
        | Class::Lf
        | Class::Cr
        | Class::Other
        | Class::OtherBlank => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// The segments of `text` as `split_word_bound_indices` gives them: the fast path where it
    /// decides, the crate for the segments it leaves.
    pub(crate) fn segments(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let end = match next(text, i) {
                Some((end, _)) => end,
                None => match text[i..].split_word_bounds().next() {
                    Some(segment) => i + segment.len(),
                    None => break,
                },
            };
            out.push((i, &text[i..end]));
            i = end;
        }
        out
    }

    fn crate_segments(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices().collect()
    }

    /// Every character of the alphabet, from the same definition `next` uses.
    fn alphabet() -> Vec<char> {
        ('\0'..='\u{2100}')
            .filter(|&c| class(c) != Class::Foreign)
            .collect()
    }

    #[test]
    fn tricky_cases_by_name() {
        let cases: &[(&str, &[&str])] = &[
            ("l'ufficio", &["l'ufficio"]),
            ("l’ufficio", &["l’ufficio"]),
            ("2.500,00", &["2.500,00"]),
            ("e.g.", &["e.g", "."]),
            ("a..b", &["a", ".", ".", "b"]),
            ("3a", &["3a"]),
            ("a_b", &["a_b"]),
            ("ore 9:30", &["ore", " ", "9", ":", "30"]),
            ("a\r\nb\rc", &["a", "\r\n", "b", "\r", "c"]),
            ("a  b \n", &["a", "  ", "b", " ", "\n"]),
            ("1,5;2 a;b", &["1,5;2", " ", "a", ";", "b"]),
            ("a:b 1:2", &["a:b", " ", "1", ":", "2"]),
            ("x3.5 x3.y", &["x3.5", " ", "x3", ".", "y"]),
            ("__ _1_", &["__", " ", "_1_"]),
            ("«città» €5", &["«", "città", "»", " ", "€", "5"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = segments(text).into_iter().map(|(_, s)| s).collect();
            assert_eq!(&got, want, "on {text:?}");
            assert_eq!(segments(text), crate_segments(text), "on {text:?}");
        }
    }

    #[test]
    fn leaves_what_it_cannot_decide_to_the_crate() {
        // A combining accent joins the character before it (WB4), even a mark or a space.
        assert_eq!(next("perche\u{301}", 0), None);
        assert_eq!(next("a.\u{301}b", 0), None);
        assert_eq!(next(" \u{301}", 0), None);
        assert_eq!(next("!\u{200D}", 0), None);
        // ...but a segment that ends before an outsider is decided without it.
        assert_eq!(next("ciao 😀", 0), Some((4, Shape::Word)));
        assert_eq!(next("😀", 0), None);
    }

    /// Each character in a set of contexts that tells the classes apart: a wrong class for any
    /// character of the alphabet changes at least one of these segmentations.
    #[test]
    fn every_character_of_the_alphabet_has_the_class_of_the_tables() {
        let before = [
            "", "a", "1", "_", ".", ":", ",", "'", " ", "\r", "\n", "!", "a.", "1.", "a:", "1,",
            "a'", "1'",
        ];
        let after = [
            "", "a", "1", "_", ".", ":", ",", "'", " ", "\r", "\n", "!", ".a", ".1", ":a", ",1",
        ];
        for c in alphabet() {
            let c = c.to_string();
            for b in before {
                for a in after {
                    for text in [format!("{b}{c}{a}"), format!("{b}{c}{c}{a}")] {
                        assert_eq!(segments(&text), crate_segments(&text), "on {text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_alphabet_is_what_the_tokenizer_assumes() {
        for c in alphabet() {
            let cl = class(c);
            assert_eq!(cl == Class::Letter, c.is_alphabetic(), "{c:?}");
            assert_eq!(cl == Class::Numeric, c.is_numeric(), "{c:?}");
            let blank = matches!(
                cl,
                Class::WSegSpace | Class::OtherBlank | Class::Lf | Class::Cr
            );
            assert_eq!(blank, c.is_whitespace(), "{c:?}");
            let s = c.to_string();
            assert_eq!(s.graphemes(true).count(), 1, "{c:?}");
            assert!(!super::super::emoji::is_emoji_grapheme(&s), "{c:?}");
        }
    }

    /// `ascii_word` and `spaces` where they answer, against `next` (and the text of the word).
    fn fast_segments_agree_with_next(text: &str) {
        let mut i = 0;
        while i < text.len() {
            let Some((end, _)) = next(text, i).or_else(|| {
                let segment = text[i..].split_word_bounds().next()?;
                Some((i + segment.len(), Shape::Symbols))
            }) else {
                break;
            };
            if let Some(fast_end) = spaces(text, i) {
                assert_eq!(
                    next(text, i),
                    Some((fast_end, Shape::Space)),
                    "at {i} of {text:?}"
                );
            }
            if let Some((fast_end, upper)) = ascii_word(text, i) {
                assert_eq!(
                    next(text, i),
                    Some((fast_end, Shape::Word)),
                    "at {i} of {text:?}"
                );
                let word = &text[i..fast_end];
                assert_eq!(
                    upper,
                    word.bytes().any(|b| b.is_ascii_uppercase()),
                    "{word:?}"
                );
            }
            i = end;
        }
    }

    #[test]
    fn fast_segments_end_where_next_does() {
        for text in [
            "ciao, Mondo. l'ufficio e.g. a:b a: b a. a' a.\u{301} a'\u{7F} Ab1 ab_ città ab",
            "a  b  \u{301} \u{7F} \u{A0}  a.b a.1 a:\n a;b a\tb a\r\nb a\u{7F} a\u{B} a.’ a.à a'b A",
        ] {
            fast_segments_agree_with_next(text);
        }
    }

    proptest::proptest! {
        #![proptest_config(super::super::samples::config(4000))]
        #[test]
        fn fast_segments_agree_with_the_general_path(text in super::super::samples::draft_text()) {
            fast_segments_agree_with_next(&text);
        }

        #[test]
        fn agrees_with_the_crate(text in super::super::samples::draft_text()) {
            proptest::prop_assert_eq!(segments(&text), crate_segments(&text));
        }
    }
}
