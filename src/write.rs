//! Writing files: fixed drafts in place of the originals, and reports, baselines and summaries
//! where the command line says, without ever leaving a file half-written or a temporary file
//! behind, and without changing what the file is (its owner, group, mode and other names).
//!
//! A fixed draft is written to a temporary file in its folder, given the original's owner,
//! group and mode, synced and renamed over it, so a reader sees the old text or the new one,
//! never half of one. A rename gives the path a new file, though: a draft with other names
//! (hard links) would lose them, and one whose owner or group this user cannot give a new file
//! would change hands. Those are written over in place instead, the file kept as it is. Just
//! before either, the draft is compared with what was read (size, modification time and every
//! byte): an edit saved while `--fix` ran is left alone, with an error.

use std::fs::{self, File};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use crate::inputs::Stamp;

/// The temporary files alive now: removed by the signal handler before the process ends.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

static HANDLER: Once = Once::new();

/// On SIGINT, SIGTERM and SIGHUP, removes the temporary files alive, then ends the process as
/// the signal would have. Installed with the first temporary file, so a run that writes none
/// never starts the handler's thread. (SIGKILL cannot be caught: a `.alpost-*.tmp` file may
/// then stay behind, as with any program.)
fn clean_up_on_signals() {
    HANDLER.call_once(|| {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let spawned = std::thread::Builder::new()
                .name("alpost-signals".into())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        // Held until the process ends: no temporary file is renamed into place
                        // or created after this point.
                        let live = LIVE
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        for path in live.iter() {
                            let _ = fs::remove_file(path);
                        }
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                        std::process::exit(128 + signal);
                    }
                });
            drop(spawned);
        }
    });
}

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A temporary file beside its destination, removed on drop and on the signals that end a
/// run, or renamed into place by `persist`.
pub struct Temp {
    file: tempfile::NamedTempFile,
    _live: Registered,
}

/// A path in `LIVE` for as long as this lives.
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        live().retain(|p| *p != self.0);
    }
}

impl Temp {
    /// A new hidden `.alpost-XXXXXX.tmp` file in `dir`, created with `mode` (less the umask)
    /// where the system has modes.
    pub fn new_in(dir: &Path, mode: Option<u32>) -> io::Result<Temp> {
        clean_up_on_signals();
        let mut builder = tempfile::Builder::new();
        builder.prefix(".alpost-").suffix(".tmp");
        #[cfg(unix)]
        if let Some(mode) = mode {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(mode));
        }
        #[cfg(not(unix))]
        let _ = mode;
        // Registered under the lock the signal handler takes, as it is created: a signal
        // cannot come between the two.
        let mut live = live();
        let file = builder.tempfile_in(dir)?;
        live.push(file.path().to_path_buf());
        drop(live);
        let path = file.path().to_path_buf();
        Ok(Temp {
            file,
            _live: Registered(path),
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.file.as_file_mut()
    }

    /// Renames the file over `to`. The signal handler waits for the rename to end: it never
    /// removes a report or a draft just moved into place.
    pub fn persist(self, to: &Path) -> io::Result<()> {
        let live = live();
        let result = self.file.persist(to).map(drop).map_err(|e| e.error);
        drop(live);
        result
    }
}

impl Write for Temp {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Why a fix was not written.
#[derive(Debug)]
pub enum FixError {
    /// The draft changed on disk since it was read.
    Changed,
    /// The user may not write the draft (or marked it read-only).
    NotWritable(String),
    /// A symbolic link whose target is outside the repository.
    LinkOutside,
    Io(io::Error),
}

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FixError::Changed => write!(
                f,
                "il file è cambiato mentre alpost lo correggeva: le correzioni non sono state \
                 scritte, il file è com'era stato salvato; rilancia alpost --fix"
            ),
            FixError::NotWritable(why) => {
                write!(f, "{why}: correzioni non scritte, il file resta com'era")
            }
            FixError::LinkOutside => write!(
                f,
                "collegamento simbolico a un file fuori dal repository: correzioni non scritte, \
                 il file resta com'era"
            ),
            FixError::Io(e) => write!(
                f,
                "impossibile scrivere le correzioni: {}; il file resta com'era",
                crate::reason::io(e)
            ),
        }
    }
}

impl From<io::Error> for FixError {
    fn from(e: io::Error) -> Self {
        FixError::Io(e)
    }
}

/// Writes `fixed` over the draft at `path`, which held `read` (the file as `stamp` describes
/// it) when it was read. A symbolic link is followed, and its target fixed where it is (the
/// link stays a link), when the target is inside the repository `repo` (resolved; `None`
/// outside any).
pub fn fix_file(
    path: &Path,
    repo: Option<&Path>,
    stamp: &Stamp,
    read: &[u8],
    fixed: &[u8],
) -> Result<(), FixError> {
    let is_link = path.symlink_metadata()?.is_symlink();
    let target = if is_link {
        let target = path.canonicalize()?;
        if repo.is_some_and(|repo| !crate::repo::inside_repository(&target, repo)) {
            return Err(FixError::LinkOutside);
        }
        target
    } else {
        path.to_path_buf()
    };
    let meta = fs::metadata(&target)?;
    writable(&target, &meta)?;
    if Stamp::of(&meta) != *stamp {
        return Err(FixError::Changed);
    }
    if has_other_names(&meta) {
        return in_place(&target, stamp, read, fixed);
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // A folder the user may not write is no reason to give up a file they may.
    let Ok(mut temp) = Temp::new_in(dir, None) else {
        return in_place(&target, stamp, read, fixed);
    };
    temp.file().write_all(fixed)?;
    if !same_owner_and_mode(temp.file(), &meta)? {
        drop(temp);
        return in_place(&target, stamp, read, fixed);
    }
    temp.file().sync_all()?;
    unchanged(&target, stamp, read)?;
    temp.persist(&target)?;
    // The rename itself lasts once the folder is synced; a folder that cannot be opened or
    // synced (some file systems) still has the file.
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Refuses a file marked read-only, and one this user may not write: a rename would replace
/// either as long as the folder is writable.
fn writable(path: &Path, meta: &fs::Metadata) -> Result<(), FixError> {
    if meta.permissions().readonly() {
        return Err(FixError::NotWritable("file di sola lettura".into()));
    }
    #[cfg(unix)]
    {
        use rustix::fs::{Access, AtFlags, CWD, accessat};
        if accessat(CWD, path, Access::WRITE_OK, AtFlags::EACCESS).is_err() {
            return Err(FixError::NotWritable(
                "non hai il permesso di scrivere il file".into(),
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(unix)]
fn has_other_names(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
fn has_other_names(_meta: &fs::Metadata) -> bool {
    false
}

/// Gives `file` the owner, group and mode of `meta`; `false` when the system refuses the
/// owner or group (only root may give a file away, and only to a group one belongs to).
#[cfg(unix)]
fn same_owner_and_mode(file: &File, meta: &fs::Metadata) -> io::Result<bool> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let now = file.metadata()?;
    if (now.uid(), now.gid()) != (meta.uid(), meta.gid())
        && std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err()
    {
        return Ok(false);
    }
    // After the owner: changing it clears the set-id bits.
    file.set_permissions(fs::Permissions::from_mode(meta.mode() & 0o7777))?;
    Ok(true)
}

#[cfg(not(unix))]
fn same_owner_and_mode(file: &File, meta: &fs::Metadata) -> io::Result<bool> {
    file.set_permissions(meta.permissions())?;
    Ok(true)
}

/// The draft at `path` still as it was read: same file, size, modification time and bytes.
fn unchanged(path: &Path, stamp: &Stamp, read: &[u8]) -> Result<(), FixError> {
    still_as_read(&mut File::open(path)?, stamp, read)
}

/// The open `file` still as it was read; reads at most one byte more than `read`.
fn still_as_read(file: &mut File, stamp: &Stamp, read: &[u8]) -> Result<(), FixError> {
    let meta = file.metadata()?;
    if Stamp::of(&meta) != *stamp {
        return Err(FixError::Changed);
    }
    let mut now = Vec::with_capacity(read.len() + 1);
    Read::by_ref(file)
        .take(read.len() as u64 + 1)
        .read_to_end(&mut now)?;
    if now != read {
        return Err(FixError::Changed);
    }
    Ok(())
}

/// Writes `fixed` over the file itself: it keeps its owner, group, mode and every name. Not
/// atomic, so used only where a rename would change the file: on failure the text read is
/// put back.
fn in_place(path: &Path, stamp: &Stamp, read: &[u8], fixed: &[u8]) -> Result<(), FixError> {
    let mut file = fs::OpenOptions::new().read(true).write(true).open(path)?;
    still_as_read(&mut file, stamp, read)?;
    let overwrite = |file: &mut File, bytes: &[u8]| -> io::Result<()> {
        file.rewind()?;
        file.write_all(bytes)?;
        file.set_len(bytes.len() as u64)?;
        file.sync_all()
    };
    if let Err(e) = overwrite(&mut file, fixed) {
        let _ = overwrite(&mut file, read);
        return Err(FixError::Io(e));
    }
    Ok(())
}

/// Where a report, baseline or summary goes, once `resolve` has looked at the path.
#[derive(Debug)]
pub enum Destination {
    /// A device, a pipe, or a descriptor of this process (`/dev/null`, `/dev/stdout`): written
    /// through, as a shell redirection would.
    Through(PathBuf),
    /// A file, replaced whole through a temporary file beside it: links are followed to it, so
    /// a link to a report stays a link. `stamp` identifies the file there now, if any.
    Replace {
        path: PathBuf,
        stamp: Option<Stamp>,
        mode: Option<u32>,
    },
}

/// What writing to `path` means.
pub fn resolve(path: &Path) -> io::Result<Destination> {
    // `/dev/stdout` and `/proc/self/fd/1` are this process's descriptors, whatever they lead
    // to: renaming over the file behind one would cut a shell's `>>` short.
    let descriptor = ["/dev/", "/proc/"].iter().any(|prefix| {
        path.as_os_str()
            .as_encoded_bytes()
            .starts_with(prefix.as_bytes())
    });
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "è una cartella",
        )),
        Ok(meta) if !meta.is_file() || descriptor => Ok(Destination::Through(path.to_path_buf())),
        found => {
            let target = follow_links(path)?;
            let meta = found.ok();
            Ok(Destination::Replace {
                path: target,
                stamp: meta.as_ref().map(Stamp::of),
                mode: meta.as_ref().and_then(mode_of),
            })
        }
    }
}

#[cfg(unix)]
fn mode_of(meta: &fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(meta.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn mode_of(_meta: &fs::Metadata) -> Option<u32> {
    None
}

/// The path a chain of symbolic links at `path` ends at, the last one possibly not existing
/// yet (a link to a report not written so far).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    // The limit of the system's own resolution.
    for _ in 0..40 {
        match at.symlink_metadata() {
            Ok(meta) if meta.is_symlink() => {
                let next = fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) => dir.join(next),
                    None => next,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "troppi livelli di collegamenti simbolici",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(path: &Path) -> Stamp {
        Stamp::of(&fs::metadata(path).expect("meta"))
    }

    #[test]
    fn replaces_contents_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").expect("write");
        fix_file(&path, None, &stamp(&path), b"old", b"new").expect("fixed");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        let leftovers = fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
        assert!(live().is_empty());
    }

    #[test]
    fn refuses_read_only_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").expect("write");
        let mut perms = fs::metadata(&path).expect("meta").permissions();
        perms.set_readonly(true);
        fs::set_permissions(&path, perms).expect("chmod");
        let err = fix_file(&path, None, &stamp(&path), b"old", b"new").expect_err("read-only");
        assert!(matches!(err, FixError::NotWritable(_)), "{err}");
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
    }

    #[test]
    fn a_file_edited_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").expect("write");
        let before = stamp(&path);
        // Same size and, on a coarse clock, the same time: the bytes tell.
        fs::write(&path, "odl").expect("edit");
        let mut same_time = stamp(&path);
        same_time.modified = before.modified;
        let err = fix_file(&path, None, &same_time, b"old", b"new").expect_err("edited");
        assert!(matches!(err, FixError::Changed), "{err}");
        assert_eq!(fs::read_to_string(&path).expect("read"), "odl");
    }

    #[test]
    fn links_are_followed_to_where_they_lead() {
        let dir = tempfile::tempdir().expect("temp dir");
        let link = dir.path().join("out.sarif");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("reports/out.sarif", &link).expect("link");
            let Destination::Replace { path, stamp, .. } = resolve(&link).expect("resolves") else {
                panic!("a link to a file is replaced through");
            };
            assert_eq!(path, dir.path().join("reports/out.sarif"));
            assert_eq!(stamp, None);
        }
        assert!(matches!(
            resolve(Path::new("/dev/null")),
            Ok(Destination::Through(_))
        ));
        assert!(resolve(dir.path()).is_err());
    }
}
