//! Which drafts to check, and reading them: files named on the command line, folders walked
//! for `*.txt` and `*.md` (honouring `.gitignore`), or standard input.

use std::io::Read;

use rayon::slice::ParallelSliceMut;

mod open;
use open::open;
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
            // Most paths are UTF-8 and need no trip through the formatter, which looks for
            // invalid sequences a chunk at a time.
            Input::File(path) => match path.to_str() {
                Some(name) => name.to_owned(),
                None => path.display().to_string(),
            },
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

/// A path that could not be walked, with why (or, among the notes, why it was left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

/// What the command-line paths expand to.
#[derive(Debug, Default)]
pub struct Collected {
    pub candidates: Vec<Candidate>,
    /// Paths that could not be walked or are not read: the run ends with status 2.
    pub errors: Vec<InputError>,
    /// Symbolic links a walk did not follow: said on standard error, not an error.
    pub notes: Vec<InputError>,
}

/// Expands the command-line paths into candidates, in a stable order: every file of a
/// folder that `.gitignore` does not exclude (which of them are drafts is the configuration's
/// `include`). Errors are collected, not fatal: the other paths are still checked.
///
/// Inside the repository `repo` (resolved; `None` outside any), a named path that goes
/// through one of its symbolic links is read only if it ends inside it, outside `.git`.
pub fn collect(paths: &[PathBuf], repo: Option<&Path>) -> Collected {
    let mut found = Collected::default();
    for path in paths {
        if path.as_os_str() == "-" {
            found.candidates.push(Candidate {
                input: Input::Stdin,
                named: true,
            });
            continue;
        }
        if let Some(why) = repo.and_then(|repo| crate::repo::named_refusal(path, repo)) {
            found.errors.push(InputError {
                path: path.display().to_string(),
                message: why.to_owned(),
            });
        } else if path.is_dir() {
            walk(path, &mut found);
        } else if path.exists() {
            found.candidates.push(Candidate {
                input: Input::File(path.clone()),
                named: true,
            });
        } else {
            found.errors.push(InputError {
                path: path.display().to_string(),
                message: "file o cartella inesistente".to_owned(),
            });
        }
    }
    found
}

/// Walks `dir`, following the symbolic links that stay inside it: a linked folder of drafts
/// is checked like any other, and a link that leads nowhere or back to an ancestor is an
/// error naming it rather than a draft silently left out. A link out of `dir`, or to a hidden
/// file or folder (`.git`, `.env`), is not followed: a note names it. Files and errors come in
/// the order of a walk that visits siblings by name.
fn walk(dir: &Path, found: &mut Collected) {
    let (files, failures, skipped) = walked(dir, SERIAL_UP_TO);
    found.errors.extend(failures);
    found.notes.extend(skipped);
    found
        .candidates
        .extend(files.into_iter().map(|path| Candidate {
            input: Input::File(path),
            named: false,
        }));
}

/// The links a walk leaves out, gathered by the walker's filter (which may run on any of its
/// threads).
#[derive(Clone, Default)]
struct Unfollowed(std::sync::Arc<std::sync::Mutex<Vec<InputError>>>);

impl Unfollowed {
    /// A filter for the walk of `dir` that lets through every entry but the links leading
    /// out of it or to something hidden. Only links pay for the look at their target.
    fn filter(&self, dir: &Path) -> impl Fn(&ignore::DirEntry) -> bool + Send + Sync + 'static {
        let root = dir.canonicalize().ok();
        let skipped = self.clone();
        move |entry: &ignore::DirEntry| {
            if !entry.path_is_symlink() || entry.depth() == 0 {
                return true;
            }
            // A link that leads nowhere is reported by the walk itself.
            let (Some(root), Ok(target)) = (&root, entry.path().canonicalize()) else {
                return true;
            };
            if crate::repo::inside_and_visible(&target, root) {
                return true;
            }
            let message = if target.starts_with(root) {
                "collegamento simbolico a un file o una cartella nascosti (come `.git`): non seguito"
            } else {
                "collegamento simbolico che porta fuori dalla cartella controllata: non seguito"
            };
            if let Ok(mut list) = skipped.0.lock() {
                list.push(InputError {
                    path: entry.path().display().to_string(),
                    message: message.to_owned(),
                });
            }
            false
        }
    }

    fn into_sorted(self) -> Vec<InputError> {
        let mut list = match std::sync::Arc::try_unwrap(self.0) {
            Ok(list) => list
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            Err(shared) => shared.lock().map(|l| l.clone()).unwrap_or_default(),
        };
        list.sort_by(|a, b| walk_order(Path::new(&a.path), Path::new(&b.path)));
        list
    }
}

/// How many entries a folder may hold before it is walked on every core. Below, one thread
/// is quicker: the parallel walker's threads sleep a millisecond at a time while they wait for
/// each other to finish, which a pre-commit hook on a small folder would feel.
const SERIAL_UP_TO: usize = 4096;

/// How many walked files make sorting them on every core worth starting the thread pool.
const PARALLEL_SORT_FROM: usize = 20_000;

/// The files and the errors of a walk of `dir`, sorted. A folder of more than `serial_up_to`
/// entries is walked again on every core (reading folders is most of a start on a large
/// repository, and nothing can be checked before it ends); that walk finds files in no set
/// order, so both walks are sorted once at the end.
fn walked(dir: &Path, serial_up_to: usize) -> (Vec<PathBuf>, Vec<InputError>, Vec<InputError>) {
    let (mut files, mut failures, skipped) = match walk_serial(dir, serial_up_to) {
        Some(found) => found,
        None => {
            let skipped = Unfollowed::default();
            let walker = ignore::WalkBuilder::new(dir)
                .require_git(false)
                .follow_links(true)
                .filter_entry(skipped.filter(dir))
                .build_parallel();
            let found = Found::default();
            walker.visit(&mut &found);
            let (files, failures) = found.into_lists(dir);
            (files, failures, skipped)
        }
    };
    // Sorting on every core pays only on a large repository: below that, starting the
    // thread pool costs more than the sort.
    if files.len() >= PARALLEL_SORT_FROM {
        files.par_sort_unstable_by(|a, b| walk_order(a, b));
    } else {
        files.sort_unstable_by(|a, b| walk_order(a, b));
    }
    failures.sort_by(|a, b| walk_order(Path::new(&a.path), Path::new(&b.path)));
    (files, failures, skipped.into_sorted())
}

/// The walk of `dir` on this thread, or `None` once it meets more than `up_to` entries.
fn walk_serial(dir: &Path, up_to: usize) -> Option<(Vec<PathBuf>, Vec<InputError>, Unfollowed)> {
    let skipped = Unfollowed::default();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(true)
        .filter_entry(skipped.filter(dir))
        .build();
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for (seen, entry) in walker.enumerate() {
        if seen > up_to {
            return None;
        }
        match entry {
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    files.push(entry.into_path());
                }
            }
            Err(err) => errors.push(walk_error(dir, &err)),
        }
    }
    Some((files, errors, skipped))
}

/// What the walk's threads found: each thread fills lists of its own and hands them over
/// once, when it ends, rather than taking a lock for every file.
#[derive(Default)]
struct Found {
    lists: std::sync::Mutex<Vec<(Vec<PathBuf>, Vec<ignore::Error>)>>,
}

impl Found {
    fn into_lists(self, dir: &Path) -> (Vec<PathBuf>, Vec<InputError>) {
        // A thread that panicked poisons the lock; what the others found is still good.
        let lists = self
            .lists
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut files = Vec::with_capacity(lists.iter().map(|(f, _)| f.len()).sum());
        let mut errors = Vec::new();
        for (found, failed) in lists {
            files.extend(found);
            errors.extend(failed.iter().map(|err| walk_error(dir, err)));
        }
        (files, errors)
    }
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for &'s Found {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Visitor {
            lists: &self.lists,
            files: Vec::new(),
            errors: Vec::new(),
        })
    }
}

struct Visitor<'s> {
    lists: &'s std::sync::Mutex<Vec<(Vec<PathBuf>, Vec<ignore::Error>)>>,
    files: Vec<PathBuf>,
    errors: Vec<ignore::Error>,
}

impl ignore::ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    self.files.push(entry.into_path());
                }
            }
            Err(err) => self.errors.push(err),
        }
        ignore::WalkState::Continue
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let found = (
            std::mem::take(&mut self.files),
            std::mem::take(&mut self.errors),
        );
        if let Ok(mut lists) = self.lists.lock() {
            lists.push(found);
        }
    }
}

/// The order of a depth-first walk that visits siblings by name: component by component,
/// which on the bytes of two paths under the same root is byte order with the separator
/// below every other byte (a component that is a prefix of its sibling comes first).
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let common = common_prefix(a, b);
    let rank = |byte: Option<&u8>| {
        byte.map(|&c| {
            if std::path::is_separator(char::from(c)) {
                0
            } else {
                u16::from(c) + 1
            }
        })
    };
    rank(a.get(common)).cmp(&rank(b.get(common)))
}

/// Length of the longest common prefix of `a` and `b`, eight bytes at a time: sibling paths
/// share their whole folder.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut n = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        if x != y {
            break;
        }
        n += 8;
    }
    n + a[n..]
        .iter()
        .zip(&b[n..])
        .take_while(|(x, y)| x == y)
        .count()
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
                "collegamento alla cartella {} che lo contiene (un ciclo): non seguito",
                ancestor.display()
            ),
        },
        ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => InputError {
            path: dir.display().to_string(),
            message: "file o cartella inesistente (un collegamento che non porta a nulla?)"
                .to_owned(),
        },
        other => InputError {
            path: dir.display().to_string(),
            message: other.to_string(),
        },
    }
}

/// Reads a regular file of `size` bytes (as it was when opened), never more than one byte
/// past `max_size`. The first read asks for one byte more than `size`: when it comes back
/// short with exactly `size` bytes, the file is at its end and needs no second read to say
/// so, which keeps a system call per draft off a walk of many small files. A file that grew
/// since it was opened is read on to its end, as any reader would.
fn read_file(file: std::fs::File, size: u64, max_size: u64) -> std::io::Result<Vec<u8>> {
    let limit = max_size.saturating_add(1);
    let expected = usize::try_from(size.min(limit)).unwrap_or(usize::MAX);
    let mut buf = vec![0; expected.saturating_add(1)];
    let mut file = file.take(limit);
    let first = loop {
        match file.read(&mut buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => break other?,
        }
    };
    buf.truncate(first);
    if first != expected {
        file.read_to_end(&mut buf)?;
    }
    Ok(buf)
}

/// What reading an input gave.
#[derive(Debug)]
pub enum Content {
    Text(String),
    /// Not a draft (binary, too large): skipped with this note, not an error.
    Skipped(String),
}

/// Reads an input as text: UTF-8, or UTF-16 with a byte-order mark; anything else is an
/// error naming the byte offset. Files over `max_size` bytes and files with NUL bytes are not
/// drafts.
pub fn read(input: &Input, max_size: u64) -> Result<Content, String> {
    Ok(match read_draft(input, max_size)? {
        Loaded::Draft(source) => Content::Text(source.text),
        Loaded::Skipped(note) => Content::Skipped(note),
    })
}

/// What reading a draft gave, with what writing its fixes back needs.
#[derive(Debug)]
pub enum Loaded {
    Draft(Source),
    /// Not a draft (binary, too large): skipped with this note, not an error.
    Skipped(String),
}

/// A draft's text and how its bytes became that text.
#[derive(Debug)]
pub struct Source {
    /// The text as the checks read it: UTF-8, every line break a `\n` or a CRLF.
    pub text: String,
    pub form: Form,
    /// The file read, as it was when opened; `None` for standard input.
    pub file: Option<Stamp>,
}

/// The identity and state of a file when it was read: which file it is (so that a report is
/// never written over a draft being checked) and whether it changed since (so that `--fix`
/// never overwrites an edit saved while it ran).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub device: u64,
    pub inode: u64,
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        Stamp {
            device,
            inode,
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }

    /// Whether two stamps are of the same file (on systems that say).
    pub fn same_file(&self, other: &Stamp) -> bool {
        cfg!(unix) && self.device == other.device && self.inode == other.inode
    }
}

/// How a file's bytes were turned into the text the checks read, so that a fixed text is
/// written back in the file's own encoding and line ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    /// The file is UTF-16 with a byte-order mark (the text keeps the mark as U+FEFF).
    pub utf16: Option<Endian>,
    /// Which line breaks, counted among the text's `\n`, were a lone CR in the file (the
    /// line end of old Mac editors): the checks see them as the line ends they are.
    pub lone_cr: Vec<usize>,
    /// How many `\n` the text had, when some were lone CRs.
    pub breaks: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endian {
    Little,
    Big,
}

impl Form {
    /// The bytes of `text` (the read text, or the same text fixed) in the file's form.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let mut bytes = text.as_bytes().to_vec();
        if !self.lone_cr.is_empty() {
            let every = self.lone_cr.len() == self.breaks;
            let mut lone = self.lone_cr.iter().peekable();
            let breaks = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n');
            let at: Vec<(usize, usize)> = breaks.map(|(i, _)| i).enumerate().collect();
            for (n, i) in at {
                // A fix that added or removed a line break moves the count: a file of lone
                // CRs only keeps them all, a mixed one keeps its first ones in order.
                let was_lone = every || lone.next_if(|&&k| k == n).is_some();
                if was_lone && bytes.get(i.wrapping_sub(1)) != Some(&b'\r') {
                    bytes[i] = b'\r';
                }
            }
        }
        match self.utf16 {
            None => bytes,
            Some(endian) => {
                let text = String::from_utf8_lossy(&bytes);
                let mut out = Vec::with_capacity(text.len() * 2);
                for unit in text.encode_utf16() {
                    out.extend_from_slice(&match endian {
                        Endian::Little => unit.to_le_bytes(),
                        Endian::Big => unit.to_be_bytes(),
                    });
                }
                out
            }
        }
    }
}

/// Reads a draft as text (see `read`), keeping what writing it back needs.
pub fn read_draft(input: &Input, max_size: u64) -> Result<Loaded, String> {
    let (bytes, file) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .take(max_size.saturating_add(1))
                .read_to_end(&mut buf)
                .map_err(|e| {
                    format!(
                        "impossibile leggere lo standard input: {}",
                        crate::reason::io(&e)
                    )
                })?;
            (buf, None)
        }
        Input::File(path) => {
            let file = open(path)
                .map_err(|e| format!("impossibile leggere il file: {}", crate::reason::io(&e)))?;
            let meta = file
                .metadata()
                .map_err(|e| format!("impossibile leggere il file: {}", crate::reason::io(&e)))?;
            // A pipe or a device named like a draft would block the read or never end.
            if !meta.is_file() {
                return Err(
                    "non è un file normale (una pipe, un socket o un dispositivo?): non letto"
                        .into(),
                );
            }
            let size = meta.len();
            if size > max_size {
                return Ok(Loaded::Skipped(format!(
                    "{size} byte, oltre il limite di {max_size} byte: non è una bozza, saltato"
                )));
            }
            let bytes = read_file(file, size, max_size)
                .map_err(|e| format!("impossibile leggere il file: {}", crate::reason::io(&e)))?;
            (bytes, Some(Stamp::of(&meta)))
        }
    };
    if bytes.len() as u64 > max_size {
        return Ok(Loaded::Skipped(format!(
            "oltre il limite di {max_size} byte: non è una bozza, saltato"
        )));
    }
    let Some((text, utf16)) = decode(bytes)? else {
        return Ok(Loaded::Skipped(
            "file binario (byte NUL): non è una bozza, saltato".to_owned(),
        ));
    };
    let (text, lone_cr, breaks) = lone_cr_to_lf(text);
    Ok(Loaded::Draft(Source {
        text,
        form: Form {
            utf16,
            lone_cr,
            breaks,
        },
        file,
    }))
}

/// The text of a file's bytes, or `None` for a binary file (NUL bytes). UTF-16 with a
/// byte-order mark, what Windows editors save as "Unicode", is decoded: skipping it as binary
/// would let a draft pass CI unchecked.
fn decode(bytes: Vec<u8>) -> Result<Option<(String, Option<Endian>)>, String> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(
            "testo in UTF-32: alpost legge UTF-8 e UTF-16; salva la bozza come UTF-8".into(),
        );
    }
    let endian = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(Endian::Little),
        Some([0xFE, 0xFF]) => Some(Endian::Big),
        _ => None,
    };
    if let Some(endian) = endian {
        let units = bytes.chunks(2).map(|pair| match (endian, pair) {
            (Endian::Little, [a, b]) => u16::from_le_bytes([*a, *b]),
            (Endian::Big, [a, b]) => u16::from_be_bytes([*a, *b]),
            // An odd byte at the end is half a character: never a valid unit.
            _ => 0xDC00,
        });
        let mut text = String::with_capacity(bytes.len());
        for (i, c) in char::decode_utf16(units).enumerate() {
            let Ok(c) = c else {
                return Err(format!(
                    "UTF-16 non valido al byte {}: salva la bozza in UTF-8",
                    i * 2
                ));
            };
            if c == '\0' {
                return Ok(None);
            }
            text.push(c);
        }
        return Ok(Some((text, Some(endian))));
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Ok(None);
    }
    String::from_utf8(bytes)
        .map(|text| Some((text, None)))
        .map_err(|e| {
            format!(
                "UTF-8 non valido al byte {}: salva la bozza in UTF-8",
                e.utf8_error().valid_up_to()
            )
        })
}

/// `text` with every lone CR (one not followed by LF) made a LF, which of its line breaks
/// were one, and how many line breaks it has. Same length, so every byte offset is the
/// file's: positions stay right, and every check sees the lines the writer sees.
fn lone_cr_to_lf(text: String) -> (String, Vec<usize>, usize) {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return (text, Vec::new(), 0);
    }
    let mut bytes = text.into_bytes();
    let mut lone = Vec::new();
    let mut breaks = 0;
    for i in 0..bytes.len() {
        match bytes[i] {
            b'\n' => breaks += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                bytes[i] = b'\n';
                lone.push(breaks);
                breaks += 1;
            }
            _ => {}
        }
    }
    // Only ASCII bytes changed, for ASCII bytes: still UTF-8.
    let text = String::from_utf8(bytes).unwrap_or_default();
    if lone.is_empty() {
        return (text, lone, 0);
    }
    (text, lone, breaks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The order a depth-first walk with siblings sorted by name gives: component by component.
    fn by_components(a: &Path, b: &Path) -> std::cmp::Ordering {
        a.components().cmp(b.components())
    }

    proptest! {
        #![proptest_config(crate::text::samples::config(2000))]
        #[test]
        fn walk_order_is_the_order_of_components(
            a in proptest::collection::vec("[a-cA\\-_ ][a-c.\\-_ A]{0,2}", 1..4),
            b in proptest::collection::vec("[a-cA\\-_ ][a-c.\\-_ A]{0,2}", 1..4),
        ) {
            let root = Path::new("drafts/2027");
            let (a, b) = (root.join(a.join("/")), root.join(b.join("/")));
            // Walked names are never `.` or `..`, and a file has no children: one path inside
            // the other is no pair of walked files.
            prop_assume!(!a.starts_with(&b) && !b.starts_with(&a));
            prop_assert_eq!(walk_order(&a, &b), by_components(&a, &b), "{:?} {:?}", a, b);
        }
    }

    /// The walk on one thread and the walk on every core give the same files and errors, in
    /// the same order: which one runs depends only on the size of the folder.
    #[cfg(unix)]
    #[test]
    fn the_serial_and_the_parallel_walk_agree() {
        let root = tempfile::tempdir().expect("temp folder");
        let dir = root.path();
        for folder in ["b", "a/x", "a-b", "c/d/e"] {
            std::fs::create_dir_all(dir.join(folder)).expect("folder");
        }
        for file in [
            "a.txt",
            "a/x/1.txt",
            "a/2.md",
            "a-b/3.txt",
            "c/d/e/4.txt",
            "b/5.txt",
        ] {
            std::fs::write(dir.join(file), "bozza").expect("file");
        }
        std::os::unix::fs::symlink(dir.join("c"), dir.join("c/d/loop")).expect("loop");
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("b/broken")).expect("link");
        std::os::unix::fs::symlink("/", dir.join("a/root.txt")).expect("link out");
        std::os::unix::fs::symlink("../../b/5.txt", dir.join("a/x/d.txt")).expect("link in");
        let serial = walked(dir, usize::MAX);
        let parallel = walked(dir, 0);
        assert_eq!(serial.0.len(), 7, "{:?}", serial.0);
        assert_eq!(serial.1.len(), 2, "{:?}", serial.1);
        assert_eq!(serial.2.len(), 1, "{:?}", serial.2);
        assert_eq!(serial, parallel);
    }

    #[test]
    fn a_folder_comes_at_its_name_among_its_siblings() {
        let mut paths: Vec<PathBuf> =
            ["d/a.txt", "d/a/z.txt", "d/a-b.txt", "d/ab/c.txt", "d/B.txt"]
                .iter()
                .map(PathBuf::from)
                .collect();
        paths.sort_unstable_by(|a, b| walk_order(a, b));
        let names: Vec<_> = paths.iter().map(|p| p.to_string_lossy()).collect();
        assert_eq!(
            names,
            ["d/B.txt", "d/a/z.txt", "d/a-b.txt", "d/a.txt", "d/ab/c.txt"]
        );
    }

    #[test]
    fn common_prefix_counts_across_and_inside_eight_byte_blocks() {
        let a = b"0123456789abcdefXY";
        for cut in 0..a.len() {
            let mut b = a.to_vec();
            b[cut] = b'!';
            assert_eq!(common_prefix(a, &b), cut);
        }
        assert_eq!(common_prefix(a, &a[..5]), 5);
        assert_eq!(common_prefix(b"", a), 0);
    }

    fn read_bytes(content: &[u8], max_size: u64) -> Content {
        let dir = std::env::temp_dir().join(format!("alpost-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp folder");
        let path = dir.join(format!("{}-{max_size}.txt", content.len()));
        std::fs::write(&path, content).expect("temp file");
        let read = read(&Input::File(path.clone()), max_size).expect("readable");
        std::fs::remove_file(&path).expect("removed");
        read
    }

    #[test]
    fn reads_the_whole_file_whatever_its_size() {
        for len in [0, 1, 7, 4096, 70_000] {
            let content: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            match read_bytes(&content, 1 << 20) {
                Content::Text(text) => assert_eq!(text.as_bytes(), content.as_slice()),
                Content::Skipped(note) => panic!("skipped {len} bytes: {note}"),
            }
        }
    }

    #[test]
    fn a_file_over_the_limit_is_skipped_at_the_limit() {
        assert!(matches!(read_bytes(b"12345", 4), Content::Skipped(_)));
        assert!(matches!(read_bytes(b"1234", 4), Content::Text(t) if t == "1234"));
    }
}
