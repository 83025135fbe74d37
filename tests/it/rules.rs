//! One snapshot per rule of the default pack, `snapshots/rules/<area>__<name>.snap`: each of
//! its bad examples (and each fix example's draft) as `alpost check` shows it to a writer, in
//! the human format without colour, followed by what `alpost check --diff` prints when the
//! rule offers a fix there. A change to a rule's message, span, help or fix is then a diff of
//! that one small file in review (`cargo insta review`); CI never writes snapshots.
//!
//! Only the rule's own findings are shown, so that a snapshot changes with its rule and not
//! with its neighbours; the findings and the fixes are computed with the whole default pack,
//! as a writer without a configuration gets them.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::panic::{self, AssertUnwindSafe};

use alpost::draft::Draft;
use alpost::fix::fix_text;
use alpost::lint::{Defaults, lint};
use alpost::report::{FileReport, Human, Reporter};
use alpost::rule::{Rule, RuleSet};

use crate::support::{alpost, default_rules, repo_root};

/// The file name the examples are shown under.
const DRAFT: &str = "bozza.txt";

/// Where the snapshots of rules live, relative to this file.
const FOLDER: &str = "snapshots/rules";

fn snapshot_name(rule: &Rule) -> String {
    rule.id.replace('/', "__")
}

/// The rule's examples that fire it, with where each is written in its pack.
fn firing_examples(rule: &Rule) -> Vec<(String, &str)> {
    let mut examples: Vec<(String, &str)> = rule
        .examples
        .bad
        .iter()
        .enumerate()
        .map(|(i, text)| (format!("examples.bad[{i}]"), text.as_str()))
        .collect();
    for (i, (before, _)) in rule.examples.fixed.iter().enumerate() {
        if !rule.examples.bad.contains(before) {
            examples.push((format!("examples.fixed[{i}]"), before.as_str()));
        }
    }
    examples
}

/// A draft file holding `example`, ending with a line break as editors save it (so the diffs
/// do not end on "No newline at end of file").
fn as_file(example: &str) -> String {
    let mut text = example.to_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// What `alpost check` and `alpost check --diff` show of one draft, for one rule.
fn render_draft(
    rules: &RuleSet,
    rule: &Rule,
    defaults: Defaults,
    command: &str,
    text: &str,
) -> String {
    let draft = match Draft::parse(DRAFT, text.to_owned()) {
        Ok(draft) => draft,
        Err(e) => return format!("{e}\n"),
    };
    let mine: Vec<_> = lint(&draft, rules, defaults)
        .into_iter()
        .filter(|f| f.rule == rule.id)
        .collect();
    let mut out = Vec::new();
    let report = FileReport {
        path: DRAFT,
        findings: &mine,
    };
    if let Err(e) = Human::new(false).file(&mut out, &report) {
        return format!("cannot render: {e}\n");
    }
    let mut shown = String::from_utf8_lossy(&out).into_owned();
    if mine.is_empty() {
        shown.push_str("(no finding of this rule)\n");
    }
    if mine.iter().any(|f| f.fix.is_some()) {
        let _ = writeln!(shown, "==> {command} --diff {DRAFT} <==");
        match fix_text(DRAFT, text.to_owned(), rules, defaults) {
            Ok(fixed) if fixed.converged => {
                let diff = similar::TextDiff::from_lines(text, &fixed.text);
                let _ = write!(shown, "{}", diff.unified_diff().header(DRAFT, DRAFT));
            }
            Ok(_) => shown.push_str("(fixes did not settle)\n"),
            Err(e) => {
                let _ = writeln!(shown, "{e}");
            }
        }
    }
    shown
}

/// What `alpost inbox` shows of the rule's bad examples, each the comment of a citizen left
/// without an answer: comment rules never run on drafts.
fn render_comments(rule: &Rule) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut export = String::new();
    for (i, text) in rule.examples.bad.iter().enumerate() {
        let record = serde_json::json!({
            "id": format!("esempio-{}", i + 1),
            "is_page": false,
            // Friday afternoon; audited on Monday morning below.
            "created_at": "2027-03-12T16:45:00+01:00",
            "text": text,
        });
        export.push_str(&record.to_string());
        export.push('\n');
    }
    fs::write(dir.path().join("commenti.jsonl"), export).expect("write export");
    // The `privacy/` rules are the detectors `inbox/sensitive-comment` restates.
    let out = alpost()
        .current_dir(dir.path())
        .args(["inbox", "commenti.jsonl", "--no-config", "--color", "never"])
        .args(["--now", "2027-03-15T10:00:00+01:00", "--select"])
        .arg(format!("{},privacy/", rule.id))
        .output()
        .expect("runs");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn render(rules: &RuleSet, rule: &Rule) -> (String, String) {
    if !rule.check.on_drafts() {
        let command = format!(
            "alpost inbox commenti.jsonl --select {},privacy/ --now 2027-03-15T10:00:00+01:00",
            rule.id
        );
        let text = rule
            .examples
            .bad
            .iter()
            .enumerate()
            .map(|(i, t)| format!("==> commenti.jsonl#esempio-{} <==\n{t}\n", i + 1))
            .collect::<String>();
        let shown = format!("{text}==> {command} <==\n{}", render_comments(rule));
        return (command, shown);
    }
    // Examples without front matter are read as the first kind and platform the rule applies
    // to, as the pack test reads them.
    let defaults = Defaults {
        kind: rule.applies_to[0],
        platform: rule.platforms[0],
    };
    let command = format!(
        "alpost check --kind {} --platform {}",
        defaults.kind.name(),
        defaults.platform.name()
    );
    let mut shown = String::new();
    for (place, example) in firing_examples(rule) {
        let text = as_file(example);
        let _ = write!(shown, "==> {place} <==\n{text}==> {command} {DRAFT} <==\n");
        let output = render_draft(rules, rule, defaults, &command, &text);
        let _ = write!(shown, "{}\n\n", output.trim_end());
    }
    (command, shown)
}

#[test]
fn every_rule_as_a_writer_sees_it() {
    let rules = default_rules();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(FOLDER);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut changed = Vec::new();
    for rule in &rules.rules {
        let (command, shown) = render(&rules, rule);
        let whose = if rule.check.on_drafts() {
            "this rule's findings only"
        } else {
            "each a citizen's comment without an answer"
        };
        settings.set_description(format!(
            "{}: its bad examples as `{command}` shows them ({whose})",
            rule.id
        ));
        // Every rule is compared, so one run lists (and `cargo insta review` shows) all the
        // snapshots a change touches, not only the first.
        let compared = panic::catch_unwind(AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(snapshot_name(rule), shown));
        }));
        if compared.is_err() {
            changed.push(rule.id.as_str());
        }
    }
    assert!(changed.is_empty(), "snapshots differ: {changed:?}");
}

/// A renamed or removed rule leaves no snapshot behind.
#[test]
fn every_rule_snapshot_belongs_to_a_rule() {
    let expected: BTreeSet<String> = default_rules()
        .rules
        .iter()
        .map(|r| format!("{}.snap", snapshot_name(r)))
        .collect();
    let folder = repo_root().join("tests/it").join(FOLDER);
    let found: BTreeSet<String> = fs::read_dir(&folder)
        .expect("the folder of rule snapshots")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".snap"))
        .collect();
    let stale: Vec<_> = found.difference(&expected).collect();
    assert!(
        stale.is_empty(),
        "snapshots of no rule in {folder:?}: {stale:?}"
    );
}
