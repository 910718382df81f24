//! A run that checked nothing never passes: a named file that yields no profile is a finding,
//! a directory without profiles fails the run, a document that is not well-formed is reported
//! whatever the selection says, and a rule's finding does not vanish because another rule
//! that would supersede it is ignored.

mod common;

use common::{code, run_in, scratch, text};

use std::process::Output;

fn run(args: &[&str]) -> Output {
    run_in(&common::root(), args, None)
}

/// A fresh empty folder in the system's temp area.

#[test]
fn a_file_read_as_the_wrong_format_is_a_finding() {
    let output = run(&[
        "--no-config",
        "--input-format",
        "wmi",
        "--format",
        "concise",
        "testdata/examples/user-tunnel.xml",
    ]);
    assert_eq!(code(&output), 1, "{}", text(&output));
    assert!(
        text(&output).contains("unrecognized-input")
            && text(&output).contains("no profile was found"),
        "{}",
        text(&output)
    );
}

#[test]
fn an_empty_directory_fails_the_run() {
    let dir = scratch("nothing-checked", "empty");
    std::fs::create_dir_all(dir.join("profiles")).expect("mkdir");
    let output = run_in(&dir, &["--no-config", "profiles"], None);
    assert_eq!(code(&output), 2, "{}", text(&output));
    assert!(
        text(&output).contains("no profile found under profiles"),
        "{}",
        text(&output)
    );
}

#[test]
fn an_ignore_file_that_hides_every_profile_fails_the_run() {
    let dir = scratch("nothing-checked", "ignored");
    let profiles = dir.join("profiles");
    std::fs::create_dir_all(&profiles).expect("mkdir");
    std::fs::copy(
        common::root().join("testdata/examples/device-tunnel.xml"),
        profiles.join("corp.xml"),
    )
    .expect("copy");
    std::fs::write(profiles.join(".ignore"), "*.xml\n").expect("write");
    let output = run_in(&dir, &["--no-config", "profiles"], None);
    assert_eq!(code(&output), 2, "{}", text(&output));
    assert!(text(&output).contains(".ignore"), "{}", text(&output));
    // Named explicitly, the file is linted.
    let output = run_in(&dir, &["--no-config", "profiles/corp.xml"], None);
    assert_eq!(code(&output), 0, "{}", text(&output));
}

#[test]
fn a_directory_with_a_profile_among_other_files_passes() {
    let dir = scratch("nothing-checked", "mixed");
    std::fs::write(dir.join("notes.txt"), "renew the certificate\n").expect("write");
    std::fs::copy(
        common::root().join("testdata/examples/device-tunnel.xml"),
        dir.join("device.xml"),
    )
    .expect("copy");
    let output = run_in(&dir, &["--no-config", "."], None);
    assert_eq!(code(&output), 0, "{}", text(&output));
}

#[test]
fn syntax_errors_are_reported_whatever_the_selection() {
    let dir = scratch("nothing-checked", "syntax");
    std::fs::write(
        dir.join("broken.xml"),
        "<VPNProfile><AlwaysOn>true</VPNProfile>",
    )
    .expect("write");
    for args in [
        vec![
            "--no-config",
            "--select",
            "T",
            "--format",
            "concise",
            "broken.xml",
        ],
        vec![
            "--no-config",
            "--ignore",
            "xml-syntax",
            "--format",
            "concise",
            "broken.xml",
        ],
        vec![
            "--no-config",
            "--ignore",
            "S",
            "--format",
            "concise",
            "broken.xml",
        ],
    ] {
        let output = run_in(&dir, &args, None);
        assert_eq!(code(&output), 1, "{args:?}: {}", text(&output));
        assert!(
            text(&output).contains("xml-syntax"),
            "{args:?}: {}",
            text(&output)
        );
    }
}

#[test]
fn a_missing_file_is_not_reported_as_no_problems() {
    let output = run(&["--no-config", "testdata/examples/does-not-exist.xml"]);
    assert_eq!(code(&output), 2, "{}", text(&output));
    assert!(!text(&output).contains("No problems"), "{}", text(&output));
    assert!(
        text(&output).contains("1 file could not be read"),
        "{}",
        text(&output)
    );
}

#[test]
fn ignoring_the_specific_rule_brings_the_general_finding_back() {
    let file = "testdata/rules/crypto-cmdlet-spelling/fail.xml";
    for args in [
        vec![
            "--no-config",
            "--ignore",
            "crypto-cmdlet-spelling",
            "--format",
            "concise",
            file,
        ],
        vec!["--no-config", "--select", "S", "--format", "concise", file],
    ] {
        let output = run(&args);
        assert_eq!(code(&output), 1, "{args:?}: {}", text(&output));
        assert!(
            text(&output)
                .contains("error[S006/invalid-enum-value] `EncryptionMethod` is `GCMAES256`"),
            "{args:?}: {}",
            text(&output)
        );
    }
    // With both enabled, the specific finding alone.
    let output = run(&["--no-config", "--format", "concise", file]);
    assert!(
        text(&output).contains("crypto-cmdlet-spelling"),
        "{}",
        text(&output)
    );
    assert!(
        !text(&output).contains("invalid-enum-value"),
        "{}",
        text(&output)
    );
}
