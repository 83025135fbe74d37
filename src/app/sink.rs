//! Where a report goes: standard output (or standard error, when `--fix -` owns standard
//! output), or a temporary file beside `--output FILE` that replaces FILE once the report is
//! complete, so readers never see half a report.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

pub enum Sink {
    Stream(io::BufWriter<Box<dyn Write>>),
    File {
        temp: io::BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
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
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".alpost-").suffix(".tmp");
        // The temporary file becomes the report: give it a new file's usual permissions
        // (0666 less the umask) rather than the owner-only ones of temporary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Sink::File {
            temp: io::BufWriter::new(temp),
            path: path.to_owned(),
        })
    }

    /// Flushes the report and, for a file, moves it into place.
    pub fn commit(self) -> Result<()> {
        match self {
            Sink::Stream(mut out) => Ok(out.flush()?),
            Sink::File { temp, path } => {
                let temp = temp
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                temp.persist(&path)
                    .map_err(|e| e.error)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Ok(())
            }
        }
    }
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
