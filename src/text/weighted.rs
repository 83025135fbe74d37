//! How each platform counts the length of a post.

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::normalize::is_composed_starter;
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
    let mut tally = Tally {
        total: 0,
        beyond: None,
        limit,
    };
    let tokens = &model.tokens;
    let mut i = 0;
    while i < tokens.len() {
        // Most of a body is plain text: a run of adjacent tokens that are neither emoji nor
        // shortened links is weighed in one go when it is plain throughout and does not pass
        // the limit, which gives the sum of its tokens' weights.
        let mut end = i;
        // Where the next token must start to continue the run.
        let mut at = tokens[i].span.start;
        while let Some(token) = tokens.get(end)
            && token.span.start == at
            && weighs_its_text(token.kind, url_length)
        {
            at = token.span.end;
            end += 1;
        }
        if end > i {
            tally.add_run(model, &tokens[i..end], counting, url_length);
            i = end;
        } else {
            tally.add_token(model, &tokens[i], counting, url_length);
            i += 1;
        }
    }
    (tally.total, tally.beyond)
}

/// Whether a token of `kind` weighs as its text does, one unit per character or grapheme.
fn weighs_its_text(kind: TokenKind, url_length: Option<usize>) -> bool {
    match kind {
        TokenKind::Emoji => false,
        TokenKind::Url => url_length.is_none(),
        _ => true,
    }
}

struct Tally {
    total: usize,
    /// Where the total first went past the limit.
    beyond: Option<usize>,
    limit: usize,
}

impl Tally {
    /// Adds the weight of one token.
    fn add_token(
        &mut self,
        model: &TextModel<'_>,
        token: &super::Token,
        counting: Counting,
        url_length: Option<usize>,
    ) {
        let text = model.text(token);
        let start = token.span.start;
        match (token.kind, url_length) {
            (TokenKind::Url, Some(len)) => self.add(len, start),
            (TokenKind::Emoji, _) => {
                let weight = match counting {
                    Counting::Chars => text.chars().count(),
                    Counting::Graphemes => 1,
                    Counting::Twitter => 2,
                };
                self.add(weight, start);
            }
            _ => match counting {
                Counting::Chars => {
                    let units = text.char_indices().map(|(i, _)| i);
                    self.add_units(text.chars().count(), units, start);
                }
                Counting::Graphemes if one_grapheme_per_char(text) => {
                    let units = text.char_indices().map(|(i, _)| i);
                    self.add_units(text.chars().count(), units, start);
                }
                Counting::Graphemes => {
                    let units = text.grapheme_indices(true).map(|(i, _)| i);
                    self.add_units(units.clone().count(), units, start);
                }
                Counting::Twitter => {
                    // NFC may merge code points; weigh the composed text, report at the token.
                    let weight = if one_grapheme_per_char(text) {
                        text.chars().map(twitter_weight).sum()
                    } else {
                        text.nfc().map(twitter_weight).sum()
                    };
                    self.add(weight, start);
                }
            },
        }
    }

    /// Adds the weight of adjacent tokens that weigh as their text. Each of their characters
    /// is a unit when counting characters, and when counting graphemes or Twitter weights on
    /// plain text (see `plain_extra`), so the run is weighed in one pass, and only where the
    /// limit is passed inside it does a position have to be found; text that is not plain
    /// is weighed token by token.
    fn add_run(
        &mut self,
        model: &TextModel<'_>,
        tokens: &[super::Token],
        counting: Counting,
        url_length: Option<usize>,
    ) {
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
            return;
        };
        let start = first.span.start;
        let run = &model.source()[start..last.span.end];
        let extra = if counting == Counting::Chars {
            Some(0)
        } else {
            plain_extra(run)
        };
        let Some(extra) = extra else {
            for token in tokens {
                self.add_token(model, token, counting, url_length);
            }
            return;
        };
        let chars = run.chars().count();
        let weight = match counting {
            Counting::Twitter => chars + extra,
            Counting::Chars | Counting::Graphemes => chars,
        };
        // `total` exceeds `limit` only once `beyond` is set.
        if self.beyond.is_none() && weight > self.limit - self.total {
            let room = self.limit - self.total;
            self.beyond = Some(match counting {
                // The first character beyond the limit.
                Counting::Chars | Counting::Graphemes => {
                    start + run.char_indices().nth(room).map_or(run.len(), |(i, _)| i)
                }
                // Twitter weights are reported at the token the limit is passed in.
                Counting::Twitter => {
                    let mut sum = 0;
                    let past = run
                        .char_indices()
                        .find(|&(_, c)| {
                            sum += twitter_weight(c);
                            sum > room
                        })
                        .map_or(run.len(), |(i, _)| i);
                    let token = tokens.partition_point(|t| t.span.end <= start + past);
                    tokens.get(token).map_or(start + past, |t| t.span.start)
                }
            });
        }
        self.total += weight;
    }

    fn add(&mut self, weight: usize, at: usize) {
        self.total += weight;
        if self.beyond.is_none() && self.total > self.limit {
            self.beyond = Some(at);
        }
    }

    /// One for each of the `count` units of a token, at the byte offsets `units` from
    /// `start`: one by one only when the limit is passed inside this token, since only then
    /// does a unit's position matter.
    fn add_units(&mut self, count: usize, units: impl Iterator<Item = usize>, start: usize) {
        // `total` exceeds `limit` only once `beyond` is set.
        if self.beyond.is_some() || count <= self.limit - self.total {
            self.total += count;
            return;
        }
        for i in units {
            self.add(1, start + i);
        }
    }
}

/// True when every character of `text` is a grapheme cluster of its own and NFC leaves it as
/// it is: no character below U+0300, where the combining marks start, joins a neighbour (but
/// CR joins LF) or composes with one, and neither do the marks listed. False for any CR.
fn one_grapheme_per_char(text: &str) -> bool {
    // A CR is left to the general path rather than told apart from CR LF.
    text.bytes().all(|b| b.is_ascii() && b != b'\r')
        || text.chars().all(|c| c != '\r' && is_composed_starter(c))
}

/// `Some` when `text` is plain throughout, as `one_grapheme_per_char` tells, with how many
/// of its characters weigh 2 for Twitter (`•`, `…`, `€`; all other plain characters weigh 1):
/// one pass over the bytes instead of decoding the characters twice.
fn plain_extra(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut extra = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Most of a body is ASCII without CR: eight bytes at a time, nothing to add.
        if let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
            && plain_ascii_chunk(chunk)
        {
            i += 8;
            continue;
        }
        i += plain_step(bytes, i, &mut extra)?;
    }
    Some(extra)
}

/// How many bytes from `i` on make one plain step (a byte, or a typographic mark of three,
/// adding to `extra` the marks that weigh 2), or `None` at a byte that is not plain.
fn plain_step(bytes: &[u8], i: usize, extra: &mut usize) -> Option<usize> {
    let b = bytes[i];
    // ASCII but CR, the lead bytes of U+0080..U+02FF (0xC2..0xCB) and their continuation
    // bytes (0x80..0xBF) are plain; a lead byte from 0xCC starts U+0300 or above.
    if b == b'\r' {
        return None;
    }
    if b < 0xCC {
        return Some(1);
    }
    match bytes.get(i..i + 3) {
        // – — ‘ ’ “ ”
        Some([0xE2, 0x80, 0x93 | 0x94 | 0x98 | 0x99 | 0x9C | 0x9D]) => {}
        // • … €
        Some([0xE2, 0x80, 0xA2 | 0xA6] | [0xE2, 0x82, 0xAC]) => *extra += 1,
        _ => return None,
    }
    Some(3)
}

/// Whether eight bytes are all ASCII and none is a CR: plain, each weighing 1.
fn plain_ascii_chunk(chunk: [u8; 8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const CR: u64 = 0x0d0d_0d0d_0d0d_0d0d;
    let word = u64::from_le_bytes(chunk);
    if word & HIGH != 0 {
        return false;
    }
    // A CR byte is zero after the XOR; the high bit of each zero byte, exactly (the
    // additions stay within their byte, as no byte has its high bit set).
    let crs = word ^ CR;
    !(((crs & LOW7) + LOW7) | crs | LOW7) == 0
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

    /// `measure` as it was before the shortcuts, kept as their specification.
    fn measure_before(
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
                        for c in text.nfc() {
                            add(twitter_weight(c), token.span.start, &mut total);
                        }
                    }
                },
            }
        }
        (total, beyond)
    }

    fn plain_chars() -> Vec<char> {
        ('\0'..='\u{20AC}')
            .filter(|&c| is_composed_starter(c))
            .collect()
    }

    /// The premise of the shortcut, on the crates' own tables: any two of these characters
    /// are two graphemes (but CR LF) and are already NFC, and so is each alone. Longer
    /// sequences join only through characters outside the set (ZWJ, regional indicators,
    /// Indic linkers), so pairs are enough.
    #[test]
    fn plain_characters_are_one_grapheme_each_and_nfc() {
        let plain = plain_chars();
        let mut pair = String::new();
        for &a in &plain {
            for &b in &plain {
                pair.clear();
                pair.push(a);
                pair.push(b);
                let want = if pair == "\r\n" { 1 } else { 2 };
                assert_eq!(pair.graphemes(true).count(), want, "{pair:?}");
                assert!(pair.nfc().eq(pair.chars()), "{pair:?}");
                assert_eq!(
                    one_grapheme_per_char(&pair),
                    !pair.contains('\r'),
                    "{pair:?}"
                );
            }
        }
    }

    /// The byte scan agrees with the character tests on every character up to U+20AC (past
    /// the last plain one) and a few beyond, alone and after ASCII.
    #[test]
    fn plain_extra_agrees_with_the_character_tests() {
        let beyond = ['\u{FFFD}', '\u{1F600}', '\u{E000}', '\u{2028}'];
        for c in ('\0'..='\u{20AC}').chain(beyond) {
            let long = format!("abcdefgh{c}ijklmnopqrstuvw\tx{c}");
            for text in [c.to_string(), format!("ab{c}c"), long] {
                let expected = one_grapheme_per_char(&text).then(|| {
                    text.chars().map(twitter_weight).sum::<usize>() - text.chars().count()
                });
                assert_eq!(plain_extra(&text), expected, "{c:?}");
            }
        }
    }

    /// `plain_extra` as it was before the eight-byte steps: one step at a time (the step
    /// itself did not change, and both ask `plain_step`).
    fn plain_extra_bytewise(text: &str) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut extra = 0;
        let mut i = 0;
        while i < bytes.len() {
            i += plain_step(bytes, i, &mut extra)?;
        }
        Some(extra)
    }

    #[test]
    fn eight_byte_steps_stop_at_every_cr_and_every_byte_outside_ascii() {
        for at in 0..16 {
            for mark in ["\r", "é", "€", "\u{80}", "\u{7F}", "\0", "\n"] {
                let mut text = "x".repeat(16);
                text.insert_str(at, mark);
                assert_eq!(plain_extra(&text), plain_extra_bytewise(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn shortcuts_agree_on_hand_picked_text() {
        for text in [
            "L’ufficio è «aperto» – 2.500,00 €… ok\r\nvai su www.comune.alessandria.it 😀",
            "perche\u{301} x\u{AD}y 👍🏽 1\u{FE0F}\u{20E3} \u{1100}\u{1161} ß\u{308}",
        ] {
            let model = TextModel::new(text, 0..text.len());
            for counting in [Counting::Chars, Counting::Graphemes, Counting::Twitter] {
                for url in [None, Some(23)] {
                    for limit in 0..text.len() + 2 {
                        assert_eq!(
                            measure(&model, counting, url, limit),
                            measure_before(&model, counting, url, limit),
                            "{counting:?} {url:?} {limit} on {text:?}"
                        );
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(super::super::samples::config(1000))]
        #[test]
        fn shortcuts_agree_with_the_plain_count(
            text in super::super::samples::draft_text(),
            limit in 0usize..400,
            url in proptest::option::of(0usize..30),
        ) {
            proptest::prop_assert_eq!(plain_extra(&text), plain_extra_bytewise(&text));
            let model = TextModel::new(&text, 0..text.len());
            for counting in [Counting::Chars, Counting::Graphemes, Counting::Twitter] {
                proptest::prop_assert_eq!(
                    measure(&model, counting, url, limit),
                    measure_before(&model, counting, url, limit),
                    "{:?}", counting
                );
            }
        }
    }
}
