//! Which configuration governs each document, found as `alpost check` finds it, and each
//! configuration loaded (its rule set built) once until its file changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::config::{self, CommandLine, ConfigError, Profile};

/// What a configuration file was when it was loaded: a save changes it.
type Stamp = Option<(Option<SystemTime>, u64)>;

struct Loaded {
    stamp: Stamp,
    profile: Result<Arc<Profile>, ConfigError>,
}

pub struct Configs {
    /// `Some(Some(file))` for `--config`, `Some(None)` for `--no-config`.
    fixed: Option<Option<PathBuf>>,
    cli: CommandLine,
    /// Where documents without a file (untitled buffers) take their configuration from.
    root: PathBuf,
    /// Folder → nearest configuration file.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<Option<PathBuf>, Loaded>,
}

impl Configs {
    pub fn new(fixed: Option<Option<PathBuf>>, cli: CommandLine, root: PathBuf) -> Self {
        Configs {
            fixed,
            cli,
            root,
            nearest: HashMap::new(),
            loaded: HashMap::new(),
        }
    }

    pub fn set_root(&mut self, root: PathBuf) {
        self.root = root;
        self.forget();
    }

    /// Forgets what discovery found and every rule set: a configuration file was created,
    /// removed or changed, or a rule pack beside it.
    pub fn forget(&mut self) {
        self.nearest.clear();
        self.loaded.clear();
    }

    /// Forgets what discovery found for `dir`: a newly opened document looks again.
    pub fn rediscover(&mut self, dir: &Path) {
        self.nearest.remove(dir);
    }

    /// The profile for a document at `path` (`None` for one without a file).
    pub fn for_path(&mut self, path: Option<&Path>) -> Result<Arc<Profile>, ConfigError> {
        let file = match &self.fixed {
            Some(fixed) => fixed.clone(),
            None => {
                let dir = path
                    .and_then(Path::parent)
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| self.root.clone(), Path::to_path_buf);
                self.nearest
                    .entry(dir.clone())
                    .or_insert_with(|| config::discover(&dir))
                    .clone()
            }
        };
        // One `stat` per check: a configuration saved by any program is picked up at the next
        // change of a draft, even by an editor that does not report file changes.
        let stamp = stamp_of(file.as_deref());
        if let Some(loaded) = self.loaded.get(&file)
            && loaded.stamp == stamp
        {
            return loaded.profile.clone();
        }
        let root = file
            .as_deref()
            .and_then(|c| config::absolute(c).parent().map(Path::to_path_buf))
            .unwrap_or_else(|| self.root.clone());
        let profile = Profile::load(file.as_deref(), &root, &self.cli).map(Arc::new);
        self.loaded.insert(
            file,
            Loaded {
                stamp,
                profile: profile.clone(),
            },
        );
        profile
    }
}

fn stamp_of(file: Option<&Path>) -> Stamp {
    let meta = std::fs::metadata(file?).ok()?;
    Some((meta.modified().ok(), meta.len()))
}
