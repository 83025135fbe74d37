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
