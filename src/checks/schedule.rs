//! `moderation-hours` and `electoral-silence`: the draft's `publish_at` against the office
//! calendar and the electoral periods.
//!
//! Findings about `publish_at` point at its line in the front matter: the value is not part of
//! the body, but that line is what the writer has to change. During an electoral period the
//! body is also searched for the administrators' names and self-promoting phrases.

use jiff::civil::{DateTime, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::calendar::{self, Calendar, CalendarConfig, Stretches};
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
    start: Timestamp,
    end: Timestamp,
    /// `dal … al …`, as the messages give the period: worded once.
    dates: String,
}

#[derive(Debug)]
struct Electoral {
    tz: TimeZone,
    stretches: Stretches,
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
            dates: period_dates(&start, &end, end_is_date),
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
    Ok(Box::new(Electoral {
        stretches: Stretches::new(&tz),
        tz,
        periods,
        matcher,
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
            return;
        };
        let dates = &period.dates;
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
    moment_local(&z.datetime())
}

/// `moment` of a local date-time: `sabato 25 aprile 2026 alle 16:45`. Written piece by piece,
/// without the formatting machinery: a draft out of the moderated hours has two of them.
fn moment_local(z: &DateTime) -> String {
    let mut out = String::with_capacity(48);
    out.push_str(weekday(z.weekday()));
    out.push(' ');
    push_number(&mut out, i32::from(z.day()));
    out.push(' ');
    out.push_str(month_name(z.month()));
    out.push(' ');
    push_number(&mut out, i32::from(z.year()));
    out.push_str(" alle ");
    push_two_digits(&mut out, z.hour());
    out.push(':');
    push_two_digits(&mut out, z.minute());
    out
}

/// `n` as `Display` writes it.
fn push_number(out: &mut String, n: i32) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 10];
    let mut rest = n.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// `n` as `{:02}` writes it.
fn push_two_digits(out: &mut String, n: i8) {
    match u8::try_from(n) {
        Ok(n @ 0..=99) => {
            out.push(char::from(b'0' + n / 10));
            out.push(char::from(b'0' + n % 10));
        }
        _ => out.push_str(&format!("{n:02}")),
    }
}

fn day_no_weekday(z: &Zoned) -> String {
    italian_date(z.year(), z.month(), z.day())
}

/// `16:45`, as `strftime("%H:%M")` writes it, without parsing the format on every call.
fn clock(z: &DateTime) -> String {
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
            assert_eq!(clock(&z.datetime()), z.strftime("%H:%M").to_string());
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(1000))]
        #[test]
        fn moments_read_as_the_formatted_ones(
            year in -9999i16..=9999,
            month in 1i8..=12,
            day in 1i8..=28,
            hour in 0i8..24,
            minute in 0i8..60,
        ) {
            let z = jiff::civil::date(year, month, day).at(hour, minute, 0, 0);
            let formatted = format!(
                "{} {} {} {} alle {:02}:{:02}",
                weekday(z.weekday()),
                z.day(),
                month_name(z.month()),
                z.year(),
                z.hour(),
                z.minute()
            );
            proptest::prop_assert_eq!(moment_local(&z), formatted);
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
