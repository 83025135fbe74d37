//! Which configuration governs each draft: `--config`, `--no-config`, or the nearest
//! `.alpost.toml` above the draft's folder. Each configuration is loaded once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, CommandLine, ConfigError, Profile};

pub struct Profiles {
    fixed: Option<Option<PathBuf>>,
    cli: CommandLine,
    cwd: PathBuf,
    /// Folder → nearest configuration file.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<Option<PathBuf>, Result<Arc<Profile>, ConfigError>>,
}

impl Profiles {
    /// `fixed` is `Some(Some(file))` for `--config`, `Some(None)` for `--no-config`.
    pub fn new(fixed: Option<Option<PathBuf>>, cli: CommandLine, cwd: PathBuf) -> Self {
        Profiles {
            fixed,
            cli,
            cwd,
            nearest: HashMap::new(),
            loaded: HashMap::new(),
        }
    }

    /// The profile for a draft at `path` (`None` for standard input: the current folder),
    /// and whether this is the first time its error is seen (to report it once).
    pub fn for_path(&mut self, path: Option<&Path>) -> (Result<Arc<Profile>, ConfigError>, bool) {
        let config = match &self.fixed {
            Some(fixed) => fixed.clone(),
            None => {
                let dir = path
                    .and_then(Path::parent)
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| self.cwd.clone(), Path::to_path_buf);
                self.nearest
                    .entry(dir.clone())
                    .or_insert_with(|| config::discover(&dir))
                    .clone()
            }
        };
        let first = !self.loaded.contains_key(&config);
        let cwd = &self.cwd;
        let cli = &self.cli;
        let profile = self
            .loaded
            .entry(config.clone())
            .or_insert_with(|| {
                let root = config
                    .as_deref()
                    .and_then(|c| config::absolute(c).parent().map(Path::to_path_buf))
                    .unwrap_or_else(|| cwd.clone());
                Profile::load(config.as_deref(), &root, cli).map(Arc::new)
            })
            .clone();
        (profile, first)
    }
}
