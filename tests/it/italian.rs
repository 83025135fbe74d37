//! Everything a writer reads is Italian: help, usage errors, the manual page, the labels of
//! the text formats, the summary, I/O errors, and the wording of the messages that read
//! badly before.

use std::path::Path;

use crate::support::alpost;

/// What clap writes in English when it is left to itself.
const CLAP_ENGLISH: &[&str] = &[
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "Print help",
    "Print version",
    "Print this message",
    "[default:",
    "[possible values:",
    "Possible values:",
    "[OPTIONS]",
    "COMMAND",
    "error:",
    "tip:",
    "For more information",
];

fn assert_italian(text: &str, what: &str) {
    for english in CLAP_ENGLISH {
        assert!(!text.contains(english), "{what}: «{english}» in\n{text}");
    }
}

/// Every command's path, `[]` for alpost itself.
fn commands() -> Vec<Vec<String>> {
    let cmd = alpost::usage::command();
    let mut all = vec![vec![]];
    for sub in cmd.get_subcommands() {
        all.push(vec![sub.get_name().to_owned()]);
    }
    all
}

#[test]
fn help_of_every_command_is_italian() {
    // `help` takes no flags: `alpost help check` is its help.
    for path in commands().into_iter().filter(|p| p != &["help"]) {
        for flag in ["-h", "--help"] {
            let out = alpost().args(&path).arg(flag).output().expect("runs");
            let text = String::from_utf8_lossy(&out.stdout);
            assert_eq!(out.status.code(), Some(0), "{path:?} {flag}");
            assert!(text.contains("Uso: alpost"), "{path:?} {flag}:\n{text}");
            assert!(text.contains("Mostra l'aiuto"), "{path:?} {flag}:\n{text}");
            assert_italian(&text, &format!("{path:?} {flag}"));
        }
    }
    let out = alpost().args(["help", "check"]).output().expect("runs");
    assert_italian(&String::from_utf8_lossy(&out.stdout), "help check");
}

#[test]
fn defaults_and_accepted_values_are_written_in_italian() {
    // The help is wrapped at the terminal's width: words, not lines, are compared.
    let words = |text: &[u8]| {
        String::from_utf8_lossy(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let out = alpost().args(["check", "-h"]).output().expect("runs");
    let text = words(&out.stdout);
    assert!(text.contains("[predefinito: human]"), "{text}");
    assert!(text.contains("[valori: auto, always, never]"), "{text}");
    let out = alpost().args(["check", "--help"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Valori possibili:\n"));
    let text = words(&out.stdout);
    assert!(
        text.contains("- concise: Una riga per segnalazione"),
        "{text}"
    );
}

#[test]
fn usage_errors_are_italian_with_usage_and_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["check", "--bogus"],
            "errore: opzione sconosciuta «--bogus»",
        ),
        (
            &["chek"],
            "errore: comando sconosciuto «chek»\n  forse «check»?",
        ),
        (
            &["check", "--format", "xml"],
            "errore: valore «xml» non valido per --format <FORMATO>\n  valori possibili: human, concise",
        ),
        (&["check", "--format", "consise"], "forse «concise»?"),
        (
            &["explain"],
            "errore: manca un argomento obbligatorio: <ID>",
        ),
        (
            &["check", "--fix", "--diff"],
            "errore: --fix non si può usare insieme a --diff",
        ),
        (
            &["check", "--format"],
            "errore: --format <FORMATO> vuole un valore",
        ),
        (
            &["completions", "bash", "zsh"],
            "errore: argomento inatteso «zsh»",
        ),
    ];
    for (args, expected) in cases {
        let out = alpost().args(*args).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            err.contains(expected),
            "{args:?}: expected «{expected}» in\n{err}"
        );
        assert!(
            err.ends_with("Per saperne di più, aggiungi --help.\n"),
            "{args:?}: {err}"
        );
        assert_italian(&err, &format!("{args:?}"));
    }
    let out = alpost().args(["check", "--bogus"]).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\n\nUso: alpost check [OPZIONI] [PERCORSO]...\n"),
        "{err}"
    );
}

#[test]
fn alpost_alone_prints_the_help_as_a_usage_error() {
    let out = alpost().output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Comandi:"), "{err}");
    assert_italian(&err, "alpost");
}

#[test]
fn version_is_printed_on_its_own_line() {
    let out = alpost().arg("--version").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("alpost {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn manual_pages_are_italian() {
    for path in commands().into_iter().filter(|p| p != &["help"]) {
        let out = alpost().arg("man").args(&path).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "man {path:?}");
        let page = String::from_utf8_lossy(&out.stdout);
        for title in [
            ".SH NOME\n",
            ".SH SINTASSI\n",
            ".SH DESCRIZIONE\n",
            ".SH OPZIONI\n",
        ] {
            assert!(page.contains(title), "man {path:?}: no {title}\n{page}");
        }
        for english in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "SUBCOMMANDS",
            "VERSION",
        ] {
            let title = format!(".SH {english}");
            assert!(!page.lines().any(|l| l == title), "man {path:?}: {english}");
        }
        assert_italian(&page, &format!("man {path:?}"));
    }
}

fn draft(dir: &Path, name: &str, text: &str) -> String {
    std::fs::write(dir.join(name), text).expect("draft written");
    dir.join(name).display().to_string()
}

fn check(args: &[&str]) -> (String, String, Option<i32>) {
    let out = alpost()
        .arg("check")
        .args(["--no-config", "--color", "never"])
        .args(args)
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn labels_are_italian_in_the_text_formats_and_english_in_the_machine_ones() {
    let dir = tempfile::tempdir().expect("temp folder");
    let path = draft(dir.path(), "a.txt", "Cmq ciao, il parco chiude.\n");
    let (human, _, _) = check(&[&path]);
    assert!(
        human.contains("errore[style/abbreviation]: «Cmq»"),
        "{human}"
    );
    assert!(
        human.contains("= aiuto: sostituisci con «Comunque»"),
        "{human}"
    );
    assert!(human.contains("nota[content/image]"), "{human}");
    assert!(
        !human.contains("error[") && !human.contains("help:"),
        "{human}"
    );
    let (concise, _, _) = check(&["--format", "concise", &path]);
    assert!(
        concise.contains(":1:1: errore[style/abbreviation] «Cmq»"),
        "{concise}"
    );
    let (json, _, _) = check(&["--format", "json", &path]);
    assert!(json.contains("\"level\":\"error\""), "{json}");
    let (github, _, _) = check(&["--format", "github", &path]);
    assert!(github.contains("\n::error file="), "{github}");
    assert!(github.starts_with("::notice "), "{github}");
}

#[test]
fn a_draft_that_cannot_be_read_is_not_a_clean_run() {
    let dir = tempfile::tempdir().expect("temp folder");
    let missing = dir.path().join("manca.txt").display().to_string();
    let (out, err, code) = check(&[&missing]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("manca.txt: file o cartella inesistente"),
        "{err}"
    );
    assert!(err.starts_with("errore: "), "{err}");
    assert!(!out.contains("Nessun problema trovato"), "{out}");
    assert_eq!(
        out,
        "Nessun file controllato. 1 file non è stato letto: vedi gli errori sopra.\n"
    );
    let good = draft(dir.path(), "b.txt", "Il parco chiude alle 18.\n");
    let (out, _, _) = check(&["--select", "style/", &good, &missing]);
    assert!(
        out.ends_with(
            "Nessun problema nei file letti (1 file controllato). 1 file non è stato letto: \
             vedi gli errori sopra.\n"
        ),
        "{out}"
    );
    // Not green: the line is red, as for errors.
    let out = alpost()
        .args(["check", "--no-config", "--color", "always", &good, &missing])
        .args(["--select", "style/"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let summary = text.lines().last().unwrap_or_default();
    assert!(summary.starts_with("\u{1b}[1;31m"), "{summary:?}");
}

#[test]
fn fix_says_how_many_were_fixed_and_how_many_remain() {
    let dir = tempfile::tempdir().expect("temp folder");
    let path = draft(
        dir.path(),
        "a.txt",
        "Cmq ciao x tutti, nn mancate. Si comunica che il mercato è sospeso.\n",
    );
    let (out, _, code) = check(&["--fix", &path]);
    assert_eq!(code, Some(0), "{out}");
    let last = out.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "Corrette 4 segnalazioni; ne resta 1 in 1 file controllato: 0 errori, 0 avvisi, 1 nota."
    );
    // Nothing left to fix: the usual line, without a count of zero.
    let (out, _, _) = check(&["--fix", &path]);
    let last = out.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "1 segnalazione in 1 file controllato: 0 errori, 0 avvisi, 1 nota."
    );
    let clean = draft(
        dir.path(),
        "b.txt",
        "+++\n[[images]]\nfile = \"a.jpg\"\nalt = \"Il parco del Castello con le giostre\"\ncredit = \"Comune\"\n+++\n\
         Cmq il parco chiude alle 18.\n",
    );
    let (out, _, _) = check(&["--fix", &clean]);
    assert_eq!(
        out.lines().last().unwrap_or_default(),
        "Corretta 1 segnalazione, nessuna rimasta (1 file controllato)."
    );
}

fn messages(text: &str) -> String {
    let dir = tempfile::tempdir().expect("temp folder");
    let path = draft(dir.path(), "a.txt", text);
    check(&["--format", "concise", &path]).0
}

#[test]
fn advice_is_not_followed_by_an_article() {
    let out = messages("Il Comune provvederà al ripristino della strada.\n");
    assert!(
        out.contains(
            "«provvederà al» è linguaggio burocratico: scrivi «il verbo diretto (pagare, \
             verificare…)»\n"
        ),
        "{out}"
    );
    let out = messages("Il Comune provvederà allo sgombero della neve.\n");
    assert!(
        out.contains("scrivi «il verbo diretto (pagare, verificare…)»\n"),
        "{out}"
    );
}

#[test]
fn an_elided_article_is_quoted_with_its_word() {
    let out = messages("Il parco chiude in ottemperanza all'ordinanza del sindaco.\n");
    assert!(
        out.contains(
            "«in ottemperanza all'ordinanza» è linguaggio burocratico: scrivi «secondo \
             l'ordinanza»"
        ),
        "{out}"
    );
    let out = messages("In ottemperanza alla normativa il parco chiude.\n");
    assert!(
        out.contains("«In ottemperanza alla normativa» è linguaggio burocratico: scrivi «Secondo la normativa»"),
        "{out}"
    );
}

#[test]
fn platforms_are_named_as_their_owners_spell_them() {
    let long = "parola ".repeat(50);
    let out = messages(&format!("+++\nplatform = \"x\"\n+++\n{long}\n"));
    assert!(out.contains("supera il limite di X (280)"), "{out}");
    let out = messages("Il parco chiude #a #b #c #d #e #f #g #h #i #l.\n");
    assert!(out.contains("10 hashtag: su Facebook ne bastano"), "{out}");
    let out = messages(&format!("+++\nplatform = \"linkedin\"\n+++\n{long}\n"));
    assert!(!out.contains("linkedin"), "{out}");
}

#[test]
fn one_word_in_capitals_is_one_word() {
    let out = messages("ATTENZIONE il parco chiude.\n");
    assert!(out.contains("parola in maiuscolo «ATTENZIONE»"), "{out}");
    let out = messages("Il parco CHIUDE PRESTO oggi.\n");
    assert!(out.contains("parole in maiuscolo «CHIUDE PRESTO»"), "{out}");
}

#[test]
fn io_errors_are_italian() {
    let dir = tempfile::tempdir().expect("temp folder");
    let path = draft(dir.path(), "a.txt", "Il parco chiude.\n");
    let report = dir.path().join("manca").join("out.txt");
    let report = report.display().to_string();
    let (_, err, code) = check(&["-o", &report, &path]);
    assert_eq!(code, Some(2));
    assert!(err.starts_with("errore: impossibile scrivere "), "{err}");
    assert!(
        !err.contains("os error") && !err.contains("No such file"),
        "{err}"
    );
    let (_, err, _) = check(&["--baseline", &report, &path]);
    assert!(
        err.contains("impossibile leggere la baseline: non esiste"),
        "{err}"
    );
    std::fs::write(dir.path().join("b.txt"), b"ciao \xff\n").expect("written");
    let (_, err, _) = check(&[&dir.path().join("b.txt").display().to_string()]);
    assert!(
        err.contains("UTF-8 non valido al byte 5: salva la bozza in UTF-8"),
        "{err}"
    );
}
