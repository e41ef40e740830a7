//! Embeds the default catalog as JSON: the TOML files under `catalog/` are
//! the source people edit (`default.toml` by hand, the others partly
//! generated), the JSON form is what every command parses on start, several
//! times faster. The files are read in name order and their `view`, `class`,
//! `class_family` and `client_class` arrays are concatenated into one
//! catalog. The embedded form is not checked when it is loaded: the test
//! `builtin_catalog_is_valid` loads the TOML files through the catalog's
//! checks (no name defined twice, every reference resolves) and compares them
//! with it.

use std::path::{Path, PathBuf};

/// The arrays a catalog file holds, in the order the merged file lists them.
const ARRAYS: [&str; 4] = ["view", "class", "class_family", "client_class"];

fn main() {
    let dir = Path::new("catalog");
    println!("cargo::rerun-if-changed={}", dir.display());
    let merged = merge(&catalog_files(dir));
    let json = serde_json::to_string(&merged).unwrap_or_else(|e| panic!("catalog: {e}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}")));
    std::fs::write(out.join("default_catalog.json"), json).unwrap_or_else(|e| panic!("catalog: {e}"));
}

/// The `*.toml` files of `dir`, sorted by name (each also a rerun trigger).
fn catalog_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap_or_else(|e| panic!("{}: {e}", dir.display())).path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no catalog files", dir.display());
    for f in &files {
        println!("cargo::rerun-if-changed={}", f.display());
    }
    files
}

/// One catalog object: `format` = 1 and each array concatenated over `files`.
fn merge(files: &[PathBuf]) -> serde_json::Value {
    let mut merged = serde_json::Map::new();
    merged.insert("format".into(), serde_json::Value::from(1));
    for name in ARRAYS {
        merged.insert(name.into(), serde_json::Value::Array(Vec::new()));
    }
    for path in files {
        let source = path.display();
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{source}: {e}"));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
        let toml::Value::Table(table) = value else {
            panic!("{source}: not a table")
        };
        for (key, value) in table {
            match (key.as_str(), value) {
                ("format", toml::Value::Integer(1)) => {}
                ("format", v) => panic!("{source}: format {v} is not 1"),
                (k, toml::Value::Array(items)) if ARRAYS.contains(&k) => {
                    if let Some(serde_json::Value::Array(all)) = merged.get_mut(k) {
                        all.extend(items.into_iter().map(to_json));
                    }
                }
                (k, _) => panic!("{source}: unknown key {k}"),
            }
        }
    }
    // Arrays no file uses are left out, as a single file would leave them out.
    merged.retain(|_, v| !matches!(v, serde_json::Value::Array(a) if a.is_empty()));
    serde_json::Value::Object(merged)
}

fn to_json(v: toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::String(s),
        toml::Value::Integer(i) => serde_json::Value::from(i),
        toml::Value::Float(f) => serde_json::Value::from(f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(b),
        toml::Value::Datetime(d) => panic!("the catalog holds no dates, but has {d}"),
        toml::Value::Array(a) => serde_json::Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => serde_json::Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}
