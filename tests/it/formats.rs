//! The CI formats (SARIF, GitHub, GitLab, JUnit), `--output`, `--stats`, completions and the
//! man page, end to end through the binary; masking across every format through the library.

use std::collections::BTreeMap;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{alpost, repo_root};

/// A draft with an error that has a fix (`cmq`), an emoticon that needs XML escaping (`<3`)
/// and a warning (`!!`), on two lines.
const DRAFT: &str = "Cmq vi aspettiamo <3\nNon mancate!!\n";

fn run(args: &[&str], dir: &Path) -> (Option<i32>, String) {
    let out = alpost().args(args).arg(dir).output().expect("alpost runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

/// A temp folder whose configuration leaves out the "post without an image" note, which
/// would fire on every draft here and is not what these tests are about.
fn temp_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join(".alpost.toml"),
        "ignore = [\"content/image\"]\n",
    )
    .expect("write");
    dir
}

fn drafts() -> tempfile::TempDir {
    let dir = temp_dir();
    std::fs::write(dir.path().join("bozza.txt"), DRAFT).expect("write");
    std::fs::write(dir.path().join("pulita.txt"), "Vi aspettiamo in piazza.\n").expect("write");
    dir
}

/// The findings as the stable JSON format reports them, to compare the other formats with.
fn json_findings(dir: &Path) -> Vec<Value> {
    let (_, out) = run(&["check", "--format", "json"], dir);
    serde_json::from_str(&out).expect("JSON array")
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let text = crate::support::read(&repo_root().join("tests/data/sarif-schema-2.1.0.json"));
    // The published schema's pattern for `run.language` has a stray `]` that ECMAScript
    // tolerates and this validator's meta-schema check does not; the file stays as published
    // and the pattern is corrected here to what the specification describes (`en`, `en-US`).
    let stray = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(
        text.contains(stray),
        "the schema changed: revisit this fix-up"
    );
    let text = text.replace(stray, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    // Formats too, as far as draft-04 knows them (`uri-reference` is newer: see `uri` tests).
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    let errors = |log: &Value| -> Vec<String> {
        validator
            .iter_errors(log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect()
    };
    let out = alpost()
        .args(["check", "--format", "sarif", "examples"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let mut log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert!(errors(&log).is_empty(), "{:#?}", errors(&log));
    // Absolute paths with spaces and an unreadable file (execution not successful).
    let dir = temp_dir();
    std::fs::write(dir.path().join("bozza 1.txt"), DRAFT).expect("write");
    let out = alpost()
        .args(["check", "--format", "sarif", "no/such.txt"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let other: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert!(errors(&other).is_empty(), "{:#?}", errors(&other));
    assert_eq!(
        other["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    // The validator does reject what the schema forbids.
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&log));
}

#[test]
fn sarif_describes_rules_and_locates_results() {
    let dir = drafts();
    let (code, out) = run(&["check", "--format", "sarif"], dir.path());
    assert_eq!(code, Some(1));
    let log: Value = serde_json::from_str(&out).expect("JSON");
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let listed = alpost().arg("rules").output().expect("runs");
    // The rules of `alpost inbox` never report on drafts, so `check` does not describe them.
    assert_eq!(
        rules.len(),
        String::from_utf8_lossy(&listed.stdout)
            .lines()
            .filter(|l| !l.starts_with("inbox/"))
            .count(),
        "every loaded draft rule is described"
    );
    for rule in rules {
        for key in ["shortDescription", "fullDescription"] {
            assert!(rule[key]["text"].as_str().is_some_and(|t| !t.is_empty()));
        }
        let markdown = rule["help"]["markdown"].as_str().expect("markdown help");
        assert!(markdown.contains("\n> "), "policy quoted: {markdown}");
        assert!(
            ["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap_or(""))
        );
    }
    let results = run["results"].as_array().expect("results");
    let findings = json_findings(dir.path());
    assert_eq!(results.len(), findings.len());
    for (result, finding) in results.iter().zip(&findings) {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["ruleId"], finding["rule"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], finding["line"]);
        assert_eq!(region["startColumn"], finding["column"]);
        assert_eq!(region["endLine"], finding["end_line"]);
        assert_eq!(region["endColumn"], finding["end_column"]);
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(
            uri.starts_with("file:///") && uri.ends_with("/bozza.txt"),
            "{uri}"
        );
    }
    let cmq = &results[0];
    assert_eq!(
        (cmq["ruleId"].as_str(), cmq["level"].as_str()),
        (Some("style/abbreviation"), Some("error"))
    );
    let replacement = &cmq["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "Comunque");
    assert_eq!(
        (
            replacement["deletedRegion"]["byteOffset"].as_u64(),
            replacement["deletedRegion"]["byteLength"].as_u64()
        ),
        (Some(0), Some(3))
    );
    assert!(
        results
            .iter()
            .any(|r| r["level"] == "warning" && r["ruleId"] == "style/shouting")
    );
}

/// Splits `::command props::message` into its parts, undoing GitHub's escaping.
fn parse_command(line: &str) -> (String, BTreeMap<String, String>, String) {
    let unescape = |s: &str| {
        s.replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let rest = line.strip_prefix("::").expect("a workflow command");
    let (head, message) = rest.split_once("::").expect("message separator");
    let (command, props) = head.split_once(' ').expect("properties");
    let props = props
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_owned(), unescape(v))
        })
        .collect();
    (command.to_owned(), props, unescape(message))
}

#[test]
fn github_annotations_escape_properties_and_messages() {
    let dir = temp_dir();
    let name = "50%, bozza: prima.txt";
    std::fs::write(dir.path().join(name), DRAFT).expect("write");
    let (code, out) = run(&["check", "--format", "github"], dir.path());
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = out.lines().collect();
    let findings = json_findings(dir.path());
    assert_eq!(lines.len(), findings.len());
    for (line, finding) in lines.iter().zip(&findings) {
        // Unescaped, the `,` and `:` of the file name would end the property.
        assert!(!line.contains(name));
        let (command, props, message) = parse_command(line);
        let expected = match finding["level"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => "notice",
        };
        assert_eq!(command, expected);
        assert!(props["file"].ends_with(name), "{props:?}");
        assert_eq!(props["line"], finding["line"].to_string());
        assert_eq!(props["col"], finding["column"].to_string());
        assert_eq!(props["endLine"], finding["end_line"].to_string());
        assert_eq!(props["endColumn"], finding["end_column"].to_string());
        assert_eq!(
            props["title"],
            format!("alpost {}", finding["rule"].as_str().unwrap_or_default())
        );
        let text = finding["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(text), "{message}");
        if let Some(help) = finding["help"].as_str() {
            assert_eq!(message, format!("{text}\n{help}"));
        }
    }
}

#[test]
fn github_maps_info_to_notice() {
    let pack = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        pack.path().join("ufficio.toml"),
        r#"[[rule]]
id = "office/note"
check = "lexicon"
level = "info"
message = "«{found}»: valuta un sinonimo"
policy = "Linea editoriale dell'ufficio."
description = "Parole da usare con misura."
words = { "evento" = "iniziativa" }
examples.bad = ["Un evento in piazza"]
examples.good = ["Una iniziativa in piazza"]
"#,
    )
    .expect("write");
    alpost()
        .args([
            "check",
            "--format",
            "github",
            "--ignore",
            "content/image",
            "--rules",
        ])
        .arg(pack.path())
        .arg("-")
        .write_stdin("Un evento in piazza.")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "::notice file=<stdin>,line=1,col=4,endLine=1,endColumn=10,title=alpost office/note::",
        ));
}

fn gitlab_report(dir: &Path) -> Vec<Value> {
    let (code, out) = run(&["check", "--format", "gitlab"], dir);
    assert_eq!(code, Some(1));
    serde_json::from_str(&out).expect("JSON array")
}

#[test]
fn gitlab_code_quality_report() {
    let dir = drafts();
    let issues = gitlab_report(dir.path());
    let findings = json_findings(dir.path());
    assert_eq!(issues.len(), findings.len());
    for (issue, finding) in issues.iter().zip(&findings) {
        assert_eq!(issue["check_name"], finding["rule"]);
        assert!(
            issue["description"]
                .as_str()
                .is_some_and(|d| d.starts_with(finding["message"].as_str().unwrap_or("?")))
        );
        let severity = match finding["level"].as_str() {
            Some("error") => "major",
            Some("warning") => "minor",
            _ => "info",
        };
        assert_eq!(issue["severity"], severity);
        assert_eq!(issue["location"]["path"], finding["path"]);
        assert_eq!(
            issue["location"]["positions"]["begin"]["line"],
            finding["line"]
        );
        assert_eq!(
            issue["location"]["positions"]["end"]["column"],
            finding["end_column"]
        );
        assert!(issue["fingerprint"].as_str().is_some_and(|f| f.len() == 32));
    }
    let prints: std::collections::HashSet<_> =
        issues.iter().map(|i| i["fingerprint"].clone()).collect();
    assert_eq!(prints.len(), issues.len(), "fingerprints are unique");
}

#[test]
fn fingerprints_survive_edits_elsewhere_and_match_sarif() {
    let dir = drafts();
    let prints = |dir: &Path| -> Vec<(String, String)> {
        gitlab_report(dir)
            .iter()
            .map(|i| (i["check_name"].to_string(), i["fingerprint"].to_string()))
            .collect()
    };
    let before = prints(dir.path());
    let (_, sarif) = run(&["check", "--format", "sarif"], dir.path());
    let sarif: Value = serde_json::from_str(&sarif).expect("JSON");
    let sarif_prints: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["partialFingerprints"]["alpost/v1"].to_string())
        .collect();
    assert_eq!(
        sarif_prints,
        before.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>()
    );
    std::fs::write(
        dir.path().join("bozza.txt"),
        format!("Una riga nuova in testa.\n\n{DRAFT}"),
    )
    .expect("write");
    assert_eq!(prints(dir.path()), before);
}

/// A parsed XML element, enough to check the JUnit structure.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> &str {
        self.attrs.get(name).map_or("", String::as_str)
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }
}

fn parse_xml(xml: &str) -> Element {
    use quick_xml::events::{BytesStart, Event};
    let element = |e: &BytesStart| Element {
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .expect("escaped value")
                        .into_owned(),
                )
            })
            .collect(),
        ..Element::default()
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::Text(t) => {
                let text = t.decode().expect("UTF-8");
                stack.last_mut().expect("element").text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().expect("UTF-8");
                let text = quick_xml::escape::unescape(&format!("&{name};"))
                    .expect("known entity")
                    .into_owned();
                stack.last_mut().expect("element").text.push_str(&text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element closed");
    let mut root = stack.pop().expect("document");
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.remove(0)
}

#[test]
fn junit_has_a_suite_per_file_and_a_failure_per_error() {
    let dir = drafts();
    let (code, out) = run(&["check", "--format", "junit"], dir.path());
    assert_eq!(code, Some(1));
    let root = parse_xml(&out);
    assert_eq!(root.name, "testsuites");
    let findings = json_findings(dir.path());
    let errors = findings.iter().filter(|f| f["level"] == "error").count();
    assert_eq!(root.attr("failures"), errors.to_string());
    // One testcase per finding, plus one for the clean file.
    assert_eq!(root.attr("tests"), (findings.len() + 1).to_string());
    let suites: Vec<&Element> = root.children("testsuite").collect();
    assert_eq!(suites.len(), 2);
    let (dirty, clean) = (suites[0], suites[1]);
    assert!(dirty.attr("name").ends_with("bozza.txt"));
    assert!(clean.attr("name").ends_with("pulita.txt"));
    assert_eq!(clean.children("testcase").count(), 1);
    assert!(clean.children[0].children.is_empty(), "a clean file passes");
    let cases: Vec<&Element> = dirty.children("testcase").collect();
    assert_eq!(cases.len(), findings.len());
    for (case, finding) in cases.iter().zip(&findings) {
        let rule = finding["rule"].as_str().unwrap_or_default();
        assert_eq!(
            case.attr("name"),
            format!("{rule} {}:{}", finding["line"], finding["column"])
        );
        let failure = case.children("failure").next();
        let message = finding["message"].as_str().unwrap_or_default();
        if finding["level"] == "error" {
            let failure = failure.expect("errors are failures");
            assert_eq!(failure.attr("message"), message);
            assert_eq!(failure.attr("type"), rule);
            assert!(failure.text.contains(message));
        } else {
            assert!(failure.is_none(), "warnings do not fail");
            let out = case.children("system-out").next().expect("system-out");
            assert!(out.text.contains(message));
        }
    }
    // `<3` went through XML escaping and came back intact.
    assert!(
        cases
            .iter()
            .filter_map(|c| c.children("failure").next())
            .any(|f| f.attr("message").contains("«<3»"))
    );
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = drafts();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let report = out_dir.path().join("alpost.sarif");
    std::fs::write(&report, "vecchio rapporto").expect("write");
    alpost()
        .args(["check", "--format", "sarif", "--output"])
        .arg(&report)
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout("");
    let log: Value = serde_json::from_str(&crate::support::read(&report)).expect("SARIF");
    assert!(
        !log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .is_empty()
    );
    let names: Vec<_> = std::fs::read_dir(out_dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["alpost.sarif"], "no temporary file is left behind");
    // Human output in a file has no colour codes.
    let text = out_dir.path().join("report.txt");
    alpost()
        .args(["check", "-o"])
        .arg(&text)
        .arg(dir.path())
        .assert()
        .code(1);
    let text = crate::support::read(&text);
    assert!(text.contains("errore[style/abbreviation]") && !text.contains("\u{1b}["));
}

#[test]
fn output_errors_go_to_stderr_and_leave_no_file() {
    let dir = drafts();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let missing = out_dir.path().join("manca").join("alpost.json");
    alpost()
        .args(["check", "--format", "json", "--output"])
        .arg(&missing)
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("impossibile scrivere").and(predicate::str::contains("manca")),
        );
    // Unreadable inputs are reported on stderr; the report still has the readable ones.
    let report = out_dir.path().join("alpost.json");
    alpost()
        .args(["check", "--format", "json", "--output"])
        .arg(&report)
        .arg(dir.path())
        .arg("no/such/draft.txt")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/draft.txt"));
    let findings: Vec<Value> = serde_json::from_str(&crate::support::read(&report)).expect("JSON");
    assert!(!findings.is_empty());
}

#[test]
fn stats_count_findings_per_rule_and_file() {
    let dir = drafts();
    std::fs::write(dir.path().join("altra.txt"), "Cmq nn ci siamo.\n").expect("write");
    let findings = json_findings(dir.path());
    let count = |key: &str, value: &str| findings.iter().filter(|f| f[key] == value).count();
    let (code, out) = run(&["check", "--stats", "--format", "json"], dir.path());
    assert_eq!(code, Some(1), "the exit status is the check's");
    let stats: Value = serde_json::from_str(&out).expect("JSON object");
    let rules = stats["rules"].as_array().expect("rules");
    for row in rules {
        let rule = row["rule"].as_str().expect("rule id");
        assert_eq!(row["total"], count("rule", rule));
    }
    assert_eq!(
        rules[0]["rule"], "style/abbreviation",
        "most findings first"
    );
    let files = stats["files"].as_array().expect("files");
    assert_eq!(files.len(), 2, "clean files are not listed");
    for row in files {
        let path = row["path"].as_str().expect("path");
        assert_eq!(row["total"], count("path", path));
        assert_eq!(
            row["errors"],
            findings
                .iter()
                .filter(|f| f["path"] == path && f["level"] == "error")
                .count()
        );
    }
    assert_eq!(stats["summary"]["files"], 3);

    let (_, table) = run(&["check", "--stats", "--color", "never"], dir.path());
    let abbreviations = count("rule", "style/abbreviation");
    let row = table
        .lines()
        .find(|l| l.trim_start().starts_with("style/abbreviation"))
        .expect("a row per rule");
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "style/abbreviation",
            &abbreviations.to_string(),
            "0",
            "0",
            &abbreviations.to_string()
        ]
    );
    assert!(table.contains("Segnalazioni per file:"));
    assert!(
        !table.contains("errore[style/"),
        "counts instead of findings"
    );
    assert!(table.trim_end().ends_with("correggibili con --fix)."));
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef alpost"),
        ("fish", "complete -c alpost"),
        ("elvish", "edit:completion:arg-completer[alpost]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = alpost()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("stats") && script.contains("completions"),
            "{shell}"
        );
    }
    alpost().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_pages_for_alpost_and_its_commands() {
    alpost().arg("man").assert().code(0).stdout(
        predicate::str::starts_with(".ie")
            .or(predicate::str::starts_with(".TH"))
            .and(predicate::str::contains(".TH alpost 1"))
            .and(predicate::str::contains("completions")),
    );
    alpost().args(["man", "check"]).assert().code(0).stdout(
        predicate::str::contains(".TH alpost-check 1")
            .and(predicate::str::contains("\\-\\-output")),
    );
    alpost()
        .args(["man", "chek"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("(forse `check`?)"));
}

mod masking {
    //! Every format renders findings about personal data masked: a test rule marks phone
    //! numbers as personal data and each format's output is searched for the number.

    use alpost::checks::{Check, Context, Hit};
    use alpost::draft::Draft;
    use alpost::lint::{Defaults, lint};
    use alpost::report::{
        FileReport, Format, Reporter, RuleMeta, Summary, reporter, stats_reporter,
    };
    use alpost::rule::{Examples, Level, Rule, RuleSet};
    use clap::ValueEnum;

    #[derive(Debug)]
    struct Phone;

    impl Check for Phone {
        fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
            let body = &cx.draft.source[cx.draft.body.clone()];
            if let Some(at) = body.find("3471234567") {
                let start = cx.draft.body.start + at;
                let mut hit = Hit::at(start..start + 10).fix(start..start + 10, "3471234567");
                hit.sensitive = true;
                hits.push(hit);
            }
        }
    }

    #[test]
    fn no_format_shows_personal_data() {
        let rules = RuleSet::new(vec![Rule {
            id: "privacy/phone".into(),
            check_name: "phone".into(),
            level: Level::Error,
            message: "numero di telefono «{found}»".into(),
            help: Some("non pubblicare «{found}»".into()),
            policy: "p".into(),
            description: "d".into(),
            applies_to: vec![Default::default()],
            platforms: vec![Default::default()],
            examples: Examples::default(),
            variants: Default::default(),
            origin: "test".into(),
            params: Default::default(),
            check: Box::new(Phone),
        }]);
        let draft =
            Draft::parse("d.txt", "Chiamate Mario al 3471234567 <3\n".to_owned()).expect("draft");
        let findings = lint(&draft, &rules, Defaults::default());
        assert_eq!(findings.len(), 1);
        let mut summary = Summary::default();
        summary.add(&findings);
        let render = |mut r: Box<dyn Reporter>| {
            let mut out = Vec::new();
            let report = FileReport {
                path: "d.txt",
                findings: &findings,
            };
            r.file(&mut out, &report).expect("renders");
            r.finish(&mut out, &summary).expect("renders");
            String::from_utf8(out).expect("UTF-8")
        };
        for format in Format::value_variants() {
            let out = render(reporter(*format, false, || RuleMeta::all(&rules)));
            assert!(!out.contains("1234"), "{format:?}: {out}");
            assert!(
                out.contains("34******67"),
                "{format:?} shows the masked value"
            );
            if let Some(stats) = stats_reporter(*format, false) {
                assert!(!render(stats).contains("1234"), "{format:?} stats");
            }
        }
    }
}

/// The `alpost` commands of the CI examples: documented in the README, and working.
#[test]
fn ci_examples_run_documented_commands() {
    let readme = crate::support::read(&repo_root().join("README.md"));
    let mut commands = Vec::new();
    for name in ["github-actions.yml", "gitlab-ci.yml"] {
        let text = crate::support::read(&repo_root().join("examples/ci").join(name));
        for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            if let Some(at) = line.find("alpost check") {
                let command = line[at..].split("||").next().unwrap_or_default().trim();
                commands.push((name, command.to_owned()));
            }
        }
    }
    assert_eq!(commands.len(), 4, "{commands:?}");
    for (name, command) in &commands {
        assert!(
            readme.contains(command),
            "{name}: `{command}` is not in the README"
        );
        let dir = drafts();
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = alpost()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{name}: {command}");
        if let Some(file) = args.iter().skip_while(|a| **a != "--output").nth(1) {
            let report = crate::support::read(&dir.path().join(file));
            assert!(report.contains("style/abbreviation"), "{name}: {file}");
        } else {
            assert!(String::from_utf8_lossy(&out.stdout).starts_with("::error"));
        }
    }
}
