//! Rules as the engine sees them: validated metadata around one compiled check.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::checks::Check;
use crate::platform::{Kind, Platform};
use crate::text::phrase::PhraseIndex;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule's documented examples: whole drafts (front matter allowed) or bodies.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub bad: Vec<String>,
    #[serde(default)]
    pub good: Vec<String>,
    /// Pairs of a draft the rule fires on and the text `alpost check --fix` makes of it; the
    /// same text twice when the rule fires there without offering a fix.
    #[serde(default)]
    pub fixed: Vec<(String, String)>,
}

/// A named alternative outcome of a check (e.g. `soft` and `hard` length limits), with its own
/// level, message and help.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub level: Option<Level>,
    pub message: Option<String>,
    pub help: Option<String>,
}

/// One rule of a pack, ready to run.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub check_name: String,
    pub level: Level,
    pub message: String,
    pub help: Option<String>,
    pub policy: String,
    pub description: String,
    pub applies_to: Vec<Kind>,
    pub platforms: Vec<Platform>,
    pub examples: Examples,
    pub variants: BTreeMap<String, Variant>,
    /// The pack file the rule came from.
    pub origin: String,
    /// The check's parameters as written, kept so a configuration can change them.
    pub params: toml::Table,
    pub check: Box<dyn Check>,
}

impl Rule {
    pub fn area(&self) -> &str {
        self.id.split_once('/').map_or(&*self.id, |(area, _)| area)
    }

    pub fn applies(&self, kind: Kind, platform: Platform) -> bool {
        self.applies_to.contains(&kind) && self.platforms.contains(&platform)
    }

    pub fn fixable(&self) -> bool {
        self.check.fixable()
    }

    /// The level and message template for a hit of `variant` (the rule's own by default).
    pub fn outcome(&self, variant: Option<&str>) -> (Level, &str) {
        let v = variant.and_then(|name| self.variants.get(name));
        (
            v.and_then(|v| v.level).unwrap_or(self.level),
            v.and_then(|v| v.message.as_deref())
                .unwrap_or(&self.message),
        )
    }

    /// Replaces, extends or trims the check's parameters and rebuilds the check. Lists and
    /// tables in `add` are appended / merged; entries in `remove` are taken out of lists and
    /// tables; other values in `set` replace the pack's.
    pub fn reconfigure(
        &mut self,
        set: &toml::Table,
        add: &toml::Table,
        remove: &toml::Table,
    ) -> Result<(), String> {
        let mut params = self.params.clone();
        for (key, value) in set {
            params.insert(key.clone(), value.clone());
        }
        for (key, value) in add {
            match (params.get_mut(key), value) {
                (Some(toml::Value::Array(list)), toml::Value::Array(more)) => {
                    list.extend(more.iter().cloned())
                }
                (Some(toml::Value::Table(table)), toml::Value::Table(more)) => {
                    table.extend(more.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                (None, _) => {
                    params.insert(key.clone(), value.clone());
                }
                _ => {
                    return Err(format!(
                        "`add.{key}` must be a list or table like the parameter it extends"
                    ));
                }
            }
        }
        for (key, value) in remove {
            let drop: Vec<&toml::Value> = match value {
                toml::Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            match params.get_mut(key) {
                Some(toml::Value::Array(list)) => list.retain(|v| !drop.contains(&v)),
                Some(toml::Value::Table(table)) => {
                    for name in drop.iter().filter_map(|v| v.as_str()) {
                        table.remove(name);
                    }
                }
                _ => {
                    return Err(format!(
                        "`remove.{key}` names no list or table parameter of this rule"
                    ));
                }
            }
        }
        self.check = crate::checks::build(&self.check_name, params.clone())?;
        self.params = params;
        Ok(())
    }

    /// The help template for a hit of `variant`: the variant's own, else the rule's.
    pub fn help_for(&self, variant: Option<&str>) -> Option<&str> {
        variant
            .and_then(|name| self.variants.get(name))
            .and_then(|v| v.help.as_deref())
            .or(self.help.as_deref())
    }

    /// The highest level this rule can report at.
    pub fn max_level(&self) -> Level {
        self.variants
            .values()
            .filter_map(|v| v.level)
            .fold(self.level, Level::max)
    }
}

/// Every loaded rule, in pack order, and what the rules share, built with the set: the index
/// of where their phrase lists may start in a draft (see `text::phrase::PhraseIndex`), and
/// one list for equal abbreviation lists (see `TextModel::sentences`).
///
/// Changing `rules` in place (adding, removing or rebuilding a check) leaves what they share
/// as it was: call `share` after. Until then a rebuilt list scans drafts by itself, and a
/// rebuilt abbreviation list splits sentences again: the same findings, found more slowly.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    phrases: PhraseIndex,
}

impl RuleSet {
    pub fn new(rules: Vec<Rule>) -> RuleSet {
        let mut set = RuleSet {
            rules,
            phrases: PhraseIndex::new(),
        };
        set.share();
        set
    }

    /// Builds what the rules share, anew.
    pub fn share(&mut self) {
        let mut index = PhraseIndex::new();
        let mut abbreviations = Vec::new();
        for rule in &mut self.rules {
            for list in rule.check.scanned_lists() {
                index.register(list);
            }
            if let Some(list) = rule.check.abbreviations() {
                list.share(&mut abbreviations);
            }
        }
        self.phrases = index;
    }

    /// The index of the set's phrase lists, for the text model of each draft.
    pub fn phrases(&self) -> &PhraseIndex {
        &self.phrases
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.id.as_str())
    }
}
