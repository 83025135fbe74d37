//! Which drafts to check, and reading them: files named on the command line, folders walked
//! for `*.txt` and `*.md` (honouring `.gitignore`), or standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a draft comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name shown in findings.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// An input and whether the user named it (named files skip the `include` globs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub input: Input,
    pub named: bool,
}

impl Candidate {
    /// The file, or `None` for standard input.
    pub fn path(&self) -> Option<&Path> {
        match &self.input {
            Input::File(path) => Some(path),
            Input::Stdin => None,
        }
    }
}

/// A path that could not be walked, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

/// Expands the command-line paths into candidates, in a stable order: every file of a
/// folder that `.gitignore` does not exclude (which of them are drafts is the configuration's
/// `include`). Errors are collected, not fatal: the other paths are still checked.
pub fn collect(paths: &[PathBuf]) -> (Vec<Candidate>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Candidate {
                input: Input::Stdin,
                named: true,
            });
        } else if path.is_dir() {
            walk(path, &mut inputs, &mut errors);
        } else if path.exists() {
            inputs.push(Candidate {
                input: Input::File(path.clone()),
                named: true,
            });
        } else {
            errors.push(InputError {
                path: path.display().to_string(),
                message: "no such file or folder".to_owned(),
            });
        }
    }
    (inputs, errors)
}

/// Walks `dir`, following symbolic links: a linked folder of drafts is checked like any
/// other, and a link that leads nowhere or back to an ancestor is an error naming it rather
/// than a draft silently left out.
fn walk(dir: &Path, inputs: &mut Vec<Candidate>, errors: &mut Vec<InputError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(true)
        // Siblings share their folder, so their names alone give the order of their paths,
        // for a byte comparison instead of a component-by-component one.
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    inputs.push(Candidate {
                        input: Input::File(entry.into_path()),
                        named: false,
                    });
                }
            }
            Err(err) => errors.push(walk_error(dir, &err)),
        }
    }
}

/// A walk error with the path it is about, when it names one, and the bare reason.
fn walk_error(dir: &Path, err: &ignore::Error) -> InputError {
    match err {
        ignore::Error::WithPath { path, err } => InputError {
            path: path.display().to_string(),
            message: walk_error(dir, err).message,
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(dir, err)
        }
        ignore::Error::Loop { ancestor, child } => InputError {
            path: child.display().to_string(),
            message: format!(
                "link to the folder {} that contains it (a loop): not followed",
                ancestor.display()
            ),
        },
        ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => InputError {
            path: dir.display().to_string(),
            message: "no such file or folder (a link that leads nowhere?)".to_owned(),
        },
        other => InputError {
            path: dir.display().to_string(),
            message: other.to_string(),
        },
    }
}

/// What reading an input gave.
#[derive(Debug)]
pub enum Content {
    Text(String),
    /// Not a draft (binary, too large): skipped with this note, not an error.
    Skipped(String),
}

/// Reads an input as UTF-8 text; invalid UTF-8 is an error naming the byte offset. Files over
/// `max_size` bytes and files with NUL bytes are not drafts.
pub fn read(input: &Input, max_size: u64) -> Result<Content, String> {
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .take(max_size.saturating_add(1))
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            buf
        }
        Input::File(path) => {
            let meta = std::fs::metadata(path).map_err(|e| format!("cannot read file: {e}"))?;
            // A pipe or a device named like a draft would block the read or never end.
            if !meta.is_file() {
                return Err("not a regular file (a pipe, a socket or a device?): not read".into());
            }
            let size = meta.len();
            if size > max_size {
                return Ok(Content::Skipped(format!(
                    "{size} bytes, over the {max_size}-byte limit: not a draft, skipped"
                )));
            }
            std::fs::read(path).map_err(|e| format!("cannot read file: {e}"))?
        }
    };
    if bytes.len() as u64 > max_size {
        return Ok(Content::Skipped(format!(
            "over the {max_size}-byte limit: not a draft, skipped"
        )));
    }
    if bytes.contains(&0) {
        return Ok(Content::Skipped(
            "binary file (NUL bytes): not a draft, skipped".to_owned(),
        ));
    }
    String::from_utf8(bytes).map(Content::Text).map_err(|e| {
        format!(
            "not valid UTF-8 at byte {}: save the draft as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}
