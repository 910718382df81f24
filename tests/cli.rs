//! The command line as users run it: exit codes (a tested contract), formats, stdin, errors.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_profile-lint"));
    command
        .env_remove("COLUMNS")
        .args(args)
        .current_dir(common::root())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    if let Some(input) = stdin {
        use std::io::Write;
        use std::process::Stdio;
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the binary starts");
        if let Some(mut pipe) = child.stdin.take() {
            pipe.write_all(input).expect("stdin accepts the input");
        }
        return child.wait_with_output().expect("the binary finishes");
    }
    command.output().expect("the binary runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const CLEAN: &str = "testdata/examples/device-tunnel.xml";
const BROKEN: &str = "testdata/examples/user-tunnel.xml";

#[test]
fn exit_0_when_nothing_is_found() {
    let output = run(&[CLEAN], None);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(stdout(&output).contains("No problems found in 1 file."));
}

#[test]
fn exit_1_when_findings_reach_fail_on() {
    assert_eq!(code(&run(&[BROKEN], None)), 1);
    // Only an info finding (automatic-protocol-order) stays below the default threshold.
    let info_only = run(&["--select", "automatic-protocol-order", "-"], Some(b"<VPNProfile><NativeProfile><Servers>vpn.example.org</Servers><NativeProtocolType>Automatic</NativeProtocolType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile></VPNProfile>"));
    assert_eq!(code(&info_only), 0, "{}", stdout(&info_only));
    assert!(stdout(&info_only).contains("automatic-protocol-order"));
    let strict = run(&["--fail-on", "info", "--select", "T007", "-"], Some(b"<VPNProfile><NativeProfile><Servers>vpn.example.org</Servers><NativeProtocolType>Automatic</NativeProtocolType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile></VPNProfile>"));
    assert_eq!(code(&strict), 1);
    let lenient = run(&["--fail-on", "error", "--select", "C007", BROKEN], None);
    assert_eq!(code(&lenient), 0, "a warning is below --fail-on error");
}

#[test]
fn malformed_xml_is_a_finding_not_a_failure() {
    let output = run(
        &["--format", "concise", "--stdin-filename", "broken.xml", "-"],
        Some(b"<VPNProfile><AlwaysOn>true</VPNProfile>"),
    );
    assert_eq!(code(&output), 1);
    assert_eq!(
        stdout(&output).lines().next(),
        Some("broken.xml:1:27: error[S001/xml-syntax] the document is not well-formed XML: expected 'AlwaysOn' tag, not 'VPNProfile'")
    );
}

#[test]
fn exit_2_for_a_missing_file_but_other_files_are_still_linted() {
    let output = run(&["--format", "concise", "no/such/file.xml", BROKEN], None);
    assert_eq!(code(&output), 2);
    let text = stdout(&output);
    assert!(
        text.contains("no/such/file.xml:1:1: error[io] no such file or directory"),
        "{text}"
    );
    assert!(
        text.contains("user-tunnel.xml:4:13: error[S003/boolean-literal-case]"),
        "{text}"
    );
}

#[test]
fn exit_2_for_bad_arguments() {
    assert_eq!(code(&run(&["--select", "no-such-rule", CLEAN], None)), 2);
    assert_eq!(code(&run(&["--severity", "xml-syntax", CLEAN], None)), 2);
    assert_eq!(
        code(&run(&["--severity", "xml-syntax=fatal", CLEAN], None)),
        2
    );
    assert_eq!(code(&run(&["--format", "yaml", CLEAN], None)), 2);
}

#[test]
fn select_ignore_and_severity_accept_codes_and_names() {
    let only = run(
        &["--format", "concise", "-q", "--select", "S003", BROKEN],
        None,
    );
    assert!(stdout(&only)
        .lines()
        .all(|l| l.contains("S003/boolean-literal-case")));
    let ignored = run(
        &[
            "--format",
            "concise",
            "--ignore",
            "boolean-literal-case",
            BROKEN,
        ],
        None,
    );
    assert!(!stdout(&ignored).contains("boolean-literal-case"));
    let lowered = run(
        &[
            "--format",
            "concise",
            "--select",
            "S003",
            "--severity",
            "boolean-literal-case=info",
            BROKEN,
        ],
        None,
    );
    assert!(stdout(&lowered).contains("info[S003/boolean-literal-case]"));
    assert_eq!(code(&lowered), 0);
}

#[test]
fn json_output_follows_the_contract() {
    let output = run(&["--format", "json", BROKEN], None);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(value["version"], 1);
    assert_eq!(value["tool"]["name"], "profile-lint");
    let file = &value["files"][0];
    assert_eq!(file["path"], BROKEN);
    assert_eq!(file["format"], "xml");
    assert_eq!(file["documents"], 1);
    let first = &file["diagnostics"][0];
    assert_eq!(first["code"], "S003");
    assert_eq!(first["name"], "boolean-literal-case");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["start"]["line"], 4);
    assert_eq!(first["start"]["column"], 13);
    // The byte offset points at `True` in the original file.
    let bytes = std::fs::read(common::root().join(BROKEN)).expect("fixture");
    let offset = first["start"]["offset"].as_u64().expect("offset") as usize;
    assert_eq!(&bytes[offset..offset + 4], b"True");
    assert_eq!(value["summary"]["files"], 1);
    assert!(value["summary"]["errors"].as_u64() >= Some(1));
}

#[test]
fn rules_lists_every_rule_and_explain_shows_a_page() {
    let output = run(&["rules", "--format", "json"], None);
    let rules: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let list = rules.as_array().expect("a list");
    // Every rule, then the tool's own diagnostics (selectable like rules).
    assert_eq!(
        list.len(),
        profile_lint::rules::all_rules().len() + profile_lint::rules::TOOL_RULES.len()
    );
    assert!(list
        .iter()
        .any(|r| r["name"] == "unrecognized-input" && r["category"] == "tool"));
    for key in ["code", "name", "severity", "category", "summary"] {
        assert!(
            list.iter().all(|r| r.get(key).is_some()),
            "every rule has `{key}`"
        );
    }
    let explain = run(&["explain", "S008"], None);
    assert_eq!(code(&explain), 0);
    assert!(stdout(&explain).contains("eap-namespace-https"));
    assert_eq!(code(&run(&["explain", "no-such-thing"], None)), 2);
}

#[test]
fn directories_are_walked_and_only_profiles_are_linted() {
    let dir = std::env::temp_dir().join(format!("profile-lint-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("nested")).expect("temp dir");
    std::fs::copy(common::root().join(BROKEN), dir.join("nested/user.xml")).expect("copy");
    std::fs::write(dir.join("notes.txt"), "shopping list\n").expect("write");
    // An NPS export is XML, but no profile: skipped when found by walking.
    std::fs::write(
        dir.join("ias.xml"),
        "<?xml version=\"1.0\"?><Root><Children/></Root>",
    )
    .expect("write");
    std::fs::write(dir.join("image.png"), [0x89, b'P', b'N', b'G']).expect("write");
    let output = run(
        &["--format", "json", dir.to_str().expect("utf-8 temp path")],
        None,
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let paths: Vec<&str> = value["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(Path::new(paths[0]).ends_with("nested/user.xml"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_explicit_file_of_unknown_format_is_reported() {
    let output = run(
        &["--format", "concise", "--stdin-filename", "notes.txt", "-"],
        Some(b"shopping list\n"),
    );
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("notes.txt:1:1: error[unrecognized-input/unrecognized-input]"));
}

#[test]
fn human_output_is_deterministic_without_a_terminal() {
    let first = stdout(&run(&[BROKEN], None));
    let second = stdout(&run(&["--color", "never", BROKEN], None));
    assert_eq!(first, second);
    assert!(
        !first.contains('\u{1b}'),
        "no escape sequences when not on a terminal"
    );
    assert!(
        first.ends_with("Found 3 errors, 2 warnings and 3 infos in 1 file.\n"),
        "{first}"
    );
}

#[test]
fn a_file_named_twice_is_linted_once() {
    let once = stdout(&run(&["--format", "concise", BROKEN], None));
    let twice = stdout(&run(&["--format", "concise", BROKEN, BROKEN], None));
    assert_eq!(once, twice);
    assert!(twice.ends_with("in 1 file.\n"), "{twice}");
}

#[test]
fn xml_in_help_pastes_as_it_was_written() {
    // Wrapped at 100 columns, the E001 help used to break inside `http://www…` and inside
    // `AAD Conditional Access`; pasted, that XML was not the XML the help meant.
    let output = run(
        &[
            "--no-config",
            "--select",
            "E001",
            "testdata/rules/aad-ca-eku-filter-missing/fail.xml",
        ],
        None,
    );
    let text = stdout(&output);
    let help = text
        .lines()
        .find(|l| l.trim_start().starts_with("help:"))
        .unwrap_or_else(|| panic!("no help in {text}"));
    let xml = help
        .split('`')
        .find(|code| code.starts_with("<TLSExtensions"))
        .unwrap_or_else(|| panic!("the XML is not on the help's first line: {help}"));
    let tree = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let names: Vec<&str> = tree
        .descendants()
        .filter(|n| n.has_tag_name("EKUName"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        names,
        vec!["AAD Conditional Access", "AAD Conditional Access"]
    );
}

#[test]
fn eighty_columns_fit_eighty_columns() {
    // `COLUMNS` stands for the console's width (a test has no console).
    let file = "testdata/rules/aad-ca-sso-missing/fail.xml";
    let output = Command::new(env!("CARGO_BIN_EXE_profile-lint"))
        .args(["--no-config", "--color", "never", file])
        .env("COLUMNS", "80")
        .current_dir(common::root())
        .output()
        .expect("run profile-lint");
    let text = stdout(&output);
    for line in text.lines() {
        // Source lines are shown as they are, and a code span is never split.
        let snippet =
            line.trim_start().starts_with(|c: char| c.is_ascii_digit()) && line.contains(" │ ");
        let code = line.trim_start().starts_with('`');
        assert!(
            snippet || code || line.chars().count() <= 80,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    common::insta_settings().bind(|| insta::assert_snapshot!("cli_eighty_columns", text.clone()));
    let rules = Command::new(env!("CARGO_BIN_EXE_profile-lint"))
        .arg("rules")
        .env("COLUMNS", "80")
        .output()
        .expect("run profile-lint rules");
    for line in stdout(&rules).lines() {
        assert!(line.chars().count() <= 80, "rules: {line}");
    }
}
