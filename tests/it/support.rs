//! Helpers shared by the integration tests.

// Each test module uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use alpost::draft::Draft;
use alpost::finding::Finding;
use alpost::lint::{Defaults, lint};
use alpost::rule::RuleSet;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example(path: &str) -> PathBuf {
    repo_root().join("examples").join(path)
}

pub fn alpost() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("alpost").expect("binary built");
    cmd.env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .current_dir(repo_root());
    cmd
}

pub fn default_rules() -> RuleSet {
    alpost::pack::default_rules().expect("default pack loads")
}

/// Lints `text` as a draft named `name` with the given defaults.
pub fn lint_text(rules: &RuleSet, text: &str, defaults: Defaults) -> Vec<Finding> {
    let draft = Draft::parse("example.txt", text.to_owned()).expect("example parses as a draft");
    lint(&draft, rules, defaults)
}

/// Rules fired on `text` (default kind post, platform facebook).
pub fn fired(rules: &RuleSet, text: &str) -> Vec<String> {
    lint_text(rules, text, Defaults::default())
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable file")
}
