//! Plain language: bureaucratese fixes applied to real sentences, sentence length at the limit,
//! the readability score in the message, register.

use alpost::finding::Finding;
use alpost::lint::Defaults;
use serde_json::Value;

use crate::support::{alpost, default_rules, fired, lint_text};

fn rule_findings(text: &str, rule: &str) -> Vec<Finding> {
    lint_text(&default_rules(), text, Defaults::default())
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// `text` after applying the rule's fixes the way a fixer does: the non-overlapping ones, left
/// to right, then lint again until nothing is left to fix.
fn apply_fixes(text: &str, rule: &str) -> String {
    let mut text = text.to_owned();
    for _ in 0..10 {
        let mut edits: Vec<_> = rule_findings(&text, rule)
            .into_iter()
            .filter_map(|f| f.fix)
            .collect();
        if edits.is_empty() {
            break;
        }
        edits.sort_by_key(|e| e.range.start);
        let mut kept: Vec<_> = Vec::new();
        for edit in edits {
            if kept
                .last()
                .is_none_or(|k: &alpost::checks::Edit| k.range.end <= edit.range.start)
            {
                kept.push(edit);
            }
        }
        for edit in kept.iter().rev() {
            text.replace_range(edit.range.clone(), &edit.replacement);
        }
    }
    text
}

#[test]
fn bureaucratese_fixes_leave_grammatical_sentences() {
    let cases = [
        (
            "Si comunica che il mercato di sabato è sospeso.",
            "Il mercato di sabato è sospeso.",
        ),
        (
            "Si comunica che, in ottemperanza alla normativa vigente, il parco resta chiuso.",
            "Secondo la normativa vigente, il parco resta chiuso.",
        ),
        (
            "Buongiorno, si informa che l'ufficio è chiuso.",
            "Buongiorno, l'ufficio è chiuso.",
        ),
        (
            "È necessario provvedere al pagamento della TARI entro il 16 dicembre.",
            "È necessario pagare la TARI entro il 16 dicembre.",
        ),
        (
            "Occorre provvedere al pagamento entro il 16 dicembre.",
            "Occorre pagare entro il 16 dicembre.",
        ),
        (
            "Al fine di evitare code, prenotate online.",
            "Per evitare code, prenotate online.",
        ),
        (
            "Le domande vanno consegnate entro e non oltre il 31 gennaio.",
            "Le domande vanno consegnate entro il 31 gennaio.",
        ),
        (
            "Presentare l'istanza all'URP.",
            "Presentare la domanda all'URP.",
        ),
        (
            "I controlli saranno espletati dalla Polizia Locale.",
            "I controlli saranno svolti dalla Polizia Locale.",
        ),
        (
            "Per informazioni rivolgersi a codesto ufficio.",
            "Per informazioni rivolgersi a questo ufficio.",
        ),
        (
            "A seguito dell'allerta meteo le scuole restano chiuse.",
            "Dopo l'allerta meteo le scuole restano chiuse.",
        ),
        (
            "Il nucleo familiare deve prendere visione dell'informativa.",
            "La famiglia deve leggere l'informativa.",
        ),
        (
            "Qualora il servizio non fosse disponibile, la visita avrà luogo a decorrere dal 3 marzo.",
            "Se il servizio non fosse disponibile, la visita si terrà a partire dal 3 marzo.",
        ),
    ];
    for (before, after) in cases {
        assert!(
            !rule_findings(before, "plain/bureaucratese").is_empty(),
            "no finding: {before}"
        );
        assert_eq!(
            apply_fixes(before, "plain/bureaucratese"),
            after,
            "{before}"
        );
    }
}

#[test]
fn bureaucratese_without_a_one_to_one_swap_only_suggests() {
    for text in [
        "Ogni nucleo familiare riceverà una lettera.",
        "Nel medesimo giorno apre la mostra.",
        "Il richiedente è tenuto a presentare la ricevuta.",
        "Il contratto di locazione è scaduto.",
        "Si prega di compilare il modulo.",
    ] {
        let findings = rule_findings(text, "plain/bureaucratese");
        assert!(!findings.is_empty(), "no finding: {text}");
        assert!(
            findings.iter().all(|f| f.fix.is_none()),
            "unexpected fix: {text}"
        );
        assert!(
            findings.iter().all(|f| f.message.contains("scrivi «")),
            "no suggestion: {:?}",
            findings[0].message
        );
    }
}

#[test]
fn omitted_formulas_say_so() {
    let findings = rule_findings(
        "Si comunica che il mercato è sospeso.",
        "plain/bureaucratese",
    );
    assert_eq!(findings.len(), 1);
    assert!(
        findings[0].message.contains("toglila"),
        "{}",
        findings[0].message
    );
    assert_eq!(
        findings[0].help.as_deref(),
        Some("togli la formula: la frase comincia dall'informazione")
    );
}

#[test]
fn sentence_length_at_the_limit() {
    // Da(1) lunedì(2) [3] marzo(3) gli(4) sportelli(5) dell'(6) Anagrafe(7) di(8) piazza(9)
    // della(10) Libertà(11) saranno(12) aperti(13) anche(14) il(15) sabato(16) mattina(17)
    // per(18) il(19) rilascio(20) della(21) carta(22) d'(23) identità(24) elettronica(25)
    let at_limit = "Da lunedì 3 marzo gli sportelli dell'Anagrafe di piazza della Libertà saranno aperti anche il sabato mattina per il rilascio della carta d'identità elettronica.";
    assert!(rule_findings(at_limit, "plain/sentence-length").is_empty());
    let over = at_limit.replace("per il rilascio", "solo per il rilascio");
    let findings = rule_findings(&over, "plain/sentence-length");
    assert_eq!(findings.len(), 1);
    assert!(
        findings[0]
            .message
            .starts_with("frase di 26 parole (limite 25)"),
        "{}",
        findings[0].message
    );
    // The finding covers the sentence, and only it.
    let two = format!("Ecco le novità. {over} Vi aspettiamo.");
    let f = &rule_findings(&two, "plain/sentence-length")[0];
    assert_eq!(&two[f.bytes.clone()], over);
}

#[test]
fn readability_score_in_the_message() {
    // Si(2) comunica(8) che(3) in(2) ottemperanza(12) alle(4) disposizioni(12) vigenti(7) il(2)
    // pagamento(9) dell'(4) imposta(7) dovrà(5) essere(6) effettuato(10) entro(5) e(1) non(3)
    // oltre(5) il(2) termine(7) stabilito(9) dall'(4) amministrazione(15) comunale(8)
    //   → 25 words, 152 letters
    // Gli(3) uffici(6) comunali(8) sono(4) chiusi(6) → 5 words, 27 letters
    // 30 words, 179 letters, 2 sentences: 89 + (600 − 1790) / 30 = 49.33 → 49
    let text = "Si comunica che, in ottemperanza alle disposizioni vigenti, il pagamento dell'imposta dovrà essere effettuato entro e non oltre il termine stabilito dall'amministrazione comunale. Gli uffici comunali sono chiusi.";
    let findings = rule_findings(text, "plain/readability");
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert!(
        f.message
            .starts_with("indice di leggibilità Gulpease 49 su 100 (soglia 60)"),
        "{}",
        f.message
    );
    assert!(
        f.help
            .as_deref()
            .is_some_and(|h| h.contains("30 parole, 179 lettere, 2 frasi")),
        "{:?}",
        f.help
    );
    // The highlighted sentence is the harder one.
    assert!(text[f.bytes.clone()].starts_with("Si comunica"));
    // The same first sentence alone is too short to be scored (25 words).
    let short = &text[..text.find(" Gli").unwrap_or(text.len())];
    assert!(rule_findings(short, "plain/readability").is_empty());
}

#[test]
fn readability_through_the_binary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("d.txt");
    std::fs::write(
        &path,
        "Si comunica che, in ottemperanza alle disposizioni vigenti, il pagamento dell'imposta dovrà essere effettuato entro e non oltre il termine stabilito dall'amministrazione comunale. Gli uffici comunali sono chiusi.\n",
    )
    .expect("write");
    let out = alpost()
        .args(["check", "--format", "json"])
        .arg(&path)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).expect("json");
    let rules: Vec<&str> = json
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"plain/readability"), "{rules:?}");
    assert!(rules.contains(&"plain/bureaucratese"), "{rules:?}");
    let level = json
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["rule"] == "plain/readability")
        .map(|f| f["level"].clone());
    assert_eq!(level, Some(Value::from("info")));
}

#[test]
fn register_flags_slang_without_fixing() {
    let rules = default_rules();
    for text in [
        "Raga, stasera concerto!",
        "Che figata la pista ciclabile",
        "Ciaone alla pioggia",
    ] {
        let findings: Vec<_> = lint_text(&rules, text, Defaults::default())
            .into_iter()
            .filter(|f| f.rule == "style/register")
            .collect();
        assert_eq!(findings.len(), 1, "{text}");
        assert!(findings[0].fix.is_none());
    }
    assert!(
        !fired(&rules, "La top 10 delle foto del concorso").contains(&"style/register".to_owned())
    );
}
