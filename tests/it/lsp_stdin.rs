//! `alpost check - --stdin-filename PATH`: how editors and scripts lint a buffer as the file it
//! will be saved as.

use crate::support::alpost;

fn repo_with_config(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("a repository");
    std::fs::create_dir(dir.path().join("risposte")).expect("a folder");
    std::fs::write(dir.path().join(".alpost.toml"), config).expect("config written");
    dir
}

fn concise(dir: &std::path::Path, args: &[&str], text: &str) -> (String, Option<i32>) {
    let output = alpost()
        .current_dir(dir)
        .args(["check", "-", "--format", "concise", "--color", "never"])
        .args(args)
        .write_stdin(text)
        .output()
        .expect("alpost runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code(),
    )
}

#[test]
fn standard_input_takes_the_overrides_and_the_name_of_its_path() {
    let dir = repo_with_config(
        "[[overrides]]\npaths = [\"risposte/**\"]\nkind = \"reply\"\nignore = [\"style/abbreviation\"]\n",
    );
    let text = "Cmq grazie\n";
    let (plain, _) = concise(dir.path(), &[], text);
    assert!(
        plain.contains("<stdin>:1:1: errore[style/abbreviation]"),
        "{plain}"
    );
    let (named, _) = concise(dir.path(), &["--stdin-filename", "risposte/r1.txt"], text);
    assert!(!named.contains("style/abbreviation"), "{named}");
    assert!(!named.contains("<stdin>"), "{named}");
    assert!(named.contains("risposte/r1.txt:"), "{named}");
    // Exactly what checking the saved file reports (the override's kind included).
    std::fs::write(dir.path().join("risposte/r1.txt"), text).expect("draft written");
    let file = alpost()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "concise",
            "--color",
            "never",
            "risposte/r1.txt",
        ])
        .output()
        .expect("alpost runs");
    assert_eq!(named, String::from_utf8_lossy(&file.stdout));
}

#[test]
fn an_excluded_path_is_not_checked_and_fix_writes_no_file() {
    let dir = repo_with_config("exclude = [\"archivio/**\"]\n");
    let (excluded, status) = concise(
        dir.path(),
        &["--stdin-filename", "archivio/vecchio.txt"],
        "Cmq\n",
    );
    assert_eq!((excluded.as_str(), status), ("", Some(0)));

    let output = alpost()
        .current_dir(dir.path())
        .args(["check", "-", "--fix", "--stdin-filename", "bozza.txt"])
        .write_stdin("Cmq grazie x tutto\n")
        .output()
        .expect("alpost runs");
    assert!(
        String::from_utf8_lossy(&output.stdout).starts_with("Comunque grazie per tutto"),
        "{output:?}"
    );
    assert!(!dir.path().join("bozza.txt").exists());
}

#[test]
fn stdin_filename_without_standard_input_is_an_error() {
    let dir = repo_with_config("");
    std::fs::write(dir.path().join("a.txt"), "Ciao\n").expect("draft written");
    let output = alpost()
        .current_dir(dir.path())
        .args(["check", "a.txt", "--stdin-filename", "b.txt"])
        .output()
        .expect("alpost runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--stdin-filename"));
}
