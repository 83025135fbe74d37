//! Findings: what every output format renders, self-contained and already masked.
//!
//! A finding carries its own copy of the source lines it points at, so no renderer ever
//! reads the draft. The engine masks personal data in it (see `mask`) before any renderer sees
//! it: no output format can forget to do it.

use std::ops::Range;

use crate::checks::Edit;
use crate::position::Position;
use crate::rule::Level;

/// The source lines a finding points at, with the span inside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// 1-based number of the first line of `text`.
    pub first_line: usize,
    pub text: String,
    /// Byte range of the finding inside `text`.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub level: Level,
    pub message: String,
    /// What to do instead, when the rule knows.
    pub help: Option<String>,
    pub start: Position,
    pub end: Position,
    /// File byte offsets.
    pub bytes: Range<usize>,
    pub fix: Option<Edit>,
    pub snippet: Snippet,
    /// Whether the finding is about personal data (masked everywhere).
    pub sensitive: bool,
    /// A hash of the rule and the normalized text found: identifies the finding across edits
    /// elsewhere in the file without storing the text (personal data never leaves in clear).
    pub key: String,
}

/// Hex SHA-256 of the parts, separated so that `("ab", "c")` and `("a", "bc")` differ.
pub fn stable_hash(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    format!("{:x}", hasher.finalize())
}

/// Stable fingerprints for the findings of one file, in order: path, rule, the finding's
/// `key` and its occurrence among findings with the same rule and key. Line numbers play no
/// part, so edits elsewhere in the file keep them.
pub fn fingerprints(path: &str, findings: &[Finding]) -> Vec<String> {
    let mut seen: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let n = seen.entry((f.rule.as_str(), f.key.as_str())).or_insert(0);
            *n += 1;
            stable_hash(&[path, &f.rule, &f.key, &n.to_string()])[..32].to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_hash_is_hex_sha256() {
        assert_eq!(
            stable_hash(&[]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn fingerprints_count_occurrences_not_lines() {
        let f = |key: &str, line: usize| Finding {
            rule: "style/emoji".into(),
            level: Level::Error,
            message: String::new(),
            help: None,
            start: Position { line, column: 1 },
            end: Position { line, column: 2 },
            bytes: 0..1,
            fix: None,
            snippet: Snippet {
                first_line: line,
                text: String::new(),
                span: 0..0,
            },
            sensitive: false,
            key: key.into(),
        };
        let before = fingerprints("a.txt", &[f("k1", 1), f("k1", 2), f("k2", 3)]);
        let after = fingerprints("a.txt", &[f("k1", 5), f("k1", 9), f("k2", 12)]);
        assert_eq!(before, after);
        assert_ne!(before[0], before[1]);
        assert_ne!(fingerprints("b.txt", &[f("k1", 1)])[0], before[0]);
    }
}
