//! Beneficiaries of aid (D.Lgs. 33/2013, art. 26, c. 4) through the binary: a person with aid or
//! hardship is an error, masked; calls open to everyone are not.

use crate::support::alpost;

fn concise(draft: &str) -> (String, i32) {
    let out = alpost()
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "--select",
            "privacy/beneficiary",
            "-",
        ])
        .write_stdin(draft)
        .output()
        .expect("alpost runs");
    (
        String::from_utf8(out.stdout).expect("UTF-8 report"),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn a_named_beneficiary_is_an_error_and_masked() {
    let (report, code) =
        concise("La signora Ferraris ha ottenuto il bonus affitto di 1.200 euro.\n");
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("errore[privacy/beneficiary]"), "{report}");
    assert!(report.contains("(aiuto economico)"), "{report}");
    assert!(
        !report.contains("bonus affitto"),
        "the finding is masked: {report}"
    );
}

#[test]
fn a_reply_to_the_beneficiary_counts_and_a_public_call_does_not() {
    let reply = "+++\nkind = \"reply\"\n+++\nBuongiorno, la sua pratica per il sussidio è in lavorazione.\n";
    assert!(concise(reply).0.contains("privacy/beneficiary"));
    let call = "Bonus affitto 2027: le domande si presentano allo sportello entro il 31 marzo; serve l'ISEE.\n";
    let (report, code) = concise(call);
    assert!(report.is_empty(), "{report}");
    assert_eq!(code, 0);
}
