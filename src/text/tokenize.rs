//! The one pass that turns a body into tokens.
//!
//! Spans that carry their own syntax (links, e-mail addresses, mentions, hashtags, dates and
//! times) are found first; the text between them is split on Unicode word boundaries (UAX #29)
//! and its graphemes are classified. Nothing here knows about rules.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

use super::emoji::is_emoji_grapheme;
use super::normalize::{is_apostrophe, key_of, normalize};
use super::special::{Special, scan_each};
use super::words::{self, Shape};
use super::{Token, TokenKind};

/// Tokenize `source[body]`; every token span is in `source` byte offsets.
pub fn tokenize(source: &str, body: Range<usize>) -> Vec<Token> {
    tokenize_with(source, body, split_plain)
}

/// `tokenize` with the splitting of plain text left to `split_plain`, so the tests can run
/// the same pass with the crate's segmentation as the oracle.
fn tokenize_with(
    source: &str,
    body: Range<usize>,
    split_plain: impl Fn(&str, Range<usize>, usize, &mut Vec<Token>),
) -> Vec<Token> {
    let text = &source[body.clone()];
    let base = body.start;
    // Room for a token every other byte, which few bodies outgrow: growing copies them all.
    let mut tokens = Vec::with_capacity(text.len() / 2 + 1);
    let mut cursor = 0;
    scan_each(text, |special, found| {
        let Some((kind, range)) = classify_special(text, special, found) else {
            return;
        };
        if range.start < cursor {
            return;
        }
        split_plain(text, cursor..range.start, base, &mut tokens);
        tokens.push(Token {
            kind,
            span: base + range.start..base + range.end,
            folded: None,
            key: 0,
            letters: 0,
        });
        cursor = range.end;
    });
    split_plain(text, cursor..text.len(), base, &mut tokens);
    tokens
}

fn classify_special(
    text: &str,
    special: Special,
    m: Range<usize>,
) -> Option<(TokenKind, Range<usize>)> {
    let found = &text[m.clone()];
    let before = text[..m.start].chars().next_back();
    let after = |end: usize| text[end..].chars().next();
    let glued_before = before.is_some_and(|c| c.is_alphanumeric() || c == '_');
    match special {
        Special::Email => (!glued_before).then(|| (TokenKind::Email, m.clone())),
        Special::Url | Special::Domain => {
            if glued_before || before.is_some_and(|c| c == '.' || c == '@' || c == '/') {
                return None;
            }
            let end = m.start + trim_url_tail(found);
            if special == Special::Domain && after(end).is_some_and(|c| c.is_alphanumeric()) {
                return None;
            }
            Some((TokenKind::Url, m.start..end))
        }
        Special::Mention => {
            let end = m.start + found.trim_end_matches('.').len();
            (!glued_before).then_some((TokenKind::Mention, m.start..end))
        }
        Special::Hashtag => {
            // `#2026` is not a hashtag on any platform: a tag needs a letter.
            let has_letter = found.chars().any(char::is_alphabetic);
            (!glued_before && before != Some('&') && has_letter)
                .then(|| (TokenKind::Hashtag, m.clone()))
        }
        Special::Date | Special::Time => {
            let numeric_edge = |c: Option<char>| {
                c.is_some_and(|c| {
                    c.is_alphanumeric() || c == '.' || c == ',' || c == ':' || c == '/'
                })
            };
            if numeric_edge(before) || after(m.end).is_some_and(|c| c.is_alphanumeric()) {
                return None;
            }
            if special == Special::Time {
                let hour: u32 = found[..found.find([':', '.'])?].parse().ok()?;
                if hour > 24 {
                    return None;
                }
                return Some((TokenKind::Time, m.clone()));
            }
            Some((TokenKind::Date, m.clone()))
        }
    }
}

/// How much of a matched link is really the link: sentence punctuation and an unbalanced
/// closing bracket after it belong to the prose.
fn trim_url_tail(url: &str) -> usize {
    let mut end = url.len();
    loop {
        let Some(last) = url[..end].chars().next_back() else {
            return end;
        };
        let unbalanced_paren =
            last == ')' && url[..end].matches('(').count() < url[..end].matches(')').count();
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '’' | '”'
        ) || unbalanced_paren
        {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

fn split_plain(text: &str, range: Range<usize>, base: usize, out: &mut Vec<Token>) {
    // The segmenter must not see past the range: a special span after it is not its context.
    let text = &text[..range.end];
    let mut at = range.start;
    while at < text.len() {
        if let Some(end) = fast_segment(text, at, base, out) {
            at = end;
            continue;
        }
        let end = match words::next(text, at) {
            Some((end, shape)) => {
                push_shape(out, shape, base + at, &text[at..end]);
                end
            }
            None => {
                let Some(segment) = text[at..].split_word_bounds().next() else {
                    break;
                };
                push_segment(out, base + at, segment);
                at + segment.len()
            }
        };
        at = end;
    }
}

/// The tokens of the segment at `at` when it is one of the usual ones (a word of ASCII
/// letters, a run of spaces) and its end: `None` leaves it to `words::next`.
fn fast_segment(text: &str, at: usize, base: usize, out: &mut Vec<Token>) -> Option<usize> {
    match text.as_bytes().get(at)? {
        b'a'..=b'z' | b'A'..=b'Z' => {
            let (end, upper) = words::ascii_word(text, at)?;
            push_ascii_word(out, base + at, &text[at..end], upper);
            Some(end)
        }
        b' ' => {
            let end = words::spaces(text, at)?;
            push(out, TokenKind::Space, base + at, &text[at..end]);
            Some(end)
        }
        _ => None,
    }
}

/// A word of ASCII letters only: what `split_elisions` makes of it (no apostrophe to split
/// at, and folding is lowering the case), without looking at its letters again.
fn push_ascii_word(out: &mut Vec<Token>, start: usize, word: &str, upper: bool) {
    let folded = upper.then(|| Box::from(word.to_ascii_lowercase()));
    let key = key_of(folded.as_deref().unwrap_or(word));
    out.push(Token {
        kind: TokenKind::Word,
        span: start..start + word.len(),
        folded,
        key,
        // Every byte is a letter.
        letters: letter_count(word.len()),
    });
}

/// A segment the fast path sorted: the same tokens `push_segment` makes of it, without
/// looking at its characters again.
fn push_shape(out: &mut Vec<Token>, shape: Shape, start: usize, segment: &str) {
    match shape {
        Shape::Space => push(out, TokenKind::Space, start, segment),
        Shape::Newline => push(out, TokenKind::Newline, start, segment),
        Shape::Word => split_elisions(out, start, segment),
        Shape::Number => push(out, TokenKind::Number, start, segment),
        // Every character of the fast path's alphabet is one grapheme and none is an emoji.
        Shape::Symbols => {
            for (i, c) in segment.char_indices() {
                push(
                    out,
                    TokenKind::Punct,
                    start + i,
                    &segment[i..i + c.len_utf8()],
                );
            }
        }
    }
}

/// One word-boundary segment (UAX #29) of any text.
fn push_segment(out: &mut Vec<Token>, start: usize, segment: &str) {
    let first = segment.chars().next().unwrap_or(' ');
    if first.is_whitespace() {
        let kind = if segment.contains('\n') {
            TokenKind::Newline
        } else {
            TokenKind::Space
        };
        push(out, kind, start, segment);
    } else if segment.chars().any(char::is_alphanumeric) && !segment.contains('\u{20E3}') {
        if segment.chars().any(char::is_alphabetic) {
            split_elisions(out, start, segment);
        } else {
            push(out, TokenKind::Number, start, segment);
        }
    } else {
        for (g_start, grapheme) in segment.grapheme_indices(true) {
            let kind = if is_emoji_grapheme(grapheme) {
                TokenKind::Emoji
            } else {
                TokenKind::Punct
            };
            push(out, kind, start + g_start, grapheme);
        }
    }
}

/// `l'ufficio` is two words to an Italian reader: `l'` and `ufficio`.
fn split_elisions(out: &mut Vec<Token>, start: usize, word: &str) {
    // Every apostrophe `is_apostrophe` knows is `'` or starts with one of these bytes in
    // UTF-8 (U+02BC, U+2018, U+2019, U+FF07): most words have none of them.
    if !word
        .bytes()
        .any(|b| matches!(b, b'\'' | 0xCA | 0xE2 | 0xEF))
    {
        push(out, TokenKind::Word, start, word);
        return;
    }
    let mut piece_start = 0;
    for (i, c) in word.char_indices() {
        let next = i + c.len_utf8();
        if is_apostrophe(c) && i > 0 && next < word.len() {
            let piece = &word[piece_start..next];
            push(out, TokenKind::Word, start + piece_start, piece);
            piece_start = next;
        }
    }
    let piece = &word[piece_start..];
    push(out, TokenKind::Word, start + piece_start, piece);
}

fn push(out: &mut Vec<Token>, kind: TokenKind, start: usize, text: &str) {
    let matched = matches!(kind, TokenKind::Word | TokenKind::Number | TokenKind::Punct);
    let folded =
        (matched && super::normalize::needs_folding(text)).then(|| Box::from(normalize(text)));
    let form = folded.as_deref().unwrap_or(text);
    let key = if matched { key_of(form) } else { 0 };
    let letters = if kind == TokenKind::Word {
        letter_count(super::counts::letters(form))
    } else {
        0
    };
    out.push(Token {
        kind,
        span: start..start + text.len(),
        folded,
        key,
        letters,
    });
}

/// A count of letters as a token holds it; a word of over four billion letters, were a body
/// ever to hold one, counts as the most a token can hold rather than wrapping.
fn letter_count(letters: usize) -> u32 {
    u32::try_from(letters).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text, 0..text.len())
            .into_iter()
            .filter(|t| !t.kind.is_blank())
            .map(|t| (t.kind, &text[t.span]))
            .collect()
    }

    #[test]
    fn links_with_and_without_scheme() {
        let text = "Info su https://www.comune.alessandria.it/eventi?x=1. Anche comune.alessandria.it/eventi e www.amag.it!";
        let urls: Vec<_> = kinds(text)
            .into_iter()
            .filter(|(k, _)| *k == TokenKind::Url)
            .map(|(_, s)| s)
            .collect();
        assert_eq!(
            urls,
            [
                "https://www.comune.alessandria.it/eventi?x=1",
                "comune.alessandria.it/eventi",
                "www.amag.it"
            ]
        );
    }

    #[test]
    fn abbreviations_with_dots_are_not_links() {
        let text = "p.es. il sig.ra Rossi, D.Lgs. 196/2003";
        assert!(
            kinds(text).iter().all(|(k, _)| *k != TokenKind::Url),
            "{:?}",
            kinds(text)
        );
    }

    #[test]
    fn emails_mentions_hashtags() {
        let text = "Scrivi a urp@comune.alessandria.it o @Com_Alessandria #Alessandria #2026";
        let got = kinds(text);
        assert!(got.contains(&(TokenKind::Email, "urp@comune.alessandria.it")));
        assert!(got.contains(&(TokenKind::Mention, "@Com_Alessandria")));
        assert!(got.contains(&(TokenKind::Hashtag, "#Alessandria")));
        assert!(
            !got.iter()
                .any(|(k, s)| *k == TokenKind::Hashtag && *s == "#2026")
        );
    }

    #[test]
    fn times_dates_numbers() {
        let got = kinds("dalle 9:00 alle 17.30 del 31/01/2027, costo € 2.500,00 e 1.000 posti");
        assert!(got.contains(&(TokenKind::Time, "9:00")));
        assert!(got.contains(&(TokenKind::Time, "17.30")));
        assert!(got.contains(&(TokenKind::Date, "31/01/2027")));
        assert!(got.contains(&(TokenKind::Number, "2.500,00")));
        assert!(got.contains(&(TokenKind::Number, "1.000")));
    }

    #[test]
    fn emoji_clusters_are_single_tokens() {
        let text = "Ciao 👨‍👩‍👧 e 👍🏽🇮🇹 1️⃣ ©";
        let emoji: Vec<_> = kinds(text)
            .into_iter()
            .filter(|(k, _)| *k == TokenKind::Emoji)
            .map(|(_, s)| s)
            .collect();
        assert_eq!(emoji, ["👨‍👩‍👧", "👍🏽", "🇮🇹", "1️⃣"]);
    }

    #[test]
    fn accents_and_elisions() {
        let text = "L’ufficio è già aperto, perche\u{301}";
        let model = super::super::TextModel::new(text, 0..text.len());
        let words: Vec<_> = model
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| model.norm(t))
            .collect();
        assert_eq!(words, ["l'", "ufficio", "è", "già", "aperto", "perché"]);
    }

    /// The splitting as it was before the fast path: the crate's segments, each sorted by
    /// `push_segment`.
    fn crate_split_plain(text: &str, range: Range<usize>, base: usize, out: &mut Vec<Token>) {
        let offset = range.start;
        for (start, segment) in text[range].split_word_bound_indices() {
            push_segment(out, base + offset + start, segment);
        }
    }

    fn same_as_the_crate(source: &str, body: Range<usize>) {
        assert_eq!(
            tokenize(source, body.clone()),
            tokenize_with(source, body, crate_split_plain),
            "on {source:?}"
        );
    }

    #[test]
    fn fast_path_gives_the_tokens_of_the_crate() {
        for text in [
            "L'ufficio è aperto dalle 9:30, costo 2.500,00 € (e.g. a..b 3a a_b).\r\nOre  9:30\n",
            "l’ufficio «città» – “sì” … 50° _ __ _1_ a_ \t\u{A0}x\rY",
            "perche\u{301} ciao 😀 fine 👍🏽! 1\u{FE0F}\u{20E3} #Natale @comune www.comune.it",
            "x\u{AD}y a\u{200D}b \u{2000}\u{2000} ×÷ ß\u{308}",
        ] {
            same_as_the_crate(text, 0..text.len());
        }
        let source = "+++\nkind = \"post\"\n+++\nCiao a tutti!";
        same_as_the_crate(source, 20..source.len());
    }

    proptest::proptest! {
        #![proptest_config(super::super::samples::config(2000))]
        #[test]
        fn tokens_agree_with_the_crate_segmentation(text in super::super::samples::draft_text()) {
            proptest::prop_assert_eq!(
                tokenize(&text, 0..text.len()),
                tokenize_with(&text, 0..text.len(), crate_split_plain)
            );
        }
    }

    /// The premise of the shortcut in `split_elisions`.
    #[test]
    fn every_apostrophe_starts_with_a_byte_split_elisions_looks_for() {
        for c in (char::MIN..=char::MAX).filter(|&c| is_apostrophe(c)) {
            let lead = c.to_string().as_bytes()[0];
            assert!(matches!(lead, b'\'' | 0xCA | 0xE2 | 0xEF), "{c:?}");
        }
    }

    #[test]
    fn spans_are_offset_by_the_body_start() {
        let source = "+++\n+++\nciao";
        let toks = tokenize(source, 8..source.len());
        assert_eq!(toks[0].span, 8..12);
    }
}
