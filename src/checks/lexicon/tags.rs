//! `read_tags`: the words inside hashtags and mentions, for the lists that must see them.
//!
//! To every other rule `#25settembrevotoLega` and `@forza_italia` are opaque tokens, but a party
//! name or a call to vote inside them is the same partisan text as outside. A lexicon with
//! `read_tags` reads a copy of the body in which each hashtag and mention is replaced by its
//! words (`text::segment::split_tag`: CamelCase, digits, `_`, and the dictionary split of
//! `#votalega`), so that its guards see the tag's words together with the sentence around
//! them (`#forzaItalia` next to «nazionale» is the team). A match that touches a tag's words
//! is reported on the whole tag, as written.

use std::ops::Range;

use crate::text::segment::split_tag;
use crate::text::{TextModel, TokenKind};

/// The body with its tags spelled out, and where each piece of it came from.
pub(super) struct Expanded {
    pub(super) text: String,
    segments: Vec<Segment>,
}

/// A stretch of the expanded text: copied as written (offsets shift by a constant), or the
/// words of one tag.
struct Segment {
    expanded: Range<usize>,
    source: Range<usize>,
    tag: bool,
}

/// The expanded body, or `None` when the body has no hashtag or mention.
pub(super) fn expand(model: &TextModel<'_>) -> Option<Expanded> {
    let mut tags = model
        .tokens
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Hashtag | TokenKind::Mention))
        .peekable();
    tags.peek()?;
    let source = model.source();
    let mut text = String::with_capacity(model.body.len() + 32);
    let mut segments = Vec::new();
    let mut copied = model.body.start;
    let verbatim = |text: &mut String, segments: &mut Vec<Segment>, range: Range<usize>| {
        if range.is_empty() {
            return;
        }
        let start = text.len();
        text.push_str(&source[range.clone()]);
        segments.push(Segment {
            expanded: start..text.len(),
            source: range,
            tag: false,
        });
    };
    for tag in tags {
        verbatim(&mut text, &mut segments, copied..tag.span.start);
        let start = text.len();
        // Spaces around the words keep them apart from what the tag was glued to (`!#vota`).
        text.push(' ');
        for (i, piece) in split_tag(model.text(tag)).iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(piece.text);
        }
        text.push(' ');
        segments.push(Segment {
            expanded: start..text.len(),
            source: tag.span.clone(),
            tag: true,
        });
        copied = tag.span.end;
    }
    verbatim(&mut text, &mut segments, copied..model.body.end);
    Some(Expanded { text, segments })
}

impl Expanded {
    /// The source range of a non-empty range of the expanded text: a tag it touches is
    /// covered whole.
    pub(super) fn source_range(&self, range: &Range<usize>) -> Range<usize> {
        let at = |pos: usize| {
            let i = self.segments.partition_point(|s| s.expanded.end <= pos);
            &self.segments[i.min(self.segments.len() - 1)]
        };
        let first = at(range.start);
        let last = at(range.end.saturating_sub(1).max(range.start));
        let start = if first.tag {
            first.source.start
        } else {
            first.source.start + (range.start - first.expanded.start)
        };
        let end = if last.tag {
            last.source.end
        } else {
            (last.source.start + (range.end - last.expanded.start)).min(last.source.end)
        };
        start..end.max(start)
    }

    /// Whether a range of the expanded text touches the words of a tag.
    pub(super) fn touches_tag(&self, range: &Range<usize>) -> bool {
        self.segments
            .iter()
            .any(|s| s.tag && s.expanded.start < range.end && range.start < s.expanded.end)
    }
}

#[cfg(test)]
mod tests {
    use super::super::found;

    const PARTY: &str = r#"
        read_tags = true
        merge_within = 2
        [[terms]]
        match = ["Lega"]
        case_sensitive = true
        not_before = ["Navale"]
        [[terms]]
        match = ["vota"]
        [[terms]]
        match = ["Forza Italia"]
        unless_context = ["nazionale"]
        [[terms]]
        match = ["Italia sul serio"]
    "#;

    #[test]
    fn words_inside_tags_are_found_on_the_whole_tag() {
        assert_eq!(
            found(PARTY, "Domenica #25settembrevotoLega!"),
            ["#25settembrevotoLega"]
        );
        assert_eq!(
            found(PARTY, "Con @forza_italia in piazza"),
            ["@forza_italia"]
        );
        assert_eq!(found(PARTY, "#ItaliaSulSerio"), ["#ItaliaSulSerio"]);
        assert_eq!(found(PARTY, "Oggi #votalega"), ["#votalega"]);
        // Text outside tags keeps its own spans, after a tag too.
        assert_eq!(found(PARTY, "#Alessandria: vota la Lega"), ["vota la Lega"]);
    }

    #[test]
    fn guards_see_the_sentence_around_a_tag() {
        assert!(found(PARTY, "Tutti con la nazionale: #forzaItalia").is_empty());
        assert!(found(PARTY, "Regata della #LegaNavale").is_empty());
        assert!(found(PARTY, "#Alessandria #cultura @comunealessandria").is_empty());
    }

    #[test]
    fn tag_only_entries_count_in_tags_alone() {
        let shop = r#"
            read_tags = true
            [[terms]]
            match = ["vendita", "outlet"]
            tag_only = true
        "#;
        assert_eq!(found(shop, "Nuovi arrivi #outlet"), ["#outlet"]);
        assert!(found(shop, "Asta per la vendita di immobili").is_empty());
    }

    #[test]
    fn without_read_tags_tags_stay_opaque() {
        let opaque = PARTY.replace("read_tags = true", "");
        assert!(found(&opaque, "#votalega @forza_italia").is_empty());
    }
}
