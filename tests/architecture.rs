//! The library's shape, checked: its top-level modules import each other without cycles (data
//! flows one way, so a language server or `--fix` can reuse any stage), and nothing of the
//! library names clap (the command line belongs to the binary: `src/main.rs`, `src/cli.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Source files of the library, with the top-level module each belongs to.
fn library_files() -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = root().join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&src).ok()?.to_path_buf();
            let first = relative
                .components()
                .next()?
                .as_os_str()
                .to_str()?
                .to_owned();
            let module = first.trim_end_matches(".rs").to_owned();
            // The binary's own modules.
            (module != "main" && module != "cli").then_some((module, path))
        })
        .collect()
}

/// Top-level modules named as `crate::NAME` in `text` (outside comments).
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let tail = &rest[at + "crate::".len()..];
            let name: String = tail
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
            rest = tail;
        }
    }
    found
}

/// The module graph: module -> modules it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in library_files() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let entry = graph.entry(module.clone()).or_default();
        for import in imports(&text) {
            if import != module {
                entry.insert(import);
            }
        }
    }
    graph
}

/// A cycle through the graph, if any (depth-first search with colours).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, graph, state, stack) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(cycle) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}

#[test]
fn library_modules_import_each_other_without_cycles() {
    let graph = graph();
    assert!(graph.contains_key("lint") && graph.contains_key("rules"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle among library modules: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    let cycle = find_cycle(&graph).expect("a cycle");
    assert_eq!(cycle, ["a", "b", "c", "a"]);
    if let Some(c) = graph.get_mut("c") {
        c.clear();
    }
    assert!(find_cycle(&graph).is_none());
}

#[test]
fn the_library_does_not_use_clap() {
    let offenders: Vec<String> = library_files()
        .into_iter()
        .filter(|(_, path)| {
            std::fs::read_to_string(path)
                .unwrap_or_default()
                .lines()
                .any(|l| l.split("//").next().unwrap_or("").contains("clap"))
        })
        .map(|(_, path)| path.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "clap in library files: {offenders:?}");
}

#[test]
fn shared_vocabulary_modules_are_leaves() {
    let graph = graph();
    for leaf in ["meta", "span"] {
        let imports = graph.get(leaf).cloned().unwrap_or_default();
        assert!(imports.is_empty(), "{leaf} imports {imports:?}");
    }
}
