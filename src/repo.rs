//! The repository a run works in, and the symbolic links that would lead a read out of it.
//!
//! A repository of drafts is checked in CI on shared runners, and anyone who can open a pull
//! request can commit a symbolic link: `bozze/x.txt -> ../.git/config` would print the job's
//! token in the snippets of a report uploaded for all to see. So a walk does not follow a link
//! out of the folder it walks (nor into `.git` or another hidden folder), and a path named on
//! the command line that goes through one of the repository's links is read only if it ends
//! inside the repository, outside `.git`.

use std::path::{Component, Path, PathBuf};

/// The nearest folder, from `dir` up, that holds `.git` (a folder, or the file of a worktree
/// or a submodule). `dir` is taken as written, made absolute: no link is resolved.
pub fn root_of(dir: &Path) -> Option<PathBuf> {
    crate::config::absolute(dir)
        .ancestors()
        .find(|d| is_root(d))
        .map(Path::to_path_buf)
}

/// Whether `dir` is the top folder of a repository.
pub fn is_root(dir: &Path) -> bool {
    dir.join(".git").symlink_metadata().is_ok()
}

/// The repository of the current folder, with every link resolved, or `None` outside any.
pub fn current() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    root_of(&cwd).and_then(|root| root.canonicalize().ok())
}

/// Whether `path` (resolved) is inside `folder` (resolved) and none of the components between
/// them is hidden: `.git`, `.env`, `.ssh` are nobody's drafts.
pub fn inside_and_visible(path: &Path, folder: &Path) -> bool {
    path.strip_prefix(folder).is_ok_and(|rest| {
        rest.components()
            .all(|c| !c.as_os_str().as_encoded_bytes().starts_with(b"."))
    })
}

/// Whether `path` (resolved) is inside the repository `root` (resolved), outside its `.git`.
pub fn inside_repository(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root)
        .is_ok_and(|rest| !rest.components().any(|c| c.as_os_str() == ".git"))
}

/// Why the path `named` on the command line is not read, or `None` when it may be: it goes
/// through a symbolic link that lies inside the repository `repo` (resolved), and ends
/// outside it or inside its `.git`. Links outside the repository (`/tmp` on some systems, a
/// link the user made in a home folder) are the user's own and are followed as any program
/// would; a link that leads nowhere is left to the read, which reports it.
pub fn named_refusal(named: &Path, repo: &Path) -> Option<&'static str> {
    let mut at = if named.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().ok()?.canonicalize().ok()?
    };
    let mut through_link = false;
    for component in named.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => at.push(component.as_os_str()),
            Component::CurDir => {}
            // `at` has no link left in it, so its parent is the one the system would take.
            Component::ParentDir => {
                at.pop();
            }
            Component::Normal(name) => {
                at.push(name);
                let is_link = at.symlink_metadata().is_ok_and(|m| m.is_symlink());
                if is_link {
                    through_link |= at.starts_with(repo);
                    at = at.canonicalize().ok()?;
                }
            }
        }
    }
    if !through_link {
        return None;
    }
    if !at.starts_with(repo) {
        Some("collegamento simbolico che porta fuori dal repository: non letto")
    } else if !inside_repository(&at, repo) {
        Some("collegamento simbolico che porta dentro `.git`: non letto")
    } else {
        None
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_named_path_through_a_link_of_the_repository_must_end_inside_it() {
        let top = tempfile::tempdir().expect("temp folder");
        let top = top.path().canonicalize().expect("resolved");
        let repo = top.join("repo");
        std::fs::create_dir_all(repo.join(".git")).expect("repository");
        std::fs::create_dir_all(repo.join("bozze")).expect("folder");
        std::fs::write(repo.join("bozze/a.txt"), "Ciao").expect("draft");
        std::fs::write(repo.join(".git/config"), "[core]").expect("config");
        std::fs::write(top.join("fuori.txt"), "segreto").expect("outside");
        symlink("../.git/config", repo.join("bozze/git.txt")).expect("link");
        symlink("../../fuori.txt", repo.join("bozze/fuori.txt")).expect("link");
        symlink("a.txt", repo.join("bozze/dentro.txt")).expect("link");
        symlink("..", repo.join("bozze/su")).expect("link");
        symlink(repo.join("bozze"), top.join("scorciatoia")).expect("link");
        let refused = |p: &Path| named_refusal(p, &repo);
        assert!(refused(&repo.join("bozze/git.txt")).is_some_and(|m| m.contains(".git")));
        assert!(refused(&repo.join("bozze/fuori.txt")).is_some_and(|m| m.contains("fuori")));
        assert_eq!(refused(&repo.join("bozze/dentro.txt")), None);
        assert_eq!(refused(&repo.join("bozze/a.txt")), None);
        // `..` after a link is the link target's parent, as the system reads it.
        assert!(refused(&repo.join("bozze/su/../fuori.txt")).is_some());
        assert!(refused(&repo.join("bozze/su/.git/config")).is_some());
        // A file outside named directly, and a link of the user's own outside the repository.
        assert_eq!(refused(&top.join("fuori.txt")), None);
        assert_eq!(refused(&top.join("scorciatoia/a.txt")), None);
    }

    #[test]
    fn hidden_folders_are_not_visible_from_the_walked_one() {
        let root = Path::new("/r/bozze");
        assert!(inside_and_visible(Path::new("/r/bozze/a/b.txt"), root));
        assert!(!inside_and_visible(Path::new("/r/bozze/.git/config"), root));
        assert!(!inside_and_visible(Path::new("/r/bozze/a/.env"), root));
        assert!(!inside_and_visible(Path::new("/r/bozzetto/a.txt"), root));
        assert!(inside_repository(Path::new("/r/a/.env"), Path::new("/r")));
        assert!(!inside_repository(
            Path::new("/r/.git/config"),
            Path::new("/r")
        ));
    }
}
