//! Dates, clock times and durations in the words of the messages: `venerdì 12 marzo 2027 alle
//! 16:45`, `dal lunedì al venerdì`, `3 ore e 20 minuti`. Shared by the schedule checks and
//! `alpost inbox`, so a date reads the same in every message.
//!
//! One speed path, `moment_local`, which writes with `itoa` what `format!` would: its
//! reference is the `format!` of the property test beside it, in `tests` below.

use jiff::SignedDuration;
use jiff::Zoned;
use jiff::civil::{DateTime, Weekday};

/// The Italian month names, in lower case, January first: the one list of them (the shouting
/// check reads it too, for a month in capitals inside a date).
pub const MONTHS: [&str; 12] = [
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
pub fn days(list: &[Weekday]) -> String {
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

pub fn italian_date(year: i16, month: i8, day: i8) -> String {
    format!("{day} {} {year}", month_name(month))
}

/// `venerdì 12 marzo 2027 alle 16:45`: an instant as messages give it.
pub fn moment(z: &Zoned) -> String {
    moment_local(&z.datetime())
}

/// `moment` of a local date-time: `sabato 25 aprile 2026 alle 16:45`. A speed path: written
/// piece by piece with `itoa` rather than by `format!` (a draft out of the moderated hours has
/// two of them; `format!` cost 1.3 % of the instructions on 2,000 drafts). The reference is the
/// `format!` in the property test `moments_read_as_the_formatted_ones` below.
pub fn moment_local(z: &DateTime) -> String {
    let mut number = itoa::Buffer::new();
    let mut out = String::with_capacity(48);
    out.push_str(weekday(z.weekday()));
    out.push(' ');
    out.push_str(number.format(z.day()));
    out.push(' ');
    out.push_str(month_name(z.month()));
    out.push(' ');
    out.push_str(number.format(z.year()));
    out.push_str(" alle ");
    push_two_digits(&mut out, z.hour());
    out.push(':');
    push_two_digits(&mut out, z.minute());
    out
}

/// `n` as `{:02}` writes it.
fn push_two_digits(out: &mut String, n: i8) {
    if (0..10).contains(&n) {
        out.push('0');
    }
    out.push_str(itoa::Buffer::new().format(n));
}

pub fn day_no_weekday(z: &Zoned) -> String {
    italian_date(z.year(), z.month(), z.day())
}

/// `16:45`, as `strftime("%H:%M")` writes it, without parsing the format on every call.
pub fn clock(z: &DateTime) -> String {
    format!("{:02}:{:02}", z.hour(), z.minute())
}

/// A moderated duration in words: `3 ore e 20 minuti`, `1 ora`, `meno di un minuto`.
pub fn duration(d: SignedDuration) -> String {
    let minutes = d.as_secs().max(0) / 60;
    let (h, m) = (minutes / 60, minutes % 60);
    let hours = match h {
        0 => None,
        1 => Some("1 ora".to_owned()),
        n => Some(format!("{n} ore")),
    };
    let minutes = match m {
        0 => None,
        1 => Some("1 minuto".to_owned()),
        n => Some(format!("{n} minuti")),
    };
    match (hours, minutes) {
        (Some(h), Some(m)) => format!("{h} e {m}"),
        (Some(h), None) => h,
        (None, Some(m)) => m,
        (None, None) => "meno di un minuto".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

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
    fn two_digits_read_as_formatted() {
        for n in i8::MIN..=i8::MAX {
            let mut out = String::new();
            push_two_digits(&mut out, n);
            assert_eq!(out, format!("{n:02}"));
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

    #[test]
    fn durations_read_in_italian() {
        let m = |n: i64| SignedDuration::from_mins(n);
        assert_eq!(duration(m(0)), "meno di un minuto");
        assert_eq!(duration(m(1)), "1 minuto");
        assert_eq!(duration(m(60)), "1 ora");
        assert_eq!(duration(m(61)), "1 ora e 1 minuto");
        assert_eq!(duration(m(200)), "3 ore e 20 minuti");
        assert_eq!(duration(-m(5)), "meno di un minuto");
    }
}
