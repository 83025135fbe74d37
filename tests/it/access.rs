//! Accessibility of the post text through the binary: hashtags in one case, styled Unicode
//! letters (both fixed by `--fix`) and image `alt` texts that say nothing.

use crate::support::{alpost, read};

fn concise(draft: &str, select: &str) -> String {
    let out = alpost()
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "--select",
            select,
            "-",
        ])
        .write_stdin(draft)
        .output()
        .expect("alpost runs");
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

/// What `alpost check --fix` leaves of `draft`, with only `select` running.
fn fixed(draft: &str, select: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bozza.txt");
    std::fs::write(&path, draft).expect("write draft");
    alpost()
        .args(["check", "--no-config", "--fix", "--select", select])
        .arg(&path)
        .output()
        .expect("alpost runs");
    read(&path)
}

#[test]
fn one_case_hashtags_are_fixed_to_camel_case() {
    let draft =
        "Il calendario della raccolta. #raccoltadifferenziata #Alessandria #CENTRIESTIVI2027\n";
    let report = concise(draft, "access/hashtag-case");
    assert_eq!(report.lines().count(), 2, "{report}");
    assert!(
        report.contains(":1:67: avviso[access/hashtag-case]"),
        "{report}"
    );
    assert_eq!(
        fixed(draft, "access/hashtag-case"),
        "Il calendario della raccolta. #RaccoltaDifferenziata #Alessandria #CentriEstivi2027\n"
    );
}

#[test]
fn hashtags_already_readable_or_single_words_pass() {
    for tag in [
        "#ComuneDiAlessandria",
        "#alessandria",
        "#PNRR",
        "#comune_di_alessandria",
        "#2027",
    ] {
        let report = concise(
            &format!("Notizie dal Comune. {tag}\n"),
            "access/hashtag-case",
        );
        assert!(report.is_empty(), "{tag}: {report}");
    }
}

#[test]
fn styled_letters_are_fixed_to_plain_ones() {
    let draft = "𝐀𝐕𝐕𝐈𝐒𝐎: da 𝘭𝘶𝘯𝘦𝘥𝘪̀ la ＺＴＬ è attiva dalle 𝟖.\n";
    let report = concise(draft, "access/styled-text");
    // One finding per styled run: «𝐀𝐕𝐕𝐈𝐒𝐎», «𝘭𝘶𝘯𝘦𝘥𝘪» (the accent is a plain combining mark), «ＺＴＬ», «𝟖».
    assert_eq!(report.lines().count(), 4, "{report}");
    assert_eq!(
        fixed(draft, "access/styled-text"),
        "AVVISO: da lunedì la ZTL è attiva dalle 8.\n"
    );
}

#[test]
fn math_and_ordinary_symbols_are_not_styled_text() {
    let report = concise(
        "Superficie di 120 m², temperatura 30 °C, 1ª classificata, π greco.\n",
        "access/styled-text",
    );
    assert!(report.is_empty(), "{report}");
}

fn with_alt(alt: &str, body: &str) -> String {
    format!(
        "+++\nkind = \"post\"\n[[images]]\nfile = \"foto/ponte.jpg\"\nalt = \"{alt}\"\ncredit = \"Comune di Alessandria\"\n+++\n{body}\n"
    )
}

#[test]
fn an_alt_that_says_nothing_points_at_the_alt_value() {
    let report = concise(&with_alt("Immagine", "Il ponte Meier."), "access/alt-text");
    assert!(
        report.contains(":5:8: avviso[access/alt-text] il testo alternativo «Immagine» dell'immagine «foto/ponte.jpg» dice solo che è un'immagine"),
        "{report}"
    );
    for alt in ["DSC_0042", "IMG_2034.jpg", "Il ponte"] {
        let report = concise(&with_alt(alt, "Il ponte Meier."), "access/alt-text");
        assert_eq!(report.lines().count(), 1, "{alt}: {report}");
    }
    let good = with_alt(
        "Il ponte Meier illuminato di notte sul Tanaro",
        "Il ponte Meier.",
    );
    assert!(concise(&good, "access/alt-text").is_empty());
}

#[test]
fn an_alt_copied_from_the_body_is_a_repeat() {
    let body = "Da lunedì il ponte Meier resta chiuso al traffico per lavori di manutenzione.";
    let report = concise(
        &with_alt("il ponte Meier resta chiuso al traffico", body),
        "access/alt-text",
    );
    assert!(report.contains("ripete parola per parola"), "{report}");
}

#[test]
fn a_missing_alt_is_left_to_content_image() {
    let draft = with_alt("ponte", "Il ponte Meier.");
    assert!(concise(&draft, "access/alt-text").is_empty());
    assert!(concise(&draft, "content/image").contains("content/image"));
}
