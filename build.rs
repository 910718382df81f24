//! Embeds the rule pages (`rules/*.md`) so `profile-lint explain` works from an installed binary.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&root).join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut entries: Vec<(String, String)> = Vec::new();
    if let Ok(read) = fs::read_dir(&dir) {
        for entry in read.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) == Some("md") {
                if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                    println!("cargo:rerun-if-changed={}", path.display());
                    entries.push((stem.to_owned(), path.display().to_string()));
                }
            }
        }
    }
    entries.sort();
    let mut code =
        String::from("/// Rule pages by rule name.\npub static RULE_PAGES: &[(&str, &str)] = &[\n");
    for (name, path) in entries {
        code.push_str(&format!("    ({name:?}, include_str!({path:?})),\n"));
    }
    code.push_str("];\n");
    let out =
        Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join("rule_pages.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
