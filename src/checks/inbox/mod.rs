//! `inbox-request` and `inbox-sensitive`: the rules of `alpost inbox`, which audits published
//! comments rather than drafts.
//!
//! Whether a request was answered, and how long it waited, is known only from the whole export
//! (`crate::inbox`), which hands it over in `Context::comment`; on a draft these checks find
//! nothing, and `alpost check` does not run them at all (`on_drafts`). Going through the
//! engine all the same gives their findings the masking of every other finding: the line of a
//! comment holding a codice fiscale is never shown in clear.
//!
//! `inbox-sensitive` reports nothing itself: `alpost inbox` restates the findings of the
//! `privacy/` rules on citizens' comments under its id, level and message. It exists so the
//! rule has a place in the pack (level, message, policy, `alpost explain`).

mod request;

use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::calendar::words::duration;
pub use request::{Detector, RequestParams};

/// The check kinds of the inbox rules, as packs name them.
pub const REQUEST_CHECK: &str = "inbox-request";
pub const SENSITIVE_CHECK: &str = "inbox-sensitive";

#[derive(Debug)]
struct Request {
    detector: Detector,
    late_after: jiff::SignedDuration,
}

pub fn build_request(table: toml::Table) -> Result<Box<dyn Check>, String> {
    // Compiled here so that a bad phrase list fails when the pack or configuration loads;
    // `alpost inbox` marks requests with this same detector, through `Check::requests`.
    let detector = Detector::new(params(table)?)?;
    Ok(Box::new(Request {
        late_after: jiff::SignedDuration::from_hours(i64::from(detector.late_after_hours)),
        detector,
    }))
}

impl Check for Request {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let Some(waiting) = cx.comment.and_then(|c| c.unanswered.as_ref()) else {
            return;
        };
        let mut hit = Hit::at(waiting.span.clone())
            .var("waited", duration(waiting.waited))
            .var("written", waiting.written.clone())
            .var("limit", duration(self.late_after));
        if waiting.waited >= self.late_after {
            hit = hit.variant("late");
        }
        hits.push(hit);
    }

    fn on_drafts(&self) -> bool {
        false
    }

    fn requests(&self) -> Option<&Detector> {
        Some(&self.detector)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoParams {}

#[derive(Debug)]
struct Sensitive;

pub fn build_sensitive(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let NoParams {} = params(table)?;
    Ok(Box::new(Sensitive))
}

impl Check for Sensitive {
    fn run(&self, _cx: &Context<'_>, _hits: &mut Vec<Hit>) {}

    fn on_drafts(&self) -> bool {
        false
    }
}
