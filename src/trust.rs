//! Which configuration and rule-pack files alpost obeys: a configuration can switch the
//! privacy rules off and a pack can carry a "fix" that rewrites every draft, so a file that
//! another user could write is refused, as ssh refuses an `authorized_keys` others can write.
//!
//! A file is trusted when it is owned by the user running alpost or by root, and neither its
//! group nor everyone else may write it. A group-writable file is trusted still when its group
//! is the owner's own private group (the `umask 002` of Debian and Ubuntu user groups): a
//! group named after the owner, the owner's primary group, with no other member.

use std::io::Read;
use std::path::Path;

/// Why a configuration or pack file was not read.
#[derive(Debug)]
pub enum Refused {
    Io(std::io::Error),
    /// Another user could change it: why, in words.
    Untrusted(String),
}

/// Reads the configuration or pack file at `path` as text, or says why it is not obeyed.
/// The checks are made on the file opened, so it cannot be swapped between them and the read.
pub fn read_text(path: &Path) -> Result<String, Refused> {
    let mut file = std::fs::File::open(path).map_err(Refused::Io)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    refusal(&meta).map_err(Refused::Untrusted)?;
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(Refused::Io)?;
    Ok(text)
}

#[cfg(unix)]
fn refusal(meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    let (owner, group, mode) = (meta.uid(), meta.gid(), meta.mode());
    if owner != me && owner != 0 {
        return Err(format!(
            "il file è di un altro utente (uid {owner}), che potrebbe cambiarne le regole: \
             alpost segue solo file tuoi o di root"
        ));
    }
    if mode & 0o002 != 0 {
        return Err(format!(
            "chiunque può modificare il file (permessi {:o}): togli il permesso con \
             `chmod go-w`",
            mode & 0o777
        ));
    }
    if mode & 0o020 != 0 && !private_group(owner, group) {
        return Err(format!(
            "anche altri utenti del gruppo (gid {group}) possono modificare il file \
             (permessi {:o}): togli il permesso con `chmod g-w`",
            mode & 0o777
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refusal(_meta: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}

/// Whether `group` is the private group of the user `owner`, by `/etc/passwd` and
/// `/etc/group`: when they cannot be read (or the accounts come from a directory service),
/// it is not.
#[cfg(unix)]
fn private_group(owner: u32, group: u32) -> bool {
    let (Ok(passwd), Ok(groups)) = (
        std::fs::read_to_string("/etc/passwd"),
        std::fs::read_to_string("/etc/group"),
    ) else {
        return false;
    };
    is_private_group(&passwd, &groups, owner, group)
}

/// `private_group` on the text of the two account files.
#[cfg(unix)]
fn is_private_group(passwd: &str, groups: &str, owner: u32, group: u32) -> bool {
    let fields = |line: &str| line.split(':').map(str::to_owned).collect::<Vec<_>>();
    let users: Vec<Vec<String>> = passwd.lines().map(fields).collect();
    let id = |s: &String| s.parse::<u32>().ok();
    let Some(name) = users
        .iter()
        .find(|u| u.get(2).and_then(id) == Some(owner))
        .and_then(|u| u.first().cloned())
    else {
        return false;
    };
    let primary_of_others = users
        .iter()
        .any(|u| u.get(2).and_then(id) != Some(owner) && u.get(3).and_then(id) == Some(group));
    let entry = groups
        .lines()
        .map(fields)
        .find(|g| g.get(2).and_then(id) == Some(group));
    let Some(entry) = entry else {
        return false;
    };
    let members_are_owner = entry.get(3).is_none_or(|m| {
        m.split(',')
            .all(|m| m.trim().is_empty() || m.trim() == name)
    });
    let primary = users
        .iter()
        .any(|u| u.get(2).and_then(id) == Some(owner) && u.get(3).and_then(id) == Some(group));
    entry.first() == Some(&name) && primary && members_are_owner && !primary_of_others
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    const PASSWD: &str = "root:x:0:0:root:/root:/bin/bash\n\
                          anna:x:1000:1000:Anna:/home/anna:/bin/bash\n\
                          luca:x:1001:100:Luca:/home/luca:/bin/bash\n\
                          ospite:x:1002:1000::/home/ospite:/bin/sh\n\
                          sara:x:1003:1003::/home/sara:/bin/sh\n";
    const GROUP: &str = "root:x:0:\nusers:x:100:anna,luca\nanna:x:1000:\nsara:x:1003:sara,luca\n";

    #[test]
    fn a_group_is_private_when_only_its_user_can_be_in_it() {
        // Named after the user and the user's primary group, but another account's too.
        assert!(!is_private_group(PASSWD, GROUP, 1000, 1000));
        assert!(is_private_group(PASSWD, GROUP, 0, 0));
        // A shared group.
        assert!(!is_private_group(PASSWD, GROUP, 1001, 100));
        // Another member listed.
        assert!(!is_private_group(PASSWD, GROUP, 1003, 1003));
        let alone = GROUP.replace("sara,luca", "sara");
        assert!(is_private_group(PASSWD, &alone, 1003, 1003));
        // Unknown accounts are no one's private group.
        assert!(!is_private_group(PASSWD, GROUP, 4242, 4242));
    }
}
