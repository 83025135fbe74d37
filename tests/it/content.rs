//! The content rules end to end: example drafts through the binary, levels of the image rule,
//! where front-matter findings point, and an office pack using the lexicon's new guards.

use alpost::lint::Defaults;
use alpost::rule::Level;
use predicates::prelude::*;
use serde_json::Value;

use crate::support::{alpost, default_rules, lint_text};

fn json_findings(path: &str) -> Vec<Value> {
    let out = alpost()
        .args(["check", "--format", "json", path])
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn a_relaunched_bulletin_that_cites_its_source_is_clean() {
    alpost()
        .args([
            "check",
            "--color",
            "never",
            "examples/posts/allerta-arpa.txt",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Nessun problema trovato"));
}

#[test]
fn a_sponsored_event_draft_breaks_every_content_rule_it_should() {
    let findings = json_findings("examples/posts/bozza-evento-sponsor.txt");
    let content: Vec<(String, u64, String)> = findings
        .iter()
        .filter(|f| {
            f["rule"]
                .as_str()
                .is_some_and(|r| r.starts_with("content/"))
        })
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or_default(),
                f["level"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("content/attribution", 11, "warning"),
        ("content/image", 11, "error"),
        ("content/image", 11, "error"),
        ("content/unpublished", 11, "error"),
        ("content/unpublished", 11, "error"),
        ("content/advertising", 13, "error"),
        ("content/advertising", 14, "error"),
    ];
    assert_eq!(
        content,
        expected
            .iter()
            .map(|(r, l, v)| ((*r).to_owned(), *l, (*v).to_owned()))
            .collect::<Vec<_>>()
    );
    let source = std::fs::read_to_string("examples/posts/bozza-evento-sponsor.txt")
        .expect("example is readable");
    let text = |f: &Value| {
        let (s, e) = (
            f["byte_start"].as_u64().unwrap_or_default() as usize,
            f["byte_end"].as_u64().unwrap_or_default() as usize,
        );
        source.get(s..e).unwrap_or_default().to_owned()
    };
    let texts: Vec<String> = findings
        .iter()
        .filter(|f| f["rule"] == "content/advertising" || f["rule"] == "content/unpublished")
        .map(text)
        .collect();
    assert_eq!(
        texts,
        [
            "{{data}}",
            "da confermare",
            // Nearby promotional words on one line are one finding.
            "Approfitta degli sconti del 20% nei negozi del centro con il codice promo",
            // The affiliate parameter, not the whole link.
            "tag=festaal-21",
        ]
    );
}

#[test]
fn an_unanswered_complaint_is_a_warning_that_does_not_fail_the_check() {
    alpost()
        .args([
            "check",
            "--format",
            "concise",
            "examples/replies/risposta-reclamo-lampione.txt",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "risposta-reclamo-lampione.txt:6:1: avviso[content/complaint] risposta a un reclamo («non funziona»)",
        ));
}

#[test]
fn image_rule_is_an_error_for_a_bad_entry_and_a_note_for_no_image() {
    let rules = default_rules();
    let level_of = |text: &str| -> Vec<Level> {
        lint_text(&rules, text, Defaults::default())
            .into_iter()
            .filter(|f| f.rule == "content/image")
            .map(|f| f.level)
            .collect()
    };
    assert_eq!(level_of("Il mercato è aperto."), [Level::Info]);
    assert_eq!(
        level_of("+++\n[[images]]\nfile = \"a.jpg\"\n+++\nIl mercato è aperto."),
        [Level::Error, Level::Error]
    );
    assert!(level_of("+++\nkind = \"reply\"\n+++\nBuongiorno, è aperto.").is_empty());
    alpost()
        .args(["rules"])
        .assert()
        .stdout(predicate::str::is_match(r"content/image\s+error").expect("regex"));
}

#[test]
fn front_matter_findings_point_at_the_first_line_of_text() {
    let rules = default_rules();
    let draft = "+++\nsource = \"ASL AL\"\n+++\n\n\nVaccinazioni dal 15 ottobre.";
    let findings = lint_text(&rules, draft, Defaults::default());
    let f = findings
        .iter()
        .find(|f| f.rule == "content/attribution")
        .expect("attribution fires");
    assert_eq!((f.start.line, f.start.column), (6, 1));
    assert!(f.bytes.is_empty());
    assert_eq!(
        f.bytes.start,
        draft.find("Vaccinazioni").unwrap_or_default()
    );
    assert_eq!(
        f.message,
        "il testo riprende contenuti di «ASL AL» ma non cita la fonte"
    );
}

#[test]
fn explain_quotes_the_policy_of_content_rules() {
    alpost()
        .args(["explain", "content/political"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("non è possibile utilizzare")
                .and(predicate::str::contains("Lega Navale")),
        );
    alpost()
        .args(["explain", "content/advertising"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Non sarà ammessa nessuna forma di pubblicità.",
        ));
}

#[test]
fn an_office_adds_a_civic_list_with_guards_in_its_own_pack() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("elezioni.toml"),
        r#"[[rule]]
id = "office/local-lists"
check = "lexicon"
level = "error"
message = "«{found}»: nome di una lista locale"
policy = "Non è possibile utilizzare gli spazi per svolgere attività politica."
description = "Le liste civiche presentate alle elezioni comunali."
examples.bad = ["Incontro con Alessandria Domani"]
examples.good = ["La rivista Alessandria Domani", "Convegno: Alessandria Domani e il Tanaro"]
[[rule.terms]]
match = ["Alessandria Domani"]
case_sensitive = true
not_after = ["rivista"]
unless_context = ["convegno"]
"#,
    )
    .expect("write");
    let check = |text: &str| {
        alpost()
            .args(["check", "--format", "concise", "--rules"])
            .arg(dir.path())
            .arg("-")
            .write_stdin(text.to_owned())
            .output()
            .expect("runs")
    };
    let out = check("Sabato gazebo di Alessandria Domani");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("errore[office/local-lists]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for good in [
        "Il nuovo numero della rivista Alessandria Domani",
        "Convegno in biblioteca: Alessandria Domani e il Tanaro",
    ] {
        let out = check(good);
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("office/local-lists"),
            "{good}"
        );
    }
}

/// The findings of one rule on `text`, as (level, text found).
fn of_rule(text: &str, rule: &str) -> Vec<(Level, String)> {
    lint_text(&default_rules(), text, Defaults::default())
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.level, text[f.bytes.clone()].to_owned()))
        .collect()
}

#[test]
fn a_date_in_an_electoral_period_is_a_warning_and_names_stay_errors_in_alt_and_credit() {
    let rule = "schedule/electoral-silence";
    let service = "+++\npublish_at = 2026-03-10T10:00:00\n+++\nSeggi aperti dalle 7 alle 23.";
    let found = of_rule(service, rule);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, Level::Warning);
    let pictured = "+++\npublish_at = 2026-03-10T10:00:00\n\n[[images]]\nfile = \"p.jpg\"\n\
                    alt = \"Il sindaco Abonante al parco\"\ncredit = \"Foto di Giovanni Barosini\"\n\
                    +++\nRiapre il parco.";
    let found = of_rule(pictured, rule);
    let errors: Vec<&str> = found
        .iter()
        .filter(|(level, _)| *level == Level::Error)
        .map(|(_, text)| text.as_str())
        .collect();
    assert_eq!(errors, ["Abonante", "Giovanni Barosini"]);
    // Outside the period the alt text is nobody's business.
    assert!(of_rule(&pictured.replace("2026-03-10", "2026-04-10"), rule).is_empty());
}

#[test]
fn the_2027_window_is_tentative_and_an_unlisted_year_is_a_warning() {
    let rule = "schedule/electoral-silence";
    let at = |date: &str| format!("+++\npublish_at = {date}T10:00:00\n+++\nRiapre la biblioteca.");
    let tentative = lint_text(&default_rules(), &at("2027-05-10"), Defaults::default());
    let f = tentative
        .iter()
        .find(|f| f.rule == rule)
        .expect("a finding");
    assert_eq!(f.level, Level::Warning);
    assert!(
        f.message.contains("elezioni comunali di Alessandria 2027"),
        "{}",
        f.message
    );
    let unknown = lint_text(&default_rules(), &at("2029-05-10"), Defaults::default());
    let f = unknown.iter().find(|f| f.rule == rule).expect("a finding");
    assert_eq!(f.level, Level::Warning);
    assert!(f.message.contains("2029"), "{}", f.message);
    assert!(of_rule(&at("2026-09-10"), rule).is_empty());
}

#[test]
fn party_names_inside_tags_are_errors_on_the_whole_tag_and_the_scorer_only_warns() {
    let rule = "content/political";
    assert_eq!(
        of_rule("Il 25 settembre si cambia! #25settembrevotoLega", rule),
        [(Level::Error, "#25settembrevotoLega".to_owned())]
    );
    let argued = "Il governo delle tasse ha tradito gli italiani, basta con la sinistra delle \
                  poltrone: prima gli interessi del Paese, il 25 settembre cambiamo tutto.";
    let found = lint_text(&default_rules(), argued, Defaults::default());
    let f = found.iter().find(|f| f.rule == rule).expect("a finding");
    // «la sinistra» near «tradito» is a list finding; without it the scorer speaks.
    assert_eq!(f.level, Level::Error);
    let unlisted = "Ci hanno tolto tutto con le loro tasse: gli italiani meritano rispetto, \
                    ripartiamo dalle famiglie e dal lavoro, il 25 settembre cambiamo tutto!";
    let found = lint_text(&default_rules(), unlisted, Defaults::default());
    let f = found
        .iter()
        .find(|f| f.rule == rule)
        .expect("a scorer finding");
    assert_eq!(f.level, Level::Warning);
    assert!(f.message.starts_with("da rivedere"), "{}", f.message);
}

#[test]
fn an_office_raises_the_score_threshold_or_turns_the_score_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let draft = dir.path().join("post.txt");
    std::fs::write(
        &draft,
        "Ci hanno tolto tutto con le loro tasse: gli italiani meritano rispetto, ripartiamo \
         dalle famiglie e dal lavoro, il 25 settembre cambiamo tutto!\n",
    )
    .expect("write");
    let run = |config: &str| {
        std::fs::write(dir.path().join(".alpost.toml"), config).expect("write config");
        let out = alpost()
            .current_dir(dir.path())
            .args([
                "check",
                "--format",
                "json",
                "--select",
                "content/political",
                "post.txt",
            ])
            .output()
            .expect("runs");
        serde_json::from_slice::<Vec<Value>>(&out.stdout)
            .expect("valid JSON")
            .len()
    };
    assert_eq!(run(""), 1);
    assert_eq!(
        run("[rules.\"content/political\"]\nscore_threshold = 50.0\n"),
        0
    );
    assert_eq!(run("[rules.\"content/political\"]\nscore = false\n"), 0);
}
