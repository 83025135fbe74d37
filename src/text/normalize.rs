//! The matching form of text: what makes `Perchè`, `perche\u{301}` and `PERCHÈ` the same word.

use unicode_normalization::UnicodeNormalization;

/// The apostrophes writers actually type: ASCII, typographic right quote, modifier letter.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '\u{FF07}')
}

/// NFC, lower case, and every apostrophe variant folded to `'`.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfc()
        .flat_map(char::to_lowercase)
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .collect()
}

/// `normalize` without the case folding, for rules that say case matters.
pub fn normalize_keep_case(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    text.nfc()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_normalization_and_apostrophes() {
        assert_eq!(normalize("Perchè"), "perchè");
        assert_eq!(normalize("perche\u{300}"), "perchè");
        assert_eq!(normalize("L\u{2019}Ufficio"), "l'ufficio");
        assert_eq!(normalize("lʼuopo"), "l'uopo");
        assert_eq!(normalize_keep_case("PD\u{2019}"), "PD'");
    }
}
