//! The Latin letters of Italian text, told without the Unicode tables: a speed path for the
//! tokenizer, the link scanner, the phrase splitter and the letter counts, held to
//! `char::is_alphabetic` and `char::is_alphanumeric` over every character by the tests below.
//!
//! U+00C0–U+024F (Latin-1 Supplement letters, Latin Extended-A and -B) holds every accented
//! letter of Italian and of the names it borrows; all of it is letters but `×` and `÷`.

/// Whether `c` is a letter of U+00C0–U+024F.
#[inline]
pub fn is_latin_letter(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{24F}') && c != '\u{D7}' && c != '\u{F7}'
}

/// `char::is_alphabetic`, without its table for ASCII and the Latin letters.
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        is_latin_letter(c) || (!matches!(c, '\u{C0}'..='\u{24F}') && c.is_alphabetic())
    }
}

/// `char::is_alphanumeric`, without its table for ASCII and the Latin letters.
#[inline]
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_latin_letter(c) || (!matches!(c, '\u{C0}'..='\u{24F}') && c.is_alphanumeric())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcuts_are_the_unicode_classes() {
        for c in char::MIN..=char::MAX {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
        for c in '\u{C0}'..='\u{24F}' {
            assert_eq!(is_latin_letter(c), c.is_alphabetic(), "{c:?}");
        }
        assert!(!is_latin_letter('a') && !is_latin_letter('\u{250}'));
    }
}
