//! `alpost lsp`: the language server over standard input and output. This file moves the
//! JSON-RPC messages; `crate::lsp` holds the documents and answers.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, HoverRequest, RegisterCapability, Request as _, Shutdown,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, PublishDiagnosticsParams, Registration,
    RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};

use crate::cli::PackArgs;
use crate::config::CommandLine;
use crate::exit::ExitStatus;
use crate::lsp::Server;

pub fn run(pack: &PackArgs) -> Result<ExitStatus> {
    let (connection, io_threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let (id, params) = connection
        .initialize_start()
        .context("the client did not initialize the server")?;
    let init: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "alpost".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    });
    connection
        .initialize_finish(id, result)
        .context("the client did not finish initializing")?;

    let cwd = std::env::current_dir().unwrap_or_default();
    let fixed = match (&pack.config, pack.no_config) {
        (Some(file), _) => Some(Some(crate::config::absolute(file))),
        (None, true) => Some(None),
        (None, false) => None,
    };
    let cli = CommandLine {
        packs: pack.rules.clone(),
        ..CommandLine::default()
    };
    let mut server = Server::new(fixed, cli, workspace_root(&init).unwrap_or(cwd));
    if watches_files(&init) {
        let watchers = ["**/.alpost.toml", "**/*.toml"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_owned()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "alpost-configurazioni".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let request = Request::new(
            "alpost-watch".to_owned().into(),
            RegisterCapability::METHOD.to_owned(),
            params,
        );
        connection.sender.send(request.into())?;
    }

    let mut status = ExitStatus::Clean;
    for message in &connection.receiver {
        let sent = match message {
            Message::Request(request) => {
                // A client that asked for shutdown and went away without the `exit` that
                // should follow has still ended the session as it meant to.
                if connection
                    .handle_shutdown(&request)
                    .unwrap_or(request.method == Shutdown::METHOD)
                {
                    break;
                }
                let response = answer(&server, request);
                connection.sender.send(response.into())
            }
            Message::Notification(notification) if notification.method == Exit::METHOD => {
                // `exit` before `shutdown`: the protocol asks for status 1.
                status = ExitStatus::Findings;
                break;
            }
            Message::Notification(notification) => notify(&mut server, notification)
                .into_iter()
                .try_for_each(|params| {
                    let message = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
                    connection.sender.send(message.into())
                }),
            // The only request the server sends is the file watch registration.
            Message::Response(_) => Ok(()),
        };
        // The client closed the connection: nothing is left to tell it.
        if sent.is_err() {
            break;
        }
    }
    drop(connection);
    // The threads end with the connection; a pipe the client already closed is no failure.
    let _ = io_threads.join();
    Ok(status)
}

fn answer(server: &Server, request: Request) -> Response {
    let id = request.id.clone();
    let invalid = |e: serde_json::Error| {
        Response::new_err(id.clone(), ErrorCode::InvalidParams as i32, e.to_string())
    };
    match request.method.as_str() {
        CodeActionRequest::METHOD => match serde_json::from_value(request.params) {
            Ok(params) => Response::new_ok(id.clone(), server.code_actions(&params)),
            Err(e) => invalid(e),
        },
        HoverRequest::METHOD => match serde_json::from_value(request.params) {
            Ok(params) => Response::new_ok(id.clone(), server.hover(&params)),
            Err(e) => invalid(e),
        },
        other => Response::new_err(
            id.clone(),
            ErrorCode::MethodNotFound as i32,
            format!("alpost does not answer `{other}`"),
        ),
    }
}

fn notify(server: &mut Server, notification: Notification) -> Vec<PublishDiagnosticsParams> {
    let method = notification.method.clone();
    let params = notification.params;
    let outcome = match method.as_str() {
        DidOpenTextDocument::METHOD => serde_json::from_value(params).map(|p| server.open(p)),
        DidChangeTextDocument::METHOD => serde_json::from_value(params).map(|p| server.change(p)),
        DidCloseTextDocument::METHOD => serde_json::from_value(params)
            .map(|p: lsp_types::DidCloseTextDocumentParams| server.close(&p.text_document.uri)),
        DidSaveTextDocument::METHOD => serde_json::from_value(params)
            .map(|p: lsp_types::DidSaveTextDocumentParams| server.saved(&p.text_document.uri)),
        DidChangeWatchedFiles::METHOD => Ok(server.files_changed()),
        _ => Ok(Vec::new()),
    };
    outcome.unwrap_or_else(|e| {
        // The client's log shows the server's standard error.
        let _ = writeln!(std::io::stderr(), "alpost lsp: `{method}` ignored: {e}");
        Vec::new()
    })
}

/// The first workspace folder the client opened, where untitled buffers find their
/// configuration.
fn workspace_root(init: &InitializeParams) -> Option<PathBuf> {
    let folder = init
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone());
    #[allow(deprecated)]
    let uri = folder.or_else(|| init.root_uri.clone())?;
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// Whether the client can watch files for the server.
fn watches_files(init: &InitializeParams) -> bool {
    init.capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false)
}
