//! A lexicon's parameters as the pack writes them.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::text::italian::Preposition;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Params {
    /// Plain entries: phrase → suggestion.
    #[serde(default)]
    pub(super) words: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) terms: Vec<Term>,
    /// Whether suggestions are offered as automatic fixes.
    #[serde(default)]
    pub(super) fixable: bool,
    /// Query keys that make any link a match; a trailing `*` matches a prefix.
    #[serde(default)]
    pub(super) link_keys: Vec<String>,
    /// Query keys that make a link a match only on that host and its sub-domains.
    #[serde(default)]
    pub(super) link_keys_on: BTreeMap<String, Vec<String>>,
    /// Hashtags and mentions are read as their words (`#votalega` as `vota lega`).
    #[serde(default)]
    pub(super) read_tags: bool,
    /// Matches at most this many words apart on one line are one finding.
    pub(super) merge_within: Option<usize>,
    /// `not_in_capitals` for every entry of `words`.
    #[serde(default)]
    pub(super) words_not_in_capitals: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Term {
    #[serde(rename = "match", default)]
    pub(super) phrases: Vec<String>,
    /// A regular expression matched on the body outside links, e-mails, mentions, hashtags.
    pub(super) pattern: Option<String>,
    pub(super) suggestion: Option<String>,
    /// `false` keeps a suggestion as advice only.
    pub(super) fix: Option<bool>,
    #[serde(default)]
    pub(super) case_sensitive: bool,
    #[serde(default)]
    pub(super) not_after: Vec<String>,
    #[serde(default)]
    pub(super) not_before: Vec<String>,
    #[serde(default)]
    pub(super) not_near_number: bool,
    /// The entry does not match where written in capitals (no small letter, and two letters or
    /// digits at least: `PLS`, `C6`): that is an acronym or a code, not a chat abbreviation.
    #[serde(default)]
    pub(super) not_in_capitals: bool,
    #[serde(default)]
    pub(super) context: Vec<String>,
    #[serde(default)]
    pub(super) unless_context: Vec<String>,
    pub(super) window: Option<usize>,
    /// The entry counts only inside a hashtag or mention (`read_tags`): `#vendita` is a shop's
    /// tag, «vendita» in a sentence may be the Comune's auction.
    #[serde(default)]
    pub(super) tag_only: bool,
    /// `context` and `unless_context` are looked for in the whole sentence of the match
    /// instead of `window` words around it.
    #[serde(default)]
    pub(super) sentence: bool,
    pub(super) note: Option<String>,
    /// The preposition (`a`, `di`, `da`) that must follow the phrase, in any of its forms.
    pub(super) preposition: Option<Preposition>,
    /// The fix keeps the preposition as written instead of reducing it to its article.
    #[serde(default)]
    pub(super) keep_preposition: bool,
}
