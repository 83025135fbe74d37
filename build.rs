//! Embeds every `rules/*.toml` file as the default pack, so a new pack file needs no Rust.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut files: Vec<_> = fs::read_dir("rules")
        .expect("rules/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut code = String::from("pub const DEFAULT_PACK: &[(&str, &str)] = &[\n");
    for file in &files {
        let name = file.to_string_lossy().replace('\\', "/");
        let abs = fs::canonicalize(file).expect("readable rule file");
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            abs.to_string_lossy()
        )
        .expect("write to string");
        println!("cargo:rerun-if-changed={name}");
    }
    code.push_str("];\n");
    let out =
        Path::new(&env::var("OUT_DIR").expect("OUT_DIR set by cargo")).join("default_pack.rs");
    fs::write(out, code).expect("write generated pack list");
}
