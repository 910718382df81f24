//! The judged deployments of `testdata/realistic/deployments/`: every folder is linted as
//! `profile-lint <folder>` would, and the rules that need the server side or the device's
//! other profiles must report exactly the codes the README's table expects for it.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// `(case, expected codes)` from the README table.
fn table() -> Vec<(String, BTreeSet<String>)> {
    let readme = std::fs::read_to_string(root().join("testdata/realistic/deployments/README.md"))
        .expect("the README of the realistic deployments exists");
    readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let case = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let expected = cells
                .get(2)?
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty() && *c != "—")
                .map(str::to_owned)
                .collect();
            Some((case.to_owned(), expected))
        })
        .collect()
}

#[test]
fn every_deployment_gets_exactly_the_judged_findings() {
    let cases = table();
    assert!(cases.len() >= 10, "the table lists the cases");
    let mut problems = Vec::new();
    for (case, expected) in &cases {
        let folder = Path::new("testdata/realistic/deployments").join(case);
        assert!(root().join(&folder).is_dir(), "{case}: no folder");
        let reports = lint_deployment(&folder, &[]);
        let found: BTreeSet<String> = reports
            .iter()
            .flat_map(|r| r.diagnostics.iter())
            .filter(|d| d.rule.builtin().is_some_and(|m| !m.needs.is_empty()))
            .map(|d| d.rule.code().to_owned())
            .collect();
        if &found != expected {
            problems.push(format!("{case}: expected {expected:?}, found {found:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_folder_is_in_the_table() {
    let listed: BTreeSet<String> = table().into_iter().map(|(case, _)| case).collect();
    let dir = root().join("testdata/realistic/deployments");
    for entry in std::fs::read_dir(&dir)
        .expect("the folder exists")
        .flatten()
    {
        if entry.path().is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(listed.contains(&name), "{name} is not in the README table");
        }
    }
}
