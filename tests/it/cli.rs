//! The binary end to end on the drafts in `examples/`.

use predicates::prelude::*;
use serde_json::Value;

use crate::support::alpost;

#[test]
fn clean_draft_exits_zero() {
    alpost()
        .args([
            "check",
            "--color",
            "never",
            "examples/posts/mercato-natale.txt",
            "examples/replies/risposta-buca.txt",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Nessun problema trovato (2 file controllati).",
        ));
}

#[test]
fn error_findings_exit_one() {
    alpost()
        .args([
            "check",
            "--color",
            "never",
            "examples/posts/bozza-con-errori.txt",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[style/abbreviation]"));
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("d.txt");
    std::fs::write(&path, "Non mancate!!\n").expect("write");
    alpost()
        .args(["check", "--format", "concise"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[style/shouting]"));
}

#[test]
fn human_output_snapshot() {
    let out = alpost()
        .args([
            "check",
            "--color",
            "never",
            "examples/posts/bozza-con-errori.txt",
            "examples/replies/risposta-senza-saluto.txt",
        ])
        .output()
        .expect("runs");
    insta::assert_snapshot!("human_examples", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn color_always_emits_ansi_and_never_does_not() {
    let colored = alpost()
        .args([
            "check",
            "--color",
            "always",
            "examples/posts/bozza-con-errori.txt",
        ])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&colored.stdout).contains("\u{1b}["));
    let plain = alpost()
        .args([
            "check",
            "--color",
            "never",
            "examples/posts/bozza-con-errori.txt",
        ])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("\u{1b}["));
    let auto = alpost()
        .env("NO_COLOR", "1")
        .args(["check", "examples/posts/bozza-con-errori.txt"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&auto.stdout).contains("\u{1b}["));
}

#[test]
fn json_shape_is_stable() {
    let out = alpost()
        .args(["check", "--format", "json", "examples"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("valid JSON array");
    assert!(!findings.is_empty());
    for f in &findings {
        for key in [
            "path",
            "rule",
            "level",
            "message",
            "line",
            "column",
            "end_line",
            "end_column",
            "byte_start",
            "byte_end",
            "fix",
        ] {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
    }
    let cmq = findings
        .iter()
        .find(|f| f["message"].as_str().is_some_and(|m| m.contains("«Cmq»")))
        .expect("the Cmq finding");
    assert_eq!(cmq["path"], "examples/posts/bozza-con-errori.txt");
    assert_eq!(
        (cmq["line"].as_u64(), cmq["column"].as_u64()),
        (Some(4), Some(14))
    );
    assert_eq!(cmq["fix"]["replacement"], "Comunque");
    let source = std::fs::read("examples/posts/bozza-con-errori.txt").expect("read");
    let (s, e) = (
        cmq["byte_start"].as_u64().unwrap_or(0) as usize,
        cmq["byte_end"].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(&source[s..e], b"Cmq");
}

#[test]
fn json_with_no_findings_is_an_empty_array() {
    alpost()
        .args([
            "check",
            "--format",
            "json",
            "examples/posts/mercato-natale.txt",
        ])
        .assert()
        .code(0)
        .stdout("[]\n");
}

#[test]
fn stdin_is_read_with_dash() {
    alpost()
        .args(["check", "--format", "concise", "-"])
        .write_stdin("Grazie x la pazienza")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "<stdin>:1:8: error[style/abbreviation]",
        ));
}

#[test]
fn bad_front_matter_is_an_error_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.txt"), "+++\nplatfrom = \"x\"\n+++\nciao").expect("write");
    std::fs::write(dir.path().join("b.txt"), "Cmq ciao").expect("write");
    alpost()
        .args(["check", "--format", "concise"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("a.txt:2:1: front matter: unknown field `platfrom`")
                .and(predicate::str::contains("did you mean `platform`")),
        )
        .stdout(predicate::str::contains(
            "b.txt:1:1: error[style/abbreviation]",
        ));
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bad.txt"), b"ciao \xff mondo").expect("write");
    alpost()
        .arg("check")
        .arg(dir.path().join("bad.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid UTF-8 at byte 5"));
}

#[test]
fn missing_path_is_an_error() {
    alpost()
        .args(["check", "no/such/draft.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/draft.txt: no such file"));
}

#[test]
fn gitignored_files_are_skipped_in_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(".gitignore"), "ignored.txt\n").expect("write");
    std::fs::write(dir.path().join("ignored.txt"), "cmq").expect("write");
    std::fs::write(dir.path().join("notes.rs"), "cmq").expect("write");
    // A reply: a post without images would get the content/image hint.
    std::fs::write(
        dir.path().join("kept.md"),
        "+++\nkind = \"reply\"\n+++\nBuongiorno, tutto bene.",
    )
    .expect("write");
    alpost()
        .args(["check", "--color", "never"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(1 file controllato)"));
}

#[test]
fn crlf_and_bom_positions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crlf.txt");
    std::fs::write(
        &path,
        "\u{FEFF}+++\r\nkind = \"post\"\r\n+++\r\nPerché cmq\r\nok",
    )
    .expect("write");
    let out = alpost()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let cmq = findings
        .iter()
        .find(|f| f["rule"] == "style/abbreviation")
        .expect("the cmq finding");
    assert_eq!(cmq["line"], 4);
    assert_eq!(cmq["column"], 8);
    assert_eq!(cmq["byte_start"], 3 + 5 + 15 + 5 + 8);
}

#[test]
fn extra_rule_pack_adds_rules_and_broken_pack_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("ufficio.toml"),
        r#"[[rule]]
id = "office/banned-word"
check = "lexicon"
level = "error"
message = "«{found}»: parola da evitare"
policy = "Linea editoriale concordata con il dirigente."
description = "Parole che l'ufficio ha deciso di non usare."
words = { "spett.le" = "gentile" }
examples.bad = ["Spett.le utente"]
examples.good = ["Gentile utente"]
"#,
    )
    .expect("write");
    alpost()
        .args(["check", "--format", "concise", "--rules"])
        .arg(dir.path())
        .arg("-")
        .write_stdin("Spett.le utente")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[office/banned-word] «Spett.le»: parola da evitare",
        ));
    std::fs::write(
        dir.path().join("rotto.toml"),
        "[[rule]]\nid = \"office/x\"\ncheck = \"nope\"\n",
    )
    .expect("write");
    alpost()
        .args(["rules", "--rules"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("rotto.toml:1:1:"));
}

#[test]
fn rules_lists_and_explain_documents() {
    alpost().arg("rules").assert().code(0).stdout(
        predicate::str::contains("style/abbreviation").and(predicate::str::contains("fixable")),
    );
    alpost()
        .args(["explain", "style/abbreviation"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("Evitare, ad esempio, l'abbreviativo \"x\"")
                .and(predicate::str::contains("Da evitare:")),
        );
    alpost()
        .args(["explain", "style/abreviation"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `style/abbreviation`",
        ));
}
