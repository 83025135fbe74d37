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

fn walk(dir: &Path, inputs: &mut Vec<Candidate>, errors: &mut Vec<InputError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
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
            Err(err) => errors.push(InputError {
                path: dir.display().to_string(),
                message: err.to_string(),
            }),
        }
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
            let size = std::fs::metadata(path)
                .map_err(|e| format!("cannot read file: {e}"))?
                .len();
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
