//! A speed path for the calendar: local date-times and instants converted by arithmetic within
//! the stretches between a zone's transitions, where asking the time-zone database costs several
//! lookups per draft (the drafts' `publish_at` is read twice per draft; with the database alone
//! 2,000 drafts took 3 % more instructions).
//!
//! The reference is the database: `TimeZone::to_timestamp` and `TimeZone::to_datetime`. The
//! stretches are the database's own offsets and transitions from 2010 to 2040, listed once; near
//! a transition (gap or fold) and outside those years the database answers. The tests below hold
//! the two together around every transition and on random instants.

use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

/// A zone's offsets between its transitions, from 2010 to 2040. Within one stretch a local
/// date-time and an instant convert by arithmetic, where the time-zone database would be
/// queried several times per draft; outside them, and near a transition, it still answers.
#[derive(Debug, Clone, Default)]
pub struct Stretches(Vec<Stretch>);

#[derive(Debug, Clone, Copy)]
struct Stretch {
    from: Timestamp,
    /// The next transition (excluded).
    to: Timestamp,
    offset: Offset,
    /// The offset as a duration, and the instants `MARGIN` inside `from` and `to`.
    shift: SignedDuration,
    safe_from: Timestamp,
    safe_to: Timestamp,
}

impl Stretch {
    fn new(from: Timestamp, to: Timestamp, offset: Offset) -> Stretch {
        Stretch {
            from,
            to,
            offset,
            shift: SignedDuration::from_secs(i64::from(offset.seconds())),
            // An unrepresentable bound leaves no safe instant: the database answers.
            safe_from: from.checked_add(MARGIN).unwrap_or(Timestamp::MAX),
            safe_to: to.checked_sub(MARGIN).unwrap_or(Timestamp::MIN),
        }
    }
}

/// More than any two offsets can differ (jiff's stay within ±25:59:59): a local date-time
/// whose instant lies this far inside a stretch can be read with no other offset.
const MARGIN: SignedDuration = SignedDuration::from_hours(53);

/// 2010-01-01 and 2040-01-01, UTC: the years drafts are written for, listed at every start
/// of the process (a century of transitions cost a one-draft run a tenth of a millisecond);
/// other dates are converted by the database, as correctly and a little slower.
const STRETCHES_FROM: i64 = 1_262_304_000;
const STRETCHES_TO: i64 = 2_208_988_800;

impl Stretches {
    pub fn new(tz: &TimeZone) -> Stretches {
        let (Ok(start), Ok(end)) = (
            Timestamp::from_second(STRETCHES_FROM),
            Timestamp::from_second(STRETCHES_TO),
        ) else {
            return Stretches::default();
        };
        let mut stretches = Vec::new();
        let (mut from, mut offset) = (start, tz.to_offset(start));
        for transition in tz.following(start) {
            let at = transition.timestamp();
            if at >= end {
                break;
            }
            stretches.push(Stretch::new(from, at, offset));
            (from, offset) = (at, transition.offset());
        }
        stretches.push(Stretch::new(from, end, offset));
        Stretches(stretches)
    }

    fn containing(&self, instant: Timestamp) -> Option<&Stretch> {
        let i = self.0.partition_point(|s| s.to <= instant);
        self.0.get(i).filter(|s| s.from <= instant)
    }

    /// The only instant of the local `datetime`, when it lies well inside a stretch: then no
    /// other offset of the zone can give the same local date-time (no gap, no fold).
    pub fn instant(&self, datetime: DateTime) -> Option<Timestamp> {
        // Read as UTC first: the true instant is within a day of it, most often in the same
        // stretch; when not, the margin test below fails and the database answers.
        let utc = Offset::UTC.to_timestamp(datetime).ok()?;
        let stretch = self.containing(utc)?;
        let instant = utc.checked_sub(stretch.shift).ok()?;
        (stretch.safe_from <= instant && instant < stretch.safe_to).then_some(instant)
    }

    /// `tz.to_timestamp(datetime).ok()`, by arithmetic when it can be.
    pub(super) fn timestamp(&self, tz: &TimeZone, datetime: DateTime) -> Option<Timestamp> {
        self.instant(datetime)
            .or_else(|| tz.to_timestamp(datetime).ok())
    }

    /// `tz.to_datetime(instant)`, by arithmetic when a stretch holds `instant`.
    pub(super) fn datetime(&self, tz: &TimeZone, instant: Timestamp) -> DateTime {
        match self.containing(instant) {
            Some(stretch) => stretch.offset.to_datetime(instant),
            None => tz.to_datetime(instant),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::time_zone;

    /// Zones with summer time, a half-hour change (Lord Howe) and a skipped day (Apia, 2011).
    const ZONES: [&str; 4] = [
        "Europe/Rome",
        "America/New_York",
        "Australia/Lord_Howe",
        "Pacific/Apia",
    ];

    /// The stretches convert exactly as the database does, every quarter of an hour for three
    /// days either side of each transition (gaps and folds included).
    #[test]
    fn stretches_agree_with_the_database_around_transitions() {
        for name in ZONES {
            let tz = time_zone(name).expect("bundled zone");
            let stretches = Stretches::new(&tz);
            let from = Timestamp::from_second(1_293_840_000).expect("2011"); // 2011-01-01
            for transition in tz.following(from).take(12) {
                let around = transition.timestamp();
                for quarter in -4 * 24 * 3..4 * 24 * 3 {
                    let instant = around
                        .checked_add(SignedDuration::from_mins(quarter * 15))
                        .expect("in range");
                    assert_eq!(
                        stretches.datetime(&tz, instant),
                        tz.to_datetime(instant),
                        "{name} {instant}"
                    );
                    let local = tz.to_datetime(instant);
                    assert_same_instant(&stretches, &tz, local, name);
                    // Local times the zone skips or repeats, too.
                    let shifted = local
                        .checked_add(SignedDuration::from_mins(30))
                        .expect("in range");
                    assert_same_instant(&stretches, &tz, shifted, name);
                }
            }
        }
    }

    fn assert_same_instant(stretches: &Stretches, tz: &TimeZone, local: DateTime, name: &str) {
        if let Some(fast) = stretches.instant(local) {
            assert_eq!(Some(fast), tz.to_timestamp(local).ok(), "{name} {local}");
            assert!(
                tz.to_ambiguous_timestamp(local).unambiguous().is_ok(),
                "{name} {local}"
            );
        }
        assert_eq!(
            stretches.timestamp(tz, local),
            tz.to_timestamp(local).ok(),
            "{name} {local}"
        );
    }

    proptest::proptest! {
        #![proptest_config(crate::text::samples::config(2000))]
        #[test]
        fn stretches_agree_with_the_database_anywhere(
            zone in 0..ZONES.len(),
            second in -2_000_000_000i64..5_000_000_000,
        ) {
            let tz = time_zone(ZONES[zone]).expect("bundled zone");
            let stretches = Stretches::new(&tz);
            let instant = Timestamp::from_second(second).expect("in range");
            proptest::prop_assert_eq!(stretches.datetime(&tz, instant), tz.to_datetime(instant));
            let local = tz.to_datetime(instant);
            proptest::prop_assert_eq!(stretches.timestamp(&tz, local), tz.to_timestamp(local).ok());
        }
    }
}
