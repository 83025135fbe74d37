//! `moderation-hours` and `electoral-silence`: the draft's `publish_at` against the office
//! calendar and the electoral periods.
//!
//! Findings about `publish_at` point at its line in the front matter: the value is not part of
//! the body, but that line is what the writer has to change. During an electoral period the
//! body is also searched for the administrators' names and self-promoting phrases.

use jiff::Zoned;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::calendar::{self, Calendar, CalendarConfig};
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
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let cal = &self.calendar;
        let Some(at) = publish_at(cx, cal.time_zone()) else {
            return;
        };
        if cal.is_moderated(at.timestamp()) {
            return;
        }
        let date = at.date();
        let reason = match cal.holiday(date) {
            Some(name) => format!("giorno festivo: {name}"),
            None if !cal.is_working_day(date) => "giorno senza moderazione".to_owned(),
            None => "fuori orario".to_owned(),
        };
        let next = cal
            .next_moderated(at.timestamp())
            .map(|z| format!("{} alle {}", day(&z), clock(&z)))
            .unwrap_or_else(|| "chissà quando".to_owned());
        hits.push(
            Hit::at(key_span(cx))
                .var("when", format!("{} alle {}", day(&at), clock(&at)))
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
    start: Zoned,
    end: Zoned,
    end_is_date: bool,
}

#[derive(Debug)]
struct Electoral {
    tz: TimeZone,
    periods: Vec<Period>,
    /// Payload 0: an administrator's name; 1: a self-promoting phrase.
    matcher: PhraseMatcher,
}

const NAME: usize = 0;
const PROMOTION: usize = 1;

pub fn build_electoral(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: ElectoralParams = params(table)?;
    let tz = calendar::time_zone(&p.timezone)?;
    let mut periods = Vec::with_capacity(p.periods.len());
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
        periods.push(Period {
            name: period.name,
            start,
            end,
            end_is_date,
        });
    }
    let mut matcher = PhraseMatcher::default();
    for name in &p.administrators {
        matcher.add(name, false, NAME)?;
    }
    for phrase in &p.self_promotion {
        matcher.add(phrase, false, PROMOTION)?;
    }
    Ok(Box::new(Electoral {
        tz,
        periods,
        matcher,
    }))
}

impl Check for Electoral {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let Some(at) = publish_at(cx, &self.tz) else {
            return;
        };
        let Some(period) = self.periods.iter().find(|p| p.start <= at && at < p.end) else {
            return;
        };
        let until = if period.end_is_date {
            let last = period
                .end
                .date()
                .yesterday()
                .unwrap_or_else(|_| period.end.date());
            italian_date(last.year(), last.month(), last.day())
        } else {
            format!(
                "{} alle {}",
                day_no_weekday(&period.end),
                clock(&period.end)
            )
        };
        let dates = format!("dal {} al {until}", day_no_weekday(&period.start));
        hits.push(
            Hit::at(key_span(cx))
                .var("period", period.name.clone())
                .var("dates", dates.clone()),
        );
        let model = cx.text;
        for m in self.matcher.find_all(model) {
            let span = model.tokens[m.first].span.start..model.tokens[m.last].span.end;
            let variant = if m.payload == NAME {
                "name"
            } else {
                "promotion"
            };
            hits.push(
                Hit::at(span)
                    .variant(variant)
                    .var("period", period.name.clone())
                    .var("dates", dates.clone()),
            );
        }
    }
}

fn publish_at(cx: &Context<'_>, tz: &TimeZone) -> Option<Zoned> {
    let value = cx.draft.front.publish_at.as_ref()?;
    calendar::instant(value, tz).ok()
}

/// The `publish_at = …` line of the front matter, or the start of the file if it cannot be
/// found (a quoted key, say).
fn key_span(cx: &Context<'_>) -> std::ops::Range<usize> {
    cx.draft.front_key("publish_at").unwrap_or_else(|| {
        let start = cx.draft.front_matter.as_ref().map_or(0, |r| r.start);
        start..start
    })
}

const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

fn weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "lunedì",
        Weekday::Tuesday => "martedì",
        Weekday::Wednesday => "mercoledì",
        Weekday::Thursday => "giovedì",
        Weekday::Friday => "venerdì",
        Weekday::Saturday => "sabato",
        Weekday::Sunday => "domenica",
    }
}

/// `dal lunedì al venerdì` for a run of consecutive days, else `lunedì, mercoledì e venerdì`.
fn days(list: &[Weekday]) -> String {
    let mut sorted: Vec<i8> = list.iter().map(|d| d.to_monday_one_offset()).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let name = |n: i8| weekday(Weekday::from_monday_one_offset(n).unwrap_or(Weekday::Monday));
    match sorted.as_slice() {
        [] => "in nessun giorno".to_owned(),
        [one] => format!("il {}", name(*one)),
        [first, .., last] if sorted.windows(2).all(|w| w[1] == w[0] + 1) => {
            format!("dal {} al {}", name(*first), name(*last))
        }
        [init @ .., last] => format!(
            "{} e {}",
            init.iter().map(|&d| name(d)).collect::<Vec<_>>().join(", "),
            name(*last)
        ),
    }
}

fn month_name(month: i8) -> &'static str {
    usize::try_from(month - 1)
        .ok()
        .and_then(|m| MONTHS.get(m))
        .copied()
        .unwrap_or("?")
}

fn italian_date(year: i16, month: i8, day: i8) -> String {
    format!("{day} {} {year}", month_name(month))
}

/// `venerdì 12 marzo 2027 alle 16:45`: an instant as messages give it.
pub(crate) fn moment(z: &Zoned) -> String {
    format!("{} alle {}", day(z), clock(z))
}

/// `sabato 25 aprile 2026`
fn day(z: &Zoned) -> String {
    // One string, not the date's and then the day's.
    format!(
        "{} {} {} {}",
        weekday(z.weekday()),
        z.day(),
        month_name(z.month()),
        z.year()
    )
}

fn day_no_weekday(z: &Zoned) -> String {
    italian_date(z.year(), z.month(), z.day())
}

/// `16:45`, as `strftime("%H:%M")` writes it, without parsing the format on every call.
fn clock(z: &Zoned) -> String {
    format!("{:02}:{:02}", z.hour(), z.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_writes_what_strftime_writes() {
        let tz = TimeZone::get("Europe/Rome").expect("bundled time zone");
        let start = jiff::civil::date(2027, 3, 28)
            .at(0, 0, 0, 0)
            .to_zoned(tz)
            .expect("valid instant");
        for minutes in (0..48 * 60).step_by(7) {
            let z = start
                .checked_add(jiff::SignedDuration::from_mins(minutes))
                .expect("in range");
            assert_eq!(clock(&z), z.strftime("%H:%M").to_string());
        }
    }

    #[test]
    fn day_lists_read_naturally() {
        use Weekday::*;
        assert_eq!(
            days(&[Friday, Monday, Tuesday, Wednesday, Thursday]),
            "dal lunedì al venerdì"
        );
        assert_eq!(
            days(&[Monday, Wednesday, Friday]),
            "lunedì, mercoledì e venerdì"
        );
        assert_eq!(days(&[Saturday]), "il sabato");
    }
}
