//! Lints every file of the shared corpus of real profiles (`../shared/corpus`, beside the
//! checkout in CI) and keeps what the tool says about them in one snapshot, so that any change
//! in the findings on real files is reviewed. Skips when the corpus is absent.

mod common;

use common::*;
use profile_lint::lint::{lint_bytes, LintOptions};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    let dir = root().join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.file_name().and_then(|n| n.to_str()) != Some("PROVENANCE.md") {
            out.push(path);
        }
    }
}

#[test]
fn corpus_findings_snapshot() {
    let Some(dir) = corpus_dir() else {
        // CI has the corpus beside the checkout and sets this, so it cannot silently skip there.
        assert!(
            std::env::var_os("PROFILE_LINT_REQUIRE_CORPUS").is_none(),
            "PROFILE_LINT_REQUIRE_CORPUS is set but ../shared/corpus is missing"
        );
        eprintln!("skipping corpus test: ../shared/corpus is not present beside the checkout");
        return;
    };
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    let mut text = String::new();
    for file in &files {
        let relative = file
            .strip_prefix(&dir)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(file)
            .unwrap_or_else(|e| panic!("cannot read corpus file {}: {e}", file.display()));
        let report = lint_bytes(&relative, &bytes, &LintOptions::default());
        let _ = writeln!(
            text,
            "{relative} [{}; {} document(s)]",
            report.format.map_or("unrecognised", |f| f.name()),
            report.documents
        );
        for d in &report.diagnostics {
            let _ = writeln!(
                text,
                "  {}:{} {} {}/{}: {}",
                d.start.line,
                d.start.column,
                d.severity,
                d.rule.code(),
                d.rule.name(),
                d.message
            );
        }
    }
    insta_settings().bind(|| insta::assert_snapshot!("corpus", text));
}
