//! Configuration, fixes, baselines and hooks, end to end through the binary in temp folders.

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::alpost;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("mkdir");
    }
    fs::write(path, text).expect("write");
}

fn json_rules(out: &std::process::Output) -> Vec<String> {
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json output");
    findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// `alpost check --format json` without the "post without an image" note, which fires on
/// every post here and is not what these tests are about.
fn check_json(dir: &Path, args: &[&str]) -> std::process::Output {
    alpost()
        .current_dir(dir)
        .args(["check", "--format", "json", "--ignore", "content/image"])
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn nearest_config_wins_across_nested_folders() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    write(root, ".alpost.toml", "ignore = [\"style/emoji\"]\n");
    write(root, "bozze/a.txt", "Festa 🎉 in piazza");
    write(root, "risposte/.alpost.toml", "kind = \"reply\"\n");
    write(root, "risposte/r.txt", "Il modulo è sul sito 🎉");
    let out = check_json(root, &["."]);
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let by_file = |name: &str| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .filter_map(|f| f["rule"].as_str())
            .collect()
    };
    // The root config silences emoji in bozze/; risposte/ has its own config (not merged), so
    // emoji fire there, and its drafts are replies.
    assert!(by_file("a.txt").is_empty(), "{findings:?}");
    assert!(by_file("r.txt").contains(&"style/emoji"));
    assert!(by_file("r.txt").contains(&"style/greeting"));
}

#[test]
fn config_flag_and_no_config() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    write(root, ".alpost.toml", "ignore = [\"style/\"]\n");
    write(root, "other.toml", "select = [\"style/emoji\"]\n");
    write(root, "a.txt", "Cmq festa 🎉");
    assert!(json_rules(&check_json(root, &["a.txt"])).is_empty());
    assert_eq!(
        json_rules(&check_json(root, &["--no-config", "a.txt"])),
        ["style/abbreviation", "style/emoji"]
    );
    assert_eq!(
        json_rules(&check_json(root, &["--config", "other.toml", "a.txt"])),
        ["style/emoji"]
    );
}

#[test]
fn rule_levels_parameters_and_word_lists_from_config() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    write(
        root,
        ".alpost.toml",
        r#"
[rules."style/abbreviation"]
level = "warning"
remove = { words = ["msg"] }
add = { words = { "cmqe" = "comunque" } }

[rules."concise/hashtag-count"]
max = 1
"#,
    );
    write(root, "d.txt", "Ti mandiamo un msg, cmqe ciao #Uno #Due");
    let out = check_json(root, &["d.txt"]);
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let rules: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or(""),
                f["level"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("style/abbreviation", "warning"),
            ("concise/hashtag-count", "warning")
        ]
    );
    assert!(
        findings[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("cmqe"))
    );
    assert_eq!(out.status.code(), Some(0), "warnings only");
}

#[test]
fn command_line_select_ignore_min_level_platform_kind() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    write(root, "d.txt", "Il modulo nn è pronto!! #A #B #C");
    assert_eq!(
        json_rules(&check_json(root, &["--select", "style/", "d.txt"])),
        ["style/abbreviation", "style/shouting"]
    );
    assert_eq!(
        json_rules(&check_json(
            root,
            &["--ignore", "style/shouting,concise", "d.txt"]
        )),
        ["style/abbreviation"]
    );
    assert_eq!(
        json_rules(&check_json(root, &["--min-level", "error", "d.txt"])),
        ["style/abbreviation"]
    );
    assert!(
        json_rules(&check_json(root, &["--platform", "x", "d.txt"]))
            .contains(&"concise/hashtag-count".to_owned())
    );
    assert!(
        json_rules(&check_json(root, &["--kind", "reply", "d.txt"]))
            .contains(&"style/greeting".to_owned())
    );
}

#[test]
fn overrides_include_and_exclude() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    write(
        root,
        ".alpost.toml",
        "include = [\"*.txt\", \"*.post\"]\nexclude = [\"archivio/**\"]\n[[overrides]]\npaths = [\"risposte/**\"]\nkind = \"reply\"\nignore = [\"style/emoji\"]\n",
    );
    write(root, "risposte/r.txt", "Il modulo è online 🎉");
    write(root, "archivio/vecchio.txt", "cmq");
    write(root, "note.md", "cmq");
    write(root, "x.post", "nn");
    let out = check_json(root, &["."]);
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let got: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").replace('\\', "/"),
                f["rule"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("./risposte/r.txt".to_owned(), "style/greeting".to_owned()),
            ("./x.post".to_owned(), "style/abbreviation".to_owned())
        ]
    );
    // Excluded even when named, as pre-commit names files.
    assert!(json_rules(&check_json(root, &["archivio/vecchio.txt"])).is_empty());
}

#[test]
fn unused_allow_is_reported_at_its_line() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "d.txt",
        "+++\n[[allow]]\nrule = \"style/emoji\"\nreason = \"logo\"\n+++\nNessuna emoji qui.\n",
    );
    let out = check_json(dir.path(), &["d.txt"]);
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "meta/unused-allow");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(3), Some(9))
    );
}

#[test]
fn fix_preserves_bom_crlf_and_front_matter_byte_for_byte_and_is_idempotent() {
    let dir = tempfile::tempdir().expect("temp");
    let original = "\u{FEFF}+++\r\nkind = \"post\"   # x info\r\n+++\r\nCmq grazie x la pazienza 😀\r\nhttps://comune.alessandria.it/a?utm_source=fb&id=1\r\n";
    write(dir.path(), "d.txt", original);
    alpost()
        .current_dir(dir.path())
        .args(["check", "--fix", "--format", "concise", "d.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("style/emoji"));
    let fixed = fs::read_to_string(dir.path().join("d.txt")).expect("read");
    assert_eq!(
        fixed,
        "\u{FEFF}+++\r\nkind = \"post\"   # x info\r\n+++\r\nComunque grazie per la pazienza 😀\r\nhttps://comune.alessandria.it/a?id=1\r\n"
    );
    let modified = fs::metadata(dir.path().join("d.txt"))
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    alpost()
        .current_dir(dir.path())
        .args(["check", "--fix", "d.txt"])
        .assert()
        .code(1);
    assert_eq!(
        fs::read_to_string(dir.path().join("d.txt")).expect("read"),
        fixed
    );
    let after = fs::metadata(dir.path().join("d.txt"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(modified, after, "a file with nothing to fix is not touched");
}

#[test]
fn fix_on_a_read_only_file_is_a_clear_error_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("d.txt");
    fs::write(&path, "cmq ciao").expect("write");
    let mut perms = fs::metadata(&path).expect("meta").permissions();
    perms.set_readonly(true);
    fs::set_permissions(&path, perms).expect("chmod");
    alpost()
        .current_dir(dir.path())
        .args(["check", "--fix", "d.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "d.txt: file di sola lettura: correzioni non scritte, il file resta com'era",
        ));
    assert_eq!(fs::read_to_string(&path).expect("read"), "cmq ciao");
}

#[test]
fn baseline_hides_known_findings_and_survives_edits_elsewhere() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    write(root, "d.txt", "cmq ciao\nnn mancate\n");
    alpost()
        .current_dir(root)
        .args(["check", "--write-baseline", "baseline.json", "."])
        .assert()
        .code(0);
    let saved = fs::read_to_string(root.join("baseline.json")).expect("baseline");
    assert!(
        !saved.contains("cmq") && saved.contains("\"rule\": \"style/abbreviation\""),
        "{saved}"
    );
    // Lines move, a new finding arrives: only the new one is reported.
    write(
        root,
        "d.txt",
        "Titolo nuovo\n\ncmq ciao\nnn mancate\nxò domani\n",
    );
    let out = check_json(root, &["--baseline", "baseline.json", "."]);
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("xò"))
    );
    write(root, "broken.json", "{\"version\": 9, \"findings\": []}");
    alpost()
        .current_dir(root)
        .args(["check", "--baseline", "broken.json", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("versione 9"));
}

#[test]
fn init_writes_a_starter_config_that_loads() {
    let dir = tempfile::tempdir().expect("temp");
    alpost()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(0);
    let written = fs::read_to_string(dir.path().join(".alpost.toml")).expect("written");
    assert!(written.contains("# include = [\"*.txt\", \"*.md\"]"));
    alpost()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("esiste già"));
    write(dir.path(), "d.txt", "ciao");
    alpost()
        .current_dir(dir.path())
        .args(["check", "d.txt"])
        .assert()
        .code(0);
}

#[test]
fn pre_commit_hook_entry_runs_on_staged_drafts() {
    let hooks = fs::read_to_string(crate::support::repo_root().join(".pre-commit-hooks.yaml"))
        .expect("hooks file");
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("entry line");
    let files_pattern = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("files: "))
        .expect("files line");
    assert!(hooks.contains("- id: alpost"));
    let files_re = regex::Regex::new(files_pattern).expect("files is a regex");
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            status.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        String::from_utf8_lossy(&status.stdout).into_owned()
    };
    git(&["init", "-q"]);
    write(root, "bozze/ok.txt", "Buongiorno a tutti.");
    write(root, "bozze/ko.txt", "cmq ciao");
    write(root, "bozze/non-staged.txt", "nn va");
    write(root, "script.py", "x = 1");
    git(&["add", "bozze/ok.txt", "bozze/ko.txt", "script.py"]);
    let staged: Vec<String> = git(&["diff", "--cached", "--name-only"])
        .lines()
        .filter(|f| files_re.is_match(f))
        .map(str::to_owned)
        .collect();
    assert_eq!(staged, ["bozze/ko.txt", "bozze/ok.txt"]);
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("alpost"));
    alpost()
        .current_dir(root)
        .args(words)
        .args(&staged)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("bozze/ko.txt:1:1: errore[style/abbreviation]")
                .and(predicate::str::contains("non-staged").not()),
        );
}

#[test]
fn office_data_comes_from_the_configuration() {
    // Electoral periods, administrators, privacy allow-lists, moderation hours and holidays
    // are rule parameters: the configuration extends and replaces them.
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    write(
        root,
        ".alpost.toml",
        r#"
[rules."schedule/electoral-silence"]
add = { periods = [{ name = "Comunali 2027", start = 2027-04-20, end = 2027-05-31 }], administrators = ["Mario Verdi"] }

[rules."privacy/phone"]
add = { allow = ["347 1234567"] }

[rules."schedule/moderation"]
to = "18:00"
add = { holidays = [{ date = "12-24", name = "Vigilia di Natale" }] }
"#,
    );
    write(
        root,
        "maggio.txt",
        "+++\npublish_at = 2027-05-04T17:30:00\n+++\nL'assessore Mario Verdi inaugura il parco. Info al 347 1234567 o al 348 7654321.\n",
    );
    write(
        root,
        "vigilia.txt",
        "+++\npublish_at = 2027-12-24T10:00:00\n+++\nGli uffici chiudono alle 12.\n",
    );
    let out = check_json(root, &["maggio.txt", "vigilia.txt"]);
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let got: Vec<(&str, &str, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or(""),
                f["rule"].as_str().unwrap_or(""),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("maggio.txt", "schedule/electoral-silence", 2),
            ("maggio.txt", "schedule/electoral-silence", 4),
            ("maggio.txt", "privacy/phone", 4),
            ("vigilia.txt", "schedule/moderation", 2),
        ]
    );
    // The allowed number is not reported; the other one is, masked.
    assert!(
        findings[2]["message"]
            .as_str()
            .is_some_and(|m| m.contains("34* *****21"))
    );
}
