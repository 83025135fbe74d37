//! How each platform counts the length of a post.

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::{TextModel, TokenKind};

/// The unit a platform counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counting {
    /// Unicode code points (Facebook, Instagram, Threads, LinkedIn, YouTube).
    Chars,
    /// Extended grapheme clusters (Bluesky, Mastodon).
    Graphemes,
    /// twitter-text v3 weighted length: NFC, most scripts weigh 1, others 2, emoji 2.
    Twitter,
}

/// The length of a body as `counting` measures it, each link counted as `url_length` where
/// the platform shortens links, and the byte offset of the first grapheme beyond `limit`.
pub fn measure(
    model: &TextModel<'_>,
    counting: Counting,
    url_length: Option<usize>,
    limit: usize,
) -> (usize, Option<usize>) {
    let mut total = 0;
    let mut beyond = None;
    let mut add = |weight: usize, at: usize, total: &mut usize| {
        *total += weight;
        if beyond.is_none() && *total > limit {
            beyond = Some(at);
        }
    };
    for token in &model.tokens {
        let text = model.text(token);
        match (token.kind, url_length) {
            (TokenKind::Url, Some(len)) => add(len, token.span.start, &mut total),
            (TokenKind::Emoji, _) => {
                let weight = match counting {
                    Counting::Chars => text.chars().count(),
                    Counting::Graphemes => 1,
                    Counting::Twitter => 2,
                };
                add(weight, token.span.start, &mut total);
            }
            _ => match counting {
                Counting::Chars => {
                    for (i, _) in text.char_indices() {
                        add(1, token.span.start + i, &mut total);
                    }
                }
                Counting::Graphemes => {
                    for (i, _) in text.grapheme_indices(true) {
                        add(1, token.span.start + i, &mut total);
                    }
                }
                Counting::Twitter => {
                    // NFC may merge code points; weigh the composed text, report at the token.
                    for c in text.nfc() {
                        add(twitter_weight(c), token.span.start, &mut total);
                    }
                }
            },
        }
    }
    (total, beyond)
}

/// twitter-text v3 ranges of weight 1; everything else weighs 2.
fn twitter_weight(c: char) -> usize {
    match u32::from(c) {
        0..=0x10FF | 0x2000..=0x200D | 0x2010..=0x201F | 0x2032..=0x2037 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(text: &str, counting: Counting, url: Option<usize>) -> usize {
        measure(
            &TextModel::new(text, 0..text.len()),
            counting,
            url,
            usize::MAX,
        )
        .0
    }

    #[test]
    fn twitter_weights() {
        // Latin with accents weighs 1 each; € and … weigh 2; an emoji sequence weighs 2.
        assert_eq!(len("città", Counting::Twitter, Some(23)), 5);
        assert_eq!(len("€…", Counting::Twitter, Some(23)), 4);
        assert_eq!(len("👨‍👩‍👧", Counting::Twitter, Some(23)), 2);
        assert_eq!(
            len(
                "vai su https://example.com/a/very/long/path/indeed",
                Counting::Twitter,
                Some(23)
            ),
            7 + 23
        );
        assert_eq!(len("perche\u{301}", Counting::Twitter, Some(23)), 6);
    }

    #[test]
    fn graphemes_and_chars() {
        assert_eq!(len("🇮🇹 ok", Counting::Graphemes, None), 4);
        assert_eq!(len("🇮🇹 ok", Counting::Chars, None), 5);
    }

    #[test]
    fn reports_where_the_limit_is_passed() {
        let text = "abcdef";
        let (_, beyond) = measure(
            &TextModel::new(text, 0..text.len()),
            Counting::Chars,
            None,
            4,
        );
        assert_eq!(beyond, Some(4));
    }
}
