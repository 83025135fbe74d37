//! Style and concision rules through the binary: the places and numbers a writer reads.

use serde_json::Value;

use crate::support::alpost;

/// Each format's line and column of every finding, as `(rule, line, column)`.
fn positions(format: &str, out: &str) -> Vec<(String, u64, u64)> {
    let number = |s: &str| s.parse::<u64>().expect("a number");
    match format {
        "json" => serde_json::from_str::<Vec<Value>>(out)
            .expect("json")
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap_or_default().to_owned(),
                    f["line"].as_u64().unwrap_or_default(),
                    f["column"].as_u64().unwrap_or_default(),
                )
            })
            .collect(),
        "concise" => out
            .lines()
            .filter_map(|l| {
                let (place, rest) = l.split_once(": ")?;
                let mut parts = place.rsplitn(3, ':');
                let column = number(parts.next()?);
                let line = number(parts.next()?);
                let rule = rest.split_once('[')?.1.split_once(']')?.0.to_owned();
                Some((rule, line, column))
            })
            .collect(),
        "human" => {
            let mut found = Vec::new();
            let mut rule = String::new();
            for l in out.lines() {
                if let Some((_, r)) = l.split_once('[')
                    && let Some((r, _)) = r.split_once("]:")
                {
                    rule = r.to_owned();
                }
                if let Some((_, place)) = l.split_once("--> ") {
                    let mut parts = place.rsplitn(3, ':');
                    let column = number(parts.next().unwrap_or_default());
                    let line = number(parts.next().unwrap_or_default());
                    found.push((rule.clone(), line, column));
                }
            }
            found
        }
        "github" => out
            .lines()
            .filter_map(|l| {
                let field = |name: &str| {
                    l.split([',', ' '])
                        .find_map(|p| p.strip_prefix(name))
                        .map(number)
                };
                let title = l.split_once("title=alpost ")?.1;
                let rule = title.split_once("::")?.0.to_owned();
                Some((rule, field("line=")?, field("col=")?))
            })
            .collect(),
        _ => unreachable!("format {format}"),
    }
}

/// A post written as one long paragraph: findings far into its line are where `concise`
/// says, in every format.
#[test]
fn columns_deep_in_a_long_line_agree_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lungo.txt");
    let body = format!(
        "Riga uno.\nRiga due.\nRiga tre.\nRiga quattro.\n{}cmq fine della riga {}xké.\n",
        "parola ".repeat(54),
        "altro ".repeat(20)
    );
    std::fs::write(&path, body).expect("write");
    let run = |format: &str| {
        let out = alpost()
            .args([
                "check",
                "--format",
                format,
                "--kind",
                "post",
                "--platform",
                "facebook",
            ])
            .arg(&path)
            .output()
            .expect("runs");
        let all = positions(format, &String::from_utf8_lossy(&out.stdout));
        all.into_iter()
            .filter(|(rule, _, _)| rule == "style/abbreviation")
            .collect::<Vec<_>>()
    };
    let concise = run("concise");
    assert_eq!(
        concise,
        [
            ("style/abbreviation".to_owned(), 5, 379),
            ("style/abbreviation".to_owned(), 5, 519)
        ]
    );
    for format in ["human", "json", "github"] {
        assert_eq!(run(format), concise, "{format}");
    }
}

/// The length of a post on X, as a JSON finding's message says it, or `None` without one.
fn x_length(body: &str) -> Option<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("post.txt");
    std::fs::write(&path, body).expect("write");
    let out = alpost()
        .args(["check", "--format", "json", "--platform", "x"])
        .arg(&path)
        .output()
        .expect("runs");
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    findings
        .iter()
        .find(|f| f["rule"] == "concise/length")
        .map(|f| f["message"].as_str().unwrap_or_default().to_owned())
}

/// A post of exactly 280 weighted characters fits on X however many line ends and blanks the
/// file ends with; one more character does not, and is counted as 281.
#[test]
fn trailing_line_ends_and_blanks_are_not_part_of_the_post() {
    // «è» weighs 1, «€» 2: 270 + 2 × 5 = 280.
    let post = format!("{}{}", "è".repeat(270), "€".repeat(5));
    for tail in ["", "\n", "\r\n", "\n\n", "  \n", "\t \n\n "] {
        assert_eq!(x_length(&format!("{post}{tail}")), None, "{tail:?}");
    }
    let longer = x_length(&format!("{post}a\n")).expect("281 is over the limit");
    assert!(longer.starts_with("testo di 281 caratteri"), "{longer}");
    // White space inside the post still counts.
    let inside = x_length(&format!("{post}\n\na")).expect("283 is over the limit");
    assert!(inside.starts_with("testo di 283 caratteri"), "{inside}");
}

/// The rules that fire on `body`, as the binary reports them in JSON, with the text found.
fn found(body: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bozza.txt");
    std::fs::write(&path, body).expect("write");
    let out = alpost()
        .args(["check", "--format", "json", "--platform", "facebook"])
        .arg(&path)
        .output()
        .expect("runs");
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    findings
        .iter()
        .map(|f| {
            let bytes = |k: &str| f[k].as_u64().unwrap_or_default() as usize;
            let text = body
                .get(bytes("byte_start")..bytes("byte_end"))
                .unwrap_or_default();
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                text.to_owned(),
            )
        })
        .collect()
}

/// A municipal post full of acronyms, codes, a promo code and a date in capitals: the only
/// shouting is the heading, and no acronym is taken for a chat abbreviation.
#[test]
fn an_institutional_post_keeps_its_acronyms() {
    let body = "AVVISO IMPORTANTE PER I CONTRIBUENTI\n\
        Il saldo IMU per box e autorimesse di categoria C6 scade il 16 DICEMBRE 2026. \
        La variante al PRG è online; per i bambini chiedete al PLS. Codice ATECO e canone \
        COSAP sul sito; la SCS Il Sorriso gestisce lo sportello. Al mercato sconto con il \
        codice FESTA20. Misure del posto auto: 2,5m x 5,0m, larghezza x altezza.\n";
    let found = found(body);
    let rules = |rule: &str| -> Vec<&str> {
        found
            .iter()
            .filter(|(r, _)| r == rule)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert_eq!(
        rules("style/shouting"),
        ["AVVISO IMPORTANTE PER I CONTRIBUENTI"]
    );
    assert!(rules("style/abbreviation").is_empty(), "{found:?}");
}

/// `--fix` leaves acronyms in capitals as written and expands the chat abbreviations.
#[test]
fn fix_keeps_acronyms_in_capitals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bozza.txt");
    std::fs::write(
        &path,
        "La variante al PRG e gli immobili C6: cmq x info nn esitate.\n",
    )
    .expect("write");
    alpost()
        .args(["check", "--fix", "--platform", "facebook"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "La variante al PRG e gli immobili C6: comunque per info non esitate.\n"
    );
}

/// A channel named after what describes it is cited by its own name.
#[test]
fn a_source_is_cited_by_the_name_of_its_channel() {
    let cited = found(
        "+++\nsource = \"pagina Facebook Alessandria Segnalazioni\"\n+++\n\
         Alessandria Segnalazioni riporta che domani chiude il ponte Meier.\n",
    );
    assert!(
        !cited.iter().any(|(r, _)| r == "content/attribution"),
        "{cited:?}"
    );
    let uncited = found(
        "+++\nsource = \"pagina Facebook Alessandria Segnalazioni\"\n+++\n\
         Domani chiude il ponte Meier.\n",
    );
    assert!(uncited.iter().any(|(r, _)| r == "content/attribution"));
}

/// A question about how to file a complaint is not one, and an office's phone number is a
/// contact.
#[test]
fn complaints_questions_and_office_phones() {
    let reply = |comment: &str, text: &str| {
        found(&format!(
            "+++\nkind = \"reply\"\nin_reply_to = {comment:?}\n+++\n{text}\n"
        ))
        .into_iter()
        .any(|(rule, _)| rule == "content/complaint")
    };
    let plain = "Buongiorno, ci scusiamo per il disagio.";
    assert!(!reply("Quali dati servono per inoltrare reclamo?", plain));
    assert!(reply("Il lampione non funziona da giorni", plain));
    assert!(!reply(
        "Il lampione non funziona da giorni",
        "Buongiorno, allo 0131 515111 rispondono dalle 9 alle 12."
    ));
}
