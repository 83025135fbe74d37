//! Dates in the text against the calendar and `publish_at`, through the binary: weekdays that
//! do not match their date, deadlines and events already past, open offices on holidays.

use crate::support::alpost;

/// The concise report of the `dates/` rules on `draft`, read from standard input.
fn dates(draft: &str) -> String {
    let out = alpost()
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "--select",
            "dates/",
            "-",
        ])
        .write_stdin(draft)
        .output()
        .expect("alpost runs");
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

fn post(publish_at: &str, body: &str) -> String {
    format!("+++\nkind = \"post\"\npublish_at = {publish_at}\n+++\n{body}\n")
}

#[test]
fn a_wrong_weekday_is_an_error_at_the_date() {
    let report = dates("Il mercato contadino torna lunedì 12 marzo 2027 in piazza Garibaldi.\n");
    assert!(
        report.contains(
            ":1:28: errore[dates/weekday] «lunedì 12 marzo 2027»: 12 marzo 2027 è venerdì, non lunedì"
        ),
        "{report}"
    );
    alpost()
        .args(["check", "--no-config", "--select", "dates/", "-"])
        .write_stdin("Il mercato torna lunedì 12 marzo 2027.\n")
        .assert()
        .code(1);
}

#[test]
fn every_date_form_is_read() {
    // 12 March 2027 is a Friday: each form with «venerdì» passes and with «giovedì» fails.
    for form in [
        "12 marzo 2027",
        "12 mar. 2027",
        "12/03/2027",
        "12/3/27",
        "12.3.2027",
        "12-03-2027",
    ] {
        let good = dates(&format!("Apertura straordinaria venerdì {form}.\n"));
        assert!(good.is_empty(), "{form}: {good}");
        let bad = dates(&format!("Apertura straordinaria giovedì {form}.\n"));
        assert!(
            bad.contains("12 marzo 2027 è venerdì, non giovedì"),
            "{form}: {bad}"
        );
    }
}

#[test]
fn a_year_less_date_takes_the_year_nearest_publish_at() {
    // 12 March is a Friday in 2027 and a Thursday in 2026.
    let in_2027 = post(
        "2027-02-01T10:00:00",
        "Consiglio comunale giovedì 12 marzo.",
    );
    assert!(
        dates(&in_2027).contains("non giovedì"),
        "{}",
        dates(&in_2027)
    );
    let in_2026 = post(
        "2026-02-01T10:00:00",
        "Consiglio comunale giovedì 12 marzo.",
    );
    assert!(dates(&in_2026).is_empty(), "{}", dates(&in_2026));
    // Written in December, January is next year's: 10 January 2027 is a Sunday.
    let december = post(
        "2026-12-20T10:00:00",
        "Concerto rinviato a domenica 10 gennaio.",
    );
    assert!(dates(&december).is_empty(), "{}", dates(&december));
}

#[test]
fn hours_fractions_and_scores_are_not_dates() {
    let body = "Lo sportello riceve lunedì 9-12 e giovedì 14.30-16.30; sabato 2 ore di laboratorio. \
                Hanno risposto i 2/3 dei residenti, finale 3-1.";
    assert!(dates(&post("2027-03-01T10:00:00", body)).is_empty());
}

#[test]
fn a_range_reads_the_month_of_its_end() {
    let report = dates(&post(
        "2027-02-01T10:00:00",
        "Settimana della lettura da lunedì 1 a venerdì 5 marzo, poi da lunedì 9 a venerdì 12 marzo.",
    ));
    // 1–5 March 2027 is Monday to Friday; 9 March is a Tuesday.
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 1, "{report}");
    assert!(
        lines[0].contains("«lunedì 9»: 9 marzo 2027 è martedì"),
        "{report}"
    );
}

#[test]
fn a_past_deadline_depends_on_publish_at() {
    let body = "Iscrizioni ai centri estivi entro il 10 gennaio sul portale del Comune.";
    let late = dates(&post("2027-01-15T10:00:00", body));
    assert!(
        late.contains(
            "avviso[dates/past] «10 gennaio» (10 gennaio 2027) è già passato alla data di pubblicazione (15 gennaio 2027)"
        ),
        "{late}"
    );
    assert!(dates(&post("2027-01-05T10:00:00", body)).is_empty());
    // Without publish_at nothing is known about the day it goes out.
    assert!(dates(&format!("{body}\n")).is_empty());
    // 23:30 UTC on 9 January is 00:30 on the 10th in Rome: the deadline day itself, not past.
    assert!(dates(&post("2027-01-09T23:30:00Z", body)).is_empty());
    // 23:30 UTC on the 10th is already the 11th in Rome.
    assert!(
        dates(&post("2027-01-10T23:30:00Z", body)).contains("dates/past"),
        "{}",
        dates(&post("2027-01-10T23:30:00Z", body))
    );
}

#[test]
fn past_dates_in_a_report_of_the_past_are_fine() {
    let body =
        "Si è svolta sabato 6 marzo la giornata del verde pubblico: grazie a chi ha partecipato.";
    assert!(dates(&post("2027-03-10T10:00:00", body)).is_empty());
    let invite = "Vi aspettiamo sabato 6 marzo per la giornata del verde pubblico.";
    assert!(dates(&post("2027-03-10T10:00:00", invite)).contains("dates/past"));
}

#[test]
fn an_open_office_on_a_holiday_is_flagged() {
    // Easter 2027 is 28 March: the day after is Lunedì dell'Angelo.
    let open = "Lo sportello anagrafe è aperto domani dalle 9 alle 12.";
    let report = dates(&post("2027-03-28T10:00:00", open));
    assert!(
        report.contains("«domani» è lunedì 29 marzo 2027, giorno festivo (Lunedì dell'Angelo)"),
        "{report}"
    );
    assert!(dates(&post("2027-03-29T10:00:00", open)).is_empty());
    let closed = "Lo sportello anagrafe domani resta chiuso.";
    assert!(dates(&post("2027-03-28T10:00:00", closed)).is_empty());
    // `sabato prossimo` from Wednesday 21 April 2027 is 24 April; `domenica prossima` the 25th.
    let report = dates(&post(
        "2027-04-21T10:00:00",
        "L'ufficio tributi è aperto domenica prossima dalle 9 alle 12.",
    ));
    assert!(report.contains("Festa della Liberazione"), "{report}");
}

#[test]
fn dates_inside_links_and_hashtags_are_not_read() {
    let body = "Programma su comune.alessandria.it/eventi/lunedi-12-marzo-2027 #lunedì12marzo";
    assert!(dates(&post("2027-03-01T10:00:00", body)).is_empty());
}
