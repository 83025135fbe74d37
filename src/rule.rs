//! Rules as the engine sees them: validated metadata around one compiled check.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::checks::Check;
use crate::platform::{Kind, Platform};

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
}

/// A named alternative outcome of a check (e.g. `soft` and `hard` length limits), with its own
/// level, message and help.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub level: Option<Level>,
    pub message: Option<String>,
    /// What to do for this outcome; the rule's own `help` when absent.
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

    /// The help template for a hit of `variant` (the rule's own by default).
    pub fn help(&self, variant: Option<&str>) -> Option<&str> {
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

/// Every loaded rule, in pack order.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.id.as_str())
    }
}
