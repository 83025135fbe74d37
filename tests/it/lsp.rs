//! `alpost lsp` driven over stdio as an editor drives it: JSON-RPC messages framed with
//! `Content-Length`, written to the real binary and read back.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{alpost, repo_root};

/// How long to wait for a message before calling the server stuck (a hang guard, not a
/// measure of speed).
const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Messages read while waiting for another one.
    backlog: Vec<Value>,
}

impl Client {
    fn start(cwd: &Path, root: Option<&Path>) -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("alpost"))
            .arg("lsp")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("alpost lsp starts");
        let stdin = child.stdin.take().expect("stdin piped");
        let stdout = child.stdout.take().expect("stdout piped");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 0,
            backlog: Vec::new(),
        };
        let root_uri = root.map(uri);
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": {
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
                    "textDocument": {"publishDiagnostics": {"versionSupport": true}}
                }
            }),
        );
        assert_eq!(init["serverInfo"]["name"], "alpost");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("written");
        self.stdin.flush().expect("flushed");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait(|m| m["id"] == id && m.get("method").is_none());
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    /// The first message (read now or earlier) that `wanted` accepts; the server's own
    /// requests are answered on the way.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i);
        }
        loop {
            let message = match self.messages.recv_timeout(PATIENCE) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => panic!("no message from the server"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
            };
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            if wanted(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let message = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    fn code_actions(&mut self, uri: &str, range: Value) -> Vec<Value> {
        let result = self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        );
        result.as_array().cloned().unwrap_or_default()
    }

    /// Shuts the server down as an editor does, and its exit status.
    fn shutdown(mut self) -> std::process::ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.child.wait().expect("the server exits")
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    url::Url::from_file_path(path)
        .expect("absolute path")
        .to_string()
}

/// Applies the edits of a code action's workspace edit to `text`, as an editor would.
fn apply(text: &str, action: &Value) -> String {
    let edit = &action["edit"];
    let edits: Vec<Value> = match edit["documentChanges"].as_array() {
        Some(changes) => changes
            .iter()
            .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
            .collect(),
        None => edit["changes"]
            .as_object()
            .and_then(|m| m.values().next())
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
    };
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().expect("line") as usize;
        let character = pos["character"].as_u64().expect("character") as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().expect("newText").to_owned(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

/// What `alpost check --format json` says of `text` checked as the file at `name` in `dir`.
fn cli_findings(dir: &Path, name: &str, text: &str) -> Vec<Value> {
    let output = alpost()
        .current_dir(dir)
        .args(["check", "-", "--format", "json", "--stdin-filename", name])
        .write_stdin(text)
        .output()
        .expect("alpost check runs");
    serde_json::from_slice::<Value>(&output.stdout)
        .expect("JSON findings")
        .as_array()
        .cloned()
        .expect("an array")
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A line with accented letters and an emoji before the findings: UTF-16 columns differ from
/// character columns (the emoji is two units) and from bytes.
const FAULTY: &str =
    "Perché 😀 cmq lo sportello TARI è chiuso.\nGrazie x la pazienza e nn mancate!\n";

#[test]
fn diagnostics_are_the_cli_findings_in_utf16_ranges() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bozza.txt");
    let uri = uri(&path);
    let mut client = Client::start(dir.path(), Some(dir.path()));
    let diagnostics = client.open(&uri, FAULTY);
    let cli = cli_findings(dir.path(), "bozza.txt", FAULTY);
    assert!(cli.len() >= 4, "{cli:?}");
    assert_eq!(diagnostics.len(), cli.len(), "{diagnostics:?}");
    let lines: Vec<&str> = FAULTY.lines().collect();
    for (d, f) in diagnostics.iter().zip(&cli) {
        assert_eq!(d["code"], f["rule"]);
        assert_eq!(d["source"], "alpost");
        let severity = match f["level"].as_str() {
            Some("error") => 1,
            Some("warning") => 2,
            _ => 3,
        };
        assert_eq!(d["severity"], severity);
        let message = d["message"].as_str().expect("message");
        assert!(
            message.starts_with(f["message"].as_str().expect("message")),
            "{message}"
        );
        if let Some(help) = f["help"].as_str() {
            assert!(message.ends_with(help), "{message}");
        }
        // The CLI counts characters from 1; LSP counts UTF-16 units from 0.
        for (end, line, column) in [
            ("start", "line", "column"),
            ("end", "end_line", "end_column"),
        ] {
            let line_no = f[line].as_u64().expect("line") as usize;
            let column = f[column].as_u64().expect("column") as usize;
            let text = lines.get(line_no - 1).copied().unwrap_or_default();
            let units: usize = text.chars().take(column - 1).map(char::len_utf16).sum();
            assert_eq!(d["range"][end]["line"], line_no - 1, "{d}");
            assert_eq!(d["range"][end]["character"], units, "{d}");
        }
    }
    // The abbreviation after the emoji: 10 UTF-16 units in, though 9 characters and 13 bytes.
    let cmq = diagnostics
        .iter()
        .find(|d| d["code"] == "style/abbreviation")
        .expect("cmq is reported");
    assert_eq!(cmq["range"]["start"], json!({"line": 0, "character": 10}));
    assert!(client.shutdown().success());
}

#[test]
fn a_change_is_checked_again_and_a_closed_document_is_cleared() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri(&dir.path().join("bozza.md"));
    let mut client = Client::start(dir.path(), Some(dir.path()));
    let before = client.open(&uri, "Cmq grazie a tutti.\n");
    assert!(codes(&before).contains(&"style/abbreviation".to_owned()));
    let after = client.change(&uri, 2, "Comunque grazie a tutti.\n");
    assert!(!codes(&after).contains(&"style/abbreviation".to_owned()));
    // The version the diagnostics are of is the change's.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(client.diagnostics(&uri).is_empty());
    assert!(client.shutdown().success());
}

#[test]
fn code_actions_fix_one_fix_all_and_silence_a_rule() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bozza.txt");
    let uri = uri(&path);
    let mut client = Client::start(dir.path(), Some(dir.path()));
    let diagnostics = client.open(&uri, FAULTY);
    let cmq = diagnostics
        .iter()
        .find(|d| d["code"] == "style/abbreviation")
        .expect("cmq is reported")
        .clone();
    let actions = client.code_actions(&uri, cmq["range"].clone());
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();

    // The quick fix replaces the abbreviation only.
    let quick = actions
        .iter()
        .find(|a| {
            a["kind"] == "quickfix"
                && a["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("Correggi"))
        })
        .unwrap_or_else(|| panic!("a quick fix among {titles:?}"));
    let fixed = apply(FAULTY, quick);
    assert_eq!(fixed, FAULTY.replacen("cmq", "comunque", 1));

    // Fix all gives what `alpost check --fix` gives.
    let all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll")
        .unwrap_or_else(|| panic!("fix all among {titles:?}"));
    let by_cli = alpost()
        .current_dir(dir.path())
        .args(["check", "-", "--fix", "--stdin-filename", "bozza.txt"])
        .write_stdin(FAULTY)
        .output()
        .expect("alpost check --fix runs");
    let all_fixed = apply(FAULTY, all);
    assert_eq!(all_fixed, String::from_utf8_lossy(&by_cli.stdout));
    assert_ne!(all_fixed, FAULTY);

    // Silencing inserts an `[[allow]]` entry the draft then obeys.
    let silence = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Silenzia style/abbreviation"))
        })
        .unwrap_or_else(|| panic!("a silencing action among {titles:?}"));
    let silenced = apply(FAULTY, silence);
    assert!(
        silenced.starts_with("+++\n[[allow]]\nrule = \"style/abbreviation\"\n"),
        "{silenced}"
    );
    let after = client.change(&uri, 2, &silenced);
    assert!(
        !codes(&after).contains(&"style/abbreviation".to_owned()),
        "{after:?}"
    );
    assert!(
        codes(&after).contains(&"style/emoji".to_owned()),
        "{after:?}"
    );
    assert!(client.shutdown().success());
}

#[test]
fn personal_data_is_masked_as_in_the_cli() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri(&dir.path().join("risposta.txt"));
    let text = "+++\nkind = \"reply\"\n+++\nGentile Mario, scriva a mario.rossi@gmail.com col codice RSSMRA85T10A562S. Cordiali saluti, URP\n";
    let mut client = Client::start(dir.path(), Some(dir.path()));
    let diagnostics = client.open(&uri, text);
    let cli = cli_findings(dir.path(), "risposta.txt", text);
    assert!(codes(&diagnostics).contains(&"privacy/email".to_owned()));
    assert!(codes(&diagnostics).contains(&"privacy/codice-fiscale".to_owned()));
    for (d, f) in diagnostics.iter().zip(&cli) {
        let message = d["message"].as_str().expect("message");
        assert!(message.starts_with(f["message"].as_str().expect("message")));
        for secret in ["mario.rossi@gmail.com", "RSSMRA85T10A562S"] {
            assert!(!message.contains(secret), "{message}");
        }
    }
    // No action and no hover repeats a value either.
    let actions = client.code_actions(
        &uri,
        json!({"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 200}}),
    );
    let shown = serde_json::to_string(&actions).expect("JSON");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 30}}),
    );
    let hover = hover.to_string();
    assert!(hover.contains("privacy/email"), "{hover}");
    for secret in ["mario.rossi@gmail.com", "RSSMRA85T10A562S"] {
        assert!(!shown.contains(secret), "{shown}");
        assert!(!hover.contains(secret), "{hover}");
    }
    assert!(client.shutdown().success());
}

#[test]
fn hover_explains_the_rule_with_its_policy() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri(&dir.path().join("bozza.txt"));
    let mut client = Client::start(dir.path(), Some(dir.path()));
    client.open(&uri, FAULTY);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 11}}),
    );
    let value = hover["contents"]["value"].as_str().expect("markdown hover");
    assert_eq!(hover["contents"]["kind"], "markdown");
    let explained = alpost()
        .args(["explain", "style/abbreviation"])
        .output()
        .expect("alpost explain runs");
    let explained = String::from_utf8_lossy(&explained.stdout);
    // The description and the first line of the policy, as `alpost explain` prints them.
    let policy = explained
        .lines()
        .find_map(|l| l.strip_prefix("  > "))
        .expect("a policy quote");
    assert!(value.contains("**style/abbreviation**"), "{value}");
    assert!(value.contains(&format!("> {policy}")), "{value}");
    // Nothing to explain where nothing is reported.
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 30}}),
    );
    assert!(nothing.is_null(), "{nothing}");
    assert!(client.shutdown().success());
}

#[test]
fn a_bad_draft_is_a_diagnostic_where_it_is_and_the_server_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri(&dir.path().join("bozza.txt"));
    let mut client = Client::start(dir.path(), Some(dir.path()));
    let diagnostics = client.open(
        &uri,
        "+++\nkind = \"post\"\nplatfrom = \"x\"\n+++\nCmq ciao\n",
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 0}));
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("platfrom")),
        "{d}"
    );
    assert_eq!(d["severity"], 1);
    // Unclosed front matter, then garbage, then a good draft: still answered.
    client.change(&uri, 2, "+++\nkind = \"post\"\n");
    client.change(&uri, 3, "\u{0}\u{feff}\r\r+++");
    let good = client.change(&uri, 4, "Cmq ciao\n");
    assert!(codes(&good).contains(&"style/abbreviation".to_owned()));
    assert!(client.shutdown().success());
}

#[test]
fn configuration_is_discovered_per_document_and_reloaded_when_it_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("a repository");
    std::fs::create_dir(dir.path().join("risposte")).expect("a folder");
    let config = dir.path().join(".alpost.toml");
    std::fs::write(
        &config,
        "[[overrides]]\npaths = [\"risposte/**\"]\nignore = [\"style/abbreviation\"]\n",
    )
    .expect("config written");
    let mut client = Client::start(dir.path(), Some(dir.path()));
    let post = uri(&dir.path().join("bozza.txt"));
    let reply = uri(&dir.path().join("risposte/r.txt"));
    let text = "Cmq ciao\n";
    assert!(codes(&client.open(&post, text)).contains(&"style/abbreviation".to_owned()));
    let governed = client.open(&reply, text);
    assert!(!codes(&governed).contains(&"style/abbreviation".to_owned()));
    assert_eq!(
        codes(&governed),
        cli_findings(dir.path(), "risposte/r.txt", text)
            .iter()
            .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    );

    // A broken configuration: an error on the draft and one on the file, where it is.
    std::fs::write(&config, "platform = \"x\"\nselect = [\"style/nessuna\"]\n")
        .expect("config written");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    let mut on_config = None;
    let mut on_post = None;
    while on_config.is_none() || on_post.is_none() {
        let m = client.wait(|m| m["method"] == "textDocument/publishDiagnostics");
        let params = m["params"].clone();
        if params["uri"] == uri(&config) {
            on_config = Some(params);
        } else if params["uri"] == post {
            on_post = Some(params);
        }
    }
    let on_config = on_config.expect("published");
    let d = &on_config["diagnostics"][0];
    assert_eq!(d["range"]["start"]["line"], 1, "{d}");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("style/nessuna")),
        "{d}"
    );
    let on_post = &on_post.expect("published")["diagnostics"];
    assert_eq!(on_post.as_array().map(Vec::len), Some(1), "{on_post}");
    assert!(
        on_post[0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("configurazione non valida"))
    );

    // Mended and saved: the checks come back and the file's error goes.
    std::fs::write(&config, "ignore = [\"style/abbreviation\"]\n").expect("config written");
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&config)}}),
    );
    let cleared = client.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri(&config)
            && m["params"]["diagnostics"] == json!([])
    });
    assert_eq!(cleared["params"]["version"], Value::Null);
    let after = client.change(&post, 2, text);
    assert!(!after.is_empty());
    assert!(!codes(&after).contains(&"style/abbreviation".to_owned()));
    assert!(client.shutdown().success());
}

#[test]
fn untitled_buffers_are_checked_with_the_workspace_configuration() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("a repository");
    std::fs::write(
        dir.path().join(".alpost.toml"),
        "ignore = [\"style/emoji\"]\n",
    )
    .expect("config written");
    let mut client = Client::start(&repo_root(), Some(dir.path()));
    let shown = client.open("untitled:Untitled-1", FAULTY);
    assert!(codes(&shown).contains(&"style/abbreviation".to_owned()));
    assert!(!codes(&shown).contains(&"style/emoji".to_owned()));
    assert!(client.shutdown().success());
}

#[test]
fn incremental_changes_apply_in_utf16_ranges_and_exit_without_shutdown_is_status_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri(&dir.path().join("bozza.txt"));
    let mut client = Client::start(dir.path(), Some(dir.path()));
    client.open(&uri, "Perché 😀 cmq\n");
    // Replace `cmq` (UTF-16 columns 10 to 13, after the two-unit emoji) with `comunque`.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 10}, "end": {"line": 0, "character": 13}}, "text": "comunque"}
        ]}),
    );
    let after = client.diagnostics(&uri);
    assert!(
        !codes(&after).contains(&"style/abbreviation".to_owned()),
        "{after:?}"
    );
    assert!(
        codes(&after).contains(&"style/emoji".to_owned()),
        "{after:?}"
    );
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server exits");
    assert_eq!(status.code(), Some(1));
}
