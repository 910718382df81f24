//! The floor for profile-lint's design: walk a directory, read every `.xml` file,
//! decode it (UTF-8 or UTF-16) and parse it with roxmltree, on the same rayon pool, and
//! nothing else. `bench/run.sh` compares `profile-lint DIR` against `parse_floor DIR`.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect(&path, out),
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "xml") => out.push(path),
            _ => {}
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);
    files.sort();
    let (parsed, failed): (usize, usize) = files
        .par_iter()
        .map(|path| {
            let Ok(bytes) = std::fs::read(path) else {
                return (0, 1);
            };
            let text = match profile_lint::decode::DecodedText::decode(&bytes) {
                Ok(decoded) => decoded.text,
                Err(_) => return (0, 1),
            };
            match roxmltree::Document::parse(&text) {
                Ok(doc) => (usize::from(doc.root().has_children()), 0),
                Err(_) => (0, 1),
            }
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "{parsed} parsed, {failed} not well-formed, {} files",
        files.len()
    );
}
