//! Rule packs: TOML files of `[[rule]]` tables, validated once into a `RuleSet`.
//!
//! The default pack (`rules/*.toml`) is compiled into the binary; `--rules DIR` adds more.
//! Every error names the pack file, the line and column of the rule, and the rule id.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::Deserialize;

use crate::checks;
use crate::draft::is_rule_id;
use crate::located::LocatedError;
use crate::platform::{Kind, Platform};
use crate::position::LineIndex;
use crate::rule::{Examples, Level, Rule, RuleSet, Variant};
use crate::suggest;

include!(concat!(env!("OUT_DIR"), "/default_pack.rs"));

/// A pack that cannot be loaded.
pub type PackError = LocatedError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    #[serde(default)]
    rule: Vec<toml::Spanned<toml::Table>>,
}

/// The fields every rule has; whatever else the table holds belongs to its check.
#[derive(Deserialize)]
struct RuleHead {
    id: String,
    check: String,
    level: Level,
    message: String,
    #[serde(default)]
    help: Option<String>,
    policy: String,
    description: String,
    #[serde(default = "all_kinds")]
    applies_to: Vec<Kind>,
    #[serde(default = "all_platforms")]
    platforms: Vec<Platform>,
    #[serde(default)]
    examples: Examples,
    #[serde(default)]
    variants: BTreeMap<String, Variant>,
    #[serde(flatten)]
    params: toml::Table,
}

const HEAD_FIELDS: &[&str] = &[
    "id",
    "check",
    "level",
    "message",
    "help",
    "policy",
    "description",
    "applies_to",
    "platforms",
    "examples",
    "variants",
];

fn all_kinds() -> Vec<Kind> {
    vec![Kind::Post, Kind::Reply]
}

fn all_platforms() -> Vec<Platform> {
    Platform::ALL.to_vec()
}

/// The built-in pack.
pub fn default_rules() -> Result<RuleSet, PackError> {
    use rayon::prelude::*;
    // Start-up is most of a one-draft run. The pack was read from TOML at build time and is
    // embedded as JSON (see build.rs); its rules are built in parallel one by one (a single
    // file holds half the phrases), while the code's own patterns compile on whichever core
    // is idle.
    let (placed, ()) = rayon::join(
        || -> Result<Vec<Placed>, PackError> {
            let files: Vec<(&str, Vec<Embedded>)> = DEFAULT_PACK
                .iter()
                .map(|&(file, json)| {
                    serde_json::from_str(json)
                        .map(|rules| (file, rules))
                        .map_err(|e| {
                            PackError::file(file, &format!("embedded pack unreadable: {e}"))
                        })
                })
                .collect::<Result<_, _>>()?;
            let rules: Vec<(&str, Embedded)> = files
                .into_iter()
                .flat_map(|(file, rules)| rules.into_iter().map(move |r| (file, r)))
                .collect();
            rules
                .into_par_iter()
                .map(|(file, r)| place(file, r.rule, r.line, r.column))
                .collect()
        },
        checks::warm_up,
    );
    let mut set = RuleSet::default();
    add(&mut set, placed?)?;
    Ok(set)
}

/// One rule of the embedded pack, with where its file has it.
#[derive(Deserialize)]
struct Embedded {
    line: usize,
    column: usize,
    rule: toml::Table,
}

/// Adds every `*.toml` file of `dir` (sorted by name) to `set`.
pub fn load_dir(set: &mut RuleSet, dir: &Path) -> Result<(), PackError> {
    load_dir_within(set, dir, None)
}

/// `load_dir`, for the packs a configuration names: a pack file that is a symbolic link
/// leading out of `within` (resolved) is refused.
pub fn load_dir_within(
    set: &mut RuleSet,
    dir: &Path,
    within: Option<&Path>,
) -> Result<(), PackError> {
    let io_error = |message: String| PackError::file(dir.display().to_string(), &message);
    let entries =
        fs::read_dir(dir).map_err(|e| io_error(format!("cannot read rule pack folder: {e}")))?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for path in files {
        let name = path.display().to_string();
        let refused = |message: String| PackError::file(name.clone(), &message);
        if let Some(within) = within
            && !path.canonicalize().is_ok_and(|p| p.starts_with(within))
        {
            return Err(refused(
                "pacchetto di regole rifiutato: è un collegamento a un file fuori dal repository"
                    .into(),
            ));
        }
        let text = crate::trust::read_text(&path).map_err(|e| match e {
            crate::trust::Refused::Io(e) => refused(format!("cannot read rule pack: {e}")),
            crate::trust::Refused::Untrusted(why) => {
                refused(format!("pacchetto di regole rifiutato: {why}"))
            }
        })?;
        load_into(set, &name, &text)?;
    }
    Ok(())
}

/// Parses one pack file and appends its rules, refusing ids already present.
pub fn load_into(set: &mut RuleSet, file: &str, text: &str) -> Result<(), PackError> {
    add(set, parse_pack(file, text)?)
}

/// A rule with where it is written, for the duplicate-id error.
struct Placed {
    rule: Rule,
    file: String,
    line: usize,
    column: usize,
}

fn add(set: &mut RuleSet, rules: Vec<Placed>) -> Result<(), PackError> {
    let added = rules.len();
    for placed in rules {
        if set.get(&placed.rule.id).is_some() {
            return Err(PackError::new(
                placed.file,
                placed.line,
                placed.column,
                &format!("rule `{}`: duplicate id (already defined)", placed.rule.id),
            )
            .with_key("id"));
        }
        set.rules.push(placed.rule);
    }
    if added > 0 {
        set.share();
    }
    Ok(())
}

fn parse_pack(file: &str, text: &str) -> Result<Vec<Placed>, PackError> {
    let lines = LineIndex::new(text);
    let pack: PackFile = toml::from_str(text).map_err(|e| {
        PackError::in_toml(
            file,
            text,
            e.span().map_or(0, |s| s.start),
            &suggest::with_hint(e.message().trim()),
        )
    })?;
    pack.rule
        .into_iter()
        .map(|spanned| {
            let at = lines.position(text, spanned.span().start);
            place(file, spanned.into_inner(), at.line, at.column)
        })
        .collect()
}

/// The rule of one `[[rule]]` table written at `line`:`column` of `file`.
fn place(file: &str, table: toml::Table, line: usize, column: usize) -> Result<Placed, PackError> {
    let error = |message: String| PackError::new(file, line, column, &message);
    let id_hint = table
        .get("id")
        .and_then(toml::Value::as_str)
        .map_or_else(|| "rule".to_owned(), |id| format!("rule `{id}`"));
    let head: RuleHead = table.try_into().map_err(|e: toml::de::Error| {
        error(format!(
            "{id_hint}: {}",
            suggest::with_hint(e.message().trim())
        ))
    })?;
    let rule = build_rule(head, file).map_err(error)?;
    Ok(Placed {
        rule,
        file: file.to_owned(),
        line,
        column,
    })
}

fn build_rule(head: RuleHead, file: &str) -> Result<Rule, String> {
    let id = head.id;
    if !is_rule_id(&id) {
        return Err(format!(
            "rule `{id}`: id must be `area/name` in lower-case words joined by `-`"
        ));
    }
    let check = checks::build(&head.check, head.params.clone()).map_err(|m| {
        // A misspelled common field reaches the check as an unknown parameter: point at both.
        let hint = m
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
            .filter(|_| !m.contains("(forse `"))
            .map(|(word, _)| suggest::did_you_mean(word, HEAD_FIELDS.iter().copied()))
            .unwrap_or_default();
        format!("rule `{id}`: {m}{hint}")
    })?;
    if !head.examples.fixed.is_empty() && !check.fixable() {
        // A fix example on a rule that cannot fix would only ever fail its test.
        return Err(format!(
            "rule `{id}`: `examples.fixed` on a rule whose check offers no fixes"
        ));
    }
    for (field, empty) in [
        ("message", head.message.trim().is_empty()),
        ("policy", head.policy.trim().is_empty()),
        ("description", head.description.trim().is_empty()),
        ("applies_to", head.applies_to.is_empty()),
        ("platforms", head.platforms.is_empty()),
    ] {
        if empty {
            return Err(format!("rule `{id}`: `{field}` must not be empty"));
        }
    }
    Ok(Rule {
        id,
        check_name: head.check,
        level: head.level,
        message: head.message,
        help: head.help,
        policy: head.policy,
        description: head.description,
        applies_to: head.applies_to,
        platforms: head.platforms,
        examples: head.examples,
        variants: head.variants,
        origin: file.to_owned(),
        params: head.params,
        check,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"
[[rule]]
id = "style/emoji"
check = "emoji"
level = "error"
message = "m"
policy = "p"
description = "d"
"#;

    fn load(text: &str) -> Result<RuleSet, PackError> {
        let mut set = RuleSet::default();
        load_into(&mut set, "pack.toml", text).map(|()| set)
    }

    #[test]
    fn the_embedded_pack_is_the_toml_pack() {
        assert_eq!(DEFAULT_PACK.len(), DEFAULT_PACK_TOML.len());
        for ((file, json), (toml_file, text)) in DEFAULT_PACK.iter().zip(DEFAULT_PACK_TOML) {
            assert_eq!(file, toml_file);
            let embedded: Vec<Embedded> = serde_json::from_str(json).expect("embedded JSON");
            let lines = LineIndex::new(text);
            let parsed: PackFile = toml::from_str(text).expect("valid pack");
            assert_eq!(embedded.len(), parsed.rule.len(), "{file}");
            for (e, spanned) in embedded.iter().zip(parsed.rule) {
                let at = lines.position(text, spanned.span().start);
                assert_eq!((e.line, e.column), (at.line, at.column), "{file}");
                assert_eq!(&e.rule, spanned.get_ref(), "{file}:{}", e.line);
            }
        }
    }

    #[test]
    fn default_pack_loads() {
        let set = default_rules().expect("the embedded pack is valid");
        assert!(set.get("style/emoji").is_some());
    }

    #[test]
    fn syntax_error_has_position() {
        let err = load("[[rule]\nid = 1").expect_err("bad toml");
        assert_eq!((err.path.as_str(), err.line), ("pack.toml", 1));
    }

    #[test]
    fn unknown_check_and_field_name_the_rule() {
        let err = load(&HEAD.replace("\"emoji\"", "\"emojis\"")).expect_err("unknown check");
        assert!(
            err.message.contains("rule `style/emoji`")
                && err.message.contains("unknown check `emojis`"),
            "{}",
            err.message
        );
        assert_eq!(err.line, 2);
        let err = load(&format!("{HEAD}mesage = \"x\"\n")).expect_err("unknown field");
        assert!(err.message.contains("(forse `message`"), "{}", err.message);
    }

    #[test]
    fn duplicate_ids_and_bad_ids() {
        let err = load(&format!("{HEAD}{HEAD}")).expect_err("duplicate");
        assert!(err.message.contains("duplicate id"));
        assert_eq!(err.line, 10);
        let err = load(&HEAD.replace("style/emoji", "Emoji")).expect_err("bad id");
        assert!(err.message.contains("area/name"));
    }

    #[test]
    fn fix_examples_are_pairs_on_a_rule_that_can_fix() {
        let words = "words = { cmq = \"comunque\" }\n";
        let lexicon = HEAD.replace("\"emoji\"", "\"lexicon\"");
        let fixable = format!("{lexicon}{words}fixable = true\n");
        let set = load(&format!(
            "{fixable}examples.fixed = [[\"cmq\", \"comunque\"], [\"x\", \"x\"]]\n"
        ))
        .expect("pairs load");
        let fixed = &set.rules[0].examples.fixed;
        assert_eq!(fixed[0], ("cmq".to_owned(), "comunque".to_owned()));
        let err = load(&format!("{fixable}examples.fixed = [[\"cmq\"]]\n")).expect_err("one");
        assert!(
            err.message.contains("rule `style/emoji`") && err.message.contains("invalid length 1"),
            "{}",
            err.message
        );
        let err = load(&format!(
            "{lexicon}{words}examples.fixed = [[\"cmq\", \"comunque\"]]\n"
        ))
        .expect_err("not fixable");
        assert!(
            err.message
                .contains("`examples.fixed` on a rule whose check offers no fixes"),
            "{}",
            err.message
        );
    }

    #[test]
    fn missing_field_is_named() {
        let err = load(&HEAD.replace("policy = \"p\"\n", "")).expect_err("missing policy");
        assert!(
            err.message.contains("missing field `policy`"),
            "{}",
            err.message
        );
    }
}
