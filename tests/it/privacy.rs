//! Privacy rules end to end: precision on institutional text, recall on generated values,
//! and the guarantee that no output format ever prints a personal value in full.

use std::sync::LazyLock;

use alpost::lint::Defaults;
use alpost::platform::Kind;
use alpost::rule::{Level, RuleSet};
use proptest::prelude::*;

use crate::support::{alpost, default_rules, lint_text};

static RULES: LazyLock<RuleSet> = LazyLock::new(default_rules);

fn privacy_findings(text: &str, kind: Kind) -> Vec<(String, Level, std::ops::Range<usize>)> {
    let defaults = Defaults {
        kind,
        ..Defaults::default()
    };
    lint_text(&RULES, text, defaults)
        .into_iter()
        .filter(|f| f.rule.starts_with("privacy/"))
        .map(|f| (f.rule, f.level, f.bytes))
        .collect()
}

/// Institutional sentences full of numbers that are not personal data.
const INSTITUTIONAL: &[&str] = &[
    "Le domande vanno presentate entro il 31/01/2027 alle ore 12:00.",
    "Lo sportello è aperto dalle 9.00 alle 12.30 e dalle 14:30 alle 16:30.",
    "Il contributo massimo è di € 2.500,00 per nucleo familiare; il fondo vale 1.250.000 euro.",
    "Approvato con delibera n. 118 del 12/03/2026 e Det. n. 1234 del 2026.",
    "Rif. prot. 12345/2025 e prot. n. 3471234/2026 del 4 aprile.",
    "Gara CIG 8123456789, CUP J31B21001230006, importo a base d'asta € 345.678,90.",
    "CIG 3456789012: procedura aperta per la manutenzione delle strade.",
    "Codice ufficio 3471234567 per la fatturazione elettronica, codice univoco UFXYZ1.",
    "Sede in piazza della Libertà 1, 15121 Alessandria; per la frazione Spinetta 15122.",
    "Ai sensi del D.Lgs. 30 giugno 2003, n. 196 e del Reg. UE 2016/679 (GDPR).",
    "Legge 7 agosto 1990, n. 241, art. 22; D.P.R. 28 dicembre 2000, n. 445.",
    "Per informazioni: urp@comune.alessandria.it, tel. 0131 515111, numero verde 800 123 456.",
    "Comune di Alessandria, C.F. 00429440068; Regione Piemonte P.IVA 02843860012.",
    "Il programma su comune.alessandria.it/eventi/2027/3471234567 e https://www.comune.alessandria.it/bandi?id=4242424242424242",
    "Popolazione residente al 31 dicembre: 90.542 abitanti, 45.123 famiglie.",
    "Orari estivi: 8:30-13:30; chiusura dal 10/08 al 20/08.",
    "Codice avviso pagoPA 3010 0000 0000 1234 57, IUV 01000000000123457.",
    "Il bando prevede 3.471.234.567 euro di investimenti nel triennio 2026-2028.",
    "Sono stati piantati 1234 alberi e posati 4.242 metri di pista ciclabile.",
    "Seduta del Consiglio comunale n. 31 del 2027: ordine del giorno in 12 punti.",
    "Modulo A12 pagina 3 di 10, allegato 3471 del fascicolo 2027/0042.",
    "Il CAP di Valle San Bartolomeo è 15122, quello di Valmadonna 15122.",
    "Parte la campagna vaccinale antinfluenzale: prenota in farmacia.",
    "Nuovi parcheggi per persone con disabilità in piazza Libertà.",
    "La Polizia Locale ha denunciato tre persone per guida in stato di ebbrezza.",
    "Il cittadino può chiedere il contributo allo sportello dei servizi sociali.",
    "Il cittadino che chiede il riconoscimento dell'invalidità si rivolge all'INPS.",
    "Il cittadino può chiedere l'esenzione ticket in farmacia con il certificato medico.",
    "Il sig. Sindaco e la dott.ssa Bianchi hanno inaugurato il nuovo centro. Un uomo è stato arrestato.",
    "Targa commemorativa in via Milano per i 100 anni della Società di mutuo soccorso.",
    "Rapporto 2027 dell'Osservatorio: 345 678 901 accessi in totale, diviso per anno.",
    "Seguici su @Com_Alessandria e #Alessandria2027 per tutte le novità.",
    "Scrivi a info@amag.it o a eventi@cultura.comune.alessandria.it per partecipare.",
];

#[test]
fn institutional_text_yields_no_privacy_finding() {
    for kind in [Kind::Post, Kind::Reply] {
        for text in INSTITUTIONAL {
            let found = privacy_findings(text, kind);
            assert!(found.is_empty(), "{kind:?} {text:?}: {found:?}");
        }
        let all = INSTITUTIONAL.join("\n");
        let found = privacy_findings(&all, kind);
        let shown: Vec<_> = found.iter().map(|(r, _, s)| (r, &all[s.clone()])).collect();
        assert!(found.is_empty(), "{kind:?} whole corpus: {shown:?}");
    }
}

/// A draft with one personal value for every rule, and the values that must never be
/// printed in full, in every form they are written here.
const LEAKY: &str = "+++
kind = \"reply\"
+++
Buongiorno, il signor Rossi (RSSMRA85T10A562S, cellulare 347 123 4567, mario.rossi85@gmail.com)
ha pagato con la carta 4242 4242 4242 4242 dal conto IT60 X054 2811 1010 0000 0123 456.
La ditta individuale, P.IVA 00743110157, con la carta d'identità n. CA00000AA e l'auto targata
AB 123 CD. Il signor Rossi è ricoverato. Codice errato RSSMRA85T10A562T.
";

const SECRETS: &[&str] = &[
    "RSSMRA85T10A562S",
    "RSSMRA85T10A562T",
    "347 123 4567",
    "3471234567",
    "mario.rossi85@gmail.com",
    "4242 4242 4242 4242",
    "4242424242424242",
    "IT60 X054 2811 1010 0000 0123 456",
    "IT60X0542811101000000123456",
    "00743110157",
    "CA00000AA",
    "AB 123 CD",
    "AB123CD",
];

/// The rules the leaky draft must fire, or the test would prove nothing.
const EXPECTED: &[&str] = &[
    "privacy/codice-fiscale",
    "privacy/phone",
    "privacy/email",
    "privacy/card",
    "privacy/iban",
    "privacy/partita-iva",
    "privacy/id-document",
    "privacy/plate",
    "privacy/special-category",
];

#[test]
fn no_output_format_prints_a_personal_value() {
    let rules: Vec<String> = lint_text(&RULES, LEAKY, Defaults::default())
        .into_iter()
        .map(|f| f.rule)
        .collect();
    for id in EXPECTED {
        assert!(
            rules.iter().any(|r| r == id),
            "{id} does not fire: {rules:?}"
        );
    }
    for format in ["human", "concise", "json"] {
        for color in ["never", "always"] {
            let out = alpost()
                .args(["check", "--format", format, "--color", color, "-"])
                .write_stdin(LEAKY)
                .output()
                .expect("runs");
            assert_eq!(out.status.code(), Some(1), "{format}");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stdout.contains("privacy/"), "{format}: {stdout}");
            // Letters and digits only, so no separator or colour code can hide a value.
            let loose = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
            let printed = format!("{stdout}\n{stderr}");
            for secret in SECRETS {
                assert!(
                    !printed.contains(secret),
                    "{format}/{color} prints {secret}:\n{printed}"
                );
                let compact = loose(secret);
                // The ANSI codes of colour output add letters; strip them first.
                let plain = strip_ansi(&printed);
                assert!(
                    !loose(&plain).contains(&compact),
                    "{format}/{color} prints {secret} in another form:\n{plain}"
                );
            }
        }
    }
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn masked_value_keeps_only_its_edges() {
    let out = alpost()
        .args(["check", "--format", "concise", "-"])
        .write_stdin("Il codice fiscale è RSSMRA85T10A562S.")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("RS************2S"), "{stdout}");
}

#[test]
fn allowed_rule_areas_and_allow_lists_silence_privacy() {
    let draft = "+++\n[[allow]]\nrule = \"privacy/\"\nreason = \"numero pubblico dell'associazione\"\n+++\nChiama il 347 1234567";
    assert!(privacy_findings(draft, Kind::Post).is_empty());
    // The Comune's own codice fiscale is in the default allow-list; a stranger's is not.
    assert!(privacy_findings("C.F. 00429440068", Kind::Post).is_empty());
    assert_eq!(privacy_findings("C.F. 00743110157", Kind::Post).len(), 1);
}

#[test]
fn office_allow_lists_come_from_the_pack() {
    let dir = tempfile::tempdir().expect("temp dir");
    // An office pack redefining a rule's parameters is a separate rule id; the engine takes
    // allow-lists as data, so a rule with `allow` behaves accordingly.
    std::fs::write(
        dir.path().join("ufficio.toml"),
        r#"[[rule]]
id = "office/phone"
check = "phone"
level = "error"
message = "cellulare {found}"
policy = "Niente dati personali."
description = "Cellulari, tranne quello del reperibile."
allow = ["+39 333 000 1111"]
examples.bad = ["347 1234567"]
examples.good = ["333 0001111"]
"#,
    )
    .expect("write");
    let out = alpost()
        .args(["check", "--format", "concise", "--rules"])
        .arg(dir.path())
        .arg("-")
        .write_stdin("Reperibile 333-000-1111, signor Rossi 347 1234567")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("office/phone").count(), 1, "{stdout}");
    assert_eq!(stdout.matches("privacy/phone").count(), 2, "{stdout}");
}

#[test]
fn identifiers_next_to_each_other_are_each_found_once() {
    let text = "IT60 X054 2811 1010 0000 0123 456 e IT60 X054 2811 1010 0000 0123 456, \
                Amex 3782 822463 10005, IBAN IT60 X054 3471 2345 6789 0123 456";
    let found = privacy_findings(text, Kind::Post);
    let rules: Vec<&str> = found.iter().map(|(r, _, _)| r.as_str()).collect();
    // The last IBAN fails its check; its digits `3471 2345 67` are not a phone number, and
    // the Amex card is not one either.
    assert_eq!(
        rules,
        ["privacy/iban", "privacy/iban", "privacy/card"],
        "{found:?}"
    );
}

// ---- Property tests: generated valid values are found anywhere in a sentence; values that
// fail their checksum are never reported as that kind.

const ODD: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// Independent of the crate's validator on purpose: the test computes the check character
/// from the published tables itself.
fn cf_check(first15: &str) -> char {
    let sum: u32 = first15
        .bytes()
        .enumerate()
        .map(|(i, c)| {
            let index = if c.is_ascii_digit() {
                c - b'0'
            } else {
                c - b'A'
            };
            if i % 2 == 0 {
                ODD[usize::from(index)]
            } else {
                u32::from(index)
            }
        })
        .sum();
    char::from(b'A' + (sum % 26) as u8)
}

fn luhn_digit(body: &str) -> char {
    // The check digit makes the Luhn sum of body + digit a multiple of 10.
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = u32::from(c - b'0');
            if i % 2 == 0 {
                let t = d * 2;
                if t > 9 { t - 9 } else { t }
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

fn iban_check(country: &str, bban: &str) -> String {
    let rearranged = format!("{bban}{country}00");
    let mut rest = 0u32;
    for c in rearranged.bytes() {
        rest = if c.is_ascii_digit() {
            (rest * 10 + u32::from(c - b'0')) % 97
        } else {
            (rest * 100 + u32::from(c - b'A') + 10) % 97
        };
    }
    format!("{:02}", 98 - rest)
}

fn cf_strategy() -> impl Strategy<Value = String> {
    (
        "[A-Z]{6}",
        "[0-9LMNPQRSTUV]{2}",
        "[ABCDEHLMPRST]",
        prop_oneof![1u32..=31, 41u32..=71],
        "[A-Z]",
        "[0-9]{3}",
    )
        .prop_map(|(name, year, month, day, place, number)| {
            let first15 = format!("{name}{year}{month}{day:02}{place}{number}");
            format!("{first15}{}", cf_check(&first15))
        })
}

fn iban_strategy() -> impl Strategy<Value = String> {
    ("[A-Z]", "[0-9]{10}", "[0-9A-Z]{12}").prop_map(|(cin, abi_cab, account)| {
        let bban = format!("{cin}{abi_cab}{account}");
        format!("IT{}{bban}", iban_check("IT", &bban))
    })
}

fn card_strategy() -> impl Strategy<Value = String> {
    ("[3-6]", "[0-9]{14}").prop_map(|(first, rest)| {
        let body = format!("{first}{rest}");
        format!("{body}{}", luhn_digit(&body))
    })
}

fn piva_strategy() -> impl Strategy<Value = String> {
    ("[1-9][0-9]{6}", 1u32..=100).prop_map(|(company, office)| {
        let body = format!("{company}{office:03}");
        format!("{body}{}", luhn_digit(&body))
    })
}

/// Where a value may stand: sentence openings and closings, with the punctuation around it.
fn frame() -> impl Strategy<Value = (&'static str, &'static str)> {
    (
        prop::sample::select(vec![
            "",
            "Il dato è ",
            "Buongiorno, ecco: ",
            "(",
            "«",
            "Scrivo per segnalare che\n",
            "Dati – ",
        ]),
        prop::sample::select(vec![
            "",
            ".",
            ", grazie.",
            ")",
            "»",
            "!\nSaluti",
            "; poi altro",
        ]),
    )
}

/// Changes one character so that the check no longer holds (cycling inside its class).
fn corrupt(value: &str, at: usize) -> String {
    value
        .char_indices()
        .map(|(i, c)| {
            if i != at {
                c
            } else if c.is_ascii_digit() {
                char::from(b'0' + (c as u8 - b'0' + 1) % 10)
            } else {
                char::from(b'A' + (c as u8 - b'A' + 1) % 26)
            }
        })
        .collect()
}

fn found_at(text: &str, rule: &str, start: usize, len: usize) -> Option<Level> {
    privacy_findings(text, Kind::Post)
        .into_iter()
        .find(|(r, _, span)| r == rule && *span == (start..start + len))
        .map(|(_, level, _)| level)
}

fn reported_as(text: &str, rule: &str, level: Level) -> bool {
    privacy_findings(text, Kind::Post)
        .iter()
        .any(|(r, l, _)| r == rule && *l == level)
}

fn grouped(value: &str, sep: &str) -> String {
    value
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(sep)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn valid_codice_fiscale_is_found((before, after) in frame(), cf in cf_strategy()) {
        let text = format!("{before}{cf}{after}");
        prop_assert_eq!(found_at(&text, "privacy/codice-fiscale", before.len(), 16), Some(Level::Error));
        let wrong = format!("{}{}", &cf[..15], corrupt(&cf[15..], 0));
        let text = format!("{before}{wrong}{after}");
        prop_assert!(!reported_as(&text, "privacy/codice-fiscale", Level::Error), "{}", text);
    }

    #[test]
    fn valid_iban_is_found((before, after) in frame(), iban in iban_strategy(), spaced in any::<bool>()) {
        let written = if spaced { grouped(&iban, " ") } else { iban.clone() };
        let text = format!("{before}{written}{after}");
        prop_assert!(found_at(&text, "privacy/iban", before.len(), written.len()).is_some(), "{}", text);
    }

    #[test]
    fn checksum_failing_iban_is_not_an_iban((before, after) in frame(), iban in iban_strategy(), at in 4usize..27) {
        let wrong = corrupt(&iban, at);
        let text = format!("{before}{wrong}{after}");
        prop_assert!(!reported_as(&text, "privacy/iban", Level::Error), "{}", text);
    }

    #[test]
    fn valid_card_is_found((before, after) in frame(), card in card_strategy(), sep in prop::sample::select(vec!["", " ", "-"])) {
        let written = grouped(&card, sep);
        let text = format!("{before}{written}{after}");
        prop_assert!(found_at(&text, "privacy/card", before.len(), written.len()).is_some(), "{}", text);
        let wrong = grouped(&corrupt(&card, 15), sep);
        let text = format!("{before}{wrong}{after}");
        prop_assert!(!reported_as(&text, "privacy/card", Level::Error), "{}", text);
    }

    #[test]
    fn mobile_numbers_are_found_in_every_form(
        (before, after) in frame(),
        prefix in "3[1-9][0-9]",
        rest in "[0-9]{7}",
        form in 0usize..6,
    ) {
        let written = match form {
            0 => format!("{prefix} {rest}"),
            1 => format!("{prefix}{rest}"),
            2 => format!("{prefix}-{}-{}", &rest[..3], &rest[3..]),
            3 => format!("+39 {prefix} {rest}"),
            4 => format!("0039 {prefix}{rest}"),
            _ => format!("{prefix}.{}.{}", &rest[..3], &rest[3..]),
        };
        let text = format!("{before}{written}{after}");
        prop_assert!(found_at(&text, "privacy/phone", before.len(), written.len()).is_some(), "{}", text);
    }

    #[test]
    fn partita_iva_needs_its_check_digit((before, after) in frame(), piva in piva_strategy()) {
        let text = format!("{before}{piva}{after}");
        prop_assert!(found_at(&text, "privacy/partita-iva", before.len(), 11).is_some(), "{}", text);
        let wrong = corrupt(&piva, 10);
        let text = format!("{before}{wrong}{after}");
        prop_assert!(!reported_as(&text, "privacy/partita-iva", Level::Warning), "{}", text);
    }
}
