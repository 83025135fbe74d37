//! Scores JSON Lines drafts with the embedded content model, for
//! `scripts/content-model/eval.py --scorer rust`: reads `{"id": ..., "text": ...}` lines on
//! standard input, writes `{"id", "political", "commercial", "top"}` lines on standard output.
//!
//!     cargo build --release --example content_score
//!     target/release/examples/content_score < drafts.jsonl
//!
//! `--time N` scores every draft N more times after writing its line and prints to standard
//! error the mean time per draft of those runs (the drafts in memory, no JSON in the loop).

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let repeat: u32 = match args.as_slice() {
        [] => 0,
        [flag, n] if flag == "--time" => match n.parse() {
            Ok(n) => n,
            Err(_) => {
                let _ = writeln!(io::stderr(), "content_score: --time needs a whole number");
                return ExitCode::from(2);
            }
        },
        _ => {
            let _ = writeln!(
                io::stderr(),
                "usage: content_score [--time N] < drafts.jsonl"
            );
            return ExitCode::from(2);
        }
    };
    let started = std::time::Instant::now();
    let model = match alpost::score::embedded() {
        Ok(m) => m,
        Err(e) => {
            let _ = writeln!(io::stderr(), "content_score: {e}");
            return ExitCode::from(2);
        }
    };
    let first_use = started.elapsed();
    let mut texts: Vec<String> = Vec::new();
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
        if repeat > 0 {
            texts.push(text.to_owned());
        }
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
    if repeat > 0 && !texts.is_empty() {
        let t = std::time::Instant::now();
        let mut fired = 0usize;
        for _ in 0..repeat {
            for text in &texts {
                fired += model.score(text).iter().filter(|s| s.fired()).count();
            }
        }
        let per = t.elapsed().as_secs_f64() / f64::from(repeat) / texts.len() as f64;
        let bytes: usize = texts.iter().map(String::len).sum();
        let _ = writeln!(
            io::stderr(),
            "content_score: {} drafts ({:.0} bytes on average), {:.2} µs a draft, first use of the model {:.1} µs ({fired} scores fired)",
            texts.len(),
            bytes as f64 / texts.len() as f64,
            per * 1e6,
            first_use.as_secs_f64() * 1e6
        );
    }
    ExitCode::SUCCESS
}
