//! `moderation-hours` and `electoral-silence`: the draft's `publish_at` against the office
//! calendar and the electoral periods.
//!
//! Findings about `publish_at` point at its line in the front matter: the value is not part of
//! the body, but that line is what the writer has to change. During an electoral period the
//! body is also searched for the administrators' names and self-promoting phrases.

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::calendar::words::{clock, day_no_weekday, days, italian_date, moment_local};
use crate::calendar::{self, Calendar, CalendarConfig, Stretches};
use crate::text::TextModel;
use crate::text::phrase::PhraseMatcher;

#[derive(Debug)]
struct Moderation {
    calendar: Calendar,
    /// The moderated hours and days as messages give them, worded once.
    hours: String,
    days: String,
}

pub fn build_moderation(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let config: CalendarConfig = params(table)?;
    let calendar = Calendar::new(&config)?;
    Ok(Box::new(Moderation {
        hours: format!(
            "{}–{}",
            calendar.open().strftime("%H:%M"),
            calendar.close().strftime("%H:%M")
        ),
        days: days(calendar.days()),
        calendar,
    }))
}

impl Check for Moderation {
    fn calendar(&self) -> Option<&Calendar> {
        Some(&self.calendar)
    }

    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let cal = &self.calendar;
        let Some((at, local)) = cx
            .draft
            .front
            .publish_at
            .as_ref()
            .and_then(|value| cal.resolve(value))
        else {
            return;
        };
        let date = local.date();
        if cal.is_moderated_on(at, date) {
            return;
        }
        let reason = match cal.holiday(date) {
            Some(name) => format!("giorno festivo: {name}"),
            None if !cal.is_working_day(date) => "giorno senza moderazione".to_owned(),
            None => "fuori orario".to_owned(),
        };
        let next = cal
            .next_moderated_local(at)
            .map(|next| moment_local(&next))
            .unwrap_or_else(|| "chissà quando".to_owned());
        hits.push(
            Hit::at(key_span(cx))
                .var("when", moment_local(&local))
                .var("reason", reason)
                .var("hours", self.hours.clone())
                .var("days", self.days.clone())
                .var("next", next),
        );
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ElectoralParams {
    timezone: String,
    periods: Vec<PeriodConfig>,
    /// Names of the administrators (mayor, councillors): not to appear during a period.
    #[serde(default)]
    administrators: Vec<String>,
    /// Phrases that promote the administration's work.
    #[serde(default)]
    self_promotion: Vec<String>,
    /// Years checked and found without elections; with the years of `periods`, the years the
    /// pack knows. A draft scheduled in another year gets the `unknown_year` warning.
    #[serde(default)]
    checked_years: Vec<i16>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodConfig {
    name: String,
    /// From the convocation of the electoral meetings (a date means from its midnight).
    #[serde(deserialize_with = "datetime")]
    start: toml::value::Datetime,
    /// To the close of voting (a date means to the end of that day).
    #[serde(deserialize_with = "datetime")]
    end: toml::value::Datetime,
    /// `false` for a period whose dates are a window the law allows, not a convocation yet
    /// (the next municipal elections): a publish date inside it is the `tentative` warning.
    #[serde(default = "confirmed")]
    confirmed: bool,
}

fn confirmed() -> bool {
    true
}

/// A TOML date or date-time. Rule parameters reach the check through a `toml::Table`, which
/// hands date-times over as their text.
fn datetime<'de, D: serde::Deserializer<'de>>(d: D) -> Result<toml::value::Datetime, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Datetime(toml::value::Datetime),
        Text(String),
    }
    match Either::deserialize(d)? {
        Either::Datetime(dt) => Ok(dt),
        Either::Text(text) => text.parse().map_err(serde::de::Error::custom),
    }
}

#[derive(Debug)]
struct Period {
    name: String,
    start: Timestamp,
    end: Timestamp,
    /// `dal … al …`, as the messages give the period: worded once.
    dates: String,
    confirmed: bool,
}

#[derive(Debug)]
struct Electoral {
    tz: TimeZone,
    stretches: Stretches,
    periods: Vec<Period>,
    /// Payload 0: an administrator's name; 1: a self-promoting phrase.
    matcher: PhraseMatcher,
    /// The years the pack knows the elections of, sorted.
    known_years: Vec<i16>,
}

const NAME: usize = 0;
const PROMOTION: usize = 1;

pub fn build_electoral(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: ElectoralParams = params(table)?;
    let tz = calendar::time_zone(&p.timezone)?;
    let mut periods = Vec::with_capacity(p.periods.len());
    let mut known_years = p.checked_years;
    for period in p.periods {
        let bad = |e: String| format!("period {:?}: {e}", period.name);
        let start = calendar::instant(&period.start, &tz).map_err(bad)?;
        let end_is_date = period.end.time.is_none();
        let mut end = calendar::instant(&period.end, &tz).map_err(bad)?;
        if end_is_date {
            end = end
                .date()
                .tomorrow()
                .and_then(|d| d.to_zoned(tz.clone()))
                .map_err(|e| bad(e.to_string()))?;
        }
        if end <= start {
            return Err(bad("`end` must come after `start`".into()));
        }
        known_years.extend([start.year(), end.year()]);
        periods.push(Period {
            dates: period_dates(&start, &end, end_is_date),
            confirmed: period.confirmed,
            name: period.name,
            start: start.timestamp(),
            end: end.timestamp(),
        });
    }
    let mut matcher = PhraseMatcher::default();
    for name in &p.administrators {
        matcher.add(name, false, NAME)?;
    }
    for phrase in &p.self_promotion {
        matcher.add(phrase, false, PROMOTION)?;
    }
    known_years.sort_unstable();
    known_years.dedup();
    Ok(Box::new(Electoral {
        stretches: Stretches::new(&tz),
        tz,
        periods,
        matcher,
        known_years,
    }))
}

/// `dal 1 aprile 2027 al 12 aprile 2027`: the dates of a period as the messages give them.
fn period_dates(start: &Zoned, end: &Zoned, end_is_date: bool) -> String {
    let until = if end_is_date {
        let last = end.date().yesterday().unwrap_or_else(|_| end.date());
        italian_date(last.year(), last.month(), last.day())
    } else {
        format!("{} alle {}", day_no_weekday(end), clock(&end.datetime()))
    };
    format!("dal {} al {until}", day_no_weekday(start))
}

impl Check for Electoral {
    fn scanned_lists(&mut self) -> Vec<&mut PhraseMatcher> {
        vec![&mut self.matcher]
    }

    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let Some((at, _)) = cx
            .draft
            .front
            .publish_at
            .as_ref()
            .and_then(|value| calendar::resolve(value, &self.tz, &self.stretches))
        else {
            return;
        };
        let Some(period) = self.periods.iter().find(|p| p.start <= at && at < p.end) else {
            let year = at.to_zoned(self.tz.clone()).year();
            if self.known_years.binary_search(&year).is_err() {
                hits.push(
                    Hit::at(key_span(cx))
                        .variant("unknown_year")
                        .var("year", year.to_string()),
                );
            }
            return;
        };
        // The date alone is a warning: art. 9 still allows impersonal, indispensable
        // information. What the article forbids (names, self-promotion) is found below.
        let dates = &period.dates;
        hits.push(
            Hit::at(key_span(cx))
                .variant(if period.confirmed {
                    "period"
                } else {
                    "tentative"
                })
                .var("period", period.name.clone())
                .var("dates", dates.clone()),
        );
        let found = |m: &crate::text::phrase::PhraseMatch| {
            if m.payload == NAME {
                "name"
            } else {
                "promotion"
            }
        };
        let model = cx.text;
        for m in self.matcher.find_all(model) {
            let span = model.tokens[m.first].span.start..model.tokens[m.last].span.end;
            hits.push(
                Hit::at(span)
                    .variant(found(&m))
                    .var("period", period.name.clone())
                    .var("dates", dates.clone()),
            );
        }
        // An image's `alt` and `credit` are published with the post: a name there is the same
        // name.
        for image in &cx.draft.front.images {
            for text in [&image.alt, &image.credit].into_iter().flatten() {
                let inner = TextModel::new(text, 0..text.len());
                for m in self.matcher.find_all(&inner) {
                    let local = inner.tokens[m.first].span.start..inner.tokens[m.last].span.end;
                    hits.push(
                        Hit::at(front_span(cx, text, local))
                            .variant(found(&m))
                            .var("period", period.name.clone())
                            .var("dates", dates.clone()),
                    );
                }
            }
        }
    }
}

/// Where a match inside a front-matter value lies in the file: the value as written in the
/// front matter (a TOML string without escapes, as alt texts are), else the `images` key.
fn front_span(
    cx: &Context<'_>,
    value: &str,
    local: std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    let front = cx.draft.front_matter.clone().unwrap_or(0..0);
    cx.draft
        .source
        .get(front.clone())
        .and_then(|text| text.find(value))
        .map(|at| front.start + at + local.start..front.start + at + local.end)
        .unwrap_or_else(|| cx.draft.front_key("images").unwrap_or_else(|| key_span(cx)))
}

/// The `publish_at = …` line of the front matter, or the start of the file if it cannot be
/// found (a quoted key, say).
fn key_span(cx: &Context<'_>) -> std::ops::Range<usize> {
    cx.draft.front_key("publish_at").unwrap_or_else(|| {
        let start = cx.draft.front_matter.as_ref().map_or(0, |r| r.start);
        start..start
    })
}
