//! The matching form of text: what makes `Perchè`, `perche\u{301}` and `PERCHÈ` the same word.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The apostrophes writers actually type: ASCII, typographic right quote, modifier letter.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '\u{FF07}')
}

/// Characters with no width that pasted text carries inside words: soft hyphen, zero-width
/// joiners and non-joiners, word joiner, byte-order mark, and the direction marks of
/// right-to-left text. A word segmenter keeps them in the word (`cmq` + U+202C), so matching
/// ignores them: the writer sees `cmq`, and so must the rules.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// NFC, lower case, every apostrophe variant folded to `'`, invisible characters left out.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let fold = |c: char| if is_apostrophe(c) { '\'' } else { c };
    // Lower case rarely changes the length: sized once, the copy is not grown step by step,
    // nor shrunk when a token boxes it.
    let mut folded = String::with_capacity(text.len());
    // Almost all text arrives composed already: skip the composition pass then.
    if is_composed(text) {
        folded.extend(
            text.chars()
                .filter(|&c| !is_invisible(c))
                .flat_map(char::to_lowercase)
                .map(fold),
        );
    } else {
        folded.extend(
            text.nfc()
                .filter(|&c| !is_invisible(c))
                .flat_map(char::to_lowercase)
                .map(fold),
        );
    }
    folded
}

/// `is_nfc_quick(text) == Yes`, answered without its tables for the characters of Italian
/// text: everything below the combining marks (U+0300) and the typographic marks the
/// tokenizer knows are composed and combine with nothing.
fn is_composed(text: &str) -> bool {
    text.chars().all(is_composed_starter) || is_nfc_quick(text.chars()) == IsNormalized::Yes
}

/// Below U+0300, where the combining marks start, or one of the typographic marks the
/// tokenizer knows: a character NFC leaves alone and that joins no neighbour.
pub(super) fn is_composed_starter(c: char) -> bool {
    c < '\u{300}'
        || matches!(
            c,
            '\u{2013}'
                | '\u{2014}'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{201C}'
                | '\u{201D}'
                | '\u{2022}'
                | '\u{2026}'
                | '\u{20AC}'
        )
}

/// The lookup key of a matching form (see `Token::key`): never 0, which marks the tokens
/// phrases never match.
pub fn key_of(form: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(form.as_bytes());
    hasher.finish() | 1
}

/// Whether `normalize` would change `text`: lets callers skip the copy for the common case.
pub fn needs_folding(text: &str) -> bool {
    // One pass for the usual ASCII word; an upper-case ASCII letter settles it either way.
    for b in text.bytes() {
        if b.is_ascii_uppercase() {
            return true;
        }
        if !b.is_ascii() {
            return needs_folding_unicode(text);
        }
    }
    false
}

fn needs_folding_unicode(text: &str) -> bool {
    if let Some(latin) = latin1_needs_folding(text) {
        return latin;
    }
    text.chars()
        .any(|c| c.is_uppercase() || is_invisible(c) || is_apostrophe(c) && c != '\'')
        || !is_composed(text)
}

/// `needs_folding_unicode` for text of ASCII and Latin-1 letters and signs (U+0080–U+00FF),
/// which is most of Italian, without the case and composition tables: each of these
/// characters is composed, none combines, and the upper-case ones are `A`–`Z` and
/// U+00C0–U+00DE but `×`. Soft hyphen (U+00AD) is invisible; `None` for any other text.
fn latin1_needs_folding(text: &str) -> Option<bool> {
    let mut folds = false;
    for c in text.chars() {
        match c {
            'A'..='Z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' | '\u{AD}' => folds = true,
            '\0'..='\u{FF}' => {}
            _ => return None,
        }
    }
    Some(folds)
}

/// `normalize` without the case folding, for rules that say case matters.
pub fn normalize_keep_case(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    text.nfc()
        .filter(|&c| !is_invisible(c))
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

    #[test]
    fn invisible_characters_do_not_count() {
        assert_eq!(normalize("cmq\u{202C}"), "cmq");
        assert_eq!(normalize("\u{200E}C\u{200D}mq\u{AD}"), "cmq");
        assert_eq!(normalize_keep_case("\u{2067}X\u{2069}"), "X");
    }

    proptest::proptest! {
        #![proptest_config(super::super::samples::config(1000))]
        #[test]
        fn needs_folding_agrees_with_its_definition(text in super::super::samples::draft_text()) {
            let before = if text.is_ascii() {
                text.bytes().any(|b| b.is_ascii_uppercase())
            } else {
                needs_folding_unicode(&text)
            };
            proptest::prop_assert_eq!(needs_folding(&text), before);
            proptest::prop_assert_eq!(
                is_composed(&text),
                is_nfc_quick(text.chars()) == IsNormalized::Yes
            );
            let reference: String = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
                text.chars().collect()
            } else {
                text.nfc().collect()
            };
            let reference: String = reference
                .chars()
                .filter(|&c| !is_invisible(c))
                .flat_map(char::to_lowercase)
                .map(|c| if is_apostrophe(c) { '\'' } else { c })
                .collect();
            proptest::prop_assert_eq!(normalize(&text), reference);
        }

        #[test]
        fn latin1_shortcut_agrees_with_the_tables(text in "[\\x00-\\u{FF}]{0,12}") {
            let tables = text
                .chars()
                .any(|c| c.is_uppercase() || is_invisible(c) || is_apostrophe(c) && c != '\'')
                || is_nfc_quick(text.chars()) != IsNormalized::Yes;
            proptest::prop_assert_eq!(latin1_needs_folding(&text), Some(tables));
        }
    }

    /// The premise of `is_composed`: each of its characters is composed and a starter, so
    /// any string of them is too.
    #[test]
    fn composed_starters_are_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (char::MIN..=char::MAX).filter(|&c| is_composed_starter(c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        assert!(!is_composed("perche\u{301}"));
        assert!(is_composed("L’ufficio è «città» – €"));
    }

    #[test]
    fn latin1_shortcut_agrees_with_the_tables_on_every_character() {
        for c in '\0'..='\u{FF}' {
            let text = c.to_string();
            let tables = c.is_uppercase()
                || is_invisible(c)
                || is_apostrophe(c) && c != '\''
                || is_nfc_quick(text.chars()) != IsNormalized::Yes;
            assert_eq!(latin1_needs_folding(&text), Some(tables), "{c:?}");
        }
        assert_eq!(latin1_needs_folding("città\u{300}"), None);
    }
}
