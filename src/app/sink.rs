//! Where a report goes: standard output (or standard error, when `--fix -` owns standard
//! output), or a file named on the command line (`-o`, `--summary-json`, `--write-baseline`).
//!
//! A file is written to a temporary file beside it that replaces it once the report is
//! complete, so readers never see half a report; a link to it is followed, and stays a link.
//! A device, a pipe or a descriptor of this process (`/dev/null`, `/dev/stdout`) is written
//! through as it is. A file that is one of the run's inputs is never replaced: see `guard`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::inputs::Stamp;
use crate::write::{Destination, Temp, resolve};

pub enum Sink {
    Stream(io::BufWriter<Box<dyn Write>>),
    File {
        temp: io::BufWriter<Temp>,
        /// Where the report goes (links followed).
        path: PathBuf,
        /// As named on the command line, for messages.
        shown: PathBuf,
        /// The file there when the run started, if any.
        stamp: Option<Stamp>,
    },
}

impl Sink {
    pub fn stdout() -> Sink {
        Sink::Stream(io::BufWriter::new(Box::new(io::stdout().lock())))
    }

    pub fn stderr() -> Sink {
        Sink::Stream(io::BufWriter::new(Box::new(io::stderr().lock())))
    }

    pub fn file(path: &Path) -> Result<Sink> {
        let cannot = || format!("impossibile scrivere {}", path.display());
        match resolve(path).with_context(cannot)? {
            Destination::Through(device) => {
                let file = std::fs::OpenOptions::new()
                    .append(true)
                    .open(&device)
                    .with_context(cannot)?;
                Ok(Sink::Stream(io::BufWriter::new(Box::new(file))))
            }
            Destination::Replace {
                path: target,
                stamp,
                mode,
            } => {
                let dir = match target.parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => dir,
                    _ => Path::new("."),
                };
                // The temporary file becomes the report: it gets the mode of the file it
                // replaces, or a new file's usual one (0666 less the umask) rather than the
                // owner-only one of temporary files.
                #[cfg_attr(not(unix), allow(unused_mut))]
                let mut temp =
                    Temp::new_in(dir, Some(mode.unwrap_or(0o666))).with_context(cannot)?;
                // Created through the umask: the old file's mode is set as it was.
                #[cfg(unix)]
                if let Some(mode) = mode {
                    use std::os::unix::fs::PermissionsExt;
                    temp.file()
                        .set_permissions(std::fs::Permissions::from_mode(mode))
                        .with_context(cannot)?;
                }
                Ok(Sink::File {
                    temp: io::BufWriter::new(temp),
                    path: target,
                    shown: path.to_owned(),
                    stamp,
                })
            }
        }
    }

    /// The file this sink will replace, as it is now: `None` for a stream, or a file that does
    /// not exist yet.
    pub fn stamp(&self) -> Option<&Stamp> {
        match self {
            Sink::Stream(_) => None,
            Sink::File { stamp, .. } => stamp.as_ref(),
        }
    }

    /// Refuses to go on when `input` (a file read by this run, as `stamp` describes it) is the
    /// file this sink would replace: `-o a.txt a.txt` would put the report in place of the
    /// draft. `flag` names the option in the message.
    pub fn guard(&self, flag: &str, input: &Stamp, shown: &str) -> Result<()> {
        if let (Some(stamp), Sink::File { shown: out, .. }) = (self.stamp(), self) {
            if stamp.same_file(input) {
                bail!(
                    "{flag} {}: è anche uno dei file letti ({shown}); alpost non lo sostituisce \
                     con il rapporto: scegli un altro file",
                    out.display()
                );
            }
        }
        Ok(())
    }

    /// Flushes the report and, for a file, moves it into place.
    pub fn commit(self) -> Result<()> {
        match self {
            Sink::Stream(mut out) => Ok(out.flush()?),
            Sink::File {
                temp, path, shown, ..
            } => {
                let cannot = || format!("impossibile scrivere {}", shown.display());
                let temp = temp
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)
                    .with_context(cannot)?;
                temp.persist(&path).with_context(cannot)?;
                Ok(())
            }
        }
    }
}

/// Refuses two outputs that are one file (`-o x --write-baseline x`): each would replace the
/// other.
pub fn distinct(a: (&str, &Sink), b: (&str, &Sink)) -> Result<()> {
    let same = match (a.1, b.1) {
        (
            Sink::File {
                path: p, stamp: s, ..
            },
            Sink::File {
                path: q, stamp: t, ..
            },
        ) => {
            crate::config::absolute(p) == crate::config::absolute(q)
                || matches!((s, t), (Some(s), Some(t)) if s.same_file(t))
        }
        _ => false,
    };
    if same {
        bail!(
            "{} e {} indicano lo stesso file: scegline due diversi",
            a.0,
            b.0
        );
    }
    Ok(())
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stream(out) => out.write(buf),
            Sink::File { temp, .. } => temp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stream(out) => out.flush(),
            Sink::File { temp, .. } => temp.flush(),
        }
    }
}
