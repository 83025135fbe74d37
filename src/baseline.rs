//! Baselines: today's findings recorded so that only new ones are reported, for adopting
//! alpost on a repository that already holds hundreds of drafts.
//!
//! An entry is a path and a fingerprint (rule, hashed matched text, occurrence: see
//! `finding::fingerprints`), so edits elsewhere in a file keep it, and personal data is
//! stored only as a hash.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::absolute;
use crate::finding::{Finding, fingerprints};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    fingerprint: String,
}

const VERSION: u32 = 1;

/// Findings to leave out, and findings being recorded.
#[derive(Debug)]
pub struct Baseline {
    /// Paths are stored relative to this folder (the baseline file's).
    root: PathBuf,
    known: HashSet<(String, String)>,
    recorded: Vec<Entry>,
}

impl Baseline {
    /// An empty baseline that will be written to `file`.
    pub fn new(file: &Path) -> Baseline {
        Baseline {
            root: folder_of(file),
            known: HashSet::new(),
            recorded: Vec::new(),
        }
    }

    pub fn load(file: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(file).map_err(|e| {
            format!(
                "{}: impossibile leggere la baseline: {}",
                file.display(),
                crate::reason::io(&e)
            )
        })?;
        let parsed: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: baseline non valida: {e}",
                file.display(),
                e.line(),
                e.column()
            )
        })?;
        if parsed.version != VERSION {
            return Err(format!(
                "{}: la versione {} della baseline non è supportata (alpost legge la {VERSION})",
                file.display(),
                parsed.version
            ));
        }
        Ok(Baseline {
            root: folder_of(file),
            known: parsed
                .findings
                .into_iter()
                .map(|e| (e.path, e.fingerprint))
                .collect(),
            recorded: Vec::new(),
        })
    }

    /// The key under which a file's findings are stored: its path from the baseline's folder.
    fn key(&self, path: &str) -> String {
        let absolute = absolute(Path::new(path));
        absolute.strip_prefix(&self.root).map_or_else(
            |_| path.to_owned(),
            |p| p.to_string_lossy().replace('\\', "/"),
        )
    }

    /// Drops the findings the baseline already knows.
    pub fn filter(&self, path: &str, findings: Vec<Finding>) -> Vec<Finding> {
        let key = self.key(path);
        let prints = fingerprints(&key, &findings);
        findings
            .into_iter()
            .zip(prints)
            .filter(|(_, print)| !self.known.contains(&(key.clone(), print.clone())))
            .map(|(f, _)| f)
            .collect()
    }

    pub fn record(&mut self, path: &str, findings: &[Finding]) {
        let key = self.key(path);
        for (f, fingerprint) in findings.iter().zip(fingerprints(&key, findings)) {
            self.recorded.push(Entry {
                path: key.clone(),
                rule: f.rule.clone(),
                fingerprint,
            });
        }
    }

    pub fn to_json(&self) -> String {
        let mut findings = self.recorded.clone();
        findings.sort();
        let file = BaselineFile {
            version: VERSION,
            findings,
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }

    pub fn recorded(&self) -> usize {
        self.recorded.len()
    }
}

fn folder_of(file: &Path) -> PathBuf {
    absolute(file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
