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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn contents(path: &Path) -> String {
        let mut text = String::new();
        open(path)
            .expect("opens")
            .read_to_string(&mut text)
            .expect("reads");
        text
    }

    #[test]
    fn files_of_the_same_name_in_turns_of_folders_are_each_their_own() {
        let root = tempfile::tempdir().expect("temp folder");
        for folder in ["a", "b"] {
            std::fs::create_dir(root.path().join(folder)).expect("folder");
            std::fs::write(root.path().join(folder).join("d.txt"), folder).expect("file");
        }
        for folder in ["a", "b", "b", "a", "b"] {
            assert_eq!(contents(&root.path().join(folder).join("d.txt")), folder);
        }
    }

    #[test]
    fn a_file_gone_from_the_open_folder_is_an_error_and_the_next_one_opens() {
        let root = tempfile::tempdir().expect("temp folder");
        let (gone, kept) = (root.path().join("gone.txt"), root.path().join("kept.txt"));
        std::fs::write(&gone, "x").expect("file");
        std::fs::write(&kept, "y").expect("file");
        assert_eq!(contents(&gone), "x");
        std::fs::remove_file(&gone).expect("removed");
        let err = open(&gone).expect_err("deleted");
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert_eq!(contents(&kept), "y");
    }
}
