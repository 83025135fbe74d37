//! The text model: a draft body tokenized once into typed spans.
//!
//! Every check reads these tokens instead of re-scanning the raw text, so that a word rule can
//! never fire inside a URL, an e-mail address, a mention or a hashtag, and every position is
//! already in file byte offsets.

pub mod capitals;
pub mod counts;
mod emoji;
pub mod italian;
pub mod latin;
pub mod normalize;
pub mod phrase;
pub mod segment;
mod special;
mod tokenize;
pub mod weighted;
mod words;

use std::ops::Range;

pub use emoji::{is_emoji_grapheme, warm_up as warm_up_emoji};
pub use tokenize::tokenize;

/// What a span of the body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of letters (and digits glued to them), split after an elision apostrophe.
    Word,
    /// Digits, possibly with `.` and `,` separators (`2.500,00`).
    Number,
    /// A clock time such as `10:30` or `9.00`.
    Time,
    /// A calendar date such as `31/01/2027`.
    Date,
    /// A link, with or without a scheme (`comune.alessandria.it/eventi`).
    Url,
    Email,
    Mention,
    Hashtag,
    /// One emoji grapheme cluster (ZWJ sequences, flags, keycaps and skin tones included).
    Emoji,
    /// One grapheme of punctuation or symbol.
    Punct,
    /// Horizontal white space.
    Space,
    /// One line break (`\n` or `\r\n`).
    Newline,
}

impl TokenKind {
    /// Spans whose inside belongs to somebody else's syntax: word rules stay out of them.
    pub fn is_opaque(self) -> bool {
        matches!(
            self,
            TokenKind::Url | TokenKind::Email | TokenKind::Mention | TokenKind::Hashtag
        )
    }

    pub fn is_blank(self) -> bool {
        matches!(self, TokenKind::Space | TokenKind::Newline)
    }
}

/// One typed span of the body, in file byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Range<usize>,
    /// The matching form (NFC, lower case, one apostrophe) when it differs from the text as
    /// written; most tokens are written in it already, and need no copy.
    pub folded: Option<Box<str>>,
    /// A hash of the matching form for the tokens phrases can match (words, numbers,
    /// punctuation), 0 for the others: every phrase list looks a token up by it, so the form
    /// is hashed once per draft instead of once per list.
    pub key: u64,
    /// How many letters the matching form of a word has (see `counts`), 0 for the other
    /// tokens: the readability counts add it up for every word of every draft, and most
    /// words are known to be letters only when they are split off.
    pub letters: u32,
}

/// The tokens of one draft body, with the source they point into.
#[derive(Debug)]
pub struct TextModel<'s> {
    source: &'s str,
    pub body: Range<usize>,
    pub tokens: Vec<Token>,
    /// The sentences, split once for every rule that reads them (with the abbreviations they
    /// were split with).
    sentences: std::cell::OnceCell<(counts::Abbreviations, Vec<counts::Sentence>)>,
    /// Indices of the tokens that are not white space, in order: `next_solid`, `prev_solid`
    /// and the word windows of the checks look them up instead of scanning, so a body of
    /// 100,000 tokens costs no more per lookup than a tweet.
    solid: Vec<usize>,
    /// What the phrase lists look at of each token of `solid` (see `phrase::StartKey`).
    start_keys: Vec<phrase::StartKey>,
    /// How many ASCII digits the body holds, counted on first asking: identifier checks skip a
    /// body with too few for any value of theirs.
    digits: std::cell::OnceCell<usize>,
    /// The index of the rule set the draft is checked with, if any, and where its phrase
    /// lists may start, found once for all of them on first asking.
    phrases: Option<&'s phrase::PhraseIndex>,
    phrase_starts: std::cell::OnceCell<phrase::StartIndex>,
}

impl<'s> TextModel<'s> {
    /// The model of `body` for any phrase list, each scanning it by itself.
    pub fn new(source: &'s str, body: Range<usize>) -> Self {
        Self::build(source, body, None)
    }

    /// The model of `body` for the phrase lists of a rule set, which look their starts up in
    /// the set's index (see `phrase::PhraseIndex`).
    pub fn with_phrases(
        source: &'s str,
        body: Range<usize>,
        phrases: &'s phrase::PhraseIndex,
    ) -> Self {
        Self::build(source, body, Some(phrases))
    }

    fn build(
        source: &'s str,
        body: Range<usize>,
        phrases: Option<&'s phrase::PhraseIndex>,
    ) -> Self {
        let tokens = tokenize(source, body.clone());
        // Sized for every token up front: a filtered collect would grow it step by step.
        let mut solid = Vec::with_capacity(tokens.len());
        solid.extend((0..tokens.len()).filter(|&i| !tokens[i].kind.is_blank()));
        let mut model = TextModel {
            source,
            body,
            tokens,
            sentences: std::cell::OnceCell::new(),
            solid,
            start_keys: Vec::new(),
            digits: std::cell::OnceCell::new(),
            phrases,
            phrase_starts: std::cell::OnceCell::new(),
        };
        model.start_keys = phrase::start_keys(&model, &model.solid);
        model
    }

    /// The model of another whole text (the comment a reply answers), for the same phrase
    /// lists as this one.
    pub fn with_source<'t>(&self, text: &'t str) -> TextModel<'t>
    where
        's: 't,
    {
        TextModel::build(text, 0..text.len(), self.phrases)
    }

    pub fn source(&self) -> &'s str {
        self.source
    }

    pub fn body_text(&self) -> &'s str {
        &self.source[self.body.clone()]
    }

    /// The text of a token as written.
    pub fn text(&self, token: &Token) -> &'s str {
        &self.source[token.span.clone()]
    }

    /// The sentences of the body (see `counts::sentences`), computed once per body for a
    /// given list of abbreviations.
    pub fn sentences(
        &self,
        abbreviations: &counts::Abbreviations,
    ) -> std::borrow::Cow<'_, [counts::Sentence]> {
        let (with, cached) = self.sentences.get_or_init(|| {
            (
                abbreviations.clone(),
                counts::sentences(self, abbreviations.words()),
            )
        });
        if with.same_as(abbreviations) {
            std::borrow::Cow::Borrowed(cached)
        } else {
            std::borrow::Cow::Owned(counts::sentences(self, abbreviations.words()))
        }
    }

    /// How many ASCII digits (`0`–`9`) the body holds.
    pub fn ascii_digits(&self) -> usize {
        *self
            .digits
            .get_or_init(|| self.body_text().bytes().filter(u8::is_ascii_digit).count())
    }

    /// The matching form of a token: NFC, lower case, one apostrophe.
    pub fn norm<'t>(&'t self, token: &'t Token) -> &'t str {
        token.folded.as_deref().unwrap_or_else(|| self.text(token))
    }

    pub fn of_kind(&self, kind: TokenKind) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(move |t| t.kind == kind)
    }

    /// Index of the nearest token after `index` that is not white space.
    pub fn next_solid(&self, index: usize) -> Option<usize> {
        let at = self.solid.partition_point(|&i| i <= index);
        self.solid.get(at).copied()
    }

    /// Index of the nearest token before `index` that is not white space.
    pub fn prev_solid(&self, index: usize) -> Option<usize> {
        let at = self.solid.partition_point(|&i| i < index);
        at.checked_sub(1).map(|at| self.solid[at])
    }

    /// Indices of the tokens that are not white space, in order.
    pub fn solid(&self) -> &[usize] {
        &self.solid
    }

    /// The phrase lists' view of the tokens of `solid`, entry by entry.
    pub fn start_keys(&self) -> &[phrase::StartKey] {
        &self.start_keys
    }

    /// Where the phrase lists of the model's rule set may start (see `phrase::PhraseIndex`),
    /// `None` for a model made without one.
    pub fn phrase_starts(&self) -> Option<&phrase::StartIndex> {
        let phrases = self.phrases?;
        Some(self.phrase_starts.get_or_init(|| phrases.starts(self)))
    }

    /// Index of the first token that is not white space, a mention or an emoji: where a reply
    /// really starts.
    pub fn first_content(&self) -> Option<usize> {
        self.tokens.iter().position(|t| {
            !t.kind.is_blank() && !matches!(t.kind, TokenKind::Mention | TokenKind::Emoji)
        })
    }
}

/// Generated text for the differential tests of the fast paths.
#[cfg(test)]
pub(crate) mod samples {
    use proptest::prelude::*;

    /// The configuration of the differential tests: `cases` runs, and no regression files
    /// (the cases worth keeping are written out as named tests).
    pub fn config(cases: u32) -> ProptestConfig {
        ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::with_cases(cases)
        }
    }

    /// Text shaped like a draft: mostly the characters the fast paths handle (letters,
    /// digits, the marks that join or split words, white space of every kind), with links,
    /// dates and times for the scanner, and characters outside the fast paths' alphabet, each
    /// of which sends the segments around it down the general path.
    pub fn draft_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            8 => "[a-zA-Zàèéìòù]{1,8}",
            3 => "[0-9]{1,4}",
            6 => prop::sample::select(&[
                ".", ",", ";", ":", "'", "’", "‘", "_", " ", " ", "  ", "\n", "\r\n", "\r",
                "\t", "\u{A0}", "!", "?", "\"", "«", "»", "–", "…", "€", "°", "×", "(", ")",
                "#", "@", "/", "-", "www.", ".it", "https://", "9:30", "31/01/2027",
            ][..])
            .prop_map(str::to_owned),
            1 => prop::sample::select(&[
                "\u{301}", "\u{AD}", "\u{200D}", "\u{200B}", "😀", "👍🏽", "🇮🇹", "\u{20E3}",
                "\u{FE0F}", "\u{2000}", "\u{202F}", "\u{B7}", "©", "\u{2028}", "ß\u{308}",
                "\u{5D0}", "\u{5F4}", "\u{30A2}", "\u{B}", "\u{85}", "\u{7F}", "\u{FF0E}",
                "\u{1161}", "\u{AC00}",
            ][..])
            .prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solid_neighbours_skip_white_space_only() {
        let text = "a  b\n\n, c";
        let model = TextModel::new(text, 0..text.len());
        let scan_next =
            |i: usize| (i + 1..model.tokens.len()).find(|&j| !model.tokens[j].kind.is_blank());
        let scan_prev = |i: usize| (0..i).rev().find(|&j| !model.tokens[j].kind.is_blank());
        for i in 0..=model.tokens.len() {
            assert_eq!(model.next_solid(i), scan_next(i), "next of {i}");
            assert_eq!(model.prev_solid(i), scan_prev(i), "prev of {i}");
        }
        assert_eq!(model.solid().len(), 4);
    }
}
