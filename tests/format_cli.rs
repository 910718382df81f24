//! `profile-lint format` and `profile-lint extract` as users run them.

mod common;

use common::{code, run_in, scratch, text};

const OUT_OF_ORDER: &str = "testdata/rules/intune-win11-element-order/fail.xml";

#[test]
fn format_check_diff_and_write() {
    let dir = scratch("format", "modes");
    std::fs::copy(common::root().join(OUT_OF_ORDER), dir.join("p.xml")).expect("copy");
    let original = std::fs::read(dir.join("p.xml")).expect("read");
    let output = run_in(&dir, &["format", "--check", "p.xml"], None);
    assert_eq!(code(&output), 1, "{}", text(&output));
    assert!(
        text(&output).contains("Would reformat: p.xml"),
        "{}",
        text(&output)
    );
    let output = run_in(&dir, &["format", "--diff", "p.xml"], None);
    assert_eq!(code(&output), 1, "{}", text(&output));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("--- a/p.xml\n+++ b/p.xml\n"));
    assert_eq!(
        std::fs::read(dir.join("p.xml")).expect("read"),
        original,
        "check and diff write nothing"
    );
    let output = run_in(&dir, &["format", "p.xml"], None);
    assert_eq!(code(&output), 0, "{}", text(&output));
    assert!(
        text(&output).contains("1 file reformatted"),
        "{}",
        text(&output)
    );
    // Formatted once, it is formatted: no M005/M006 finding, and a second format is a no-op.
    let output = run_in(&dir, &["format", "--check", "p.xml"], None);
    assert_eq!(code(&output), 0, "{}", text(&output));
    let output = run_in(
        &dir,
        &["--no-config", "--select", "M005,M006", "p.xml"],
        None,
    );
    assert_eq!(code(&output), 0, "{}", text(&output));
}

#[test]
fn format_reads_standard_input_and_writes_standard_output() {
    let dir = scratch("format", "stdin");
    let profile = std::fs::read(common::root().join(OUT_OF_ORDER)).expect("read");
    let output = run_in(&dir, &["format", "--compact", "-"], Some(&profile));
    assert_eq!(code(&output), 0, "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("<") && !stdout.trim_end().contains('\n'),
        "{stdout}"
    );
}

#[test]
fn format_sends_wrappers_to_extract() {
    let output = run_in(
        &common::root(),
        &[
            "format",
            "--check",
            "testdata/sources/wmi-two-instances.txt",
        ],
        None,
    );
    assert_eq!(code(&output), 2, "{}", text(&output));
    assert!(
        text(&output).contains("profile-lint extract"),
        "{}",
        text(&output)
    );
}

#[test]
fn extract_prints_or_writes_one_file_per_profile() {
    let dir = scratch("format", "extract");
    let dump = common::root().join("testdata/sources/wmi-two-instances.txt");
    let output = run_in(&dir, &["extract", &dump.to_string_lossy()], None);
    assert_eq!(code(&output), 0, "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("<VPNProfile>").count(), 2, "{stdout}");
    let output = run_in(
        &dir,
        &[
            "extract",
            "--formatted",
            "--output-dir",
            ".",
            &dump.to_string_lossy(),
        ],
        None,
    );
    assert_eq!(code(&output), 0, "{}", text(&output));
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["Fabrikam Device Tunnel.xml", "Fabrikam VPN.xml"]);
    // What extract writes lints as a plain profile.
    let output = run_in(
        &dir,
        &["--no-config", "--format", "concise", "Fabrikam VPN.xml"],
        None,
    );
    assert!(!text(&output).contains("xml-syntax"), "{}", text(&output));
}

#[test]
fn extract_never_writes_over_its_input() {
    let dir = scratch("format", "no-overwrite");
    std::fs::write(
        dir.join("Contoso.xml"),
        "<VPNProfile><ProfileName>Contoso</ProfileName><AlwaysOn>true</AlwaysOn></VPNProfile>",
    )
    .expect("write");
    let before = std::fs::read(dir.join("Contoso.xml")).expect("read");
    let output = run_in(
        &dir,
        &["extract", "--formatted", "--output-dir", ".", "Contoso.xml"],
        None,
    );
    assert_eq!(code(&output), 2, "{}", text(&output));
    assert!(text(&output).contains("being read"), "{}", text(&output));
    assert_eq!(
        std::fs::read(dir.join("Contoso.xml")).expect("read"),
        before
    );
}
