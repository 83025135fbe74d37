//! Words written in capitals: which tokens are, told first from their bytes, and whether one is
//! an Italian word (shouting) or an acronym, a code or a name (not).
//!
//! `all_capitals` is the rule; `starts_in_small_letters` is its shortcut on the first two bytes,
//! which settles nearly every word of a post without decoding it, and the tests below hold the
//! shortcut to the rule.

use super::segment::lexicon;

// In capitals inside a date (`16 DICEMBRE 2026`) a month name is the date's spelling, not a
// shout.
use crate::calendar::words::MONTHS;

/// Whether `word` has two letters at least and every letter of it is a capital, once the
/// apostrophes at its end are set aside (`CITTA'`). Digits and other signs do not count.
pub fn all_capitals(word: &str) -> bool {
    let mut letters = 0;
    for c in trim_apostrophes(word).chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Whether the first letter of `word` is small, or its second is small after a capital, as far
/// as its first two bytes tell: such a word is never `all_capitals`.
#[inline]
pub fn starts_in_small_letters(word: &[u8]) -> bool {
    match word {
        [first, ..] if first.is_ascii_lowercase() => true,
        [first, second, ..] => first.is_ascii_uppercase() && second.is_ascii_lowercase(),
        _ => false,
    }
}

/// `word` without the apostrophes that stand for an accent at its end (`CITTA'`, `PERCHE’`).
pub fn trim_apostrophes(word: &str) -> &str {
    word.trim_end_matches(['\'', '’'])
}

/// Words of up to this many letters are words in capitals only when common: short rare words
/// of the list are mostly acronyms and codes that happen to spell one (GNU, GPL, API, ITA, SOCI,
/// the language codes DE and ES), while the short words a heading shouts are the commonest (DA,
/// NON, PER, CHI, FARE).
const SHORT: usize = 4;

/// How common a short word must be: its rank in the list, most frequent first.
const COMMON_SHORT: u32 = 500;

/// The rank of `word` (in any case) in the embedded Italian list, most frequent first. A word in
/// capitals often drops its final accent for an apostrophe or nothing (`CITTA'`, `ATTIVITA`), so
/// the accented last vowel is tried too.
pub fn rank(word: &str) -> Option<u32> {
    let word = trim_apostrophes(word);
    let lexicon = lexicon();
    let mut lower = word.to_lowercase();
    if let Some(rank) = lexicon.rank(&lower) {
        return Some(rank);
    }
    let accented: &[char] = match lower.chars().next_back()? {
        'a' => &['à'],
        'e' => &['è', 'é'],
        'i' => &['ì'],
        'o' => &['ò'],
        'u' => &['ù'],
        _ => return None,
    };
    lower.pop();
    accented.iter().find_map(|&c| {
        let mut with = lower.clone();
        with.push(c);
        lexicon.rank(&with)
    })
}

/// Whether `word` (in any case) is an Italian word, as far as a word in capitals can be: in the
/// embedded list and, when short, among its commonest words.
pub fn is_word(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    rank(word).is_some_and(|r| letters > SHORT || r < COMMON_SHORT)
}

/// Whether `word` (in any case) is the name of a month.
pub fn is_month(word: &str) -> bool {
    MONTHS.iter().any(|m| word.eq_ignore_ascii_case(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_acronyms_and_codes() {
        for word in [
            "ATTENZIONE",
            "CHIUSI",
            "FERIE",
            "CITTA'",
            "ATTIVITA",
            "PERCHE",
            "Comune",
        ] {
            assert!(is_word(word), "{word}");
        }
        for word in [
            "ATECO", "AEEGSI", "COSAP", "AULSS", "DASPO", "VIACQUA", "UNIMIA", "SIOPE",
        ] {
            assert!(!is_word(word), "{word}");
        }
        assert!(all_capitals("CITTA'") && all_capitals("FESTA20") && !all_capitals("X"));
        assert!(!all_capitals("Festa") && !all_capitals("20"));
        assert!(is_month("DICEMBRE") && is_month("Aprile") && !is_month("APRIL"));
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(2000))]
        /// The shortcut turns away only words the rule turns away.
        #[test]
        fn words_starting_in_small_letters_are_never_all_capitals(
            word in "[a-zA-Z0-9'’.ÀÈàè\u{301}]{0,6}",
        ) {
            if starts_in_small_letters(word.as_bytes()) {
                proptest::prop_assert!(!all_capitals(&word), "{:?}", word);
            }
        }

        /// On the words of real drafts too.
        #[test]
        fn the_shortcut_agrees_on_draft_words(text in crate::text::samples::draft_text()) {
            for word in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
                if starts_in_small_letters(word.as_bytes()) {
                    proptest::prop_assert!(!all_capitals(word), "{:?}", word);
                }
            }
        }
    }
}
