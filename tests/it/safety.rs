//! What alpost reads and writes on a shared runner: no file outside the repository is read
//! through a link, no configuration another user could write is obeyed, `--fix` and the
//! output options never damage a file, and no name can inject a line into a CI log.
//!
//! Tests run as root here and as a normal user elsewhere: what needs another owner (`chown`)
//! or another user (`setpriv`) runs where the system allows it and says when it was skipped.

// The parts a system does not allow are said on standard error, not passed in silence.
#![allow(clippy::print_stderr)]

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

use crate::support::alpost;

const SECRET: &str = "TOKENSEGRETO";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("folder");
    }
    fs::write(&path, bytes).expect("write");
    path
}

/// A repository (a folder with `.git`) inside a temporary folder that stands for the rest of
/// the disk: `(top, repo)`.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let top = tempfile::tempdir().expect("temp dir");
    let repo = top.path().join("repo");
    write(
        &repo,
        ".git/config",
        format!("[http]\n\textraheader = AUTHORIZATION: basic {SECRET} cmq\n"),
    );
    write(&repo, "bozze/a.txt", "Cmq ciao");
    write(top.path(), "fuori.txt", format!("{SECRET} cmq"));
    (top, repo)
}

fn all_output(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("temp dir");
    fs::metadata(dir.path()).is_ok_and(|m| m.uid() == 0)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("meta").permissions().mode() & 0o7777
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn a_walk_does_not_follow_links_out_of_the_walked_folder_or_into_git() {
    use std::os::unix::fs::symlink;
    let (_top, repo) = repository();
    symlink("../.git/config", repo.join("bozze/git.txt")).expect("link");
    symlink("../../fuori.txt", repo.join("bozze/fuori.txt")).expect("link");
    symlink(".git/config", repo.join("config.txt")).expect("link");
    symlink("a.txt", repo.join("bozze/dentro.txt")).expect("link");
    for format in [
        "concise", "human", "json", "sarif", "github", "gitlab", "junit",
    ] {
        for walked in ["bozze", "."] {
            let out = alpost()
                .current_dir(&repo)
                .args(["check", "--color", "never", "--format", format, walked])
                .output()
                .expect("runs");
            let all = all_output(&out);
            assert!(!all.contains(SECRET), "{format} {walked}: {all}");
            // Notes, not errors: the draft inside is checked, the link to it too.
            assert_eq!(out.status.code(), Some(1), "{format} {walked}: {all}");
            assert!(all.contains("dentro.txt"), "{format} {walked}: {all}");
        }
    }
    let out = alpost()
        .current_dir(&repo)
        .args(["check", "--format", "concise", "."])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for link in ["./bozze/git.txt", "./bozze/fuori.txt", "./config.txt"] {
        assert!(
            stderr.contains(&format!("nota: {link}: collegamento simbolico")),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains("./bozze/fuori.txt: collegamento simbolico che porta fuori"),
        "{stderr}"
    );
    let stderr = String::from_utf8_lossy(
        &alpost()
            .current_dir(&repo)
            .args(["check", "bozze"])
            .output()
            .expect("runs")
            .stderr,
    )
    .into_owned();
    assert!(
        stderr.contains("bozze/git.txt: collegamento simbolico che porta fuori dalla cartella"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_named_link_is_read_only_when_it_ends_inside_the_repository() {
    use std::os::unix::fs::symlink;
    let (top, repo) = repository();
    symlink("../.git/config", repo.join("bozze/git.txt")).expect("link");
    symlink("../../fuori.txt", repo.join("bozze/fuori.txt")).expect("link");
    symlink("a.txt", repo.join("bozze/dentro.txt")).expect("link");
    symlink("..", repo.join("bozze/su")).expect("link");
    let out = alpost()
        .current_dir(&repo)
        .args(["check", "--format", "concise"])
        .args(["bozze/git.txt", "bozze/fuori.txt", "bozze/su/.git/config"])
        .arg("bozze/dentro.txt")
        .output()
        .expect("runs");
    let all = all_output(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(!all.contains(SECRET), "{all}");
    assert!(
        all.contains("bozze/git.txt: collegamento simbolico che porta dentro `.git`: non letto"),
        "{all}"
    );
    assert!(
        all.contains("bozze/fuori.txt: collegamento simbolico che porta fuori dal repository"),
        "{all}"
    );
    assert!(all.contains("bozze/su/.git/config: collegamento"), "{all}");
    assert!(
        all.contains("bozze/dentro.txt:1:1: errore[style/abbreviation]"),
        "{all}"
    );
    // Outside any repository, a link named on the command line is the user's own, followed
    // as every other command-line tool follows it.
    let loose = top.path().join("sciolti");
    fs::create_dir(&loose).expect("folder");
    symlink("../fuori.txt", loose.join("fuori.txt")).expect("link");
    alpost()
        .current_dir(&loose)
        .args(["check", "--format", "concise", "fuori.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "fuori.txt:1:14: errore[style/abbreviation]",
        ));
}

/// A configuration above the repository root switching privacy off, which a draft with an
/// e-mail address shows (the control: the same configuration obeyed without `.git`).
#[test]
fn configuration_discovery_stops_at_the_repository_root() {
    let top = tempfile::tempdir().expect("temp dir");
    write(top.path(), ".alpost.toml", "ignore = [\"privacy/\"]\n");
    let repo = top.path().join("repo");
    write(&repo, "bozze/a.txt", "Scrivete a mario.rossi@example.it");
    let privacy = |dir: &Path| {
        let out = alpost()
            .current_dir(dir)
            .args(["check", "--format", "json", "bozze"])
            .output()
            .expect("runs");
        let found: Value = serde_json::from_slice(&out.stdout).expect("json");
        found.as_array().into_iter().flatten().any(|f| {
            f["rule"]
                .as_str()
                .is_some_and(|r| r.starts_with("privacy/"))
        })
    };
    assert!(
        !privacy(&repo),
        "outside a repository every ancestor counts"
    );
    fs::create_dir(repo.join(".git")).expect("repository");
    assert!(
        privacy(&repo),
        "the configuration above the repository is ignored"
    );
    // A `.git` file (a worktree, a submodule) marks a root too.
    fs::remove_dir(repo.join(".git")).expect("removed");
    fs::write(repo.join(".git"), "gitdir: /elsewhere\n").expect("worktree");
    assert!(privacy(&repo));
}

#[cfg(unix)]
#[test]
fn a_configuration_or_pack_others_could_write_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::create_dir(root.join(".git")).expect("repository");
    write(root, "a.txt", "Cmq ciao");
    let config = write(root, ".alpost.toml", "ignore = [\"style/\"]\n");
    let check = || {
        alpost()
            .current_dir(root)
            .args(["check", "--format", "concise", "a.txt"])
            .output()
            .expect("runs")
    };
    assert_eq!(check().status.code(), Some(0), "obeyed while trusted");
    chmod(&config, 0o646);
    let out = check();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(".alpost.toml:0:0: configurazione rifiutata: chiunque può modificare il file (permessi 646)"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    chmod(&config, 0o644);
    // Another owner, and a group-writable file of a group that is not the owner's own: these
    // need root to arrange.
    use std::os::unix::fs::chown;
    if chown(&config, Some(65534), None).is_ok() {
        let stderr = String::from_utf8_lossy(&check().stderr).into_owned();
        assert!(
            stderr.contains("configurazione rifiutata: il file è di un altro utente (uid 65534)"),
            "{stderr}"
        );
        chown(&config, Some(0), Some(1)).expect("back to root, group 1");
        chmod(&config, 0o664);
        let stderr = String::from_utf8_lossy(&check().stderr).into_owned();
        assert!(
            stderr.contains("anche altri utenti del gruppo (gid 1)"),
            "{stderr}"
        );
        chmod(&config, 0o644);
    } else {
        eprintln!("skipped: changing a file's owner needs root");
    }
    assert_eq!(check().status.code(), Some(0));
    // A pack, from the command line or the configuration, is held to the same rule.
    let pack = write(
        root,
        "regole/ufficio.toml",
        "[[rule]]\nid = \"office/x\"\ncheck = \"lexicon\"\nlevel = \"error\"\nmessage = \"x\"\n\
         policy = \"p\"\ndescription = \"d\"\nterms = [{ find = \"ciao\" }]\n",
    );
    chmod(&pack, 0o666);
    let out = alpost()
        .current_dir(root)
        .args(["check", "--no-config", "--rules", "regole", "a.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "regole/ufficio.toml:0:0: pacchetto di regole rifiutato: chiunque può modificare"
        ),
        "{out:?}"
    );
}

#[cfg(unix)]
#[test]
fn the_packs_of_a_configuration_stay_inside_its_repository() {
    let top = tempfile::tempdir().expect("temp dir");
    let repo = top.path().join("repo");
    fs::create_dir_all(repo.join(".git")).expect("repository");
    write(&repo, "a.txt", "Cmq ciao");
    write(top.path(), "altrove/x.toml", "");
    write(&repo, ".alpost.toml", "packs = [\"../altrove\"]\n");
    let out = alpost()
        .current_dir(&repo)
        .args(["check", "a.txt"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(".alpost.toml:1:11: packs: `../altrove` è fuori dal repository"),
        "{stderr}"
    );
    // Nor through a link inside the repository.
    std::os::unix::fs::symlink("../altrove/x.toml", {
        fs::create_dir(repo.join("regole")).expect("folder");
        repo.join("regole/x.toml")
    })
    .expect("link");
    write(&repo, ".alpost.toml", "packs = [\"regole\"]\n");
    let out = alpost()
        .current_dir(&repo)
        .args(["check", "a.txt"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("regole/x.toml:0:0: pacchetto di regole rifiutato: è un collegamento"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_owner_group_mode_and_hard_links() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let draft = write(dir.path(), "d.txt", "Cmq ciao x tutti");
    fs::hard_link(&draft, dir.path().join("altro-nome.txt")).expect("hard link");
    chmod(&draft, 0o640);
    let owned = std::os::unix::fs::chown(&draft, Some(65534), Some(65534)).is_ok();
    if !owned {
        eprintln!("skipped: giving the draft another owner needs root");
    }
    let before = fs::metadata(&draft).expect("meta");
    alpost()
        .current_dir(dir.path())
        .args(["check", "--fix", "--format", "concise", "d.txt"])
        .assert()
        .code(0);
    let after = fs::metadata(&draft).expect("meta");
    assert_eq!(
        fs::read_to_string(&draft).expect("read"),
        "Comunque ciao per tutti"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("altro-nome.txt")).expect("read"),
        "Comunque ciao per tutti",
        "the other name of the file is fixed too"
    );
    assert_eq!(after.nlink(), 2);
    assert_eq!(after.ino(), before.ino());
    assert_eq!(mode(&draft), 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    // A file with one name is replaced atomically, as it was, with nothing left beside it.
    let single = write(dir.path(), "s.txt", "Cmq ciao");
    chmod(&single, 0o604);
    if owned {
        std::os::unix::fs::chown(&single, Some(65534), Some(65534)).expect("chown");
    }
    let before = fs::metadata(&single).expect("meta");
    alpost()
        .current_dir(dir.path())
        .args(["check", "--fix", "s.txt"])
        .assert()
        .code(0);
    let after = fs::metadata(&single).expect("meta");
    assert_eq!(mode(&single), 0o604);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    let left: Vec<_> = fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".alpost-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[cfg(unix)]
#[test]
fn fix_on_a_link_fixes_its_target_and_keeps_the_link() {
    use std::os::unix::fs::symlink;
    let (_top, repo) = repository();
    write(&repo, "archivio/b.txt", "Cmq grazie");
    symlink("../archivio/b.txt", repo.join("bozze/b.txt")).expect("link");
    alpost()
        .current_dir(&repo)
        .args(["check", "--fix", "--format", "concise", "bozze/b.txt"])
        .assert()
        .code(0);
    assert!(
        fs::symlink_metadata(repo.join("bozze/b.txt"))
            .expect("meta")
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(repo.join("archivio/b.txt")).expect("read"),
        "Comunque grazie"
    );
    // A link out of the repository is neither read nor fixed.
    symlink("../../fuori.txt", repo.join("bozze/f.txt")).expect("link");
    let before = fs::read_to_string(repo.join("../fuori.txt")).expect("read");
    alpost()
        .current_dir(&repo)
        .args(["check", "--fix", "bozze/f.txt"])
        .assert()
        .code(2);
    assert_eq!(
        fs::read_to_string(repo.join("../fuori.txt")).expect("read"),
        before
    );
}

/// Root may write every file, so the refusal of a file the user may not write is shown by a
/// user who may not: when the tests run as root and `setpriv` is there, as `nobody`.
#[cfg(unix)]
#[test]
fn fix_refuses_a_file_the_user_may_not_write_in_a_folder_they_may() {
    if !is_root() || !Path::new("/usr/bin/setpriv").exists() {
        eprintln!("skipped: needs root and setpriv to run alpost as another user");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    chmod(dir.path(), 0o777);
    let theirs = write(dir.path(), "loro.txt", "Cmq ciao");
    chmod(&theirs, 0o644);
    let mine = write(dir.path(), "mia.txt", "Cmq ciao");
    std::os::unix::fs::chown(&mine, Some(65534), Some(65534)).expect("chown");
    let binary = assert_cmd::cargo::cargo_bin("alpost");
    let out = std::process::Command::new("/usr/bin/setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&binary)
        .args(["check", "--fix", "--no-config", "loro.txt", "mia.txt"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("Permission denied") && !stderr.contains("loro.txt") {
        eprintln!("skipped: nobody cannot run the test binary here: {stderr}");
        return;
    }
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr
            .contains("loro.txt: non hai il permesso di scrivere il file: correzioni non scritte"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&theirs).expect("read"), "Cmq ciao");
    assert_eq!(fs::read_to_string(&mine).expect("read"), "Comunque ciao");
}

#[test]
fn an_edit_saved_since_the_read_is_not_overwritten() {
    // The binary reads and writes a draft within microseconds, with no moment a test could
    // reliably edit it in between: the writing step it uses is driven here with the stamp
    // of the text it read, then an edit of the same size.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "d.txt", "Cmq ciao");
    let alpost::inputs::Loaded::Draft(source) =
        alpost::inputs::read_draft(&alpost::inputs::Input::File(path.clone()), 1 << 20)
            .expect("reads")
    else {
        panic!("a draft");
    };
    let stamp = source.file.clone().expect("a file");
    fs::write(&path, "Cmq cia0").expect("edit");
    let err = alpost::write::fix_file(&path, None, &stamp, b"Cmq ciao", b"Comunque ciao")
        .expect_err("changed");
    assert!(err.to_string().contains("il file è cambiato"), "{err}");
    assert_eq!(fs::read_to_string(&path).expect("read"), "Cmq cia0");
}

#[cfg(unix)]
#[test]
fn outputs_are_written_through_devices_and_links_and_never_over_an_input() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "bozze/a.txt", "Cmq ciao");
    // A device stays a device (root could otherwise rename a file over `/dev/null`).
    alpost()
        .current_dir(root)
        .args(["check", "bozze", "-o", "/dev/null", "--write-baseline"])
        .arg("/dev/null")
        .assert()
        .code(0);
    assert!(
        fs::metadata("/dev/null")
            .expect("meta")
            .file_type()
            .is_char_device()
    );
    // `/dev/stdout` is standard output, whatever it is.
    alpost()
        .current_dir(root)
        .args(["check", "--format", "concise", "bozze", "-o", "/dev/stdout"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("bozze/a.txt:1:1: error"));
    // A link to the report stays a link, and the report is where it leads.
    fs::create_dir(root.join("rapporti")).expect("folder");
    std::os::unix::fs::symlink("rapporti/ultimo.json", root.join("report.json")).expect("link");
    alpost()
        .current_dir(root)
        .args(["check", "--format", "json", "bozze", "-o", "report.json"])
        .assert()
        .code(1);
    assert!(
        fs::symlink_metadata(root.join("report.json"))
            .expect("meta")
            .is_symlink()
    );
    let report: Value =
        serde_json::from_str(&fs::read_to_string(root.join("rapporti/ultimo.json")).expect("read"))
            .expect("json");
    assert!(report.as_array().is_some_and(|a| !a.is_empty()));
    // A report replaced keeps its mode, whatever the umask.
    chmod(&root.join("rapporti/ultimo.json"), 0o660);
    alpost()
        .current_dir(root)
        .args(["check", "--format", "json", "bozze", "-o", "report.json"])
        .assert()
        .code(1);
    assert_eq!(mode(&root.join("rapporti/ultimo.json")), 0o660);
    // A draft named, walked or read as the baseline is never replaced by a report.
    for (args, input) in [
        (vec!["bozze/a.txt", "-o", "bozze/a.txt"], "bozze/a.txt"),
        (vec!["bozze", "-o", "bozze/a.txt"], "bozze/a.txt"),
        (
            vec!["bozze", "--write-baseline", "bozze/a.txt"],
            "bozze/a.txt",
        ),
        (vec!["bozze", "--fix", "-o", "./bozze/a.txt"], "bozze/a.txt"),
    ] {
        let out = alpost()
            .current_dir(root)
            .arg("check")
            .args(&args)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("è anche uno dei file letti"), "{stderr}");
        let text = fs::read_to_string(root.join(input)).expect("read");
        assert!(text.ends_with("ciao"), "{args:?}: {text}");
    }
    write(root, "base.json", "{\"version\": 1, \"findings\": []}");
    alpost()
        .current_dir(root)
        .args([
            "check",
            "bozze",
            "--baseline",
            "base.json",
            "-o",
            "base.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "è anche uno dei file letti (base.json)",
        ));
    alpost()
        .current_dir(root)
        .args([
            "check",
            "bozze",
            "-o",
            "x.json",
            "--write-baseline",
            "./x.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("indicano lo stesso file"));
    let left: Vec<_> = fs::read_dir(root.join("bozze"))
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn inbox_outputs_never_replace_an_export() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line = serde_json::json!({
        "id": "1", "author": "x", "is_page": false,
        "created_at": "2027-03-12T10:00:00+01:00", "text": "Buongiorno",
    })
    .to_string();
    let export = write(dir.path(), "export.jsonl", &line);
    for flag in ["-o", "--summary-json"] {
        alpost()
            .current_dir(dir.path())
            .args([
                "inbox",
                "--no-config",
                "export.jsonl",
                flag,
                "./export.jsonl",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("è anche uno dei file letti"));
        assert_eq!(fs::read_to_string(&export).expect("read"), line);
    }
    alpost()
        .current_dir(dir.path())
        .args(["inbox", "--no-config", "export.jsonl", "-o", "a.txt"])
        .args(["--summary-json", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("indicano lo stesso file"));
}

#[cfg(unix)]
#[test]
fn a_terminated_run_leaves_no_temporary_file() {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let binary = assert_cmd::cargo::cargo_bin("alpost");
    for signal in ["TERM", "INT", "HUP"] {
        // Standard input kept open: the run waits on it with the report's temporary file open.
        let mut child = std::process::Command::new(&binary)
            .args(["check", "-", "-o", "report.txt"])
            .current_dir(dir.path())
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("starts");
        let temporary = || {
            fs::read_dir(dir.path())
                .expect("list")
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(".alpost-"))
                .count()
        };
        let mut polls = 0;
        while temporary() == 0 {
            polls += 1;
            assert!(polls < 6000, "the temporary file never appeared");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        // Kept open until the run has ended: `wait` would close it, and the run would then
        // finish its report, racing the signal.
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(b"Cmq ").expect("half a draft");
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let status = child.wait().expect("ends");
        drop(stdin);
        assert_eq!(temporary(), 0, "{signal}");
        assert!(!dir.path().join("report.txt").exists(), "{signal}");
        // Ended by the signal, as a shell expects of a program that was terminated.
        assert!(status.signal().is_some(), "{signal}: {status:?}");
    }
}

/// A file name is text an attacker chooses: it must not start a line of its own in any
/// format (GitHub Actions obeys `::error …` on any line of the log), nor reach the terminal
/// as an escape sequence.
#[cfg(unix)]
#[test]
fn names_with_line_breaks_and_escapes_start_no_line_in_any_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "a\n::error file=x::iniettato\r\u{1b}[2J.txt";
    write(dir.path(), name, "Cmq ciao");
    write(dir.path(), "binario\n::warning::x.txt", b"\0\0");
    for format in [
        "concise", "human", "json", "sarif", "github", "gitlab", "junit",
    ] {
        let out = alpost()
            .current_dir(dir.path())
            .args(["check", "--color", "never", "--format", format, "."])
            .output()
            .expect("runs");
        let all = all_output(&out);
        for line in all.lines() {
            assert!(
                !line.starts_with("::error file=x") && !line.starts_with("::warning::x"),
                "{format}: {line}"
            );
        }
        assert!(!all.contains('\u{1b}'), "{format}: {all:?}");
        assert!(!all.contains('\r'), "{format}: {all:?}");
        assert!(all.contains("iniettato"), "{format}: the file is reported");
    }
    // JSON keeps the real name, escaped as JSON escapes it.
    let out = alpost()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .expect("runs");
    let found: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        found
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f["path"] == format!("./{name}"))
    );
    let concise = alpost()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "."])
        .output()
        .expect("runs");
    assert!(
        String::from_utf8_lossy(&concise.stdout)
            .contains("./a\\n::error file=x::iniettato\\r\\u{1b}[2J.txt:1:1: error"),
        "{concise:?}"
    );
}

#[test]
fn comment_ids_with_line_breaks_start_no_line_in_any_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line = serde_json::json!({
        "id": "1\n::error file=x::iniettato\u{1b}[2J", "author": "x", "is_page": false,
        "created_at": "2027-03-12T10:00:00+01:00", "text": "Scrivete a mario.rossi@example.it",
    })
    .to_string();
    write(dir.path(), "export.jsonl", format!("{line}\n{line}\n"));
    for format in [
        "concise", "human", "json", "sarif", "github", "gitlab", "junit",
    ] {
        let out = alpost()
            .current_dir(dir.path())
            .args([
                "inbox",
                "--no-config",
                "--color",
                "never",
                "--format",
                format,
            ])
            .args(["--now", "2027-03-15T10:00:00+01:00", "export.jsonl"])
            .output()
            .expect("runs");
        let all = all_output(&out);
        assert!(all.contains("iniettato"), "{format}: {all}");
        for line in all.lines() {
            assert!(!line.starts_with("::error file=x"), "{format}: {line}");
        }
        assert!(!all.contains('\u{1b}'), "{format}: {all:?}");
    }
}

#[test]
fn utf16_drafts_with_a_byte_order_mark_are_checked_and_fixed_in_utf16() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "+++\r\nkind = \"reply\"\r\n+++\r\nCmq grazie";
    let little: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let big: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    write(dir.path(), "le.txt", &little);
    write(dir.path(), "be.txt", &big);
    let out = alpost()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "le.txt", "be.txt"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    for name in ["le.txt", "be.txt"] {
        // The front matter is read: the reply's missing greeting, on the fourth line.
        assert!(
            stdout.contains(&format!("{name}:4:1: errore[style/abbreviation]")),
            "{stdout}"
        );
        assert!(
            stdout.contains(&format!("{name}:4:1: errore[style/greeting]")),
            "{stdout}"
        );
    }
    alpost()
        .current_dir(dir.path())
        .args(["check", "--fix", "le.txt", "be.txt"])
        .assert()
        .code(1);
    let fixed = text.replace("Cmq", "Comunque");
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(fixed.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(fs::read(dir.path().join("le.txt")).expect("read"), le);
    assert_eq!(
        fs::read(dir.path().join("be.txt")).expect("read")[..2],
        [0xFE, 0xFF]
    );
    // UTF-32, and UTF-16 cut in half, are errors saying what to do.
    write(dir.path(), "u32.txt", [0xFF, 0xFE, 0, 0, b'C', 0, 0, 0]);
    write(dir.path(), "half.txt", [0xFF, 0xFE, b'C', 0, b'i']);
    alpost()
        .current_dir(dir.path())
        .args(["check", "u32.txt", "half.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("u32.txt: testo in UTF-32").and(
            predicate::str::contains("half.txt: UTF-16 non valido al byte 4"),
        ));
}

#[test]
fn lone_carriage_returns_are_line_ends() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "+++\rkind = \"reply\"\r+++\rBuongiorno,\rcmq grazie";
    write(dir.path(), "mac.txt", text);
    let out = alpost()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "mac.txt"])
        .output()
        .expect("runs");
    let found: Value = serde_json::from_slice(&out.stdout).expect("json");
    let abbreviation = found
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["rule"] == "style/abbreviation")
        .expect("found");
    assert_eq!(
        (&abbreviation["line"], &abbreviation["column"]),
        (&5.into(), &1.into())
    );
    assert_eq!(
        &text[abbreviation["byte_start"].as_u64().unwrap_or_default() as usize..][..3],
        "cmq"
    );
    // The reply opens with a greeting: the front matter was read.
    assert!(
        found
            .as_array()
            .into_iter()
            .flatten()
            .all(|f| f["rule"] != "style/greeting")
    );
    alpost()
        .current_dir(dir.path())
        .args(["check", "--fix", "mac.txt"])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("mac.txt")).expect("read"),
        text.replace("cmq", "comunque")
    );
}

#[test]
fn a_one_line_graph_export_that_does_not_parse_is_a_json_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "graph.json",
        "{\"data\": [{\"id\": \"1\", \"message\": \"x\",}], \"paging\": {}}\n",
    );
    alpost()
        .current_dir(dir.path())
        .args(["inbox", "--no-config", "--page-id", "9", "graph.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "graph.json: riga 1, colonna 38: JSON non valido: trailing comma",
        ));
}

#[test]
fn no_format_offers_a_fix_that_opens_front_matter() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "d.txt",
        "Si comunica che +++\nkind = \"reply\"\n+++\ncmq",
    );
    let json = alpost()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "d.txt"])
        .output()
        .expect("runs");
    let found: Value = serde_json::from_slice(&json.stdout).expect("json");
    let found = found.as_array().cloned().unwrap_or_default();
    let first_line: Vec<&Value> = found.iter().filter(|f| f["line"] == 1).collect();
    assert!(!first_line.is_empty(), "{found:?}");
    assert!(
        first_line.iter().all(|f| f["fix"].is_null()),
        "{first_line:?}"
    );
    // The fix further down is still offered.
    assert!(found.iter().any(|f| f["line"] == 4 && !f["fix"].is_null()));
    let sarif = alpost()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "d.txt"])
        .output()
        .expect("runs");
    let log: Value = serde_json::from_slice(&sarif.stdout).expect("sarif");
    let results = log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for result in &results {
        let line = &result["locations"][0]["physicalLocation"]["region"]["startLine"];
        assert!(line != 1 || result.get("fixes").is_none(), "{result}");
    }
    assert!(results.iter().any(|r| r.get("fixes").is_some()));
}
