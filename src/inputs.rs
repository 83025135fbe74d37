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

/// A path that could not be walked, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

const DRAFT_EXTENSIONS: &[&str] = &["txt", "md"];

/// Expands the command-line paths into inputs, in a stable order. Errors are collected, not
/// fatal: the other paths are still checked.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, &mut inputs, &mut errors);
        } else if path.exists() {
            inputs.push(Input::File(path.clone()));
        } else {
            errors.push(InputError {
                path: path.display().to_string(),
                message: "no such file or folder".to_owned(),
            });
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_draft = entry.file_type().is_some_and(|t| t.is_file())
                    && entry
                        .path()
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| DRAFT_EXTENSIONS.contains(&e));
                if is_draft {
                    inputs.push(Input::File(entry.into_path()));
                }
            }
            Err(err) => errors.push(InputError {
                path: dir.display().to_string(),
                message: err.to_string(),
            }),
        }
    }
}

/// Reads an input as UTF-8 text; invalid UTF-8 is reported with its byte offset.
pub fn read(input: &Input) -> Result<String, String> {
    let bytes = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            buf
        }
        Input::File(path) => std::fs::read(path).map_err(|e| format!("cannot read file: {e}"))?,
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 at byte {}: save the draft as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}
