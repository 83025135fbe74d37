//! Check kinds: the code a rule's `check = "..."` names.
//!
//! A check reads the text model and reports `Hit`s; the engine turns them into findings with
//! the rule's id, level and message. To add a kind of check: write one module with a `build`
//! function and add one line to `REGISTRY`.

use std::fmt::Debug;
use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::calendar::Calendar;
use crate::draft::Draft;
use crate::platform::{Kind, Platform};
use crate::text::TextModel;
use crate::text::counts::Abbreviations;
use crate::text::phrase::PhraseMatcher;

mod access;
mod attribution;
mod complaint;
mod content_score;
mod dates;
mod directory;
mod emoji;
mod emoticon;
mod greeting;
mod hashtags;
mod images;
mod inbox;
mod length;
mod lexicon;
mod links;
mod meta;
pub(crate) mod privacy;
mod readability;
mod schedule;
mod shouting;

pub use inbox::{Detector, REQUEST_CHECK, RequestParams, SENSITIVE_CHECK};
pub use meta::UNUSED_ALLOW;

type Builder = fn(toml::Table) -> Result<Box<dyn Check>, String>;

/// Every check kind by the name rule packs use.
const REGISTRY: &[(&str, Builder)] = &[
    ("emoji", emoji::build),
    ("emoticon", emoticon::build),
    ("lexicon", lexicon::build),
    ("content-score", content_score::build),
    ("greeting", greeting::build),
    ("shouting", shouting::build),
    ("link-length", links::build_length),
    ("link-tracking", links::build_tracking),
    ("hashtag-length", hashtags::build_length),
    ("hashtag-count", hashtags::build_count),
    ("length", length::build),
    (UNUSED_ALLOW, meta::build_unused_allow),
    ("codice-fiscale", privacy::codice_fiscale::build),
    ("iban", privacy::iban::build),
    ("payment-card", privacy::card::build),
    ("phone", privacy::phone::build),
    ("personal-email", privacy::email::build),
    ("partita-iva", privacy::partita_iva::build),
    ("id-document", privacy::id_document::build),
    ("vehicle-plate", privacy::plate::build),
    ("special-category", privacy::special::build),
    ("sentence-length", readability::build_sentence_length),
    ("readability", readability::build_readability),
    ("moderation-hours", schedule::build_moderation),
    ("electoral-silence", schedule::build_electoral),
    ("images", images::build),
    ("attribution", attribution::build),
    ("complaint", complaint::build),
    ("date-weekday", dates::build_weekday),
    ("date-past", dates::build_past),
    ("hashtag-case", access::build_hashtag_case),
    ("styled-text", access::build_styled),
    ("alt-text", access::build_alt),
    ("directory", directory::build),
    (REQUEST_CHECK, inbox::build_request),
    (SENSITIVE_CHECK, inbox::build_sensitive),
];

/// Compiles the code's own patterns (privacy detectors, emoji) ahead of the first draft.
pub fn warm_up() {
    rayon::join(privacy::warm_up, crate::text::warm_up_emoji);
}

/// The names of all check kinds.
pub fn names() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|(name, _)| *name)
}

/// Compiles the check `name` from the rule's own parameters.
pub fn build(name: &str, params: toml::Table) -> Result<Box<dyn Check>, String> {
    match REGISTRY.iter().find(|(n, _)| *n == name) {
        Some((_, builder)) => builder(params),
        None => {
            let hint = crate::suggest::did_you_mean(name, names());
            Err(format!(
                "unknown check `{name}`, expected one of {}{hint}",
                names()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    }
}

/// Compiles a regular expression from a rule pack with bounded size, so a pathological
/// pattern is a clear error at load time instead of a hang or a huge allocation.
pub fn compile_regex(pattern: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .nest_limit(64)
        .build()
        .map_err(|e| e.to_string())
}

/// Parameters as the check's own struct; unknown keys are errors.
pub fn params<T: DeserializeOwned>(table: toml::Table) -> Result<T, String> {
    table
        .try_into()
        .map_err(|e: toml::de::Error| crate::suggest::with_hint(e.message().trim()))
}

/// What a check sees of one draft.
pub struct Context<'a> {
    pub draft: &'a Draft,
    pub text: &'a TextModel<'a>,
    pub kind: Kind,
    pub platform: Platform,
    /// What `alpost inbox` knows of a published comment; `None` for a draft.
    pub comment: Option<&'a CommentFacts>,
}

/// What `alpost inbox` knows of a published comment beyond its text: the facts the comment
/// checks report on, which no text can tell (who answered, and when).
#[derive(Debug, Clone, Default)]
pub struct CommentFacts {
    /// The comment is a citizen's request that no reply of the page's account follows.
    pub unanswered: Option<Unanswered>,
}

/// A request waiting for the page's answer.
#[derive(Debug, Clone)]
pub struct Unanswered {
    /// File byte range of what makes the comment a request (a phrase, a question mark).
    pub span: Range<usize>,
    /// Moderated time it has waited so far.
    pub waited: jiff::SignedDuration,
    /// When it was written, in the office's words (`venerdì 12/03/2027 alle 16:45`).
    pub written: String,
}

/// A text replacement in file byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// One thing a check found; the engine adds the rule around it.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    /// File byte offsets of what was found.
    pub span: Range<usize>,
    /// Values for the message placeholders beyond `{found}` (e.g. `suggestion`, `limit`).
    pub vars: Vec<(&'static str, String)>,
    pub fix: Option<Edit>,
    /// Personal data: never shown in full in any output.
    pub sensitive: bool,
    /// A named variant of the rule (its own level and message), e.g. `soft`.
    pub variant: Option<&'static str>,
}

impl Hit {
    pub fn at(span: Range<usize>) -> Self {
        Hit {
            span,
            ..Hit::default()
        }
    }

    pub fn var(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.vars.push((name, value.into()));
        self
    }

    pub fn fix(mut self, range: Range<usize>, replacement: impl Into<String>) -> Self {
        self.fix = Some(Edit {
            range,
            replacement: replacement.into(),
        });
        self
    }

    pub fn variant(mut self, name: &'static str) -> Self {
        self.variant = Some(name);
        self
    }
}

/// A compiled check. Implementations hold only validated parameters.
pub trait Check: Debug + Send + Sync {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>);

    /// Whether this check can produce fixes at all.
    fn fixable(&self) -> bool {
        false
    }

    /// The phrase lists the check scans the draft's text with (`cx.text`), for the index of
    /// its rule set (see `text::phrase::PhraseIndex`). A list left out scans each draft by
    /// itself: the same matches, found more slowly.
    fn scanned_lists(&mut self) -> Vec<&mut PhraseMatcher> {
        Vec::new()
    }

    /// The abbreviation list the check splits sentences with, for its rule set to make equal
    /// lists one: the text model splits a body once for all the checks asking with one list.
    fn abbreviations(&mut self) -> Option<&mut Abbreviations> {
        None
    }

    /// Whether the check reads drafts. The checks of `alpost inbox` audit published comments
    /// (`Context::comment`) and never run on drafts: `alpost check` leaves them out.
    fn on_drafts(&self) -> bool {
        true
    }

    /// The moderation calendar the check holds, if any: `alpost inbox` measures waits in the
    /// moderated hours of the same calendar, with the configuration's changes.
    fn calendar(&self) -> Option<&Calendar> {
        None
    }

    /// Whether the check lists `value` (a phone number or an e-mail address as written) as a
    /// contact the office publishes: the privacy rules `phone` and `personal-email` then allow
    /// it without further configuration.
    fn lists(&self, _value: &str) -> bool {
        false
    }

    /// What `alpost explain` adds about how the check decides and how to tune it, in the
    /// words of the configured check (thresholds as changed by the configuration).
    fn explain(&self) -> Option<String> {
        None
    }

    /// The request detector the check holds, if any: `alpost inbox` tells requests with it
    /// even when the rule reporting them is switched off.
    fn requests(&self) -> Option<&Detector> {
        None
    }
}

/// Where a finding about the front matter points: an empty span where the text starts (its
/// first token that is not white space), or the start of an empty body. The front matter has
/// no place in the text to underline, and the start of the text is where the writer looks
/// first; an empty span keeps the finding's key independent of the words there.
pub(crate) fn front_matter_anchor(model: &TextModel<'_>) -> Range<usize> {
    let at = model
        .tokens
        .iter()
        .find(|t| !t.kind.is_blank())
        .map_or(model.body.start, |t| t.span.start);
    at..at
}

/// Runs a check built from TOML parameters on a whole draft (front matter allowed), for the
/// unit tests of check modules.
#[cfg(test)]
pub(crate) fn run_on(builder: Builder, params: &str, draft: &str) -> Vec<(String, Hit)> {
    let table: toml::Table = toml::from_str(params).expect("test parameters are TOML");
    let check = builder(table).expect("test parameters are valid");
    let draft = Draft::parse("test.txt", draft.to_owned()).expect("test draft parses");
    let text = TextModel::new(&draft.source, draft.body.clone());
    let cx = Context {
        draft: &draft,
        text: &text,
        kind: draft.front.kind.unwrap_or_default(),
        platform: draft.front.platform.unwrap_or_default(),
        comment: None,
    };
    let mut hits = Vec::new();
    check.run(&cx, &mut hits);
    hits.into_iter()
        .map(|h| (draft.source[h.span.clone()].to_owned(), h))
        .collect()
}
