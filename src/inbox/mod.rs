//! `alpost inbox`: the comments of published pages, audited after publishing.
//!
//! `read` turns an export (Facebook Graph API JSON or the neutral JSON Lines format) into
//! `Comment`s; `audit` is pure: it rebuilds the threads, finds the citizens' requests no reply
//! of the page's account follows and how long they have waited in moderated time, lints the
//! page's own comments as replies, and restates the `privacy/` findings on citizens' comments
//! as data to remove. Every finding goes through the engine (`lint::lint_comment`), so it is
//! masked like a draft's.

pub mod read;

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp};
use rayon::prelude::*;

use crate::calendar::Calendar;
use crate::checks::{CommentFacts, Detector, REQUEST_CHECK, SENSITIVE_CHECK, Unanswered};
use crate::draft::Draft;
use crate::finding::{Finding, stable_hash};
use crate::lint::{Defaults, lint_comment};
use crate::platform::{Kind, Platform};
use crate::rule::{Level, Rule, RuleSet};
use crate::text::TextModel;

/// One comment of an export.
#[derive(Debug, Clone)]
pub struct Comment {
    pub id: String,
    /// The comment it answers; `None` at the top of a thread.
    pub parent: Option<String>,
    /// Written by the page's own account.
    pub by_page: bool,
    pub created: Timestamp,
    pub text: String,
    pub permalink: Option<String>,
    /// The platform, when the export says.
    pub platform: Option<Platform>,
    /// Bytes at the start of `text` that tag the person addressed (a Facebook tag is written
    /// as the bare name): not part of what the writer wrote, so not linted.
    pub lead: usize,
    /// The account (not the page's) the comment opens by tagging, if any: a citizen's comment
    /// that does is talking to that person, not asking the page.
    pub addressed_to: Option<String>,
    /// The export it comes from (as shown in findings) and where in it.
    pub export: String,
    pub position: String,
}

impl Comment {
    /// Where findings about the comment point: the export and the comment's id.
    pub fn path(&self) -> String {
        format!("{}#{}", self.export, self.id)
    }
}

/// A record that could not be read, with where it is; the rest of the export is still audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub export: String,
    pub position: String,
    pub message: String,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A record's message may quote its values (a date-time, an id, a JSON error's
        // excerpt): masked as an error message is.
        write!(
            f,
            "{}: {}: {}",
            self.export,
            self.position,
            crate::mask::scrub_message(&self.message)
        )
    }
}

/// What the audit needs besides the comments.
pub struct Settings<'a> {
    /// The rules that run (the profile's selection).
    pub rules: &'a RuleSet,
    pub calendar: &'a Calendar,
    /// Which comments are requests; `None` when no `inbox-request` rule is configured.
    pub detector: Option<&'a Detector>,
    /// The instant unanswered requests have waited until.
    pub now: Timestamp,
    /// The platform of comments whose export does not say.
    pub platform: Platform,
}

/// The findings of one comment.
#[derive(Debug)]
pub struct CommentReport {
    pub path: String,
    pub findings: Vec<Finding>,
}

/// The day's figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub comments: usize,
    pub page_comments: usize,
    pub requests: usize,
    pub answered: usize,
    pub unanswered: usize,
    /// Unanswered requests past the rule's `late_after_hours`.
    pub late: usize,
    /// Citizens' comments holding personal data.
    pub sensitive_comments: usize,
    /// Median moderated time from a request to the page's first answer.
    pub median_first_answer: Option<SignedDuration>,
    /// The longest moderated wait of an unanswered request.
    pub longest_wait: Option<SignedDuration>,
}

/// What the audit of one comment found out.
struct Verdict {
    request: bool,
    /// Moderated time to the page's first answer, for an answered request.
    answered_in: Option<SignedDuration>,
    /// Moderated time waited so far, for an unanswered one.
    waiting: Option<SignedDuration>,
}

/// Audits every comment: findings per comment, in the order of the exports, and the totals.
pub fn audit(comments: &[Comment], settings: &Settings<'_>) -> (Vec<CommentReport>, Totals) {
    let threads = Threads::new(comments);
    let request_rule = settings
        .rules
        .rules
        .iter()
        .find(|r| r.check_name == REQUEST_CHECK);
    let sensitive_rule = settings
        .rules
        .rules
        .iter()
        .find(|r| r.check_name == SENSITIVE_CHECK);
    let results: Vec<(CommentReport, Verdict)> = comments
        .par_iter()
        .enumerate()
        .map(|(i, comment)| {
            audit_one(
                comments,
                &threads,
                i,
                comment,
                settings,
                request_rule,
                sensitive_rule,
            )
        })
        .collect();
    let mut totals = Totals {
        comments: comments.len(),
        ..Totals::default()
    };
    let mut answer_times = Vec::new();
    let mut reports = Vec::with_capacity(results.len());
    for ((report, verdict), comment) in results.into_iter().zip(comments) {
        totals.page_comments += usize::from(comment.by_page);
        if verdict.request {
            totals.requests += 1;
        }
        if let Some(d) = verdict.answered_in {
            totals.answered += 1;
            answer_times.push(d);
        }
        if let Some(d) = verdict.waiting {
            totals.unanswered += 1;
            let late = settings
                .detector
                .is_some_and(|det| d >= SignedDuration::from_hours(det.late_after_hours.into()));
            totals.late += usize::from(late);
            totals.longest_wait = totals.longest_wait.max(Some(d));
        }
        if report
            .findings
            .iter()
            .any(|f| sensitive_rule.is_some_and(|r| r.id == f.rule))
        {
            totals.sensitive_comments += 1;
        }
        reports.push(report);
    }
    totals.median_first_answer = median(&mut answer_times);
    (reports, totals)
}

fn audit_one(
    comments: &[Comment],
    threads: &Threads<'_>,
    index: usize,
    comment: &Comment,
    settings: &Settings<'_>,
    request_rule: Option<&Rule>,
    sensitive_rule: Option<&Rule>,
) -> (CommentReport, Verdict) {
    let mut verdict = Verdict {
        request: false,
        answered_in: None,
        waiting: None,
    };
    let mut draft = comment_draft(comment);
    let defaults = Defaults {
        kind: Kind::Reply,
        platform: comment.platform.unwrap_or(settings.platform),
    };
    let findings = if comment.by_page {
        draft.front.in_reply_to = threads
            .parent(index)
            .map(|p| comments[p].text[comments[p].lead..].to_owned());
        lint_comment(
            &draft,
            settings.rules,
            defaults,
            &CommentFacts::default(),
            &|rule| rule.check.on_drafts(),
        )
    } else {
        let mut facts = CommentFacts::default();
        // A comment that opens by tagging another citizen talks to that citizen.
        let span = settings
            .detector
            .filter(|_| comment.addressed_to.is_none())
            .and_then(|d| d.find(&TextModel::new(&draft.source, draft.body.clone())));
        if let Some(span) = span {
            verdict.request = true;
            match threads.first_answer(index, comment.created) {
                Some(at) => {
                    verdict.answered_in =
                        Some(settings.calendar.moderated_between(comment.created, at));
                }
                None => {
                    let waited = settings
                        .calendar
                        .moderated_between(comment.created, settings.now);
                    verdict.waiting = Some(waited);
                    let written = crate::calendar::words::moment(
                        &comment
                            .created
                            .to_zoned(settings.calendar.time_zone().clone()),
                    );
                    facts.unanswered = Some(Unanswered {
                        span,
                        waited,
                        written,
                    });
                }
            }
        }
        let findings = lint_comment(&draft, settings.rules, defaults, &facts, &|rule| {
            (rule.area() == "privacy" && rule.check.on_drafts()) || rule.check_name == REQUEST_CHECK
        });
        findings
            .into_iter()
            .filter_map(|f| {
                if request_rule.is_some_and(|r| r.id == f.rule) {
                    Some(f)
                } else {
                    sensitive_rule.map(|rule| as_sensitive(rule, f))
                }
            })
            .collect()
    };
    // A published comment is edited on the platform, not by `--fix`: no finding offers one.
    let findings = findings
        .into_iter()
        .map(|mut f| {
            f.fix = None;
            match &comment.permalink {
                Some(link) => with_permalink(f, link),
                None => f,
            }
        })
        .collect();
    (
        CommentReport {
            path: comment.path(),
            findings,
        },
        verdict,
    )
}

/// The comment's text as a draft without front matter (a comment starting with `+++` is still
/// all text), its body after the tag that opens it.
fn comment_draft(comment: &Comment) -> Draft {
    let source = comment.text.clone();
    let lines = crate::position::LineIndex::new(&source);
    let lead = comment.lead.min(source.len());
    Draft {
        path: comment.path(),
        front: crate::draft::FrontMatter::default(),
        body: lead..source.len(),
        front_matter: None,
        lines,
        source,
    }
}

/// A `privacy/` finding on a citizen's comment, restated as data to remove: the rule's own
/// level for what the detectors report as errors, its `uncertain` variant for the rest.
fn as_sensitive(rule: &Rule, f: Finding) -> Finding {
    let variant = (f.level < Level::Error).then_some("uncertain");
    let (level, template) = rule.outcome(variant);
    let message = template
        .replace("{detail}", &f.message)
        .replace("{rule}", &f.rule);
    Finding {
        key: stable_hash(&[&rule.id, &f.rule, &f.key]),
        rule: rule.id.clone(),
        level,
        message,
        help: rule.help_for(variant).map(str::to_owned),
        fix: None,
        sensitive: true,
        ..f
    }
}

/// The permalink after the help, where every format shows it without a new field.
fn with_permalink(mut f: Finding, link: &str) -> Finding {
    f.help = Some(match f.help.take() {
        Some(help) => format!("{help} (commento: {link})"),
        None => format!("commento: {link}"),
    });
    f
}

/// The threads of an export: each comment's top-level ancestor, and when the page wrote in
/// each thread.
struct Threads<'c> {
    parent: Vec<Option<usize>>,
    /// Thread key of each comment: the id of its topmost known ancestor, or of the missing
    /// comment its topmost known ancestor answers.
    root: Vec<&'c str>,
    /// Instants of the page's comments, per thread, sorted.
    page_times: HashMap<&'c str, Vec<Timestamp>>,
}

impl<'c> Threads<'c> {
    fn new(comments: &'c [Comment]) -> Self {
        let index: HashMap<&str, usize> = comments
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let parent: Vec<Option<usize>> = comments
            .iter()
            .map(|c| c.parent.as_deref().and_then(|p| index.get(p).copied()))
            .collect();
        let root = (0..comments.len())
            .map(|i| {
                let mut at = i;
                // Bounded: a cycle of parents in a broken export must not hang the audit.
                for _ in 0..comments.len() {
                    match parent[at] {
                        Some(p) if p != i => at = p,
                        _ => break,
                    }
                }
                comments[at]
                    .parent
                    .as_deref()
                    .filter(|_| parent[at].is_none())
                    .unwrap_or(&comments[at].id)
            })
            .collect::<Vec<&str>>();
        let mut page_times: HashMap<&str, Vec<Timestamp>> = HashMap::new();
        for (i, c) in comments.iter().enumerate().filter(|(_, c)| c.by_page) {
            page_times.entry(root[i]).or_default().push(c.created);
        }
        for times in page_times.values_mut() {
            times.sort_unstable();
        }
        Threads {
            parent,
            root,
            page_times,
        }
    }

    fn parent(&self, index: usize) -> Option<usize> {
        self.parent[index]
    }

    /// The page's first comment in the thread of `index` at or after `since`.
    fn first_answer(&self, index: usize, since: Timestamp) -> Option<Timestamp> {
        let times = self.page_times.get(self.root[index])?;
        let at = times.partition_point(|t| *t < since);
        times.get(at).copied()
    }
}

/// The median of moderated durations (the mean of the two middle ones for an even count).
fn median(values: &mut [SignedDuration]) -> Option<SignedDuration> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: &str, parent: Option<&str>, by_page: bool, at: &str) -> Comment {
        Comment {
            id: id.to_owned(),
            parent: parent.map(str::to_owned),
            by_page,
            created: at.parse().expect("instant"),
            text: String::new(),
            permalink: None,
            platform: None,
            lead: 0,
            addressed_to: None,
            export: "x".to_owned(),
            position: "line 1".to_owned(),
        }
    }

    #[test]
    fn threads_survive_cycles_and_missing_parents() {
        let comments = [
            comment("a", Some("b"), false, "2027-03-10T10:00:00Z"),
            comment("b", Some("a"), true, "2027-03-10T11:00:00Z"),
            comment("c", Some("gone"), false, "2027-03-10T10:00:00Z"),
            comment("d", Some("gone"), true, "2027-03-10T10:00:00Z"),
            comment("e", Some("c"), false, "2027-03-10T12:00:00Z"),
        ];
        let threads = Threads::new(&comments);
        let at = |s: &str| s.parse::<Timestamp>().expect("instant");
        // A cycle ends somewhere instead of looping.
        assert_eq!(threads.parent(0), Some(1));
        // Replies to the same missing comment share a thread; an answer at the same instant
        // counts, one before the question does not.
        assert_eq!(threads.root[2], "gone");
        assert_eq!(threads.root[4], "gone");
        assert_eq!(
            threads.first_answer(2, at("2027-03-10T10:00:00Z")),
            Some(at("2027-03-10T10:00:00Z"))
        );
        assert_eq!(threads.first_answer(4, at("2027-03-10T12:00:00Z")), None);
    }

    #[test]
    fn medians() {
        let h = |n: i64| SignedDuration::from_hours(n);
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [h(3), h(1), h(2)]), Some(h(2)));
        assert_eq!(
            median(&mut [h(4), h(1)]),
            Some(SignedDuration::from_mins(150))
        );
    }
}
