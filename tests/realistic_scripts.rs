//! Script-shaped realistic cases (`testdata/realistic/scripts/`, issue 13): PowerShell scripts the
//! way administrators write them, judged by hand in the README table there.
//!
//! - `scripts_table_matches_files` (always runs): the table lists every file and only existing
//!   files, every rule name in it is a rule of the registry or a `defect:` id, and there are at
//!   least 40 cases.
//! - `scripts_precision_and_recall`: lints
//!   every case, prints a per-file table of mismatches and the metrics, snapshots the concise
//!   findings (`snapshots/realistic_scripts.snap`) and fails when precision < 95 %, error
//!   precision < 100 % or recall < 85 %.

mod common;

use common::*;
use profile_lint::diagnostic::Severity;
use profile_lint::lint::{lint_bytes, LintOptions};
use profile_lint::rules::registry::builtin_metas;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::PathBuf;

fn scripts_dir() -> PathBuf {
    root().join("testdata/realistic/scripts")
}

/// Files of the directory that are documentation, not cases.
const DOCS: &[&str] = &["README.md", "SHAPES.md", "FIELD.md"];

#[derive(Debug)]
struct Row {
    companion: bool,
    expected: Vec<String>,
    tolerated: Vec<String>,
}

fn list(cell: &str) -> Vec<String> {
    if cell == "-" || cell.is_empty() {
        return Vec::new();
    }
    cell.split(',')
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The judged table: `| file | expected | tolerated | shape | judged why |`.
fn table() -> BTreeMap<String, Row> {
    let readme = std::fs::read_to_string(scripts_dir().join("README.md"))
        .unwrap_or_else(|e| panic!("cannot read testdata/realistic/scripts/README.md: {e}"));
    let mut out = BTreeMap::new();
    for line in readme.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 7 || !cells[1].starts_with('`') {
            continue;
        }
        let file = cells[1].trim_matches('`').to_string();
        if !(file.ends_with(".ps1") || file.ends_with(".xml") || file.ends_with(".txt")) {
            continue;
        }
        let companion = cells[2] == "companion";
        let row = Row {
            companion,
            expected: if companion {
                Vec::new()
            } else {
                list(cells[2])
            },
            tolerated: list(cells[3]),
        };
        assert!(
            out.insert(file.clone(), row).is_none(),
            "README lists {file} twice"
        );
    }
    out
}

fn case_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(scripts_dir())
        .expect("testdata/realistic/scripts exists")
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !DOCS.contains(&n.as_str()))
        .collect();
    files.sort();
    files
}

#[test]
fn scripts_table_matches_files() {
    let table = table();
    let files = case_files();
    let unlisted: Vec<&String> = files.iter().filter(|f| !table.contains_key(*f)).collect();
    assert!(unlisted.is_empty(), "not in the README table: {unlisted:?}");
    let missing: Vec<&String> = table.keys().filter(|f| !files.contains(f)).collect();
    assert!(
        missing.is_empty(),
        "in the README table but absent: {missing:?}"
    );

    let names: BTreeSet<&str> = builtin_metas().iter().map(|m| m.name).collect();
    let mut bad = Vec::new();
    for (file, row) in &table {
        for rule in row.expected.iter().chain(&row.tolerated) {
            let ok = match rule.strip_prefix("defect:") {
                Some(id) => {
                    !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                }
                None => names.contains(rule.as_str()),
            };
            if !ok {
                bad.push(format!(
                    "{file}: `{rule}` is neither a rule name nor a `defect:` id"
                ));
            }
        }
        for rule in &row.expected {
            assert!(
                !row.tolerated.contains(rule),
                "{file}: `{rule}` is both expected and tolerated"
            );
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let cases = table.values().filter(|r| !r.companion).count();
    assert!(cases >= 40, "only {cases} script cases");
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        100.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

#[test]
fn scripts_precision_and_recall() {
    let table = table();
    let mut snapshot = String::new();
    let mut report = String::new();
    let (mut findings, mut correct) = (0usize, 0usize);
    let (mut error_findings, mut error_correct) = (0usize, 0usize);
    let (mut expected_total, mut expected_found) = (0usize, 0usize);
    let mut diagnostics_total = 0usize;
    let mut cases = 0usize;

    for (file, row) in table.iter().filter(|(_, r)| !r.companion) {
        cases += 1;
        let bytes = std::fs::read(scripts_dir().join(file)).unwrap_or_default();
        let result = lint_bytes(file, &bytes, &LintOptions::default());
        // rule name → is any of its findings an error
        let mut rules: BTreeMap<String, bool> = BTreeMap::new();
        for d in &result.diagnostics {
            diagnostics_total += 1;
            let _ = writeln!(
                snapshot,
                "{file}:{}:{} {} {}/{}: {}",
                d.start.line,
                d.start.column,
                d.severity,
                d.rule.code(),
                d.rule.name(),
                d.message
            );
            *rules.entry(d.rule.name().to_string()).or_default() |=
                matches!(d.severity, Severity::Error);
        }
        let mut wrong = Vec::new();
        for (rule, is_error) in &rules {
            let ok = row
                .expected
                .iter()
                .chain(&row.tolerated)
                .any(|r| r == rule || r.strip_prefix("defect:") == Some(rule.as_str()));
            findings += 1;
            correct += ok as usize;
            if *is_error {
                error_findings += 1;
                error_correct += ok as usize;
            }
            if !ok {
                wrong.push(format!("{rule}{}", if *is_error { " (error)" } else { "" }));
            }
        }
        let mut missed = Vec::new();
        for rule in &row.expected {
            expected_total += 1;
            let name = rule.strip_prefix("defect:").unwrap_or(rule);
            if rules.contains_key(name) {
                expected_found += 1;
            } else {
                missed.push(rule.clone());
            }
        }
        if !wrong.is_empty() || !missed.is_empty() {
            let _ = writeln!(
                report,
                "| {file} | {} | {} |",
                if wrong.is_empty() {
                    "-".into()
                } else {
                    wrong.join(", ")
                },
                if missed.is_empty() {
                    "-".into()
                } else {
                    missed.join(", ")
                }
            );
        }
    }

    let precision = pct(correct, findings);
    let error_precision = pct(error_correct, error_findings);
    let recall = pct(expected_found, expected_total);
    println!("| file | wrong findings | missed expected |\n|---|---|---|\n{report}");
    println!(
        "cases: {cases}; findings (distinct file/rule pairs): {findings}, correct {correct}; \
         errors: {error_findings}, correct {error_correct}; expected: {expected_total}, found {expected_found}"
    );
    println!(
        "precision {precision:.1} %, error precision {error_precision:.1} %, recall {recall:.1} %, \
         findings per profile {:.2} (diagnostics per profile {:.2})",
        findings as f64 / cases as f64,
        diagnostics_total as f64 / cases as f64
    );

    insta_settings().bind(|| insta::assert_snapshot!("realistic_scripts", snapshot));
    assert!(precision >= 95.0, "precision {precision:.1} % < 95 %");
    assert!(
        error_precision >= 100.0,
        "error precision {error_precision:.1} % < 100 %"
    );
    assert!(recall >= 85.0, "recall {recall:.1} % < 85 %");
}
