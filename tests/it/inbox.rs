//! `alpost inbox`: the example exports end to end, waits in moderated hours across weekends,
//! holidays and the summer-time change, broken records, masking, configuration, and the
//! documented examples of the `inbox/` rules.

use std::path::Path;

use alpost::calendar::Calendar;
use alpost::inbox::{Comment, Settings, audit};
use alpost::platform::Platform;
use serde_json::Value;

use crate::support::{alpost, default_rules};

const PAGE: &str = "104857362910456";
/// Monday 15 March 2027, 10:00 in Alessandria.
const NOW: &str = "2027-03-15T10:00:00+01:00";
const FACEBOOK: &str = "examples/inbox/facebook-comments.json";
const JSONL: &str = "examples/inbox/commenti.jsonl";

fn findings(stdout: &[u8]) -> Vec<Value> {
    let report: Value = serde_json::from_slice(stdout).expect("json report");
    report.as_array().cloned().unwrap_or_default()
}

/// (path, rule) of each finding.
fn located(findings: &[Value]) -> Vec<(String, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_owned(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn has(findings: &[(String, String)], path: &str, rule: &str) -> bool {
    findings.iter().any(|(p, r)| p == path && r == rule)
}

fn fb(id: &str) -> String {
    format!("{FACEBOOK}#771234_{id}")
}

fn jl(id: &str) -> String {
    format!("{JSONL}#{id}")
}

#[test]
fn example_exports_end_to_end() {
    let dir = tempfile::tempdir().expect("temp");
    let summary = dir.path().join("riepilogo.json");
    let out = alpost()
        .args(["inbox", FACEBOOK, JSONL, "--no-config", "--format", "json"])
        .args(["--page-id", PAGE, "--now", NOW, "--summary-json"])
        .arg(&summary)
        .output()
        .expect("runs");
    // Error-level findings (abbreviations, personal data, a late request): exit 1.
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let all = findings(&out.stdout);
    let found = located(&all);

    // Unanswered: Friday's question (Facebook), Saturday's (Instagram), and the late one.
    assert!(has(&found, &fb("1001"), "inbox/unanswered"), "{found:?}");
    assert!(has(&found, &jl("c-103"), "inbox/unanswered"), "{found:?}");
    assert!(has(&found, &fb("1008"), "inbox/unanswered"), "{found:?}");
    // Answered in their threads, or not requests at all (a tagged reply to another citizen,
    // a thank-you): nothing about them.
    for path in [
        fb("1002"),
        fb("1004"),
        fb("1006"),
        fb("1007"),
        fb("1009"),
        jl("c-101"),
        jl("c-104"),
        jl("c-107"),
    ] {
        assert!(
            !found.iter().any(|(p, _)| *p == path),
            "{path} should be clean: {found:?}"
        );
    }
    let unanswered = found
        .iter()
        .filter(|(_, r)| r == "inbox/unanswered")
        .count();
    assert_eq!(unanswered, 3, "{found:?}");

    // The page's replies, checked as replies: abbreviations and emoji; the reply to a
    // complaint that names no office; the tagged reply opens with its greeting once the tag
    // is set aside, and the Instagram reply is clean.
    assert!(has(&found, &fb("1005"), "style/abbreviation"));
    assert!(has(&found, &fb("1005"), "style/emoji"));
    assert!(has(&found, &fb("1010"), "content/complaint"));
    assert!(!found.iter().any(|(p, _)| *p == fb("1003")), "{found:?}");
    assert!(!found.iter().any(|(p, _)| *p == jl("c-102")), "{found:?}");
    assert!(!found.iter().any(|(p, _)| *p == jl("c-106")), "{found:?}");

    // Citizens' personal data, to remove; never a `privacy/` id on a citizen's comment.
    assert!(has(&found, &fb("1008"), "inbox/sensitive-comment"));
    assert!(has(&found, &jl("c-105"), "inbox/sensitive-comment"));
    assert!(
        !found.iter().any(|(_, r)| r.starts_with("privacy/")),
        "{found:?}"
    );

    // Positions are inside the comment's text; the permalink follows the help; no fixes.
    let late = all
        .iter()
        .find(|f| f["path"] == fb("1008").as_str() && f["rule"] == "inbox/unanswered")
        .expect("late request");
    assert_eq!(late["level"], "error");
    assert_eq!(late["line"], 1);
    let help = late["help"].as_str().unwrap_or_default();
    assert!(
        help.contains("https://www.facebook.com/comunealessandria/posts/771234?comment_id=1008"),
        "{help}"
    );
    assert!(all.iter().all(|f| f["fix"].is_null()));
    // Monday 8 March 10:00 to Monday 15 March 10:00: 7 + 4 × 8 + 1 moderated hours.
    assert!(
        late["message"]
            .as_str()
            .unwrap_or_default()
            .contains("40 ore"),
        "{late}"
    );

    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).expect("summary written"))
            .expect("summary json");
    assert_eq!(summary["comments"], 17);
    assert_eq!(summary["page_comments"], 5);
    assert_eq!(summary["requests"], 8);
    assert_eq!(summary["answered"], 5);
    assert_eq!(summary["unanswered"], 3);
    assert_eq!(summary["late"], 1);
    assert_eq!(summary["sensitive_comments"], 2);
    assert_eq!(summary["malformed_records"], 0);
    // First answers: 40 min (Thursday evening to Friday 9:40), 1 h 30, 1 h 45, 2 h 30
    // (Tuesday 15:00 to Wednesday 9:30) and 4 h 30: the median is 1 h 45.
    assert_eq!(summary["median_first_answer_hours"], 1.75);
    assert_eq!(summary["longest_wait_hours"], 40.0);
    // Machine formats keep standard output one document: the summary is on standard error.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Richieste: 8"), "{stderr}");
}

#[test]
fn human_report_ends_with_the_summary() {
    let out = alpost()
        .args(["inbox", FACEBOOK, JSONL, "--no-config", "--color", "never"])
        .args(["--page-id", PAGE, "--now", NOW])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("--> {}:1:55", fb("1001"))),
        "{stdout}"
    );
    assert!(stdout.contains("17 commenti controllati"), "{stdout}");
    assert!(
        stdout.contains("Tempo mediano alla prima risposta: 1 ora e 45 minuti"),
        "{stdout}"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `alpost inbox` on a JSON Lines export written in a temporary folder.
fn inbox_jsonl(lines: &[&str], args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("export.jsonl");
    std::fs::write(&path, lines.join("\n")).expect("write");
    alpost()
        .current_dir(dir.path())
        .args(["inbox", "export.jsonl", "--no-config", "--format", "json"])
        .args(args)
        .output()
        .expect("runs")
}

fn record(id: &str, parent: Option<&str>, page: bool, at: &str, text: &str) -> String {
    serde_json::json!({
        "id": id, "parent_id": parent, "author": "x", "is_page": page,
        "created_at": at, "text": text,
    })
    .to_string()
}

fn summary_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn waits_skip_nights_weekends_holidays_and_follow_summer_time() {
    // Friday 26 March 2027 16:00 (CET); summer time and Easter on Sunday 28; Easter Monday 29
    // is a holiday; Tuesday 30 at 10:00 (CEST): 1 hour on Friday, 1 on Tuesday.
    let question = record(
        "q",
        None,
        false,
        "2027-03-26T16:00:00+01:00",
        "A che ora apre il cimitero?",
    );
    let out = inbox_jsonl(&[&question], &["--now", "2027-03-30T10:00:00+02:00"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let all = findings(&out.stdout);
    assert_eq!(all.len(), 1, "{all:?}");
    let message = all[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("in attesa da 2 ore di"), "{message}");
    assert!(
        message.contains("venerdì 26 marzo 2027 alle 16:00"),
        "{message}"
    );

    // Answered on Monday morning after a Friday-afternoon question: 30 + 30 minutes.
    let answer = record(
        "a",
        Some("q"),
        true,
        "2027-03-15T09:30:00+01:00",
        "Buongiorno, apre alle 8.",
    );
    let question = record(
        "q",
        None,
        false,
        "2027-03-12T16:30:00+01:00",
        "A che ora apre il cimitero?",
    );
    let dir = tempfile::tempdir().expect("temp");
    let summary = dir.path().join("s.json");
    let out = inbox_jsonl(
        &[&question, &answer],
        &[
            "--now",
            NOW,
            "--summary-json",
            summary.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(findings(&out.stdout).is_empty());
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).expect("written")).expect("json");
    assert_eq!(summary["median_first_answer_hours"], 1.0);
    assert!(summary_of(&out).contains("1 ora di moderazione"));
}

#[test]
fn an_answer_before_the_question_or_in_another_thread_does_not_count() {
    let lines = [
        record(
            "p",
            None,
            true,
            "2027-03-10T10:00:00+01:00",
            "Buongiorno, domande qui.",
        ),
        record(
            "q",
            Some("p"),
            false,
            "2027-03-10T11:00:00+01:00",
            "Vorrei sapere gli orari",
        ),
        record(
            "other",
            None,
            true,
            "2027-03-10T12:00:00+01:00",
            "Buongiorno a tutti.",
        ),
        // A reply to a comment the export does not hold still has a thread of its own.
        record(
            "r",
            Some("missing"),
            false,
            "2027-03-10T11:00:00+01:00",
            "Come faccio?",
        ),
        record(
            "s",
            Some("missing"),
            true,
            "2027-03-10T11:30:00+01:00",
            "Buongiorno, così.",
        ),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let out = inbox_jsonl(&lines, &["--now", NOW]);
    let found = located(&findings(&out.stdout));
    assert!(
        has(&found, "export.jsonl#q", "inbox/unanswered"),
        "{found:?}"
    );
    assert!(
        !has(&found, "export.jsonl#r", "inbox/unanswered"),
        "{found:?}"
    );
    assert!(summary_of(&out).contains("con risposta 1, senza risposta 1"));
}

#[test]
fn malformed_records_are_reported_and_the_rest_is_audited() {
    let good = record("1", None, false, "2027-03-12T10:00:00+01:00", "Come si fa?");
    let lines = [
        good.as_str(),
        "{\"id\": \"2\", \"is_page\": false, \"text\": \"manca la data\"}",
        "{\"id\": \"3\", \"is_page\": false, \"created_at\": \"2027-03-12T10:00:00+01:00\", \"text\": \"x\", \"parent\": \"1\"}",
        "questa riga non è JSON",
        good.as_str(),
    ];
    let out = inbox_jsonl(&lines, &["--now", NOW]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = summary_of(&out);
    for expected in [
        "export.jsonl: riga 2: missing field `created_at`",
        "export.jsonl: riga 3: unknown field `parent`",
        "export.jsonl: riga 4:",
        "export.jsonl: riga 5: il commento `1` compare due volte",
        "Record illeggibili: 4",
    ] {
        assert!(stderr.contains(expected), "{expected}:\n{stderr}");
    }
    assert!(has(
        &located(&findings(&out.stdout)),
        "export.jsonl#1",
        "inbox/unanswered"
    ));

    let dir = tempfile::tempdir().expect("temp");
    let graph = r#"{"data": [
        {"id": "1", "message": "Come si fa?", "from": {"id": "9"}, "created_time": "2027-03-12T09:00:00+0000"},
        {"id": "2", "message": "senza data", "from": {"id": "9"},
         "comments": {"data": [{"id": "3", "message": "A chi devo rivolgermi?", "created_time": "2027-03-12T09:00:00+0000"}]}},
        "non un oggetto"
    ]}"#;
    std::fs::write(dir.path().join("fb.json"), graph).expect("write");
    let out = alpost()
        .current_dir(dir.path())
        .args(["inbox", "fb.json", "--no-config", "--format", "concise"])
        .args(["--page-id", PAGE, "--now", NOW])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = summary_of(&out);
    assert!(
        stderr.contains("fb.json: data[1]: manca `created_time`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fb.json: data[2]: non è un oggetto commento"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("fb.json#1:1:1: errore[inbox/unanswered]"),
        "{stdout}"
    );
    // The reply of a broken comment is still read.
    assert!(stdout.contains("fb.json#3:"), "{stdout}");
}

#[test]
fn unreadable_exports_fail_clearly() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    std::fs::write(root.join("note.txt"), "Buongiorno, ecco i commenti\n").expect("write");
    std::fs::write(root.join("array.json"), "[{\"id\": 1}]").expect("write");
    std::fs::write(root.join("broken.json"), "{\n  \"data\": [\n").expect("write");
    std::fs::copy(
        crate::support::repo_root().join(FACEBOOK),
        root.join("fb.json"),
    )
    .expect("copy");
    let out = alpost()
        .current_dir(root)
        .args([
            "inbox",
            "note.txt",
            "array.json",
            "broken.json",
            "missing.jsonl",
        ])
        .args(["--no-config", "--now", NOW, "fb.json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = summary_of(&out);
    assert!(
        stderr.contains("note.txt: non è né una risposta della Graph API"),
        "{stderr}"
    );
    assert!(stderr.contains("array.json: non è né"), "{stderr}");
    assert!(
        stderr.contains("broken.json: riga 3, colonna 0: JSON non valido"),
        "{stderr}"
    );
    assert!(
        stderr.contains("missing.jsonl: impossibile leggere: non esiste"),
        "{stderr}"
    );
    // Without the page's id a Graph export cannot tell the page's replies apart.
    assert!(
        stderr.contains("fb.json: un'esportazione della Graph API di Facebook richiede l'id"),
        "{stderr}"
    );
    assert!(stderr.contains("--page-id"), "{stderr}");
}

/// Every value of the example exports' personal data, as written.
const SECRETS: &[&str] = &[
    "RSSMRA80A01H501U",
    "328 604 1187",
    "giulia.ferrero77@gmail.com",
];

#[test]
fn no_format_prints_a_citizens_personal_data() {
    let loose = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    for format in [
        "human", "concise", "json", "sarif", "github", "gitlab", "junit",
    ] {
        let out = alpost()
            .args(["inbox", FACEBOOK, JSONL, "--no-config", "--color", "always"])
            .args(["--format", format, "--page-id", PAGE, "--now", NOW])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{format}");
        let printed = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(printed.contains("inbox/sensitive-comment"), "{format}");
        let plain: String = printed
            .split('\u{1b}')
            .map(|part| part.split_once('m').map_or(part, |(_, rest)| rest))
            .collect();
        for secret in SECRETS {
            assert!(!printed.contains(secret), "{format} prints {secret}");
            assert!(
                !loose(&plain).contains(&loose(secret)),
                "{format} prints {secret} in another form"
            );
        }
    }
}

#[test]
fn configuration_gives_the_page_id_and_the_moderation_calendar() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    std::fs::copy(
        crate::support::repo_root().join(FACEBOOK),
        root.join("fb.json"),
    )
    .expect("copy");
    // Moderation until 18:00, and draft checks of publishing times switched off: the inbox
    // still reads the calendar, with the office's change.
    std::fs::write(
        root.join(".alpost.toml"),
        format!(
            "page_id = \"{PAGE}\"\nignore = [\"schedule/\"]\n\n[rules.\"schedule/moderation\"]\nto = \"18:00\"\n"
        ),
    )
    .expect("write");
    let out = alpost()
        .current_dir(root)
        .args(["inbox", "fb.json", "--format", "json", "--now", NOW])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let all = findings(&out.stdout);
    let friday = all
        .iter()
        .find(|f| f["path"] == "fb.json#771234_1001")
        .expect("Friday's question");
    // 16:45 to 18:00 on Friday, 9:00 to 10:00 on Monday.
    assert!(
        friday["message"]
            .as_str()
            .unwrap_or_default()
            .contains("2 ore e 15 minuti"),
        "{friday}"
    );
    // --page-id wins over the configuration: with another id the page's replies are
    // citizens' comments, and its answered requests become unanswered.
    let out = alpost()
        .current_dir(root)
        .args(["inbox", "fb.json", "--format", "json", "--now", NOW])
        .args(["--page-id", "1"])
        .output()
        .expect("runs");
    let found = located(&findings(&out.stdout));
    assert!(
        has(&found, "fb.json#771234_1004", "inbox/unanswered"),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(_, r)| r.starts_with("style/")),
        "{found:?}"
    );
}

#[test]
fn select_and_ignore_work_on_the_inbox_rules() {
    let out = alpost()
        .args(["inbox", FACEBOOK, "--no-config", "--format", "json"])
        .args(["--page-id", PAGE, "--now", NOW, "--select", "inbox/"])
        .output()
        .expect("runs");
    let found = located(&findings(&out.stdout));
    assert!(
        found.iter().all(|(_, r)| r.starts_with("inbox/")),
        "{found:?}"
    );
    assert!(found.iter().any(|(_, r)| r == "inbox/unanswered"));
    let out = alpost()
        .args(["inbox", FACEBOOK, "--no-config", "--format", "json"])
        .args([
            "--page-id",
            PAGE,
            "--now",
            NOW,
            "--ignore",
            "inbox/unanswered",
        ])
        .output()
        .expect("runs");
    let found = located(&findings(&out.stdout));
    assert!(
        !found.iter().any(|(_, r)| r == "inbox/unanswered"),
        "{found:?}"
    );
    // Requests are still counted in the summary.
    assert!(summary_of(&out).contains("senza risposta 2"));
}

#[test]
fn check_never_runs_the_inbox_rules_and_explain_says_where_they_apply() {
    let out = alpost()
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--select",
            "inbox/",
            "-",
        ])
        .write_stdin("Vorrei sapere a che ora apre? Il mio codice fiscale è RSSMRA80A01H501U")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(findings(&out.stdout).is_empty());
    let out = alpost()
        .args(["explain", "inbox/unanswered", "--no-config"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("si applica a: commenti pubblicati (alpost inbox)"),
        "{text}"
    );
    let out = alpost()
        .args(["rules", "--no-config"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("inbox/sensitive-comment"), "{text}");
}

/// The pack's calendar, as `alpost inbox` reads it.
fn calendar() -> Calendar {
    let rules = default_rules();
    let rule = rules.get("schedule/moderation").expect("moderation rule");
    rule.check
        .calendar()
        .expect("a moderation calendar")
        .clone()
}

fn comment(id: &str, text: &str) -> Comment {
    Comment {
        id: id.to_owned(),
        parent: None,
        by_page: false,
        created: "2027-03-12T09:00:00Z".parse().expect("instant"),
        text: text.to_owned(),
        permalink: None,
        platform: None,
        lead: 0,
        addressed_to: None,
        export: "esempio".to_owned(),
        position: "line 1".to_owned(),
    }
}

#[test]
fn inbox_rule_examples_behave_as_comments() {
    let rules = default_rules();
    let calendar = calendar();
    let mut failures = Vec::new();
    for rule in rules.rules.iter().filter(|r| !r.check.on_drafts()) {
        let detector = rules.rules.iter().find_map(|r| r.check.requests());
        let settings = Settings {
            rules: &rules,
            calendar: &calendar,
            detector,
            now: "2027-03-15T09:00:00Z".parse().expect("instant"),
            platform: Platform::Facebook,
        };
        assert!(
            !rule.examples.bad.is_empty() && !rule.examples.good.is_empty(),
            "{}: needs examples",
            rule.id
        );
        for (bad, examples) in [(true, &rule.examples.bad), (false, &rule.examples.good)] {
            for text in examples {
                let (reports, _) = audit(&[comment("1", text)], &settings);
                let fired: Vec<&str> = reports
                    .iter()
                    .flat_map(|r| &r.findings)
                    .filter(|f| f.rule == rule.id)
                    .map(|f| f.message.as_str())
                    .collect();
                if fired.is_empty() == bad {
                    failures.push(format!(
                        "{} ({}): {text:?} {fired:?}",
                        rule.id,
                        if bad { "bad" } else { "good" }
                    ));
                }
                if fired.iter().any(|m| m.contains('{')) {
                    failures.push(format!("{}: unfilled placeholder {fired:?}", rule.id));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn standard_input_is_an_export_too() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(JSONL))
        .expect("example");
    let out = alpost()
        .args([
            "inbox",
            "-",
            "--no-config",
            "--format",
            "concise",
            "--now",
            NOW,
        ])
        .write_stdin(text)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("<stdin>#c-103:1:57: avviso[inbox/unanswered]"),
        "{stdout}"
    );
}
