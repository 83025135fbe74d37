//! What the detectors read besides the text as written: the text with the characters that
//! hide a value from a pattern taken out, and the pieces of the links.
//!
//! A number with a soft hyphen or a zero-width space inside (`347\u{AD}1234567`), or grouped
//! with a narrow or thin space, a figure space, a tab or an en dash, reads as the number; so
//! does a value inside a link (`https://wa.me/393471234567`, `?email=…@gmail.com`, `?cf=…`).
//! Each view is a new text with, for each of its bytes, the file range it came from, so that
//! the detectors run on it unchanged and their hits land back on the file.

use std::ops::Range;

use crate::text::{TextModel, TokenKind};

/// A text made for the detectors, mapped back to the file byte by byte.
#[derive(Debug, Default)]
pub struct View {
    pub text: String,
    /// For each byte of `text`, the file offsets where the character it belongs to starts and
    /// ends.
    starts: Vec<usize>,
    ends: Vec<usize>,
}

/// Characters that make no space: a pattern must not stop at them.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Spaces and dashes a value may be grouped with, as the detectors' patterns know them.
fn plain_separator(c: char) -> Option<char> {
    match c {
        '\t' | '\u{A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\u{2002}' | '\u{2003}'
        | '\u{2004}' | '\u{2005}' | '\u{2006}' | '\u{2008}' | '\u{200A}' => Some(' '),
        // As a space: the IBAN's groups are written with spaces only.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => Some(' '),
        _ => None,
    }
}

impl View {
    fn push(&mut self, c: char, file: Range<usize>) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.starts.push(file.start);
            self.ends.push(file.end);
        }
    }

    /// The file range of `range` of the view, when it is one.
    pub fn to_file(&self, range: &Range<usize>) -> Option<Range<usize>> {
        if range.start >= range.end {
            return None;
        }
        let start = *self.starts.get(range.start)?;
        let end = *self.ends.get(range.end - 1)?;
        (start < end).then_some(start..end)
    }

    /// `range` of `source` with invisible characters dropped and unusual spaces and dashes
    /// made plain; `None` when there is none (nearly every draft), so nothing is read twice.
    pub fn plain(source: &str, range: Range<usize>) -> Option<View> {
        let text = source.get(range.clone())?;
        let unusual = |c: char| invisible(c) || plain_separator(c).is_some();
        // ASCII text can hold only the tab; most drafts are answered by this scan alone.
        if !text.bytes().any(|b| b == b'\t' || b >= 0xC2) || !text.chars().any(unusual) {
            return None;
        }
        let mut view = View::default();
        for (i, c) in text.char_indices() {
            let at = range.start + i;
            if invisible(c) {
                continue;
            }
            view.push(plain_separator(c).unwrap_or(c), at..at + c.len_utf8());
        }
        Some(view)
    }

    /// The pieces of the links of `model` a value may be written in, percent-decoded, one
    /// per line: the path of a chat link (`wa.me/393471234567`), the query values whose name
    /// is a personal field (`?email=`, `?cf=`, `?tel=`) or that hold an `@`. An international
    /// number written without `+` (as `wa.me` has it) is read with it. Other pieces (ids,
    /// dates, page names) are left alone: a link to the Comune's own pages is full of numbers
    /// that are no one's. `None` when no link has such a piece.
    pub fn link_pieces(model: &TextModel<'_>) -> Option<View> {
        let source = model.source();
        let mut view = View::default();
        for token in model.of_kind(TokenKind::Url) {
            let link = &source[token.span.clone()];
            let base = token.span.start;
            let rest_at = link.find("://").map_or(0, |i| i + 3);
            let Some(path_at) = link[rest_at..].find(['/', '?', '#']).map(|i| rest_at + i) else {
                continue;
            };
            let host = link[rest_at..path_at].to_ascii_lowercase();
            let host = host.strip_prefix("www.").unwrap_or(&host);
            let query_at = link[path_at..]
                .find('?')
                .map_or(link.len(), |i| path_at + i);
            if CHAT_HOSTS.contains(&host) {
                let mut at = path_at + 1;
                for segment in link[path_at + 1..query_at].split('/') {
                    if segment.len() >= 6 {
                        push_piece(&mut view, source, base + at..base + at + segment.len());
                    }
                    at += segment.len() + 1;
                }
            }
            let fragment_at = link[query_at..]
                .find('#')
                .map_or(link.len(), |i| query_at + i);
            let mut at = query_at + 1;
            for pair in link
                .get(query_at + 1..fragment_at)
                .unwrap_or("")
                .split(['&', ';'])
            {
                if let Some((key, value)) = pair.split_once('=') {
                    let key = key.to_ascii_lowercase();
                    let personal = PERSONAL_KEYS.contains(&key.as_str())
                        || value.contains('@')
                        || value.to_ascii_lowercase().contains("%40");
                    if personal && !value.is_empty() {
                        let start = base + at + key.len() + 1;
                        push_piece(&mut view, source, start..start + value.len());
                    }
                }
                at += pair.len() + 1;
            }
        }
        (!view.text.is_empty()).then_some(view)
    }
}

/// Hosts whose link path is a phone number or a user name: chat links.
const CHAT_HOSTS: &[&str] = &[
    "wa.me",
    "api.whatsapp.com",
    "whatsapp.com",
    "t.me",
    "telegram.me",
    "signal.me",
    "viber.me",
];

/// Query names whose value is personal data.
const PERSONAL_KEYS: &[&str] = &[
    "email",
    "e-mail",
    "mail",
    "cf",
    "codice_fiscale",
    "codicefiscale",
    "codice-fiscale",
    "fiscal_code",
    "tel",
    "telefono",
    "phone",
    "cell",
    "cellulare",
    "mobile",
    "numero",
    "number",
    "iban",
    "carta",
    "card",
    "text",
];

/// One piece of a link, decoded, then a line break.
fn push_piece(view: &mut View, source: &str, piece: Range<usize>) {
    let text = &source[piece.clone()];
    let digits = text.bytes().all(|b| b.is_ascii_digit());
    if digits && text.starts_with("39") && (11..=13).contains(&text.len()) {
        view.push('+', piece.start..piece.start + 1);
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let at = piece.start + i;
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
            && byte.is_ascii()
        {
            let c = if byte == b'+' || byte.is_ascii_graphic() {
                byte as char
            } else {
                ' '
            };
            view.push(c, at..at + 3);
            i += 3;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let shown = if c == '+' { ' ' } else { c };
        view.push(shown, at..at + c.len_utf8());
        i += c.len_utf8();
    }
    let end = piece.end;
    view.push('\n', end..end);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_view_maps_back_to_the_file() {
        let source = "tel 347\u{AD}123\u{202F}4567 fine";
        let view = View::plain(source, 0..source.len()).expect("unusual characters");
        assert_eq!(view.text, "tel 347123 4567 fine");
        let at = view.text.find("347").unwrap_or(0);
        let file = view.to_file(&(at..at + 11)).expect("maps");
        assert_eq!(&source[file], "347\u{AD}123\u{202F}4567");
        assert!(View::plain("nulla di strano", 0..15).is_none());
    }

    #[test]
    fn link_pieces_are_decoded() {
        let source = "scrivi a https://wa.me/393471234567 o https://x.it/a/3471234567?id=4242424242424242&email=mario.rossi%40gmail.com&cf=RSSMRA85T10A562S";
        let model = TextModel::new(source, 0..source.len());
        let view = View::link_pieces(&model).expect("pieces");
        assert!(view.text.contains("+393471234567\n"), "{:?}", view.text);
        assert!(
            view.text.contains("mario.rossi@gmail.com\n"),
            "{:?}",
            view.text
        );
        assert!(view.text.contains("RSSMRA85T10A562S\n"), "{:?}", view.text);
        assert!(
            !view.text.contains("4242") && !view.text.contains("+3471"),
            "{:?}",
            view.text
        );
        let at = view.text.find("mario").unwrap_or(0);
        let file = view.to_file(&(at..at + 21)).expect("maps");
        assert_eq!(&source[file], "mario.rossi%40gmail.com");
        let at = view.text.find('+').unwrap_or(0);
        let file = view.to_file(&(at..at + 13)).expect("maps");
        assert_eq!(&source[file], "393471234567");
    }
}
