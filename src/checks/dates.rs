//! `date-weekday` and `date-past`: the dates a draft writes, read as Italian dates and checked
//! with the calendar against the draft's `publish_at`.
//!
//! Forms read: `12 marzo 2027`, `1° marzo`, `12 mar.`, `12/03`, `12/03/2027`, `12.3.2027`,
//! `12-03-2027`, each with an optional weekday before it (`lunedì`, `lun.`, `lunedi`), a weekday
//! with a bare day (`lun 12`), ranges whose first day takes the month of the second (`dal 3 al 7
//! marzo`, `3-7 marzo`, `sabato 3 e domenica 4 marzo`), and the relative days `oggi`, `domani`,
//! `dopodomani`, `sabato prossimo`. A date without a year is the one nearest `publish_at`: from
//! 90 days before it to 275 after, so
//! «10 gennaio» in December is next January and «28 dicembre» on 3 January is last December.
//! Year-less numeric forms count only where they cannot be a fraction or a score: `/` with a
//! two-digit month, or a weekday or a date preposition before them.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::Regex;
use serde::Deserialize;

use super::{Check, Context, Hit, params};
use crate::calendar::words::italian_date;
use crate::calendar::{Calendar, CalendarConfig, HolidayConfig};
use crate::text::TokenKind;

// Word boundaries are ASCII (`(?-u:\b)`) on purpose: with a Unicode `\b` the regex crate's DFA
// gives up on the first accented letter of a draft and every search falls back to the
// backtracker, which made these patterns ten times the cost of all other checks together. The
// accented weekdays end at their accent, so they need no boundary after it; each alternative
// carries its own end.
const WEEKDAYS: &str = r"luned(?:ì|í|i(?-u:\b))|lun(?-u:\b)|marted(?:ì|í|i(?-u:\b))|mar(?-u:\b)|mercoled(?:ì|í|i(?-u:\b))|mer(?-u:\b)|gioved(?:ì|í|i(?-u:\b))|gio(?-u:\b)|venerd(?:ì|í|i(?-u:\b))|ven(?-u:\b)|sabato(?-u:\b)|sab(?-u:\b)|domenica(?-u:\b)|dom(?-u:\b)";
const MONTHS: &str = r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|gen|feb|mar|apr|mag|giu|lug|ago|sett|set|ott|nov|dic";

/// A day and month in words, with an optional weekday and year.
static WORDED: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?:(?-u:\b)(?P<wd>{WEEKDAYS})\.?,?\s+)?(?-u:\b)(?P<d>\d{{1,2}})(?:°|º)?\s+(?P<m>{MONTHS})(?-u:\b)\.?(?:\s+(?P<y>\d{{4}})(?-u:\b))?"
    ))
});

/// A numeric day and month with `/`, `.` or `-`, with an optional weekday and year.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?:(?-u:\b)(?P<wd>{WEEKDAYS})\.?,?\s+)?(?-u:\b)(?P<d>\d{{1,2}})(?P<s>[/.-])(?P<m>\d{{1,2}})(?:[/.-](?P<y>\d{{4}}|\d{{2}}))?"
    ))
});

/// A weekday with a bare day number: `lun 12`, `venerdì 3`.
static WEEKDAY_DAY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?-u:\b)(?P<wd>{WEEKDAYS})\.?,?\s+(?P<d>\d{{1,2}})(?:°|º)?(?-u:\b)"
    ))
});

/// The first day of a range, right before the date that gives it its month: `3 al `, `lun 3 - `.
static RANGE_START: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?:(?-u:\b)(?P<wd>{WEEKDAYS})\.?\s+)?(?-u:\b)(?P<d>\d{{1,2}})(?:°|º)?\s*(?:[-–]|(?-u:\b)al(?-u:\b)|(?-u:\b)all'|(?-u:\b)e(?-u:\b)|(?-u:\b)ed(?-u:\b)|(?-u:\b)a(?-u:\b))\s*(?:il\s+)?$"
    ))
});

/// Days named from the reference day.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?-u:\b)(?:(?P<today>oggi|stamattina|stasera|stanotte)(?-u:\b)|(?P<tomorrow>domani)(?-u:\b)|(?P<after>dopodomani)(?-u:\b)|(?P<wd1>{WEEKDAYS})\s+prossim[oa](?-u:\b)|prossim[oa]\s+(?P<wd2>{WEEKDAYS}))"
    ))
});

fn regex(pattern: &str) -> Regex {
    // The patterns are the code's own and tested; a failure here is a bug caught by any test.
    Regex::new(pattern).unwrap_or_else(|e| panic!("date pattern: {e}"))
}

/// Words before a year-less numeric date that make it a date (`il 12/3`, `entro il 5-4`).
const DATE_WORDS: [&str; 8] = [
    "il", "dal", "al", "entro", "fino", "del", "giorno", "scadenza",
];

/// What a mention says of the day.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Day {
    /// A calendar day; what is not written comes from the reference day.
    Written {
        day: i8,
        month: Option<i8>,
        year: Option<i16>,
    },
    /// Days after the reference day.
    Offset(i32),
    /// The first such weekday after the reference day.
    Next(Weekday),
}

/// A date written in the body.
#[derive(Debug, Clone)]
struct Mention {
    /// File byte range of the whole mention, weekday included.
    span: Range<usize>,
    day: Day,
    weekday: Option<Weekday>,
    /// The first day of a range: past on its own says nothing, the range may still be on.
    range_start: bool,
}

impl Mention {
    /// The day meant, read against `reference`; `None` for a day that does not exist.
    fn resolve(&self, reference: Date) -> Option<Date> {
        match self.day {
            Day::Offset(n) => reference.checked_add(jiff::Span::new().days(n)).ok(),
            Day::Next(weekday) => reference.nth_weekday(1, weekday).ok(),
            Day::Written { day, month, year } => {
                match (month, year) {
                    (Some(m), Some(y)) => Date::new(y, m, day).ok(),
                    (Some(m), None) => nearest(reference, m, day),
                    // `lun 12`: this month's 12, or next month's once it is past.
                    (None, _) => match Date::new(reference.year(), reference.month(), day) {
                        Ok(d) if d >= reference => Some(d),
                        _ => {
                            let next = reference
                                .first_of_month()
                                .checked_add(jiff::Span::new().months(1))
                                .ok()?;
                            Date::new(next.year(), next.month(), day).ok()
                        }
                    },
                }
            }
        }
    }
}

/// The day `day`/`month` nearest `reference`: 90 days before it to 275 after.
fn nearest(reference: Date, month: i8, day: i8) -> Option<Date> {
    let y = reference.year();
    let candidates = [y, y.saturating_add(1), y.saturating_sub(1)];
    candidates.into_iter().find_map(|year| {
        let d = Date::new(year, month, day).ok()?;
        let days = reference.until(d).ok()?.get_days();
        (-90..=275).contains(&days).then_some(d)
    })
}

fn weekday_of(word: &str) -> Option<Weekday> {
    let w = word.to_lowercase();
    let prefix: String = w.chars().take(3).collect();
    Some(match prefix.as_str() {
        "lun" => Weekday::Monday,
        "mar" => Weekday::Tuesday,
        "mer" => Weekday::Wednesday,
        "gio" => Weekday::Thursday,
        "ven" => Weekday::Friday,
        "sab" => Weekday::Saturday,
        "dom" => Weekday::Sunday,
        _ => return None,
    })
}

fn month_of(word: &str) -> Option<i8> {
    let w = word.to_lowercase();
    let prefix: String = w.chars().take(3).collect();
    let months = [
        "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
    ];
    months
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| i8::try_from(i + 1).ok())
}

fn year_of(text: &str) -> Option<i16> {
    let n: i16 = text.parse().ok()?;
    // `12 marzo 1500 persone` is a count, not a year.
    let year = if text.len() == 2 { 2000 + n } else { n };
    (1900..2200).contains(&year).then_some(year)
}

/// Every date mention of the body, in order, outside links, addresses, mentions and hashtags.
fn mentions(cx: &Context<'_>) -> Vec<Mention> {
    let text = cx.text.body_text();
    let base = cx.text.body.start;
    let opaque: Vec<Range<usize>> = cx
        .text
        .tokens
        .iter()
        .filter(|t| t.kind.is_opaque() && t.kind != TokenKind::Date)
        .map(|t| t.span.start - base..t.span.end - base)
        .collect();
    let free = |r: &Range<usize>| !opaque.iter().any(|o| o.start < r.end && r.start < o.end);
    let mut out: Vec<Mention> = Vec::new();
    let weekday = |m: &regex::Captures<'_>| m.name("wd").and_then(|w| weekday_of(w.as_str()));
    for m in WORDED.captures_iter(text) {
        let mut whole = m.get(0).map_or(0..0, |w| w.range());
        let (Some(d), Some(mo)) = (m.name("d"), m.name("m")) else {
            continue;
        };
        let Some(month) = month_of(mo.as_str()) else {
            continue;
        };
        // The dot belongs to an abbreviated month (`mar.`), a full one ends the sentence.
        if m.name("y").is_none() && mo.as_str().chars().count() > 4 {
            whole.end = mo.end();
        }
        if !free(&whole) || glued_number_before(text, whole.start) {
            continue;
        }
        let Ok(day) = d.as_str().parse::<i8>() else {
            continue;
        };
        let year = m.name("y").and_then(|y| year_of(y.as_str()));
        out.push(Mention {
            span: whole.clone(),
            day: Day::Written {
                day,
                month: Some(month),
                year,
            },
            weekday: weekday(&m),
            range_start: false,
        });
        range_start(text, whole.start, month, year, &mut out);
    }
    for m in NUMERIC.captures_iter(text) {
        let whole = m.get(0).map_or(0..0, |w| w.range());
        if !free(&whole)
            || glued_number_before(text, whole.start)
            || glued_number_after(text, whole.end)
            || out.iter().any(|o| overlaps(&o.span, &whole))
        {
            continue;
        }
        let (Some(d), Some(mo), Some(sep)) = (m.name("d"), m.name("m"), m.name("s")) else {
            continue;
        };
        let (Ok(day), Ok(month)) = (d.as_str().parse::<i8>(), mo.as_str().parse::<i8>()) else {
            continue;
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            continue;
        }
        let year = m.name("y").and_then(|y| year_of(y.as_str()));
        let has_weekday = m.name("wd").is_some();
        if year.is_none() {
            // `12.30` is a time and `3-4` a score; `2/3` a fraction unless it reads as a date.
            let slash_date = sep.as_str() == "/"
                && (mo.as_str().len() == 2 || date_word_before(text, whole.start));
            if !(slash_date || (sep.as_str() == "/" && has_weekday)) {
                continue;
            }
        }
        out.push(Mention {
            span: whole.clone(),
            day: Day::Written {
                day,
                month: Some(month),
                year,
            },
            weekday: weekday(&m),
            range_start: false,
        });
    }
    for m in WEEKDAY_DAY.captures_iter(text) {
        let whole = m.get(0).map_or(0..0, |w| w.range());
        let rest = &text[whole.end..];
        let t = rest.trim_start();
        let continues = t.starts_with(['-', '–', ':', '/'])
            || (t.starts_with(['.', ',']) && t[1..].starts_with(|c: char| c.is_ascii_digit()))
            || rest.starts_with(|c: char| c.is_alphanumeric());
        if !free(&whole) || continues || out.iter().any(|o| overlaps(&o.span, &whole)) {
            continue;
        }
        let Some(Ok(day)) = m.name("d").map(|d| d.as_str().parse::<i8>()) else {
            continue;
        };
        // `dal lunedì al venerdì 9-13` and `sabato 2 ore` are hours, not days.
        if !(1..=31).contains(&day)
            || next_word(rest).is_some_and(|w| UNIT_WORDS.contains(&w.as_str()))
        {
            continue;
        }
        out.push(Mention {
            span: whole,
            day: Day::Written {
                day,
                month: None,
                year: None,
            },
            weekday: weekday(&m),
            range_start: false,
        });
    }
    for m in RELATIVE.captures_iter(text) {
        let whole = m.get(0).map_or(0..0, |w| w.range());
        if !free(&whole) {
            continue;
        }
        let day = if m.name("today").is_some() {
            Day::Offset(0)
        } else if m.name("tomorrow").is_some() {
            Day::Offset(1)
        } else if m.name("after").is_some() {
            Day::Offset(2)
        } else {
            match m
                .name("wd1")
                .or_else(|| m.name("wd2"))
                .and_then(|w| weekday_of(w.as_str()))
            {
                Some(w) => Day::Next(w),
                None => continue,
            }
        };
        out.push(Mention {
            span: whole,
            day,
            weekday: None,
            range_start: false,
        });
    }
    for m in &mut out {
        m.span = m.span.start + base..m.span.end + base;
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// Words after a bare day that make it a quantity.
const UNIT_WORDS: [&str; 8] = [
    "ore", "ora", "minuti", "anni", "giorni", "persone", "euro", "posti",
];

fn next_word(rest: &str) -> Option<String> {
    let w: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    (!w.is_empty()).then(|| w.to_lowercase())
}

/// `3 al` before `7 marzo`: the first day of a range, with the second's month and year.
fn range_start(text: &str, at: usize, month: i8, year: Option<i16>, out: &mut Vec<Mention>) {
    let mut from = at.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = &text[from..at];
    let Some(m) = RANGE_START.captures(before) else {
        return;
    };
    let whole = m.get(0).map_or(0..0, |w| w.range());
    if glued_number_before(text, from + whole.start) {
        return;
    }
    let Some(Ok(day)) = m.name("d").map(|d| d.as_str().parse::<i8>()) else {
        return;
    };
    let end = from + m.name("d").map_or(whole.end, |d| d.end());
    out.push(Mention {
        span: from + whole.start..end,
        day: Day::Written {
            day,
            month: Some(month),
            year,
        },
        weekday: m.name("wd").and_then(|w| weekday_of(w.as_str())),
        range_start: true,
    });
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// A digit, separator or letter right before: `1.12 marzo`, `n.12/03`, `A12/03`.
fn glued_number_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | ',' | '-' | '_'))
}

/// More digits or separators right after: `12/03/20271`, `12/3/4`, `12.3,5`.
fn glued_number_after(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('/' | '.' | ',' | '-') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn date_word_before(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    DATE_WORDS.contains(&word.to_lowercase().as_str())
}

/// The reference day of the draft: its `publish_at` in the office's time zone.
fn publish_date(cx: &Context<'_>, calendar: &Calendar) -> Option<Date> {
    let value = cx.draft.front.publish_at.as_ref()?;
    calendar.resolve(value).map(|(_, local)| local.date())
}

fn weekday_name(w: Weekday) -> &'static str {
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

fn calendar(
    timezone: &str,
    holidays: Vec<HolidayConfig>,
    easter: bool,
) -> Result<Calendar, String> {
    // Only the holidays and the time zone matter here; the hours are the calendar's own.
    Calendar::new(&CalendarConfig {
        timezone: timezone.to_owned(),
        days: Vec::new(),
        from: "00:00".to_owned(),
        to: "23:59".to_owned(),
        holidays,
        easter,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeekdayParams {
    /// The office's time zone, in which `publish_at` without an offset is read.
    timezone: String,
}

#[derive(Debug)]
struct WeekdayCheck {
    calendar: Calendar,
}

pub fn build_weekday(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: WeekdayParams = params(table)?;
    Ok(Box::new(WeekdayCheck {
        calendar: calendar(&p.timezone, Vec::new(), false)?,
    }))
}

impl Check for WeekdayCheck {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let found = mentions(cx);
        if !found.iter().any(|m| m.weekday.is_some()) {
            return;
        }
        // Without `publish_at` only a date with its year is checked: against today, the same
        // draft would pass one year and fail the next, in CI and in the hook, untouched.
        let reference = publish_date(cx, &self.calendar);
        for m in &found {
            let Some(written) = m.weekday else {
                continue;
            };
            let date = match (reference, &m.day) {
                (Some(r), _) => m.resolve(r),
                (
                    None,
                    Day::Written {
                        day,
                        month: Some(month),
                        year: Some(year),
                    },
                ) => Date::new(*year, *month, *day).ok(),
                (None, _) => None,
            };
            let Some(date) = date else {
                continue;
            };
            if date.weekday() != written {
                hits.push(
                    Hit::at(m.span.clone())
                        .var("date", italian_date(date.year(), date.month(), date.day()))
                        .var("actual", weekday_name(date.weekday()))
                        .var("written", weekday_name(written)),
                );
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PastParams {
    timezone: String,
    #[serde(default)]
    holidays: Vec<HolidayConfig>,
    #[serde(default)]
    easter: bool,
    /// Words right before a date that make it a deadline (`entro`, `fino al`).
    #[serde(default)]
    deadlines: Vec<String>,
    /// Phrases in the sentence that announce something still to come (`si terrà`).
    #[serde(default)]
    events: Vec<String>,
    /// Phrases in the sentence that tell of the past (`si è svolto`, `lo scorso`).
    #[serde(default)]
    retrospective: Vec<String>,
    /// Phrases in the sentence that say an office is open (`aperto`, `sportello`).
    #[serde(default)]
    open: Vec<String>,
    /// Phrases in the sentence that say it is closed (`chiuso`): a holiday is then expected.
    #[serde(default)]
    closed: Vec<String>,
}

#[derive(Debug)]
struct PastCheck {
    calendar: Calendar,
    deadlines: Vec<String>,
    events: Vec<String>,
    retrospective: Vec<String>,
    open: Vec<String>,
    closed: Vec<String>,
}

pub fn build_past(table: toml::Table) -> Result<Box<dyn Check>, String> {
    let p: PastParams = params(table)?;
    let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
    Ok(Box::new(PastCheck {
        calendar: calendar(&p.timezone, p.holidays, p.easter)?,
        deadlines: lower(p.deadlines),
        events: lower(p.events),
        retrospective: lower(p.retrospective),
        open: lower(p.open),
        closed: lower(p.closed),
    }))
}

/// The sentence around `span`: from the last `.`, `!`, `?` or line break followed by a space
/// before it to the next after it, lower case.
fn sentence(text: &str, span: &Range<usize>) -> (String, String) {
    let is_end = |s: &str, i: usize, c: char| {
        matches!(c, '!' | '?' | '\n' | ';')
            || (c == '.' && s[i + 1..].starts_with(|n: char| n.is_whitespace()))
    };
    let head = &text[..span.start];
    let start = head
        .char_indices()
        .rev()
        .find(|&(i, c)| is_end(head, i, c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let tail = &text[span.end..];
    let end = tail
        .char_indices()
        .find(|&(i, c)| is_end(tail, i, c))
        .map_or(text.len(), |(i, _)| span.end + i);
    (
        text[start..span.start].to_lowercase(),
        text[span.end..end].to_lowercase(),
    )
}

/// Whether `phrase` occurs in `text` as whole words.
fn has_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric)
            && (!after.is_some_and(char::is_alphanumeric) || phrase.ends_with('\''))
    })
}

/// Whether the words right before a date (articles and `:` aside) end with a deadline word.
fn ends_with_deadline(before: &str, deadlines: &[String]) -> bool {
    let mut rest = before.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == ',');
    for article in [
        "il", "l'", "l’", "lo", "la", "al", "all'", "del", "ore", "giorno",
    ] {
        if let Some(r) = rest.strip_suffix(article)
            && !r.ends_with(char::is_alphanumeric)
        {
            rest = r.trim_end();
            break;
        }
    }
    let ends = |text: &str| {
        deadlines.iter().any(|d| {
            text.strip_suffix(d.as_str())
                .is_some_and(|r| !r.ends_with(char::is_alphanumeric))
        })
    };
    ends(before.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == ',')) || ends(rest)
}

impl Check for PastCheck {
    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        let Some(published) = publish_date(cx, &self.calendar) else {
            return;
        };
        let source = cx.text.source();
        let found = mentions(cx);
        for (k, m) in found.iter().enumerate() {
            let Some(date) = m.resolve(published) else {
                continue;
            };
            let (before, after) = sentence(source, &m.span);
            let whole = format!("{before} {after}");
            let said = |list: &[String]| list.iter().any(|p| has_phrase(&whole, p));
            if date < published {
                if m.range_start || said(&self.retrospective) {
                    continue;
                }
                // The first day of a range reads the deadline words for the range.
                let range_before = k
                    .checked_sub(1)
                    .and_then(|p| found.get(p))
                    .filter(|p| p.range_start)
                    .map(|p| sentence(source, &p.span).0);
                let deadline = ends_with_deadline(&before, &self.deadlines)
                    || range_before.is_some_and(|b| ends_with_deadline(&b, &self.deadlines));
                let event = said(&self.events);
                let is_range_end = range_before_is(&found, k);
                if deadline || event || is_range_end {
                    hits.push(
                        Hit::at(m.span.clone())
                            .var("date", italian_date(date.year(), date.month(), date.day()))
                            .var(
                                "published",
                                italian_date(published.year(), published.month(), published.day()),
                            ),
                    );
                }
                continue;
            }
            if let Some(holiday) = self.calendar.holiday(date)
                && said(&self.open)
                && !said(&self.closed)
            {
                hits.push(
                    Hit::at(m.span.clone())
                        .var(
                            "date",
                            format!(
                                "{} {}",
                                weekday_name(date.weekday()),
                                italian_date(date.year(), date.month(), date.day())
                            ),
                        )
                        .var("holiday", holiday)
                        .variant("holiday"),
                );
            }
        }
    }
}

fn range_before_is(found: &[Mention], k: usize) -> bool {
    k.checked_sub(1)
        .and_then(|p| found.get(p))
        .is_some_and(|p| p.range_start)
}
