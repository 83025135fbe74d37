//! `.alpost.toml`: the office's configuration, found by walking up from each checked file.
//!
//! Parsing (`ConfigFile`) only checks what was written; `Profile::load` resolves it into the
//! rule set and defaults that govern the files below the configuration's folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::calendar::Calendar;
use crate::checks::Detector;
use crate::finding::Finding;
use crate::lint::Defaults;
use crate::located::LocatedError;
use crate::pack;
use crate::platform::{Kind, Platform};
use crate::rule::{Level, RuleSet};
use crate::suggest;

pub const FILE_NAME: &str = ".alpost.toml";

/// The configuration as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Platform of drafts whose front matter does not say.
    pub platform: Option<Platform>,
    /// Kind of drafts whose front matter does not say.
    pub kind: Option<Kind>,
    /// Extra rule-pack folders, relative to the configuration file.
    #[serde(default)]
    pub packs: Vec<String>,
    /// Only these rules or areas (`privacy/`) run; empty means all.
    #[serde(default)]
    pub select: Vec<String>,
    /// These rules or areas never run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Files checked when walking folders (default `*.txt`, `*.md`).
    #[serde(default)]
    pub include: Vec<String>,
    /// Files never checked, even when named on the command line.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Largest draft, in bytes; larger files are reported as not drafts.
    pub max_file_size: Option<u64>,
    /// The page's own account id in Facebook Graph API exports (`alpost inbox`).
    pub page_id: Option<String>,
    /// Per-rule level and parameter changes, by rule id.
    #[serde(default)]
    pub rules: BTreeMap<String, toml::Spanned<RuleChange>>,
    /// Settings for some paths only.
    #[serde(default)]
    pub overrides: Vec<PathOverride>,
}

/// `[rules."id"]`: a new level, parameters replaced (`key = value`), extended (`add`) or
/// trimmed (`remove`).
#[derive(Debug, Default, Deserialize)]
pub struct RuleChange {
    pub level: Option<Level>,
    #[serde(default)]
    pub add: toml::Table,
    #[serde(default)]
    pub remove: toml::Table,
    #[serde(flatten)]
    pub set: toml::Table,
}

/// `[[overrides]]`: settings for the files matching `paths`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathOverride {
    pub paths: Vec<String>,
    pub kind: Option<Kind>,
    pub platform: Option<Platform>,
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// A configuration that cannot be used, with where the problem is.
pub type ConfigError = LocatedError;

/// What the command line adds on top of any configuration.
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub kind: Option<Kind>,
    pub platform: Option<Platform>,
    pub packs: Vec<PathBuf>,
}

/// A rule selector: a rule id, or an area written `area/` or `area`.
pub fn selects(selector: &str, id: &str) -> bool {
    let selector = selector.trim();
    if selector == id {
        return true;
    }
    let area = selector.trim_end_matches('/');
    !area.contains('/')
        && id
            .strip_prefix(area)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Everything needed to check the files one configuration governs.
#[derive(Debug)]
pub struct Profile {
    /// The configuration file, if any.
    pub source: Option<PathBuf>,
    /// Where relative globs start.
    pub root: PathBuf,
    pub rules: RuleSet,
    /// The moderation calendar (of the first rule holding one, running or switched off,
    /// with the configuration's changes): `alpost inbox` measures waits in its hours.
    pub moderation: Option<Calendar>,
    /// The request detector of the first `inbox-request` rule, running or switched off:
    /// `alpost inbox` counts requests even when it does not report them.
    pub requests: Option<Detector>,
    /// The page's own account id in Graph API exports.
    pub page_id: Option<String>,
    kind: Option<Kind>,
    platform: Option<Platform>,
    include: PathGlobs,
    exclude: PathGlobs,
    overrides: Vec<(PathGlobs, PathOverride)>,
    pub max_file_size: u64,
    /// The working folder, read once: every file of a walk is made absolute against it.
    cwd: PathBuf,
}

/// The default limit above which a file is not a draft.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

impl Profile {
    /// The profile for `config` (a path to `.alpost.toml`) or, with `None`, the built-in one
    /// rooted at `root`.
    pub fn load(
        config: Option<&Path>,
        root: &Path,
        cli: &CommandLine,
    ) -> Result<Profile, ConfigError> {
        let (file, text, path) = match config {
            Some(path) => {
                let text = crate::trust::read_text(path).map_err(|e| {
                    let message = match e {
                        crate::trust::Refused::Io(e) => format!("cannot read configuration: {e}"),
                        crate::trust::Refused::Untrusted(why) => {
                            format!("configurazione rifiutata: {why}")
                        }
                    };
                    ConfigError::file(path.display().to_string(), &message)
                })?;
                let file = parse(path, &text)?;
                (file, text, Some(path.to_path_buf()))
            }
            None => (ConfigFile::default(), String::new(), None),
        };
        let shown = path
            .as_ref()
            .map_or_else(|| FILE_NAME.to_owned(), |p| p.display().to_string());
        let error_at = |offset: usize, message: String| {
            ConfigError::in_toml(shown.clone(), &text, offset, &message)
        };
        // A pack error already names the pack file, line and rule, and is passed on as it
        // is: wrapping it in the configuration's position would point at the wrong file.
        let mut rules = pack::default_rules()?;
        if !file.packs.is_empty() {
            let within = pack_boundary(root);
            for dir in &file.packs {
                let folder = root.join(dir);
                if !folder.canonicalize().is_ok_and(|f| f.starts_with(&within)) {
                    let offset = text.find(dir.as_str()).unwrap_or(0);
                    return Err(error_at(
                        offset,
                        format!(
                            "packs: `{dir}` è fuori dal repository della configurazione: \
                             cartella di regole rifiutata"
                        ),
                    ));
                }
                pack::load_dir_within(&mut rules, &folder, Some(&within))?;
            }
        }
        for dir in &cli.packs {
            pack::load_dir(&mut rules, dir)?;
        }
        let reconfigured = !file.rules.is_empty();
        for (id, change) in &file.rules {
            let offset = change.span().start;
            let change = change.get_ref();
            let Some(rule) = rules.rules.iter_mut().find(|r| r.id == *id) else {
                let ids: Vec<String> = rules.ids().map(str::to_owned).collect();
                let hint = suggest::did_you_mean(id, ids.iter().map(String::as_str));
                return Err(error_at(
                    offset,
                    format!("[rules.\"{id}\"]: unknown rule{hint}"),
                ));
            };
            if let Some(level) = change.level {
                rule.level = level;
            }
            if !(change.set.is_empty() && change.add.is_empty() && change.remove.is_empty()) {
                rule.reconfigure(&change.set, &change.add, &change.remove)
                    .map_err(|m| error_at(offset, format!("[rules.\"{id}\"]: {m}")))?;
            }
        }
        let select = if cli.select.is_empty() {
            &file.select
        } else {
            &cli.select
        };
        let ignore: Vec<&String> = file.ignore.iter().chain(&cli.ignore).collect();
        for selector in select.iter().chain(ignore.iter().copied()) {
            if !rules.ids().any(|id| selects(selector, id)) {
                let offset = text.find(selector.as_str()).unwrap_or(0);
                return Err(error_at(offset, format!("`{selector}` selects no rule")));
            }
        }
        let (kept, unselected): (Vec<_>, Vec<_>) =
            std::mem::take(&mut rules.rules).into_iter().partition(|r| {
                (select.is_empty() || select.iter().any(|s| selects(s, &r.id)))
                    && !ignore.iter().any(|s| selects(s, &r.id))
            });
        rules.rules = kept;
        if reconfigured || !unselected.is_empty() {
            // The changed rules' checks were rebuilt with lists of their own, and the lists of
            // the rules switched off need no place in the index.
            rules.share();
        }
        let globs = |patterns: &[String]| {
            PathGlobs::new(patterns).map_err(|m| error_at(text.find("clude").unwrap_or(0), m))
        };
        let include = if file.include.is_empty() {
            globs(&["*.txt".to_owned(), "*.md".to_owned()])?
        } else {
            globs(&file.include)?
        };
        let exclude = globs(&file.exclude)?;
        let overrides = file
            .overrides
            .iter()
            .map(|o| globs(&o.paths).map(|g| (g, o.clone())))
            .collect::<Result<_, _>>()?;
        // Rules switched off still lend their calendar and request detector: `alpost inbox`
        // reads them without running the rules.
        let lent = || rules.rules.iter().chain(&unselected);
        let moderation = lent().find_map(|r| r.check.calendar()).cloned();
        let requests = lent().find_map(|r| r.check.requests()).cloned();
        Ok(Profile {
            source: path,
            root: root.to_path_buf(),
            rules,
            moderation,
            requests,
            page_id: file.page_id.clone().filter(|p| !p.trim().is_empty()),
            kind: cli.kind.or(file.kind),
            platform: cli.platform.or(file.platform),
            include,
            exclude,
            overrides,
            max_file_size: file.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            cwd: std::env::current_dir().unwrap_or_default(),
        })
    }

    /// Kind and platform for a draft at `path` whose front matter does not say: the command
    /// line, then the last matching `[[overrides]]`, then the configuration, then the built-in
    /// defaults.
    pub fn defaults_for(&self, path: &Path) -> Defaults {
        let matching = self.overrides_for(path);
        let from_overrides =
            |f: fn(&PathOverride) -> Option<Kind>| matching.iter().rev().find_map(|o| f(o));
        let platform_override = matching.iter().rev().find_map(|o| o.platform);
        Defaults {
            kind: self.kind.or(from_overrides(|o| o.kind)).unwrap_or_default(),
            platform: self.platform.or(platform_override).unwrap_or_default(),
        }
    }

    /// The findings of `draft` (read from `path`, if it has one) as every front-end shows
    /// them: the engine's, less the rules the path's `[[overrides]]` switch off, and with no fix
    /// that would open the front matter. `alpost check` and `alpost lsp` both go through here.
    pub fn findings(&self, draft: &crate::draft::Draft, path: Option<&Path>) -> Vec<Finding> {
        let defaults = self.defaults_for(path.unwrap_or(Path::new("-")));
        let ignored = path.map(|p| self.ignored_for(p)).unwrap_or_default();
        let mut findings = crate::lint::lint(draft, &self.rules, defaults);
        findings.retain(|f| !ignored.iter().any(|s| selects(s, &f.rule)));
        crate::fix::withhold_front_matter_openers(draft, &mut findings);
        findings
    }

    /// Rules the `[[overrides]]` of `path` switch off.
    pub fn ignored_for(&self, path: &Path) -> Vec<String> {
        self.overrides_for(path)
            .into_iter()
            .flat_map(|o| o.ignore.iter().cloned())
            .collect()
    }

    /// The `[[overrides]]` whose paths match `path`, in order. Most configurations have none,
    /// and then the path is not even made relative.
    fn overrides_for(&self, path: &Path) -> Vec<&PathOverride> {
        if self.overrides.is_empty() {
            return Vec::new();
        }
        let relative = self.relative(path);
        self.overrides
            .iter()
            .filter(|(g, _)| g.matches(&relative))
            .map(|(_, o)| o)
            .collect()
    }

    /// Whether a file found by walking a folder is a draft to check.
    pub fn includes(&self, path: &Path) -> bool {
        // The file name settles most walked files (`*.txt`): the name is the last component
        // of the path made relative to the root, so that path need not be built.
        if self.exclude.is_empty()
            && path
                .file_name()
                .is_some_and(|name| self.include.names.is_match(name))
        {
            return true;
        }
        let relative = self.relative(path);
        self.include.matches(&relative) && !self.exclude.matches(&relative)
    }

    pub fn excludes(&self, path: &Path) -> bool {
        !self.exclude.is_empty() && self.exclude.matches(&self.relative(path))
    }

    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = if path.is_absolute() || self.cwd.as_os_str().is_empty() {
            absolute(path)
        } else {
            absolute(&self.cwd.join(path))
        };
        absolute
            .strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or(absolute)
    }
}

/// `path` made absolute without touching the file system (symlinks are kept as named).
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Glob patterns as in `.gitignore`: a pattern without `/` matches a file name at any depth,
/// one with `/` matches the path from the configuration's folder.
#[derive(Debug, Default)]
struct PathGlobs {
    names: GlobSet,
    paths: GlobSet,
}

impl PathGlobs {
    fn new(patterns: &[String]) -> Result<Self, String> {
        let mut names = GlobSetBuilder::new();
        let mut paths = GlobSetBuilder::new();
        for pattern in patterns {
            let glob = Glob::new(pattern.trim_start_matches('/'))
                .map_err(|e| format!("invalid glob `{pattern}`: {e}"))?;
            if pattern.contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| format!("invalid globs: {e}"));
        Ok(PathGlobs {
            names: build(names)?,
            paths: build(paths)?,
        })
    }

    fn is_empty(&self) -> bool {
        self.names.is_empty() && self.paths.is_empty()
    }

    fn matches(&self, relative: &Path) -> bool {
        if self.is_empty() {
            return false;
        }
        // From the file name up: `*.txt` settles most paths at the first component.
        relative
            .components()
            .rev()
            .any(|c| self.names.is_match(c.as_os_str()))
            || self.paths.is_match(relative)
            || relative
                .ancestors()
                .skip(1)
                .any(|dir| !dir.as_os_str().is_empty() && self.paths.is_match(dir))
    }
}

fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|e| {
        ConfigError::in_toml(
            path.display().to_string(),
            text,
            e.span().map_or(0, |s| s.start),
            &suggest::with_hint(e.message().trim()),
        )
    })
}

/// The nearest `.alpost.toml` in `dir` or its ancestors, up to the top folder of the
/// repository `dir` is in (the one holding `.git`): a configuration above it is not the
/// repository's, and whoever can write there could switch its rules off. Outside any
/// repository, every ancestor is looked at.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    for folder in absolute(dir).ancestors() {
        let candidate = folder.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if crate::repo::is_root(folder) {
            return None;
        }
    }
    None
}

/// Where the rule packs a configuration in `folder` names must be (resolved): inside its
/// repository, or the configuration's own folder outside any.
fn pack_boundary(folder: &Path) -> PathBuf {
    let top = crate::repo::root_of(folder).unwrap_or_else(|| absolute(folder));
    top.canonicalize().unwrap_or(top)
}

/// The starter file written by `alpost init`: every key, commented, with its default.
pub const STARTER: &str = include_str!("../examples/alpost.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_name_rules_or_areas() {
        assert!(selects("privacy/", "privacy/email"));
        assert!(selects("privacy", "privacy/email"));
        assert!(selects("privacy/email", "privacy/email"));
        assert!(!selects("priv", "privacy/email"));
        assert!(!selects("privacy/e", "privacy/email"));
    }

    #[test]
    fn globs_follow_gitignore_conventions() {
        let g = PathGlobs::new(&["*.txt".into(), "archivio/**".into(), "risposte".into()])
            .expect("valid");
        assert!(g.matches(Path::new("a/b/c.txt")));
        assert!(g.matches(Path::new("archivio/2019/x.md")));
        assert!(g.matches(Path::new("risposte/r1.md")));
        assert!(!g.matches(Path::new("bozze/x.md")));
    }

    #[test]
    fn the_starter_file_is_a_valid_configuration() {
        let file = parse(Path::new("starter"), STARTER).expect("starter parses");
        assert!(file.rules.is_empty() || file.rules.keys().all(|k| k.contains('/')));
    }

    #[test]
    fn a_walked_file_is_included_by_its_name_or_its_path() {
        let dir = std::env::temp_dir().join(format!("alpost-includes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp folder");
        let config = dir.join(".alpost.toml");
        let load = |toml: &str| {
            std::fs::write(&config, toml).expect("config written");
            Profile::load(Some(&config), &dir, &CommandLine::default()).expect("config loads")
        };
        let named = load("include = [\"*.txt\", \"bozze/**\"]\n");
        assert!(named.includes(&dir.join("a/b/post.txt")));
        assert!(named.includes(&dir.join("bozze/2027/post.md")));
        assert!(!named.includes(&dir.join("archivio/post.md")));
        // An exclude still applies to a file whose name is included.
        let excluding = load("include = [\"*.txt\"]\nexclude = [\"archivio/**\"]\n");
        assert!(excluding.includes(&dir.join("bozze/post.txt")));
        assert!(!excluding.includes(&dir.join("archivio/post.txt")));
        std::fs::remove_dir_all(&dir).expect("temp folder removed");
    }
}
