//! `alpost lsp` through a real editor's client: Neovim headless, with its built-in LSP
//! client, opens a faulty draft and reads back the diagnostics it shows.
//!
//! Needs `nvim` (Debian's `neovim`). Without it the test says so and passes, unless
//! `ALPOST_REQUIRE_NVIM` is set (CI sets it after installing Neovim), when it fails.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::alpost;

/// Neovim's side: start the client on the draft's buffer, wait for diagnostics, write them
/// as JSON. Paths come through the environment.
const SCRIPT: &str = r#"
local bin, draft, out = os.getenv("ALPOST_BIN"), os.getenv("ALPOST_DRAFT"), os.getenv("ALPOST_OUT")
vim.cmd("edit " .. vim.fn.fnameescape(draft))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = "alpost", cmd = { bin, "lsp" }, root_dir = vim.fn.fnamemodify(draft, ":h") })
vim.lsp.buf_attach_client(buf, id)
vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
local shown = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(shown, { lnum = d.lnum, col = d.col, code = d.code or lsp.code, source = d.source or lsp.source, severity = d.severity, message = d.message })
end
table.sort(shown, function(a, b) if a.lnum ~= b.lnum then return a.lnum < b.lnum end return a.col < b.col end)
vim.fn.writefile({ vim.fn.json_encode(shown) }, out)
vim.lsp.stop_client(id)
vim.wait(10000, function() return vim.lsp.client_is_stopped(id) end, 20)
vim.cmd("qa!")
"#;

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn neovim_shows_the_diagnostics_of_a_faulty_draft() {
    if !nvim_available() {
        assert!(
            std::env::var_os("ALPOST_REQUIRE_NVIM").is_none(),
            "ALPOST_REQUIRE_NVIM is set but nvim is not installed"
        );
        // Said on the test's output, so a run without Neovim is visible.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"note: nvim not found, the Neovim LSP test did not run (apt-get install neovim)\n",
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let draft = dir.path().join("bozza.txt");
    let text = "Perché 😀 cmq lo sportello è chiuso.\nGrazie x la pazienza!\n";
    std::fs::write(&draft, text).expect("draft written");
    let script = dir.path().join("alpost.lua");
    std::fs::write(&script, SCRIPT).expect("script written");
    let out = dir.path().join("diagnostics.json");
    let mut nvim = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("ALPOST_BIN", assert_cmd::cargo::cargo_bin("alpost"))
        .env("ALPOST_DRAFT", &draft)
        .env("ALPOST_OUT", &out)
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    // A guard against a Neovim that never quits, not a measure of speed.
    let started = Instant::now();
    while nvim.try_wait().expect("nvim status").is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = nvim.kill();
            panic!("nvim did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut stderr = String::new();
    if let Some(mut pipe) = nvim.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
    }
    // Neovim says when a server quits with a status other than 0.
    assert!(!stderr.contains("quit with exit code"), "{stderr}");
    let shown: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("nvim wrote the diagnostics"))
            .expect("JSON");

    let cli = cli_json(dir.path(), text);
    assert!(shown.len() >= 3, "{shown:?}");
    let mut sorted = cli.clone();
    sorted.sort_by_key(|f| (f["line"].as_u64(), f["byte_start"].as_u64()));
    assert_eq!(shown.len(), sorted.len(), "{shown:?}\n{sorted:?}");
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for (d, f) in shown.iter().zip(&sorted) {
        assert_eq!(d["code"], f["rule"], "{d}");
        assert_eq!(d["source"], "alpost");
        // Neovim turns the server's UTF-16 columns into byte columns of its buffer: they
        // must land on the bytes the CLI reports.
        let line = f["line"].as_u64().expect("line") as usize - 1;
        let byte = f["byte_start"].as_u64().expect("byte") as usize - line_starts[line];
        assert_eq!(d["lnum"], line, "{d}");
        assert_eq!(d["col"], byte, "{d}");
        assert!(
            d["message"]
                .as_str()
                .is_some_and(|m| m.starts_with(f["message"].as_str().unwrap_or("?"))),
            "{d}"
        );
    }
    assert!(shown.iter().any(|d| d["code"] == "style/abbreviation"));
}

fn cli_json(dir: &Path, text: &str) -> Vec<Value> {
    let output = alpost()
        .current_dir(dir)
        .args([
            "check",
            "-",
            "--format",
            "json",
            "--stdin-filename",
            "bozza.txt",
        ])
        .write_stdin(text)
        .output()
        .expect("alpost check runs");
    serde_json::from_slice::<Value>(&output.stdout)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .expect("JSON findings")
}
