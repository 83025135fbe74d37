//! Which grapheme clusters are emoji (UTS #51), without counting typographic symbols.

use std::sync::LazyLock;

use regex::Regex;

/// A cluster holding one of these is shown as an emoji whatever surrounds it.
static EMOJI_MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Emoji_Presentation}\p{Regional_Indicator}\p{Emoji_Modifier}\x{FE0F}\x{20E3}\x{E007F}]")
        .expect("static pattern")
});

static PICTOGRAPHIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{Extended_Pictographic}").expect("static pattern"));

/// Compiles the emoji patterns now rather than on the first non-ASCII symbol of a draft.
pub fn warm_up() {
    LazyLock::force(&EMOJI_MARKERS);
    LazyLock::force(&PICTOGRAPHIC);
}

/// Symbols that are `Extended_Pictographic` but that writers use as typography (`© Comune di
/// Alessandria`, `A ↔ B`, `‼`): not emoji unless an emoji selector (U+FE0F) follows them.
fn is_typographic(c: char) -> bool {
    matches!(
        c,
        '\u{00A9}' | '\u{00AE}' | '\u{2122}' | '\u{203C}' | '\u{2049}' | '\u{2139}'
            | '\u{2194}'..='\u{2199}'
            | '\u{21A9}' | '\u{21AA}' | '\u{2934}' | '\u{2935}'
            | '\u{25AA}' | '\u{25AB}' | '\u{25B6}' | '\u{25C0}'
            | '\u{25FB}'..='\u{25FE}'
            | '\u{3030}' | '\u{303D}'
    )
}

/// True when the grapheme cluster is rendered as an emoji: default emoji presentation, an
/// emoji selector, a keycap, a flag, a skin tone, a tag sequence, or a lone pictograph
/// (☎ ✈ ☀) that phones draw as an emoji.
pub fn is_emoji_grapheme(grapheme: &str) -> bool {
    if grapheme.is_ascii() {
        return false;
    }
    if EMOJI_MARKERS.is_match(grapheme) {
        return true;
    }
    let mut chars = grapheme.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => !is_typographic(c) && PICTOGRAPHIC.is_match(grapheme),
        _ => grapheme
            .chars()
            .any(|c| !is_typographic(c) && PICTOGRAPHIC.is_match(c.encode_utf8(&mut [0; 4]))),
    }
}

#[cfg(test)]
mod tests {
    use super::is_emoji_grapheme;

    #[test]
    fn emoji_sequences_are_emoji() {
        for e in [
            "😀",
            "👍🏽",
            "👨\u{200D}👩\u{200D}👧",
            "🇮🇹",
            "1\u{FE0F}\u{20E3}",
            "❤\u{FE0F}",
            "☎",
            "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
            "✅",
        ] {
            assert!(is_emoji_grapheme(e), "{e:?} should be an emoji");
        }
    }

    #[test]
    fn typography_is_not_emoji() {
        for s in [
            "©", "®", "™", "→", "€", "°", "«", "»", "…", "↔", "a", "1", "#", "è",
        ] {
            assert!(!is_emoji_grapheme(s), "{s:?} should not be an emoji");
        }
        assert!(is_emoji_grapheme("©\u{FE0F}"));
    }
}
