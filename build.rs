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

// The content scorer's hashes and table layout, so the tables built here are the ones the
// crate reads (`src/score/mod.rs`, `src/text/segment.rs`).
#[path = "src/score/table.rs"]
mod table;

#[derive(Deserialize)]
struct PackFile {
    #[serde(default)]
    rule: Vec<toml::Spanned<toml::Table>>,
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/position.rs");
    println!("cargo:rerun-if-changed=src/score/table.rs");
    println!("cargo:rerun-if-changed=rules/model/content.tsv");
    println!("cargo:rerun-if-changed=rules/words/it.txt");
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
    content_model(Path::new(&out_dir));
    word_list(Path::new(&out_dir));
}

/// `rules/model/content.tsv` as static tables (`content_model.rs`): a broken weights file fails
/// the build with its line, and the process reads the weights without parsing them.
fn content_model(out_dir: &Path) {
    let path = "rules/model/content.tsv";
    let text = fs::read_to_string(path).expect("readable rules/model/content.tsv");
    let fail = |e: table::RawError| -> ! {
        match e {
            table::RawError::Line(line, msg) => panic!("{path}:{line}: {msg}"),
            other => panic!("{path}: {other:?}"),
        }
    };
    let raw = table::parse_model(&text).unwrap_or_else(|e| fail(e));
    let t = table::model_table(&raw).unwrap_or_else(|e| fail(e));
    let mut code = String::new();
    writeln!(code, "pub(crate) const CLASSES: &[(&str, f64, f64)] = &[").expect("string");
    for c in &raw.classes {
        writeln!(code, "    ({:?}, {:?}, {:?}),", c.name, c.bias, c.threshold).expect("string");
    }
    code.push_str("];\n");
    writeln!(
        code,
        "pub(crate) const TRAINED: &[&str] = &{:?};",
        raw.trained
    )
    .expect("string");
    writeln!(code, "pub(crate) const NORM: usize = {};", raw.norm).expect("string");
    writeln!(code, "pub(crate) const LEN: usize = {};", raw.weights.len()).expect("string");
    writeln!(code, "pub(crate) const BITS: u32 = {};", t.bits).expect("string");
    array(
        &mut code,
        "KEYS",
        "u64",
        t.keys.iter().map(|k| format!("{k:#x}")),
    );
    array(
        &mut code,
        "INDEX",
        "u32",
        t.index.iter().map(u32::to_string),
    );
    array(
        &mut code,
        "STOP_KEYS",
        "u64",
        table::stop_keys().iter().map(|k| format!("{k:#x}")),
    );
    array(
        &mut code,
        "WEIGHTS",
        "f32",
        t.weights.iter().map(|w| format!("{w:?}")),
    );
    array(
        &mut code,
        "NAMES",
        "std::borrow::Cow<'static, str>",
        t.names
            .iter()
            .map(|n| format!("std::borrow::Cow::Borrowed({n:?})")),
    );
    fs::write(out_dir.join("content_model.rs"), code).expect("write content_model.rs");
}

/// `rules/words/it.txt` as a static table of word keys and ranks (`words.rs`).
fn word_list(out_dir: &Path) {
    let path = "rules/words/it.txt";
    let text = fs::read_to_string(path).expect("readable rules/words/it.txt");
    let t = table::word_table(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut code = String::new();
    writeln!(code, "pub(crate) const BITS: u32 = {};", t.bits).expect("string");
    array(
        &mut code,
        "KEYS",
        "u64",
        t.keys.iter().map(|k| format!("{k:#x}")),
    );
    array(
        &mut code,
        "INDEX",
        "u32",
        t.index.iter().map(u32::to_string),
    );
    array(
        &mut code,
        "RANKS",
        "u32",
        t.ranks.iter().map(u32::to_string),
    );
    fs::write(out_dir.join("words.rs"), code).expect("write words.rs");
}

fn array(code: &mut String, name: &str, ty: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    writeln!(
        code,
        "pub(crate) static {name}: [{ty}; {}] = [",
        items.len()
    )
    .expect("string");
    for chunk in items.chunks(8) {
        writeln!(code, "    {},", chunk.join(", ")).expect("string");
    }
    code.push_str("];\n");
}
