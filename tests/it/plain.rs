//! Plain language: bureaucratese suggestions, sentence length at the limit, the readability
//! score in the message, register. The bureaucratese fixes are the rule's fix examples.

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

/// The rule's fix examples that stay unchanged are findings that only suggest (`pack.rs` tests
/// that they fire without a fix): each message names the suggestion instead.
#[test]
fn bureaucratese_without_a_one_to_one_swap_names_its_suggestion() {
    let rules = default_rules();
    let rule = rules.get("plain/bureaucratese").expect("the rule");
    let unchanged: Vec<&str> = rule
        .examples
        .fixed
        .iter()
        .filter(|(before, after)| before == after)
        .map(|(before, _)| before.as_str())
        .collect();
    assert!(unchanged.len() >= 3, "{unchanged:?}");
    for text in unchanged {
        let findings = rule_findings(text, "plain/bureaucratese");
        assert!(
            !findings.is_empty() && findings.iter().all(|f| f.message.contains("scrivi «")),
            "no suggestion in {text:?}: {findings:?}"
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
            .starts_with("indice di leggibilità Gulpease 49 su 100 (soglia 50)"),
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
