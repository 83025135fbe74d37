//! Bad input, end to end: every odd file gives a clear error or note naming it, the other
//! files are still checked, and nothing panics. No test here measures time: a rule that turns
//! quadratic on the long inputs shows up as a test run that takes minutes.

use std::path::{Path, PathBuf};

use alpost::inputs::{self, Content, Input};
use alpost::lint::Defaults;
use predicates::prelude::*;
use serde_json::Value;

use crate::support::{alpost, default_rules, fired, lint_text};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// A draft that is clean under the default pack, to show it is still checked.
const CLEAN_REPLY: &str = "+++\nkind = \"reply\"\n+++\nBuongiorno, grazie della segnalazione.";

/// The findings of a `--format json` run.
fn findings(stdout: &[u8]) -> Vec<Value> {
    let value: Value = serde_json::from_slice(stdout).expect("JSON report");
    value.as_array().cloned().unwrap_or_default()
}

fn count(findings: &[Value], rule: &str) -> usize {
    findings.iter().filter(|f| f["rule"] == rule).count()
}

#[test]
fn empty_and_front_matter_only_drafts_are_checked_without_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = write(dir.path(), "empty.txt", "");
    let front = write(dir.path(), "front.txt", "+++\nkind = \"reply\"\n+++\n");
    let out = alpost()
        .args(["check", "--format", "json"])
        .args([&empty, &front])
        .output()
        .expect("runs");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out.stdout);
    // A reply with no text has no greeting: reported at the (empty) body, line 4.
    let greeting: Vec<_> = found
        .iter()
        .filter(|f| f["rule"] == "style/greeting")
        .collect();
    assert_eq!(greeting.len(), 1, "{found:?}");
    assert_eq!(greeting[0]["path"], front.display().to_string());
    assert_eq!(greeting[0]["line"], 4);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_unterminated_front_matter_is_an_error_and_the_others_are_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "a.txt",
        "+++\nkind = \"post\"\nCmq il mercato apre",
    );
    write(dir.path(), "b.txt", "Cmq ciao");
    alpost()
        .args(["check", "--format", "concise"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a.txt:1:1: front matter: aperto da `+++` non è chiuso",
        ))
        .stdout(
            predicate::str::contains("b.txt:1:1: errore[style/abbreviation]")
                .and(predicate::str::contains("a.txt:").not()),
        );
}

#[test]
fn a_single_line_of_one_mebibyte_is_checked_to_the_end() {
    let unit = "Cmq il mercato di Natale apre in piazza 😀 #Natale https://www.comune.alessandria.it/eventi ";
    let mut text = unit.repeat(1024 * 1024 / unit.len());
    // Exactly the default limit: still a draft.
    text.push_str(&" ".repeat(1024 * 1024 - text.len()));
    assert_eq!(text.len(), 1024 * 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "long.txt", &text);
    let out = alpost()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out.stdout);
    let units = 1024 * 1024 / unit.len();
    assert_eq!(count(&found, "style/abbreviation"), units);
    assert_eq!(count(&found, "style/emoji"), units);
    // The last `Cmq` is deep in the line: its column counts characters, not bytes.
    let last_cmq = text.rfind("Cmq").expect("a Cmq");
    let last = found
        .iter()
        .rfind(|f| f["rule"] == "style/abbreviation")
        .expect("findings");
    assert_eq!(last["line"], 1);
    assert_eq!(last["byte_start"], last_cmq);
    assert_eq!(last["column"], text[..last_cmq].chars().count() + 1);
}

#[test]
fn files_over_the_size_limit_are_not_drafts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = write(dir.path(), "big.txt", "cmq ".repeat(256 * 1024 + 1));
    write(dir.path(), "ok.txt", CLEAN_REPLY);
    alpost()
        .args(["check", "--no-config", "--color", "never"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains(format!(
            "nota: {}: 1048580 byte, oltre il limite di 1048576 byte: non è una bozza, saltato",
            big.display()
        )))
        .stdout(predicate::str::contains("(1 file controllato)"));
    // The limit is the office's: `max_file_size` in the configuration.
    write(dir.path(), ".alpost.toml", "max_file_size = 20\n");
    alpost()
        .args(["check", "--color", "never"])
        .arg(dir.path().join("ok.txt"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("oltre il limite di 20 byte"));
}

#[test]
fn binary_files_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The start of a PNG, named like a draft.
    let png = write(
        dir.path(),
        "foto.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0cmq",
    );
    let nul = write(dir.path(), "nul.md", "Cmq ciao\0\0");
    write(dir.path(), "ok.txt", CLEAN_REPLY);
    alpost()
        .args(["check", "--no-config", "--color", "never"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains(format!(
                "nota: {}: file binario (byte NUL): non è una bozza, saltato",
                png.display()
            ))
            .and(predicate::str::contains(format!(
                "nota: {}: file binario",
                nul.display()
            )))
            .and(predicate::str::contains("errore").not()),
        )
        .stdout(predicate::str::contains("(1 file controllato)"));
}

#[test]
fn decomposed_text_matches_like_composed_text() {
    let rules = default_rules();
    let composed = "Vedi xké e così";
    let decomposed = "Vedi xke\u{301} e cosi\u{300}";
    assert_eq!(fired(&rules, decomposed), fired(&rules, composed));
    let found = lint_text(&rules, decomposed, Defaults::default());
    let abbreviation = found
        .iter()
        .find(|f| f.rule == "style/abbreviation")
        .expect("xké found");
    // The span takes the combining accent with its letter.
    assert_eq!(&decomposed[abbreviation.bytes.clone()], "xke\u{301}");
    assert_eq!(abbreviation.end.column, 10);
}

#[test]
fn right_to_left_and_zero_width_characters_do_not_hide_words() {
    let rules = default_rules();
    // Hebrew in an embedding that closes right after `cmq`, Arabic, a zero-width space before
    // and a joiner after a second `cmq`, a soft hyphen inside a third.
    let text = "\u{202B}שלום cmq\u{202C} مرحبا\u{200B}cmq\u{200D} e c\u{AD}mq ok";
    let found = lint_text(&rules, text, Defaults::default());
    let spans: Vec<&str> = found
        .iter()
        .filter(|f| f.rule == "style/abbreviation")
        .map(|f| &text[f.bytes.clone()])
        .collect();
    assert_eq!(spans, ["cmq\u{202C}", "cmq\u{200D}", "c\u{AD}mq"]);
    for f in &found {
        assert!(text.is_char_boundary(f.bytes.start) && text.is_char_boundary(f.bytes.end));
    }
}

#[test]
fn ten_thousand_emoji_are_ten_thousand_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "emoji.txt", "😀".repeat(10_000));
    let out = alpost()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let found = findings(&out.stdout);
    assert_eq!(count(&found, "style/emoji"), 10_000);
    let last = found
        .iter()
        .rfind(|f| f["rule"] == "style/emoji")
        .expect("findings");
    assert_eq!(last["column"], 10_000);
}

#[test]
fn a_five_thousand_character_link_is_one_link() {
    let rules = default_rules();
    let url = format!(
        "https://www.comune.alessandria.it/{}?cmq=x",
        "cmq-".repeat(1250)
    );
    assert!(url.len() > 5000);
    let text = format!("Il programma: {url} grazie");
    let found = lint_text(&rules, &text, Defaults::default());
    let long: Vec<_> = found
        .iter()
        .filter(|f| f.rule == "concise/link-length")
        .collect();
    assert_eq!(long.len(), 1);
    assert_eq!(&text[long[0].bytes.clone()], url);
    // The words inside the link are the link's, not the writer's.
    assert!(!found.iter().any(|f| f.rule == "style/abbreviation"));
}

#[cfg(unix)]
#[test]
fn a_folder_link_loop_is_an_error_naming_the_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    write(&dir.path().join("sub"), "a.txt", "Cmq ciao");
    std::os::unix::fs::symlink("..", dir.path().join("sub").join("loop")).expect("symlink");
    alpost()
        .args(["check", "--format", "concise"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(format!(
                "{}: collegamento alla cartella",
                dir.path().join("sub").join("loop").display()
            ))
            .and(predicate::str::contains("(un ciclo)")),
        )
        // Checked once, through its real path only.
        .stdout(
            predicate::str::contains("sub/a.txt:1:1: errore[style/abbreviation]")
                .and(predicate::str::contains("loop/").not()),
        );
}

#[cfg(unix)]
#[test]
fn linked_folders_are_checked_like_the_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("archivio")).expect("mkdir");
    write(&dir.path().join("archivio"), "a.txt", "Cmq ciao");
    std::os::unix::fs::symlink("archivio", dir.path().join("linked")).expect("symlink");
    alpost()
        .args(["check", "--format", "concise"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "linked/a.txt:1:1: errore[style/abbreviation]",
        ));
}

/// Tests run as root here, and root reads a file of mode 000: the unreadable inputs are
/// those no user can read as a draft. A link that leads nowhere, inside a folder; and a named
/// pipe named on the command line, which a plain read would wait on forever.
#[cfg(unix)]
#[test]
fn unreadable_inputs_are_errors_naming_them_and_the_others_are_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink("moved-away.txt", dir.path().join("broken.txt")).expect("link");
    write(dir.path(), "ok.txt", "Cmq ciao");
    let pipe = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    alpost()
        .args(["check", "--format", "concise"])
        .arg(dir.path())
        .arg(&pipe)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(format!(
                "{}: file o cartella inesistente (un collegamento che non porta a nulla?)",
                dir.path().join("broken.txt").display()
            ))
            .and(predicate::str::contains(format!(
                "{}: non è un file normale",
                pipe.display()
            ))),
        )
        .stdout(predicate::str::contains(
            "ok.txt:1:1: errore[style/abbreviation]",
        ));
}

#[test]
fn a_draft_deleted_after_the_walk_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gone = write(dir.path(), "gone.txt", "Cmq ciao");
    write(dir.path(), "kept.txt", "Cmq ciao");
    let collected = inputs::collect(&[dir.path().to_path_buf()], None);
    let (candidates, errors) = (collected.candidates, collected.errors);
    assert!(errors.is_empty());
    assert_eq!(candidates.len(), 2);
    std::fs::remove_file(&gone).expect("delete");
    let mut read = 0;
    for candidate in &candidates {
        match inputs::read(&candidate.input, 1 << 20) {
            Ok(Content::Text(text)) => {
                assert_eq!(text, "Cmq ciao");
                read += 1;
            }
            Ok(Content::Skipped(note)) => panic!("not skipped: {note}"),
            Err(message) => {
                assert_eq!(candidate.input, Input::File(gone.clone()));
                assert!(
                    message.starts_with("impossibile leggere il file: "),
                    "{message}"
                );
            }
        }
    }
    assert_eq!(read, 1);
}

/// An office pack whose only rule is a lexicon with this `pattern`, in a folder of its own.
fn office_pack(pattern: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "ufficio.toml",
        format!(
            r#"# Regole dell'ufficio stampa.

[[rule]]
id = "office/codici"
check = "lexicon"
level = "warning"
message = "codice interno «{{found}}»"
policy = "p"
description = "d"
[[rule.terms]]
pattern = '''{pattern}'''
"#
        ),
    );
    dir
}

#[test]
fn a_pathological_pack_pattern_is_a_clear_error_naming_file_line_and_rule() {
    // A million states once the counted repetitions are expanded: over the size limit.
    let pack = office_pack("(?:[a-z]{100}){100}x");
    alpost()
        .args(["check", "--rules"])
        .arg(pack.path())
        .arg("examples/posts/bozza-con-errori.txt")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(format!(
                "{}:3:1: rule `office/codici`: term 1: invalid `pattern`",
                pack.path().join("ufficio.toml").display()
            ))
            .and(predicate::str::contains("size limit"))
            .and(predicate::str::contains(".alpost.toml").not()),
        );
    let deep = format!("{}a{}", "(".repeat(200), ")".repeat(200));
    alpost()
        .args(["rules", "--rules"])
        .arg(office_pack(&deep).path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("rule `office/codici`").and(predicate::str::contains("nest")),
        );
}

#[test]
fn a_legal_pack_pattern_that_backtracking_would_choke_on_runs_in_linear_time() {
    // `(a+)+b` on a long run of `a` without `b` takes exponential time in a backtracking
    // engine; the regex crate never backtracks.
    let pack = office_pack("(a+)+b");
    let mut rules = alpost::rule::RuleSet::default();
    alpost::pack::load_dir(&mut rules, pack.path()).expect("the pack loads");
    let text = format!("{} {}", "a".repeat(50_000), "aab");
    let found = lint_text(&rules, &text, Defaults::default());
    assert_eq!(found.len(), 1);
    assert_eq!(&text[found[0].bytes.clone()], "aab");
}

#[test]
fn more_drafts_than_one_chunk_are_reported_in_walk_order_with_errors_in_place() {
    // Past 512 drafts the checking of one chunk overlaps the reporting of the previous one;
    // the report must still follow the walk, and a broken draft must not stop the others.
    let dir = tempfile::tempdir().expect("temp");
    let total = 1_300;
    for n in 0..total {
        let text = if n == 700 {
            "+++\nkind = \"post\"\n".to_owned()
        } else {
            format!("Bozza {n}: cmq ci vediamo in piazza.")
        };
        let folder = dir.path().join(format!("d{:02}", n % 7));
        std::fs::create_dir_all(&folder).expect("mkdir");
        write(&folder, &format!("{n:05}.txt"), text);
    }
    let out = alpost()
        .args(["check", "--no-config", "--format", "json", "--select"])
        .arg("style/abbreviation")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "one draft cannot be parsed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("00700.txt"), "{stderr}");
    let paths: Vec<String> = findings(&out.stdout)
        .iter()
        .filter_map(|f| f["path"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(paths.len(), total - 1);
    let mut walk_order = paths.clone();
    walk_order.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
    assert_eq!(paths, walk_order);
}

#[test]
fn a_reader_that_stops_early_ends_a_long_run_cleanly() {
    let dir = tempfile::tempdir().expect("temp");
    for n in 0..1_200 {
        write(dir.path(), &format!("{n:05}.txt"), "cmq ci vediamo");
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_alpost"))
        .args(["check", "--no-config", "--format", "concise"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdout = child.stdout.take().expect("piped");
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("ends");
    assert_eq!(
        out.status.code(),
        Some(0),
        "a closed pipe is the reader's choice"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
