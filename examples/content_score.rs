//! Scores JSON Lines drafts with the embedded content model, for
//! `scripts/content-model/eval.py --scorer rust`: reads `{"id": ..., "text": ...}` lines on
//! standard input, writes `{"id", "political", "commercial", "top"}` lines on standard output.
//!
//!     cargo build --release --example content_score
//!     target/release/examples/content_score < drafts.jsonl

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let model = match alpost::score::embedded() {
        Ok(m) => m,
        Err(e) => {
            let _ = writeln!(io::stderr(), "content_score: {e}");
            return ExitCode::from(2);
        }
    };
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for (n, line) in stdin.lock().lines().enumerate() {
        let Ok(line) = line else {
            let _ = writeln!(io::stderr(), "content_score: line {} is not UTF-8", n + 1);
            return ExitCode::from(2);
        };
        let Ok(row) = serde_json::from_str::<serde_json::Value>(&line) else {
            let _ = writeln!(io::stderr(), "content_score: line {} is not JSON", n + 1);
            return ExitCode::from(2);
        };
        let text = row["text"].as_str().unwrap_or_default();
        let mut obj = serde_json::Map::new();
        obj.insert("id".into(), row["id"].clone());
        let mut top = serde_json::Map::new();
        for s in model.score(text) {
            obj.insert(s.class.clone(), s.value.into());
            let words: Vec<serde_json::Value> =
                s.top.iter().map(|c| c.feature.clone().into()).collect();
            top.insert(s.class, words.into());
        }
        obj.insert("top".into(), top.into());
        if writeln!(out, "{}", serde_json::Value::Object(obj)).is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
