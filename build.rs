//! Embeds every `rules/*.toml` file as the default pack, so a new pack file needs no Rust.
//!
//! The TOML is read here, at build time, and embedded as JSON with each rule's line and
//! column: reading JSON at start-up costs a fraction of parsing TOML, and start-up is most of
//! a one-draft run. A pack file that is not valid TOML fails the build, naming the file.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

use serde::Deserialize;

// The crate's own line and column rules (code points, a BOM is not a column), so a rule's
// position reads the same whether the pack was embedded or loaded from a folder.
#[allow(dead_code)]
#[path = "src/position.rs"]
mod position;

#[derive(Deserialize)]
struct PackFile {
    #[serde(default)]
    rule: Vec<toml::Spanned<toml::Table>>,
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/position.rs");
    let out_dir = env::var("OUT_DIR").expect("OUT_DIR set by cargo");
    let mut files: Vec<_> = fs::read_dir("rules")
        .expect("rules/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut code = String::from("pub const DEFAULT_PACK: &[(&str, &str)] = &[\n");
    let mut sources =
        String::from("#[cfg(test)]\npub const DEFAULT_PACK_TOML: &[(&str, &str)] = &[\n");
    for (n, file) in files.iter().enumerate() {
        let name = file.to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed={name}");
        let text = fs::read_to_string(file).expect("readable rule file");
        let pack: PackFile = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{name} is not a valid rule pack: {e}"));
        let lines = position::LineIndex::new(&text);
        let rules: Vec<serde_json::Value> = pack
            .rule
            .into_iter()
            .map(|spanned| {
                let at = lines.position(&text, spanned.span().start);
                serde_json::json!({ "line": at.line, "column": at.column, "rule": spanned.into_inner() })
            })
            .collect();
        let json_path = Path::new(&out_dir).join(format!("pack-{n}.json"));
        fs::write(
            &json_path,
            serde_json::to_string(&rules).expect("JSON of a TOML table"),
        )
        .expect("write embedded pack");
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            json_path.to_string_lossy()
        )
        .expect("write to string");
        let abs = fs::canonicalize(file).expect("readable rule file");
        writeln!(
            sources,
            "    ({name:?}, include_str!({:?})),",
            abs.to_string_lossy()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    sources.push_str("];\n");
    code.push_str(&sources);
    let out = Path::new(&out_dir).join("default_pack.rs");
    fs::write(out, code).expect("write generated pack list");
}
