//! Every rule has fixtures under `testdata/rules/<name>/`: files named `fail*` must trigger the
//! rule and files named `pass*` must not. What the user sees for each failing fixture (human
//! and JSON output) is kept as a snapshot under `snapshots/`.

mod common;

use common::*;
use profile_lint::rules::all_rules;
use std::path::Path;

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let mut missing = Vec::new();
    for rule in all_rules() {
        let dir = root().join("testdata/rules").join(rule.meta().name);
        if files_with_prefix(&dir, "fail").is_empty() {
            missing.push(format!("{}: no fail* fixture", rule.meta().name));
        }
        if files_with_prefix(&dir, "pass").is_empty() {
            missing.push(format!("{}: no pass* fixture", rule.meta().name));
        }
    }
    assert!(
        missing.is_empty(),
        "missing fixtures:\n{}",
        missing.join("\n")
    );
}

#[test]
fn failing_fixtures_trigger_their_rule_and_passing_ones_do_not() {
    let mut problems = Vec::new();
    for rule in all_rules() {
        let name = rule.meta().name;
        let dir = Path::new("testdata/rules").join(name);
        for file in files_with_prefix(&root().join(&dir), "fail") {
            let relative = dir.join(file.file_name().unwrap_or_default());
            let report = lint_file(&relative, &[]);
            if !fired(&report).contains(&name) {
                problems.push(format!(
                    "{} does not trigger {name} (got {:?})",
                    relative.display(),
                    fired(&report)
                ));
            }
        }
        for file in files_with_prefix(&root().join(&dir), "pass") {
            let relative = dir.join(file.file_name().unwrap_or_default());
            let report = lint_file(&relative, &[]);
            if fired(&report).contains(&name) {
                problems.push(format!("{} triggers {name}", relative.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn failing_fixture_snapshots() {
    let settings = insta_settings();
    for rule in all_rules() {
        let name = rule.meta().name;
        let dir = Path::new("testdata/rules").join(name);
        for file in files_with_prefix(&root().join(&dir), "fail") {
            let relative = dir.join(file.file_name().unwrap_or_default());
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("fail")
                .to_owned();
            // Only the rule under test, so the snapshot shows exactly its diagnostics.
            let report = lint_file(&relative, &[name]);
            settings.bind(|| {
                insta::assert_snapshot!(format!("rule__{name}__{stem}"), human(&report));
                insta::assert_snapshot!(
                    format!("rule__{name}__{stem}_json"),
                    profile_lint::output::json::render(std::slice::from_ref(&report))
                );
            });
        }
    }
}
