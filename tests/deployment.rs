//! The deployment route decides whether the Intune-only rules run: detected from the input
//! (a SyncML payload or Intune export is Intune; a script says it by its calls), and stated by
//! `deployment` in `profile-lint.toml` or `--deployment`, which win over detection both ways.

mod common;

use common::*;
use profile_lint::config::{lint_options, Config};
use profile_lint::lint::{lint_bytes, FileReport};
use profile_lint::selection::RuleSelection;
use std::path::Path;

const INTUNE_ONLY: [&str; 2] = [
    "intune-win11-element-order",
    "intune-win11-servers-workaround",
];

const BRIDGE_SCRIPT: &str =
    "testdata/rules/intune-win11-element-order/pass-wmi-bridge-createinstance.ps1";
const RASMAN_SCRIPT: &str =
    "testdata/rules/intune-win11-servers-workaround/pass-add-vpnconnection.ps1";
const PLAIN_XML: &str = "testdata/rules/intune-win11-element-order/fail.xml";
const INTUNE_EXPORT: &str =
    "testdata/rules/intune-win11-servers-workaround/fail-intune-export.json";

/// Lints a fixture as if it lay at `as_path` under a configuration at `/repo/profile-lint.toml`.
fn lint_with(config: Option<&str>, fixture: &str, as_path: &str) -> FileReport {
    let config = config.map(|text| {
        Config::parse(text, Path::new("/repo/profile-lint.toml")).expect("configuration parses")
    });
    let bytes = std::fs::read(root().join(fixture)).expect("fixture");
    let options = lint_options(
        config.as_ref(),
        Path::new(as_path),
        &RuleSelection::default(),
    );
    lint_bytes(fixture, &bytes, &options)
}

fn intune_rules_fired(report: &FileReport) -> Vec<&str> {
    let mut names: Vec<&str> = fired(report)
        .into_iter()
        .filter(|name| INTUNE_ONLY.contains(name))
        .collect();
    names.dedup();
    names
}

#[test]
fn detection_runs_the_intune_rules_only_where_intune_may_deploy() {
    for (fixture, route, fires) in [
        (BRIDGE_SCRIPT, "wmi", false),
        (RASMAN_SCRIPT, "rasman", false),
        (PLAIN_XML, "unknown", true),
        (INTUNE_EXPORT, "intune", true),
    ] {
        let report = lint_with(None, fixture, "/repo/x");
        assert_eq!(report.deployment.as_str(), route, "{fixture}");
        assert_eq!(
            !intune_rules_fired(&report).is_empty(),
            fires,
            "{fixture}: {:?}",
            fired(&report)
        );
    }
}

#[test]
fn configuration_overrides_detection_both_ways() {
    // A bridge script that Intune also delivers as custom XML: stated as intune, the rules run.
    let report = lint_with(
        Some("deployment = \"intune\"\n"),
        BRIDGE_SCRIPT,
        "/repo/a.ps1",
    );
    assert_eq!(report.deployment.as_str(), "intune");
    assert_eq!(intune_rules_fired(&report), ["intune-win11-element-order"]);
    // `unknown` brings them back too.
    let report = lint_with(
        Some("deployment = \"unknown\"\n"),
        RASMAN_SCRIPT,
        "/repo/a.ps1",
    );
    assert_eq!(
        intune_rules_fired(&report),
        ["intune-win11-servers-workaround"]
    );
    // Plain files deployed by script: stated as wmi, the rules stay quiet.
    let report = lint_with(Some("deployment = \"wmi\"\n"), PLAIN_XML, "/repo/a.xml");
    assert_eq!(report.deployment.as_str(), "wmi");
    assert!(intune_rules_fired(&report).is_empty());
    let report = lint_with(
        Some("deployment = \"rasman\"\n"),
        INTUNE_EXPORT,
        "/repo/a.json",
    );
    assert!(intune_rules_fired(&report).is_empty());
}

#[test]
fn per_path_deployment_wins_over_the_top_level_for_its_files() {
    let config =
        "deployment = \"wmi\"\n[[per-path]]\npaths = [\"intune/**\"]\ndeployment = \"intune\"\n";
    let inside = lint_with(Some(config), BRIDGE_SCRIPT, "/repo/intune/user.ps1");
    assert_eq!(inside.deployment.as_str(), "intune");
    assert!(!intune_rules_fired(&inside).is_empty());
    let outside = lint_with(Some(config), PLAIN_XML, "/repo/scripts/user.xml");
    assert_eq!(outside.deployment.as_str(), "wmi");
    assert!(intune_rules_fired(&outside).is_empty());
}

#[test]
fn a_misspelt_deployment_is_a_configuration_error() {
    let error = Config::parse("deployment = \"sccm\"\n", Path::new("profile-lint.toml"))
        .expect_err("unknown route");
    assert_eq!(
        error.to_string(),
        "profile-lint.toml:1: key `deployment`: unknown deployment `sccm` (expected intune, wmi, rasman or unknown)"
    );
    let error = Config::parse(
        "[[per-path]]\npaths = [\"a/**\"]\n",
        Path::new("profile-lint.toml"),
    )
    .expect_err("an entry that changes nothing");
    assert!(
        error.to_string().contains("needs `ignore` or `deployment`"),
        "{error}"
    );
}

#[test]
fn the_command_line_states_the_route_over_the_configuration() {
    let dir = scratch("deployment", "cli");
    std::fs::write(dir.join("profile-lint.toml"), "deployment = \"intune\"\n").expect("config");
    std::fs::copy(root().join(PLAIN_XML), dir.join("user.xml")).expect("fixture");
    let configured = run_in(&dir, &["--format", "json", "user.xml"], None);
    let json = text(&configured);
    assert!(json.contains("\"deployment\": \"intune\""), "{json}");
    assert!(json.contains("intune-win11-element-order"), "{json}");
    let stated = run_in(
        &dir,
        &["--format", "json", "--deployment", "rasman", "user.xml"],
        None,
    );
    let json = text(&stated);
    assert!(json.contains("\"deployment\": \"rasman\""), "{json}");
    assert!(!json.contains("intune-win11-element-order"), "{json}");
    let _ = std::fs::remove_dir_all(&dir);
}
