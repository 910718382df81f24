//! Lints every profile in `testdata/realistic/` — profiles written the way administrators write
//! them, most of them correct, some with exactly one known defect — and
//!
//! - snapshots the concise findings (`snapshots/realistic.snap`), so that any change in what the
//!   tool says about them is reviewed;
//! - checks them against the table in `testdata/realistic/README.md`: a file marked `clean` must
//!   have no `error` or `warning` finding (precision: a correct profile must not be flagged), and
//!   a file marked with a defect must have a finding of that rule (recall).

mod common;

use common::*;
use profile_lint::diagnostic::Severity;
use profile_lint::lint::{lint_bytes, LintOptions};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

fn realistic_dir() -> PathBuf {
    root().join("testdata/realistic")
}

/// What the README table says a file is: `None` = clean, `Some(rule)` = that one defect.
fn expectations() -> BTreeMap<String, Option<String>> {
    let readme = std::fs::read_to_string(realistic_dir().join("README.md"))
        .unwrap_or_else(|e| panic!("cannot read testdata/realistic/README.md: {e}"));
    let mut out = BTreeMap::new();
    for line in readme.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | `file.xml` | clean | ... |   or   | `file.xml` | defect `rule-name` | ... |
        if cells.len() < 4 {
            continue;
        }
        let file = cells[1].trim_matches('`');
        if !file.ends_with(".xml") {
            continue;
        }
        let expect = cells[2];
        let value = if expect == "clean" {
            None
        } else if let Some(rule) = expect.strip_prefix("defect ") {
            Some(rule.trim_matches('`').to_string())
        } else {
            panic!("README row for {file}: expected `clean` or ``defect `rule` ``, got {expect:?}");
        };
        assert!(
            out.insert(file.to_string(), value).is_none(),
            "README lists {file} twice"
        );
    }
    out
}

fn profile_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(realistic_dir())
        .expect("testdata/realistic exists")
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".xml"))
        .collect();
    files.sort();
    files
}

#[test]
fn realistic_profiles_match_their_readme_and_snapshot() {
    let expected = expectations();
    let files = profile_files();
    assert!(files.len() >= 25, "only {} realistic profiles", files.len());
    let unlisted: Vec<&String> = files
        .iter()
        .filter(|f| !expected.contains_key(*f))
        .collect();
    assert!(unlisted.is_empty(), "not in the README table: {unlisted:?}");
    let missing: Vec<&String> = expected.keys().filter(|f| !files.contains(f)).collect();
    assert!(
        missing.is_empty(),
        "in the README table but absent: {missing:?}"
    );

    let mut text = String::new();
    let mut failures = Vec::new();
    for file in &files {
        let bytes = std::fs::read(realistic_dir().join(file)).unwrap_or_default();
        let report = lint_bytes(file, &bytes, &LintOptions::default());
        for d in &report.diagnostics {
            let _ = writeln!(
                text,
                "{file}:{}:{} {} {}/{}: {}",
                d.start.line,
                d.start.column,
                d.severity,
                d.rule.code(),
                d.rule.name(),
                d.message
            );
        }
        match &expected[file] {
            None => {
                for d in &report.diagnostics {
                    if matches!(d.severity, Severity::Error | Severity::Warning) {
                        failures.push(format!(
                            "{file} is marked clean but has {} {}: {}",
                            d.severity,
                            d.rule.name(),
                            d.message
                        ));
                    }
                }
            }
            Some(rule) => {
                if !report.diagnostics.iter().any(|d| d.rule.name() == rule) {
                    failures.push(format!("{file} has the defect {rule} but no finding of it"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    insta_settings().bind(|| insta::assert_snapshot!("realistic", text));
}
