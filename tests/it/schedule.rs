//! Publishing time: moderation hours across the summer-time changes and on holidays, and the
//! electoral silence of law 28/2000, through the default pack and the binary.

use alpost::finding::Finding;
use alpost::lint::Defaults;
use predicates::prelude::*;

use crate::support::{alpost, default_rules, lint_text};

fn draft(publish_at: &str, body: &str) -> String {
    format!("+++\nkind = \"post\"\npublish_at = {publish_at}\n+++\n{body}\n")
}

fn findings(publish_at: &str, body: &str, rule: &str) -> Vec<Finding> {
    lint_text(
        &default_rules(),
        &draft(publish_at, body),
        Defaults::default(),
    )
    .into_iter()
    .filter(|f| f.rule == rule)
    .collect()
}

fn moderated(publish_at: &str) -> bool {
    findings(publish_at, "Il mercato è in piazza.", "schedule/moderation").is_empty()
}

#[test]
fn moderation_hours_follow_rome_time_across_the_summer_time_change() {
    // Spring 2026: clocks go forward on Sunday 29 March (CET +01:00 → CEST +02:00).
    assert!(moderated("2026-03-27T08:30:00Z"), "Friday 09:30 CET");
    assert!(!moderated("2026-03-27T07:30:00Z"), "Friday 08:30 CET");
    assert!(!moderated("2026-03-27T16:30:00Z"), "Friday 17:30 CET");
    assert!(moderated("2026-03-30T07:30:00Z"), "Monday 09:30 CEST");
    assert!(!moderated("2026-03-30T06:30:00Z"), "Monday 08:30 CEST");
    assert!(moderated("2026-03-30T14:30:00Z"), "Monday 16:30 CEST");
    // Autumn 2026: clocks go back on Sunday 25 October.
    assert!(!moderated("2026-10-23T15:30:00Z"), "Friday 17:30 CEST");
    assert!(moderated("2026-10-26T15:30:00Z"), "Monday 16:30 CET");
    // A local time is Rome time whatever the season.
    assert!(moderated("2026-03-30T09:00:00"));
    assert!(!moderated("2026-03-30T08:59:00"));
    assert!(moderated("2026-10-26T16:59:00"));
    assert!(!moderated("2026-10-26T17:00:00"));
}

#[test]
fn holidays_weekends_and_nights() {
    let f = findings("2027-11-10T10:00:00", "Buona festa.", "schedule/moderation");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("giorno festivo: San Baudolino"),
        "{}",
        f[0].message
    );
    assert!(
        f[0].help
            .as_deref()
            .is_some_and(|h| h.contains("giovedì 11 novembre 2027 alle 09:00")),
        "{:?}",
        f[0].help
    );
    // Easter Monday 2027 is 29 March; the Tuesday after is a working day.
    assert!(!moderated("2027-03-29T10:00:00"));
    assert!(moderated("2027-03-30T10:00:00"));
    // San Francesco is a holiday from 2026 on.
    assert!(moderated("2025-10-03T10:00:00"));
    assert!(!moderated("2027-10-04T10:00:00"));
    let f = findings("2027-01-16T10:00:00", "Sabato.", "schedule/moderation");
    assert!(
        f[0].message
            .contains("sabato 16 gennaio 2027 alle 10:00 (giorno senza moderazione)"),
        "{}",
        f[0].message
    );
    let f = findings("2027-01-13T20:30:00", "Stasera.", "schedule/moderation");
    assert!(f[0].message.contains("(fuori orario)"), "{}", f[0].message);
    assert!(
        f[0].help
            .as_deref()
            .is_some_and(|h| h.contains("giovedì 14 gennaio 2027 alle 09:00")),
        "{:?}",
        f[0].help
    );
}

#[test]
fn findings_point_at_the_publish_at_line() {
    let text = draft("2027-01-16T10:00:00", "Sabato.");
    let f: Vec<_> = lint_text(&default_rules(), &text, Defaults::default())
        .into_iter()
        .filter(|f| f.rule == "schedule/moderation")
        .collect();
    assert_eq!((f[0].start.line, f[0].start.column), (3, 1));
    assert_eq!(
        &text[f[0].bytes.clone()],
        "publish_at = 2027-01-16T10:00:00"
    );
}

#[test]
fn electoral_silence_covers_the_period_and_its_names() {
    let body = "Il sindaco Giorgio Abonante inaugura il parco che abbiamo realizzato.";
    let inside = findings("2026-03-10T10:00:00", body, "schedule/electoral-silence");
    let messages: Vec<_> = inside.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(inside.len(), 3, "{messages:?}");
    assert!(messages[0].contains("legge 28/2000, art. 9"));
    assert!(messages[0].contains("impersonale e indispensabile"));
    assert!(messages[0].contains("dal 13 gennaio 2026 al 23 marzo 2026 alle 15:00"));
    assert!(
        messages[1].starts_with("«Giorgio Abonante»"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].starts_with("«abbiamo realizzato»"),
        "{}",
        messages[2]
    );
    // The period ends when the polls close at 15:00 on 23 March (Rome time).
    assert_eq!(
        findings("2026-03-23T14:59:00", body, "schedule/electoral-silence").len(),
        3
    );
    assert!(findings("2026-03-23T15:00:00", body, "schedule/electoral-silence").is_empty());
    assert!(findings("2026-03-23T14:30:00Z", body, "schedule/electoral-silence").is_empty());
    // It starts at midnight of the convocation day.
    assert!(findings("2026-01-12T23:59:00", body, "schedule/electoral-silence").is_empty());
    assert_eq!(
        findings("2026-01-13T00:00:00", body, "schedule/electoral-silence").len(),
        3
    );
    // Without a publication date nothing is known about the period.
    let none: Vec<_> = lint_text(&default_rules(), body, Defaults::default())
        .into_iter()
        .filter(|f| f.rule == "schedule/electoral-silence")
        .collect();
    assert!(none.is_empty());
}

#[test]
fn electoral_silence_is_a_warning_for_service_news_and_an_error_for_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("d.txt");
    std::fs::write(
        &path,
        draft("2026-03-10T10:00:00", "Lunedì riapre la biblioteca civica."),
    )
    .expect("write");
    alpost()
        .args(["check", "--format", "concise"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            ":3:1: avviso[schedule/electoral-silence]",
        ));
    std::fs::write(
        &path,
        draft(
            "2026-03-10T10:00:00",
            "Il sindaco Giorgio Abonante riapre la biblioteca.",
        ),
    )
    .expect("write");
    alpost()
        .args(["check", "--format", "concise"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "errore[schedule/electoral-silence] «Giorgio Abonante»",
        ));
}
