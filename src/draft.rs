//! Draft files: optional TOML front matter between `+++` lines, then the post text.
//!
//! Parsing validates every front-matter key once; later stages get typed values and the byte
//! range of the body, which is the only part of the file any rule reads.

use std::ops::Range;

use serde::Deserialize;

use crate::located::{self, LocatedError};
use crate::platform::{Kind, Platform};
use crate::position::LineIndex;
use crate::suggest;

mod front_fast;

/// Keys of the front matter, as written in drafts.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub kind: Option<Kind>,
    pub platform: Option<Platform>,
    /// The citizen's comment this reply answers.
    pub in_reply_to: Option<String>,
    pub publish_at: Option<toml::value::Datetime>,
    /// Where reproduced or third-party content comes from.
    pub source: Option<String>,
    #[serde(default)]
    pub images: Vec<Image>,
    #[serde(default)]
    pub allow: Vec<Allow>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub file: String,
    pub alt: Option<String>,
    pub credit: Option<String>,
    pub license: Option<String>,
}

/// A rule silenced for this draft, and why.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    pub rule: String,
    pub reason: String,
}

/// One parsed draft: the whole file, its front matter and where its body lies.
#[derive(Debug)]
pub struct Draft {
    pub path: String,
    pub source: String,
    pub front: FrontMatter,
    /// Byte range of the post text in `source`.
    pub body: Range<usize>,
    /// Byte range of the TOML between the `+++` fences, if the draft has front matter.
    pub front_matter: Option<Range<usize>>,
    pub lines: LineIndex,
}

/// A draft that cannot be read as one, with where the problem is (and which key).
pub type DraftError = LocatedError;

const FENCE: &str = "+++";

impl Draft {
    pub fn parse(path: &str, source: String) -> Result<Draft, DraftError> {
        let lines = LineIndex::new(&source);
        let error = |offset: usize, key: Option<String>, message: String| {
            // The key, when known, says the error is in the front matter.
            let at = lines.position(&source, offset);
            match key {
                Some(key) => LocatedError::new(path, at.line, at.column, &message).with_key(&key),
                None => LocatedError::new(
                    path,
                    at.line,
                    at.column,
                    &format!("front matter: {message}"),
                ),
            }
        };
        let start = if source.starts_with('\u{FEFF}') { 3 } else { 0 };
        let Some(first_end) = fence_line_end(&source, start) else {
            let body = start..source.len();
            return Ok(Draft {
                path: path.to_owned(),
                front: FrontMatter::default(),
                body,
                front_matter: None,
                lines,
                source,
            });
        };
        let (toml_range, body_start) = find_closing_fence(&source, lines.starts(), first_end)
            .ok_or_else(|| {
                error(
                    start,
                    None,
                    "aperto da `+++` non è chiuso da una riga `+++`".into(),
                )
            })?;
        let toml_text = &source[toml_range.clone()];
        let front = match front_fast::parse(toml_text) {
            Some(front) => front,
            None => toml::from_str(toml_text).map_err(|e| {
                let at = e.span().map_or(0, |s| s.start);
                error(
                    toml_range.start + at,
                    located::toml_key(toml_text, at),
                    located::italian(&suggest::with_hint(e.message().trim())),
                )
            })?,
        };
        if let Some(at) = &front.publish_at
            && (at.date.is_none() || at.time.is_none())
        {
            let offset = toml_range.start + toml_text.find("publish_at").unwrap_or(0);
            return Err(error(
                offset,
                Some("publish_at".into()),
                format!("servono una data e un'ora (es. 2027-01-31T10:30:00), non solo «{at}»"),
            ));
        }
        if let Some(allow) = front
            .allow
            .iter()
            .find(|a| !is_rule_id(&a.rule) && !a.rule.ends_with('/'))
        {
            let offset = toml_range.start + toml_text.find(&allow.rule).unwrap_or(0);
            return Err(error(
                offset,
                Some("allow.rule".into()),
                format!("«{}» non è l'id di una regola (area/nome)", allow.rule),
            ));
        }
        if let Some(allow) = front.allow.iter().find(|a| a.reason.trim().is_empty()) {
            let offset = toml_range.start + toml_text.find(&allow.rule).unwrap_or(0);
            return Err(error(
                offset,
                Some("allow.reason".into()),
                format!(
                    "l'«allow» di «{}» ha bisogno di un «reason» non vuoto",
                    allow.rule
                ),
            ));
        }
        Ok(Draft {
            path: path.to_owned(),
            front,
            body: body_start..source.len(),
            front_matter: Some(toml_range),
            lines,
            source,
        })
    }

    pub fn body_text(&self) -> &str {
        &self.source[self.body.clone()]
    }

    /// Byte range of the `n`-th (0-based) quoted occurrence of `value` in the front matter,
    /// without the quotes: where a finding about a front-matter value points.
    pub fn front_value_span(&self, value: &str, n: usize) -> Option<Range<usize>> {
        let range = self.front_matter.clone()?;
        let toml = &self.source[range.clone()];
        let quoted = format!("\"{value}\"");
        let (at, _) = toml.match_indices(&quoted).nth(n)?;
        let start = range.start + at + 1;
        Some(start..start + value.len())
    }

    /// For each `allow` entry, in order, the file byte range of its `rule` value (without the
    /// quotes) when it is written as a `[[allow]]` table with a `rule = "…"` line; `None` for
    /// any other form. One pass over the front matter, however many entries it holds.
    pub fn allow_rule_spans(&self) -> Vec<Option<Range<usize>>> {
        let mut spans = Vec::with_capacity(self.front.allow.len());
        let Some(range) = self.front_matter.clone() else {
            return spans;
        };
        let mut offset = range.start;
        let mut in_allow = false;
        let mut found_rule = false;
        for line in self.source[range].split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if trimmed.starts_with('[') {
                if in_allow && !found_rule {
                    spans.push(None);
                }
                in_allow = trimmed.starts_with("[[allow]]");
                found_rule = false;
            } else if in_allow
                && !found_rule
                && let Some(rest) = trimmed.strip_prefix("rule")
                && let Some(value) = rest.trim_start().strip_prefix('=')
            {
                let value = value.trim_start();
                let start = offset + indent + (trimmed.len() - value.len()) + 1;
                let span = value
                    .strip_prefix('"')
                    .and_then(|v| v.find('"'))
                    .map(|end| start..start + end);
                spans.push(span);
                found_rule = true;
            }
            offset += line.len();
        }
        if in_allow && !found_rule {
            spans.push(None);
        }
        // Another form (inline tables) shifts the count: the caller then searches instead.
        if spans.len() != self.front.allow.len() {
            spans = vec![None; self.front.allow.len()];
        }
        spans
    }

    /// File byte range of the front-matter line that sets the top-level `key` (`publish_at =
    /// …`, without its line break): where a finding about a front-matter value points.
    pub fn front_key(&self, key: &str) -> Option<Range<usize>> {
        let range = self.front_matter.clone()?;
        let mut offset = range.start;
        for line in self.source[range].split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with('[') {
                // Keys after a table header belong to that table.
                return None;
            }
            if let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                let start = offset + (line.len() - trimmed.len());
                let end = offset + line.trim_end().len();
                return Some(start..end);
            }
            offset += line.len();
        }
        None
    }
}

/// Whether `source` starts with a front matter fence (after a byte-order mark).
pub fn opens_front_matter(source: &str) -> bool {
    let start = if source.starts_with('\u{FEFF}') { 3 } else { 0 };
    fence_line_end(source, start).is_some()
}

/// `area/name`, lower-case words joined by `-`.
pub fn is_rule_id(id: &str) -> bool {
    let valid = |part: &str| {
        !part.is_empty()
            && part.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    matches!(id.split_once('/'), Some((area, name)) if valid(area) && valid(name))
}

/// The end of the line at `start` (past its line break) when that line is a `+++` fence.
fn fence_line_end(source: &str, start: usize) -> Option<usize> {
    let rest = &source[start..];
    // Nearly every fence is written `+++` and a line break: answered without a scan.
    match rest.as_bytes() {
        [b'+', b'+', b'+', b'\n', ..] => return Some(start + 4),
        [b'+', b'+', b'+', b'\r', b'\n', ..] => return Some(start + 5),
        [b'+', b'+', b'+', ..] => {}
        _ => return None,
    }
    let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    (rest[..line_end].trim_end() == FENCE).then_some(start + line_end)
}

/// The TOML between the fences and where the body starts after the closing one, looking at
/// the lines (of `line_starts`) that start at or after `from`.
fn find_closing_fence(
    source: &str,
    line_starts: &[usize],
    from: usize,
) -> Option<(Range<usize>, usize)> {
    let first = line_starts.partition_point(|&s| s < from);
    line_starts[first..]
        .iter()
        .take_while(|&&s| s < source.len())
        .find_map(|&s| fence_line_end(source, s).map(|end| (from..s, end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Draft, DraftError> {
        Draft::parse("d.txt", text.to_owned())
    }

    #[test]
    fn no_front_matter_means_all_body() {
        let d = parse("Ciao a tutti").expect("parses");
        assert_eq!(d.body_text(), "Ciao a tutti");
        assert_eq!(d.front.kind, None);
    }

    #[test]
    fn front_matter_with_bom_and_crlf() {
        let d = parse("\u{FEFF}+++\r\nkind = \"reply\"\r\nplatform = \"x\"\r\n+++\r\nGrazie!")
            .expect("parses");
        assert_eq!(d.front.kind, Some(Kind::Reply));
        assert_eq!(d.front.platform, Some(Platform::X));
        assert_eq!(d.body_text(), "Grazie!");
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let err =
            parse("+++\nkind = \"post\"\nplatfrom = \"x\"\n+++\nbody").expect_err("unknown key");
        assert_eq!((err.line, err.column), (3, 1));
        assert_eq!(err.key.as_deref(), Some("platfrom"));
        assert!(err.message.contains("«platfrom»"), "{}", err.message);
        assert!(err.message.contains("forse «platform»"), "{}", err.message);
    }

    #[test]
    fn wrong_type_and_unterminated() {
        let err = parse("+++\nimages = \"foto.jpg\"\n+++\n").expect_err("wrong type");
        assert_eq!(err.line, 2);
        let err = parse("+++\nkind = \"post\"\nbody").expect_err("unterminated");
        assert_eq!(err.line, 1);
        assert!(err.message.contains("non è chiuso"));
    }

    #[test]
    fn publish_at_needs_a_time_and_allow_a_reason() {
        assert!(parse("+++\npublish_at = 2027-01-31\n+++\n").is_err());
        assert!(parse("+++\npublish_at = 2027-01-31T10:00:00\n+++\n").is_ok());
        let err = parse("+++\n[[allow]]\nrule = \"style/emoji\"\nreason = \" \"\n+++\n")
            .expect_err("empty reason");
        assert!(err.message.contains("reason"));
        let err = parse("+++\n[[allow]]\nrule = \"Style emoji\"\nreason = \"x\"\n+++\n")
            .expect_err("bad id");
        assert_eq!(err.line, 3);
    }

    #[test]
    fn front_key_finds_the_top_level_line() {
        let text = "+++\r\nkind = \"post\"\r\n  publish_at = 2027-01-31T10:30:00 \r\n[[images]]\r\nfile = \"a.jpg\"\r\n+++\r\nCiao";
        let d = parse(text).expect("parses");
        let span = d.front_key("publish_at").expect("found");
        assert_eq!(&text[span], "publish_at = 2027-01-31T10:30:00");
        assert_eq!(d.front_key("file"), None);
        assert_eq!(d.front_key("platform"), None);
        assert_eq!(parse("Ciao").expect("parses").front_key("kind"), None);
    }

    #[test]
    fn allow_rule_spans_point_at_each_entry() {
        let text = "+++\n[[allow]]\nreason = \"r\"\nrule = \"style/emoji\"\n[[allow]]\n  rule = \"style/emoji\"\nreason = \"s\"\n+++\nCiao";
        let d = parse(text).expect("parses");
        let spans = d.allow_rule_spans();
        assert_eq!(spans.len(), 2);
        let second = text.rfind("style/emoji").unwrap_or(0);
        assert_eq!(spans[1], Some(second..second + 11));
        assert_eq!(spans[0].clone().map(|s| &text[s]), Some("style/emoji"));
        assert!(spans[0] != spans[1]);
        let inline = parse("+++\nallow = [{ rule = \"style/emoji\", reason = \"r\" }]\n+++\nCiao")
            .expect("parses");
        assert_eq!(inline.allow_rule_spans(), vec![None]);
    }

    #[test]
    fn rule_ids() {
        assert!(is_rule_id("style/emoji"));
        assert!(is_rule_id("concise/link-length"));
        assert!(!is_rule_id("style"));
        assert!(!is_rule_id("Style/emoji"));
        assert!(!is_rule_id("style/-x"));
    }
}
