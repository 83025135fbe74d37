//! `hashtag-case`, `styled-text` and `alt-text`: what a screen reader makes of a post.
//!
//! A screen reader reads a hashtag in one case as one long word (`#comunedialessandria`), spells
//! out or skips the "fancy" letters of Unicode's mathematical alphanumerics (𝐁𝐮𝐨𝐧𝐠𝐢𝐨𝐫𝐧𝐨), and
//! reads an image's `alt` in place of the image, so an `alt` of «foto» or the body again says
//! nothing.

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::{Check, Context, Hit, front_matter_anchor, params};
use crate::text::TokenKind;
use crate::text::segment::{is_lower, is_upper, split_tag};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HashtagCaseParams {
    /// Hashtags left as written (acronyms, brand names), without `#`, any case.
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Debug)]
struct HashtagCase {
    allow: Vec<String>,
}

pub fn build_hashtag_case(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: HashtagCaseParams = params(table)?;
    Ok(Box::new(HashtagCase {
        allow: p.allow.iter().map(|a| a.to_lowercase()).collect(),
    }))
}

/// The CamelCase form of a one-case hashtag of several words, or `None` when it reads as it is.
fn camel_case(tag: &str) -> Option<String> {
    let letters: Vec<char> = tag.chars().filter(|c| c.is_alphabetic()).collect();
    let one_case = letters.iter().all(|&c| !is_upper(c)) || letters.iter().all(|&c| !is_lower(c));
    if !one_case {
        return None;
    }
    let pieces = split_tag(tag);
    // Two words glued with nothing between them: that is what a reader cannot tell apart.
    let glued = pieces
        .windows(2)
        .any(|w| !w[0].is_number && !w[1].is_number && w[0].range.end == w[1].range.start);
    if !glued {
        return None;
    }
    let mut out = String::with_capacity(tag.len());
    let mut at = 0;
    for piece in &pieces {
        out.push_str(&tag[at..piece.range.start]);
        let mut chars = piece.text.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.extend(chars.flat_map(char::to_lowercase));
        }
        at = piece.range.end;
    }
    out.push_str(&tag[at..]);
    (out != tag).then_some(out)
}

impl Check for HashtagCase {
    fn fixable(&self) -> bool {
        true
    }

    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        for token in cx.text.of_kind(TokenKind::Hashtag) {
            let tag = cx.text.text(token);
            if self.allow.contains(&tag[1..].to_lowercase()) {
                continue;
            }
            if let Some(camel) = camel_case(tag) {
                hits.push(
                    Hit::at(token.span.clone())
                        .var("suggestion", camel.clone())
                        .fix(token.span.clone(), camel),
                );
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyledParams {}

#[derive(Debug)]
struct Styled;

pub fn build_styled(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let _: StyledParams = params(table)?;
    Ok(Box::new(Styled))
}

/// The plain letter or digit a styled one stands for: the mathematical alphanumerics
/// (U+1D400–U+1D7FF), fullwidth forms, circled and squared Latin letters, whose compatibility
/// form (NFKC) is one ASCII letter or digit.
fn plain(c: char) -> Option<char> {
    let styled = matches!(
        u32::from(c),
        0x1D400..=0x1D7FF | 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A | 0x24B6..=0x24E9 | 0x1F130..=0x1F149
    );
    if !styled {
        return None;
    }
    let mut nfkc = std::iter::once(c).nfkc();
    match (nfkc.next(), nfkc.next()) {
        (Some(p), None) if p.is_ascii_alphanumeric() => Some(p),
        _ => None,
    }
}

impl Check for Styled {
    fn fixable(&self) -> bool {
        true
    }

    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let text = cx.text.body_text();
        if text.is_ascii() {
            return;
        }
        let base = cx.text.body.start;
        // A run of styled letters, with the spaces and punctuation between them on one line:
        // one finding per styled phrase, not per word.
        let mut run: Option<(usize, usize)> = None;
        let flush = |run: &mut Option<(usize, usize)>, hits: &mut Vec<Hit>| {
            if let Some((start, end)) = run.take() {
                let found = &text[start..end];
                let fixed: String = found.chars().map(|c| plain(c).unwrap_or(c)).nfc().collect();
                let span = base + start..base + end;
                hits.push(
                    Hit::at(span.clone())
                        .var("suggestion", fixed.clone())
                        .fix(span, fixed),
                );
            }
        };
        for (i, c) in text.char_indices() {
            if plain(c).is_some() {
                run = Some(run.map_or((i, i + c.len_utf8()), |(s, _)| (s, i + c.len_utf8())));
            } else if let Some((s, e)) = run
                && e == i
                && unicode_normalization::char::is_combining_mark(c)
            {
                // `𝘪̀`: the accent goes with the letter, and composes with the plain one.
                run = Some((s, i + c.len_utf8()));
            } else if c == '\n' || c.is_alphanumeric() {
                flush(&mut run, hits);
            }
        }
        flush(&mut run, hits);
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AltParams {
    /// Words that say only "an image" (`foto`, `immagine`): an `alt` of these alone says nothing.
    generic: Vec<String>,
    /// Fewest words a useful `alt` has.
    min_words: usize,
    /// Fewest words of an `alt` found word for word in the body for it to count as a repeat.
    repeat_words: usize,
}

#[derive(Debug)]
struct AltText {
    generic: Vec<String>,
    min_words: usize,
    repeat_words: usize,
}

pub fn build_alt(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: AltParams = params(table)?;
    Ok(Box::new(AltText {
        generic: p.generic.iter().map(|g| g.to_lowercase()).collect(),
        min_words: p.min_words,
        repeat_words: p.repeat_words.max(1),
    }))
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A camera's or a phone's file name: `IMG_2034.jpg`, `DSC0042`, `foto1.png`.
fn looks_like_file(alt: &str) -> bool {
    let lower = alt.trim().to_lowercase();
    if lower.contains(char::is_whitespace) {
        return false;
    }
    let ext = [
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".svg", ".tif", ".tiff",
    ];
    ext.iter().any(|e| lower.ends_with(e))
        || [
            "img_",
            "img-",
            "dsc",
            "dscn",
            "pxl_",
            "whatsapp",
            "screenshot",
        ]
        .iter()
        .any(|p| {
            lower
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '_'))
        })
}

impl AltText {
    /// Why `alt` says nothing, if it does not: the variant of the finding.
    fn empty_alt(&self, alt: &str, body: &[String]) -> Option<&'static str> {
        if looks_like_file(alt) {
            return Some("file");
        }
        let w = words(alt);
        if w.iter()
            .all(|x| self.generic.contains(x) || x.chars().all(|c| c.is_ascii_digit()))
        {
            return Some("generic");
        }
        if w.len() < self.min_words {
            return Some("short");
        }
        if w.len() >= self.repeat_words && body.windows(w.len()).any(|win| win == w.as_slice()) {
            return Some("repeat");
        }
        None
    }
}

impl Check for AltText {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let images = &cx.draft.front.images;
        if images.is_empty() {
            return;
        }
        let body = words(cx.text.body_text());
        let mut seen: Vec<&str> = Vec::new();
        for image in images {
            let Some(alt) = image
                .alt
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
            else {
                // No `alt` at all is `content/image`'s finding.
                continue;
            };
            let name = image.file.rsplit(['/', '\\']).next().unwrap_or(&image.file);
            let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
            if alt.eq_ignore_ascii_case(name) || alt.eq_ignore_ascii_case(stem) {
                continue;
            }
            let Some(variant) = self.empty_alt(alt, &body) else {
                continue;
            };
            let raw = image.alt.as_deref().unwrap_or(alt);
            let n = seen.iter().filter(|s| **s == raw).count();
            seen.push(raw);
            let span = cx
                .draft
                .front_value_span(raw, n)
                .unwrap_or_else(|| front_matter_anchor(cx.text));
            hits.push(
                Hit::at(span)
                    .var("file", image.file.clone())
                    .var("alt", alt)
                    .var("min_words", self.min_words.to_string())
                    .variant(variant),
            );
        }
    }
}
