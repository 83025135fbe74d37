//! Zed starts `alpost lsp` through this extension: the `alpost` on the `PATH`, or the binary
//! and arguments of `lsp.alpost.binary` in Zed's settings.

use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct Alpost;

impl zed::Extension for Alpost {
    fn new() -> Self {
        Alpost
    }

    fn language_server_command(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.binary);
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let command = match configured {
            Some(path) => path,
            None => worktree.which("alpost").ok_or_else(|| {
                "alpost non è nel PATH: installalo (cargo install) o indica lsp.alpost.binary.path"
                    .to_owned()
            })?,
        };
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["lsp".to_owned()]);
        Ok(zed::Command {
            command,
            args,
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(Alpost);
