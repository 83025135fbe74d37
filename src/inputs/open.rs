//! Opening drafts for reading: without waiting on a named pipe, and, on a walk of many small
//! files, through the folder already open rather than by the whole path each time.

use std::fs::File;
use std::io;
use std::path::Path;

/// Opens a file for reading without waiting on it: opening a named pipe waits for a writer
/// that may never come, while the file's type, asked next, says it is no draft at once.
/// Reads of a regular file ignore the flag.
#[cfg(unix)]
pub fn open(path: &Path) -> io::Result<File> {
    if let (Some(folder), Some(name)) = (path.parent(), path.file_name())
        && !folder.as_os_str().is_empty()
        && let Some(file) = FOLDER.with(|open| open.borrow_mut().open(folder, name))
    {
        return file;
    }
    let fd = rustix::fs::open(path, read_flags(), rustix::fs::Mode::empty())?;
    Ok(File::from(fd))
}

#[cfg(not(unix))]
pub fn open(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn read_flags() -> rustix::fs::OFlags {
    use rustix::fs::OFlags;
    OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC
}

#[cfg(unix)]
thread_local! {
    /// The folder of the last file this thread opened. Files come in walk order, a folder's
    /// files one after the other, and the kernel then looks up one name per file instead of
    /// every folder on the way to it: on a walk of small drafts that lookup is a large part of
    /// the time spent in the kernel.
    static FOLDER: std::cell::RefCell<OpenFolder> = const {
        std::cell::RefCell::new(OpenFolder { path: Vec::new(), fd: None })
    };
}

#[cfg(unix)]
struct OpenFolder {
    path: Vec<u8>,
    fd: Option<rustix::fd::OwnedFd>,
}

#[cfg(unix)]
impl OpenFolder {
    /// Opens `name` in `folder`, or `None` when the folder itself cannot be opened (no read
    /// permission, say): the caller then opens the file by its path, which gives the error
    /// or the file exactly as before.
    fn open(&mut self, folder: &Path, name: &std::ffi::OsStr) -> Option<io::Result<File>> {
        let key = folder.as_os_str().as_encoded_bytes();
        if self.fd.is_none() || self.path != key {
            use rustix::fs::OFlags;
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            self.fd = rustix::fs::open(folder, flags, rustix::fs::Mode::empty()).ok();
            self.path.clear();
            self.path.extend_from_slice(key);
        }
        let fd = self.fd.as_ref()?;
        Some(
            rustix::fs::openat(fd, name, read_flags(), rustix::fs::Mode::empty())
                .map(File::from)
                .map_err(io::Error::from),
        )
    }
}
