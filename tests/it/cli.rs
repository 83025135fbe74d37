//! The binary end to end where a case needs more than a declarative one can say (colour
//! codes, the fields of every JSON finding, a `.gitignore` written for the test, byte offsets
//! of a CRLF draft). The declarative cases are `tests/cmd/*.toml` (see `cmd.rs`).

use predicates::prelude::*;
use serde_json::Value;

use crate::support::alpost;

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
fn force_color_colours_output_that_is_not_a_terminal_unless_no_color_says_otherwise() {
    let run = |envs: &[(&str, &str)], extra: &[&str]| {
        // The environment of the test run says nothing: only `envs` does.
        let out = alpost()
            .args(["check", "examples/posts/bozza-con-errori.txt"])
            .args(extra)
            .env_remove("FORCE_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .envs(envs.iter().copied())
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).contains("\u{1b}[")
    };
    assert!(!run(&[], &[]));
    assert!(run(&[("FORCE_COLOR", "1")], &[]));
    assert!(run(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(!run(&[("FORCE_COLOR", "0")], &[]));
    assert!(!run(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], &[]));
    assert!(!run(&[("FORCE_COLOR", "1")], &["--color", "never"]));
}
