//! The office directory through the binary: unlisted contacts of the Comune, typos fixed to the
//! listed contact, and the listed contacts allowed by the privacy rules.

use crate::support::{alpost, read};

fn concise(args: &[&str], draft: &str) -> String {
    let out = alpost()
        .args(["check", "--no-config", "--format", "concise"])
        .args(args)
        .arg("-")
        .write_stdin(draft)
        .output()
        .expect("alpost runs");
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

#[test]
fn an_unlisted_address_of_the_comune_is_masked_and_has_no_fix() {
    let report = concise(
        &["--select", "contacts/"],
        "Scrivete a mario.rossi@comune.alessandria.it per la pratica.\n",
    );
    assert!(report.contains("errore[contacts/directory]"), "{report}");
    assert!(
        !report.contains("mario.rossi"),
        "personal data in full: {report}"
    );
}

#[test]
fn a_typo_of_a_listed_contact_is_fixed_to_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bozza.txt");
    std::fs::write(
        &path,
        "Info allo 0131 515112 o a urp@comune.alessndria.it, orari su https://www.comune.alessandria.it/ur\n",
    )
    .expect("write draft");
    alpost()
        .args(["check", "--no-config", "--fix", "--select", "contacts/"])
        .arg(&path)
        .assert()
        .code(0);
    assert_eq!(
        read(&path),
        "Info allo 0131 515111 o a urp@comune.alessandria.it, orari su https://www.comune.alessandria.it/urp\n"
    );
}

#[test]
fn numbers_that_are_not_the_offices_pass() {
    let report = concise(
        &["--select", "contacts/"],
        "Contributo di 800 euro, € 1.800.000 in tutto; bando n. 0131/2027; la Pro Loco risponde allo 0144 123456, la scuola allo 0131 234567, il numero verde regionale è 800 333 444.\n",
    );
    assert!(report.is_empty(), "{report}");
}

#[test]
fn the_privacy_rules_allow_what_the_directory_lists() {
    // An office pack with a second directory: the on-call mobile of the civil protection.
    let pack = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        pack.path().join("rubrica.toml"),
        r#"[[rule]]
id = "contacts/on-call"
check = "directory"
level = "error"
message = "«{found}» non è in rubrica"
policy = "Rubrica della protezione civile."
description = "La reperibilità della protezione civile."
domains = ["comune.alessandria.it"]
phone_prefixes = ["0131"]
entries = [{ office = "Protezione civile, reperibilità", phone = ["+39 347 000 1234"], email = ["reperibile.protezionecivile@gmail.com"] }]
examples.bad = ["0131 000000"]
examples.good = ["Chiamate il 347 000 1234."]
"#,
    )
    .expect("write pack");
    let pack_dir = pack.path().to_str().expect("UTF-8 path");
    let draft = "In caso di allerta chiamate il 347 000 1234 o scrivete a reperibile.protezionecivile@gmail.com.\n";
    let without = concise(&["--select", "privacy/"], draft);
    assert!(without.contains("privacy/phone"), "{without}");
    assert!(without.contains("privacy/email"), "{without}");
    // The directory lends its contacts while it runs (see the README: a directory switched off
    // with `select` or `ignore` lends nothing), so the whole pack runs here.
    let with = concise(&["--rules", pack_dir], draft);
    assert!(!with.contains("privacy/"), "{with}");
    // Another number is still personal.
    let other = concise(&["--rules", pack_dir], "Chiamate il 347 000 1235.\n");
    assert!(other.contains("privacy/phone"), "{other}");
}
