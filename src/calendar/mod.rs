//! The office calendar: when the channels are moderated, in the office's time zone.
//!
//! Moderation runs on some weekdays between two clock times, except on holidays: fixed-date
//! holidays come from the pack (`MM-DD` every year, or `YYYY-MM-DD` once), Easter Sunday and
//! Monday are computed. Clock times are local, so the summer-time change is the time-zone
//! database's business (jiff's bundled tzdb): offsets and transitions are the database's own,
//! never hand-made. The same calendar answers "is this instant moderated?", "when does
//! moderation start again?" and "how many moderated hours lie between two instants?".
//!
//! One speed path: `fast::Stretches` converts between local time and instants by arithmetic
//! between the zone's transitions, listed once from the database; the database itself is its
//! reference, and the differential tests in `fast` hold the two together.

mod fast;
pub mod words;

pub use fast::Stretches;

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, Zoned};
use serde::Deserialize;

/// The moderation calendar as written in a pack.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// IANA time zone name (`Europe/Rome`).
    pub timezone: String,
    /// Moderated weekdays, `monday` … `sunday`.
    pub days: Vec<Day>,
    /// Start and end of the moderated hours, `HH:MM` local time.
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub holidays: Vec<HolidayConfig>,
    /// Easter Sunday and Easter Monday are holidays.
    #[serde(default)]
    pub easter: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Day {
    fn weekday(self) -> Weekday {
        match self {
            Day::Monday => Weekday::Monday,
            Day::Tuesday => Weekday::Tuesday,
            Day::Wednesday => Weekday::Wednesday,
            Day::Thursday => Weekday::Thursday,
            Day::Friday => Weekday::Friday,
            Day::Saturday => Weekday::Saturday,
            Day::Sunday => Weekday::Sunday,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayConfig {
    /// `MM-DD` (every year) or `YYYY-MM-DD` (that day only).
    pub date: String,
    pub name: String,
    /// First year a yearly holiday is kept (San Francesco, 4 October, from 2026).
    pub since: Option<i16>,
}

#[derive(Debug, Clone)]
enum When {
    Yearly { month: i8, day: i8 },
    Once(Date),
}

#[derive(Debug, Clone)]
struct Holiday {
    when: When,
    name: String,
    since: Option<i16>,
}

/// A validated moderation calendar.
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: TimeZone,
    stretches: Stretches,
    days: Vec<Weekday>,
    open: Time,
    close: Time,
    holidays: Vec<Holiday>,
    easter: bool,
    /// Easter Sunday of the years from `EASTERS_FROM`, computed once: every draft asks for
    /// its year's.
    easters: Vec<Option<Date>>,
}

const EASTERS_FROM: i16 = 2000;
const EASTERS_YEARS: i16 = 101;

/// How far ahead `next_open` looks before giving up (a calendar with no moderated day).
const LOOKAHEAD_DAYS: i32 = 400;

impl Calendar {
    pub fn new(config: &CalendarConfig) -> Result<Calendar, String> {
        let tz = time_zone(&config.timezone)?;
        let clock = |name: &str, value: &str| {
            value
                .parse::<Time>()
                .map_err(|e| format!("`{name}` = {value:?} is not a time HH:MM: {e}"))
        };
        let open = clock("from", &config.from)?;
        let close = clock("to", &config.to)?;
        if open >= close {
            return Err(format!(
                "`from` ({}) must come before `to` ({})",
                config.from, config.to
            ));
        }
        let holidays = config
            .holidays
            .iter()
            .map(|h| {
                Ok(Holiday {
                    when: parse_holiday(&h.date)?,
                    name: h.name.clone(),
                    since: h.since,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Calendar {
            stretches: Stretches::new(&tz),
            tz,
            days: config.days.iter().map(|d| d.weekday()).collect(),
            open,
            close,
            holidays,
            easter: config.easter,
            easters: (EASTERS_FROM..EASTERS_FROM + EASTERS_YEARS)
                .map(easter)
                .collect(),
        })
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The moderated weekdays, in the order the pack lists them.
    pub fn days(&self) -> &[Weekday] {
        &self.days
    }

    pub fn open(&self) -> Time {
        self.open
    }

    pub fn close(&self) -> Time {
        self.close
    }

    /// The name of the holiday on `date`, if it is one.
    pub fn holiday(&self, date: Date) -> Option<&str> {
        if self.easter
            && let Some(sunday) = self.easter_of(date.year())
        {
            if date == sunday {
                return Some("Pasqua");
            }
            if sunday.tomorrow().is_ok_and(|monday| monday == date) {
                return Some("Lunedì dell'Angelo");
            }
        }
        self.holidays
            .iter()
            .find(|h| {
                let on = match h.when {
                    When::Yearly { month, day } => date.month() == month && date.day() == day,
                    When::Once(d) => d == date,
                };
                on && h.since.is_none_or(|y| date.year() >= y)
            })
            .map(|h| h.name.as_str())
    }

    fn easter_of(&self, year: i16) -> Option<Date> {
        usize::try_from(i32::from(year) - i32::from(EASTERS_FROM))
            .ok()
            .and_then(|i| self.easters.get(i).copied())
            .unwrap_or_else(|| easter(year))
    }

    /// Whether `date` is a moderated day (a moderated weekday and not a holiday).
    pub fn is_working_day(&self, date: Date) -> bool {
        self.days.contains(&date.weekday()) && self.holiday(date).is_none()
    }

    /// The moderated interval of `date`, as instants, if it is a working day.
    pub fn window(&self, date: Date) -> Option<(Timestamp, Timestamp)> {
        if !self.is_working_day(date) {
            return None;
        }
        let at = |t: Time| self.stretches.timestamp(&self.tz, date.to_datetime(t));
        Some((at(self.open)?, at(self.close)?))
    }

    /// Whether the channels are moderated at `instant`.
    pub fn is_moderated(&self, instant: Timestamp) -> bool {
        self.is_moderated_on(instant, self.stretches.datetime(&self.tz, instant).date())
    }

    /// `is_moderated`, for a caller that knows the local date of `instant`.
    pub fn is_moderated_on(&self, instant: Timestamp, date: Date) -> bool {
        self.window(date)
            .is_some_and(|(open, close)| open <= instant && instant < close)
    }

    /// The first moderated instant at or after `instant`, in the calendar's time zone.
    pub fn next_moderated(&self, instant: Timestamp) -> Option<Zoned> {
        self.next_moderated_instant(instant)
            .map(|next| next.to_zoned(self.tz.clone()))
    }

    /// `next_moderated` as the local date-time the messages show.
    pub fn next_moderated_local(&self, instant: Timestamp) -> Option<DateTime> {
        self.next_moderated_instant(instant)
            .map(|next| self.stretches.datetime(&self.tz, next))
    }

    fn next_moderated_instant(&self, instant: Timestamp) -> Option<Timestamp> {
        let mut date = self.stretches.datetime(&self.tz, instant).date();
        for _ in 0..LOOKAHEAD_DAYS {
            if let Some((open, close)) = self.window(date)
                && instant < close
            {
                return Some(open.max(instant));
            }
            date = date.tomorrow().ok()?;
        }
        None
    }

    /// A TOML date-time as `instant` reads it in the calendar's zone: the instant and its
    /// local date-time.
    pub fn resolve(&self, value: &toml::value::Datetime) -> Option<(Timestamp, DateTime)> {
        resolve(value, &self.tz, &self.stretches)
    }

    /// Moderated time between two instants: the part of `[from, to)` that falls inside the
    /// moderated hours of working days (nights, non-moderated weekdays and holidays skipped).
    /// Zero when `to` is not after `from`. Walks the days in between, one at a time.
    pub fn moderated_between(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        let mut total = SignedDuration::ZERO;
        if to <= from {
            return total;
        }
        let last = self.stretches.datetime(&self.tz, to).date();
        let mut date = self.stretches.datetime(&self.tz, from).date();
        while date <= last {
            if let Some((open, close)) = self.window(date) {
                let start = open.max(from);
                let end = close.min(to);
                if start < end {
                    total += end.duration_since(start);
                }
            }
            let Ok(next) = date.tomorrow() else { break };
            date = next;
        }
        total
    }
}

/// The time zone `name` from jiff's bundled database.
pub fn time_zone(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name).map_err(|e| format!("unknown time zone {name:?}: {e}"))
}

/// A TOML date-time as an instant: with an offset it is taken as written, a local date-time is
/// read in `tz` (in the hour skipped by the spring change, the later instant; in the hour
/// repeated in autumn, the earlier one). A date alone is midnight in `tz`.
pub fn instant(value: &toml::value::Datetime, tz: &TimeZone) -> Result<Zoned, String> {
    let bad = |e: jiff::Error| format!("`{value}` is not a valid date-time: {e}");
    let datetime = civil(value)?;
    match value.offset {
        None => tz.to_zoned(datetime).map_err(bad),
        Some(offset) => {
            let seconds = match offset {
                toml::value::Offset::Z => 0,
                toml::value::Offset::Custom { minutes } => i32::from(minutes) * 60,
            };
            let offset = Offset::from_seconds(seconds).map_err(bad)?;
            let ts = offset.to_timestamp(datetime).map_err(bad)?;
            Ok(ts.to_zoned(tz.clone()))
        }
    }
}

/// `instant` as the instant and its local date-time in `tz`, without building a `Zoned` (and
/// without asking the time-zone database) for a local date-time well inside one of
/// `stretches`: the drafts' `publish_at` is read this way, twice per draft.
pub fn resolve(
    value: &toml::value::Datetime,
    tz: &TimeZone,
    stretches: &Stretches,
) -> Option<(Timestamp, DateTime)> {
    if value.offset.is_none()
        && let Ok(datetime) = civil(value)
        && let Some(ts) = stretches.instant(datetime)
    {
        return Some((ts, datetime));
    }
    let zoned = instant(value, tz).ok()?;
    Some((zoned.timestamp(), zoned.datetime()))
}

/// The date and time of a TOML date-time, as written (midnight for a date alone).
fn civil(value: &toml::value::Datetime) -> Result<DateTime, String> {
    let bad = |e: jiff::Error| format!("`{value}` is not a valid date-time: {e}");
    let date = value.date.ok_or_else(|| format!("`{value}` has no date"))?;
    let date = Date::new(
        i16::try_from(date.year).map_err(|_| format!("year out of range in `{value}`"))?,
        date.month as i8,
        date.day as i8,
    )
    .map_err(bad)?;
    let time = match value.time {
        Some(t) => Time::new(
            t.hour as i8,
            t.minute as i8,
            t.second.unwrap_or(0) as i8,
            t.nanosecond.unwrap_or(0) as i32,
        )
        .map_err(bad)?,
        None => Time::midnight(),
    };
    Ok(DateTime::from_parts(date, time))
}

fn parse_holiday(text: &str) -> Result<When, String> {
    let bad = || format!("holiday date {text:?} is neither MM-DD nor YYYY-MM-DD");
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [m, d] => {
            let month: i8 = m.parse().map_err(|_| bad())?;
            let day: i8 = d.parse().map_err(|_| bad())?;
            // Checked against a leap year so that 02-29 is accepted.
            Date::new(2024, month, day).map_err(|_| bad())?;
            Ok(When::Yearly { month, day })
        }
        [_, _, _] => text.parse::<Date>().map(When::Once).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// Easter Sunday of `year` in the Gregorian calendar (anonymous Gregorian algorithm, Meeus).
pub fn easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rome() -> Calendar {
        let config: CalendarConfig = toml::from_str(
            r#"
            timezone = "Europe/Rome"
            days = ["monday", "tuesday", "wednesday", "thursday", "friday"]
            from = "09:00"
            to = "17:00"
            easter = true
            holidays = [
                { date = "04-25", name = "Festa della Liberazione" },
                { date = "10-04", name = "San Francesco", since = 2026 },
                { date = "11-10", name = "San Baudolino" },
                { date = "2027-12-24", name = "Chiusura straordinaria" },
            ]
            "#,
        )
        .expect("valid test calendar");
        Calendar::new(&config).expect("valid calendar")
    }

    fn at(text: &str) -> Timestamp {
        text.parse::<Zoned>()
            .map(|z| z.timestamp())
            .or_else(|_| text.parse::<Timestamp>())
            .expect("valid instant")
    }

    fn date(text: &str) -> Date {
        text.parse().expect("valid date")
    }

    #[test]
    fn easters_kept_are_the_computed_ones() {
        let calendar = rome();
        for year in [-9999, 1583, 1999, 2000, 2027, 2100, 2101, 9999] {
            assert_eq!(calendar.easter_of(year), easter(year), "{year}");
        }
    }

    #[test]
    fn easter_dates() {
        // Checked against the published dates.
        for (year, expected) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter(year), Some(date(expected)), "{year}");
        }
    }

    #[test]
    fn holidays_fixed_computed_and_from_a_year() {
        let cal = rome();
        assert_eq!(cal.holiday(date("2027-03-29")), Some("Lunedì dell'Angelo"));
        assert_eq!(
            cal.holiday(date("2026-04-25")),
            Some("Festa della Liberazione")
        );
        assert_eq!(cal.holiday(date("2027-11-10")), Some("San Baudolino"));
        assert_eq!(cal.holiday(date("2027-10-04")), Some("San Francesco"));
        assert_eq!(cal.holiday(date("2025-10-04")), None);
        assert_eq!(
            cal.holiday(date("2027-12-24")),
            Some("Chiusura straordinaria")
        );
        assert_eq!(cal.holiday(date("2028-12-24")), None);
        assert!(!cal.is_working_day(date("2027-03-29")));
        assert!(cal.is_working_day(date("2027-03-30")));
    }

    #[test]
    fn local_hours_across_the_summer_time_change() {
        let cal = rome();
        // Friday 27 March 2026 is on CET (+01:00), Monday 30 March on CEST (+02:00): 09:00
        // local is 08:00 UTC before the change and 07:00 UTC after.
        assert!(cal.is_moderated(at("2026-03-27T08:00:00Z")));
        assert!(!cal.is_moderated(at("2026-03-27T07:30:00Z")));
        assert!(cal.is_moderated(at("2026-03-30T07:00:00Z")));
        assert!(!cal.is_moderated(at("2026-03-30T06:59:00Z")));
        // 16:30 UTC is 17:30 in winter (closed) and 18:30 in summer.
        assert!(!cal.is_moderated(at("2026-03-27T16:30:00Z")));
        assert!(cal.is_moderated(at("2026-03-30T14:30:00Z")));
    }

    #[test]
    fn toml_date_times_offset_or_local() {
        let cal = rome();
        let tz = cal.time_zone();
        let parse = |s: &str| -> toml::value::Datetime { s.parse().expect("toml datetime") };
        // Local time in summer is +02:00.
        let z = instant(&parse("2026-07-01T10:00:00"), tz).expect("instant");
        assert_eq!(z.timestamp(), at("2026-07-01T08:00:00Z"));
        // Local time in winter is +01:00.
        let z = instant(&parse("2026-01-15T10:00:00"), tz).expect("instant");
        assert_eq!(z.timestamp(), at("2026-01-15T09:00:00Z"));
        // An offset is taken as written and shown in Rome time.
        let z = instant(&parse("2026-07-01T10:00:00Z"), tz).expect("instant");
        assert_eq!((z.hour(), z.minute()), (12, 0));
        // 02:30 on 29 March 2026 does not exist in Rome: the later reading, 03:30 CEST.
        let z = instant(&parse("2026-03-29T02:30:00"), tz).expect("instant");
        assert_eq!(z.timestamp(), at("2026-03-29T01:30:00Z"));
    }

    #[test]
    fn next_moderated_skips_nights_weekends_and_holidays() {
        let cal = rome();
        // Friday 24 April 2026, 18:00 → Saturday 25 is Liberation day and a weekend: Monday 27.
        let next = cal
            .next_moderated(at("2026-04-24T18:00:00+02:00"))
            .expect("a next window");
        assert_eq!(next.date(), date("2026-04-27"));
        assert_eq!((next.hour(), next.minute()), (9, 0));
        // Inside the window: the instant itself.
        let now = at("2026-04-27T10:15:00+02:00");
        assert_eq!(cal.next_moderated(now).map(|z| z.timestamp()), Some(now));
    }

    #[test]
    fn moderated_hours_between_two_instants() {
        let cal = rome();
        let hours =
            |a: &str, b: &str| cal.moderated_between(at(a), at(b)).as_secs() as f64 / 3600.0;
        // Same day: 10:00–15:30 → 5.5 h.
        assert_eq!(
            hours("2027-01-12T10:00:00+01:00", "2027-01-12T15:30:00+01:00"),
            5.5
        );
        // Friday 16:00 → Monday 10:00 across a weekend: 1 h + 1 h.
        assert_eq!(
            hours("2027-01-15T16:00:00+01:00", "2027-01-18T10:00:00+01:00"),
            2.0
        );
        // Over Easter 2027 (Sunday 28 March, Monday 29 a holiday) and the change to summer
        // time (28 March): Friday 26 16:00 → Tuesday 30 10:00 is 1 h + 1 h.
        assert_eq!(
            hours("2027-03-26T16:00:00+01:00", "2027-03-30T10:00:00+02:00"),
            2.0
        );
        // Over San Baudolino (Wednesday 10 November 2027): 9 November 12:00 → 11 November
        // 12:00 is 5 h + 3 h.
        assert_eq!(
            hours("2027-11-09T12:00:00+01:00", "2027-11-11T12:00:00+01:00"),
            8.0
        );
        // A night alone is no moderated time; reversed instants give zero.
        assert_eq!(
            hours("2027-01-12T18:00:00+01:00", "2027-01-13T08:59:00+01:00"),
            0.0
        );
        assert_eq!(
            hours("2027-01-13T10:00:00+01:00", "2027-01-12T10:00:00+01:00"),
            0.0
        );
    }

    #[test]
    fn bad_configuration_is_an_error() {
        let mut config: CalendarConfig = toml::from_str(
            "timezone = \"Europe/Roma\"\ndays = [\"monday\"]\nfrom = \"09:00\"\nto = \"17:00\"",
        )
        .expect("parses");
        assert!(Calendar::new(&config).is_err());
        config.timezone = "Europe/Rome".into();
        config.from = "18:00".into();
        assert!(Calendar::new(&config).is_err());
        config.from = "09:00".into();
        config.holidays.push(HolidayConfig {
            date: "02-30".into(),
            name: "x".into(),
            since: None,
        });
        assert!(Calendar::new(&config).is_err());
    }

    #[test]
    fn resolve_reads_as_instant_does() {
        let tz = time_zone("Europe/Rome").expect("bundled zone");
        let stretches = Stretches::new(&tz);
        for text in [
            "2027-03-28T02:30:00",
            "2027-10-31T02:30:00",
            "2027-07-01T10:30:00",
            "2027-07-01",
            "2027-07-01T10:30:00+05:00",
            "2027-07-01T10:30:00Z",
            "1890-01-01T12:00:00",
            "2150-06-01T12:00:00",
        ] {
            // The fast path serves a summer afternoon (the usual `publish_at`).
            assert!(
                stretches
                    .instant(jiff::civil::date(2027, 7, 1).at(15, 0, 0, 0))
                    .is_some()
            );
            let value: toml::value::Datetime = text.parse().expect("TOML date-time");
            let zoned = instant(&value, &tz).expect("valid");
            assert_eq!(
                resolve(&value, &tz, &stretches),
                Some((zoned.timestamp(), zoned.datetime())),
                "{text}"
            );
        }
    }
}
