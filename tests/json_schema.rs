//! The JSON output matches the schema committed in `docs/json-output.schema.json`, on real
//! output: findings with labels, policy findings, an unreadable file, a file
//! that is not a profile, a file that is not well-formed.

mod common;

use common::root;
use profile_lint::lint::{lint_bytes, FileReport, LintOptions};
use profile_lint::output::json;

/// The committed schema, made strict: it lets consumers accept fields added within a version
/// (no `additionalProperties: false`), but every field profile-lint writes must be in it, so
/// the test forbids the fields it does not list.
fn schema() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(root().join("docs/json-output.schema.json")).expect("schema file");
    let mut schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    forbid_unlisted_fields(&mut schema);
    jsonschema::validator_for(&schema).expect("schema is a valid JSON Schema")
}

fn forbid_unlisted_fields(schema: &mut serde_json::Value) {
    match schema {
        serde_json::Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert(
                    "additionalProperties".into(),
                    serde_json::Value::Bool(false),
                );
            }
            for value in map.values_mut() {
                forbid_unlisted_fields(value);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(forbid_unlisted_fields),
        _ => {}
    }
}

#[test]
fn the_published_schema_lets_consumers_accept_added_fields() {
    let text =
        std::fs::read_to_string(root().join("docs/json-output.schema.json")).expect("schema file");
    assert!(
        !text.contains("\"additionalProperties\": false"),
        "the JSON contract says fields may be added within a version"
    );
}

fn assert_valid(reports: &[FileReport]) -> serde_json::Value {
    let output: serde_json::Value =
        serde_json::from_str(&json::render(reports)).expect("output is JSON");
    let validator = schema();
    let errors: Vec<String> = validator
        .iter_errors(&output)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "JSON output does not match the schema:\n{}",
        errors.join("\n")
    );
    output
}

#[test]
fn json_output_of_real_findings_matches_the_committed_schema() {
    let path = "testdata/integration/user-tunnel.xml";
    let bytes = std::fs::read(root().join(path)).expect("fixture");
    let reports = vec![
        lint_bytes(path, &bytes, &LintOptions::default()),
        lint_bytes(
            "broken.xml",
            b"<VPNProfile><AlwaysOn>true</VPNProfile>",
            &LintOptions::default(),
        ),
        lint_bytes("notes.txt", b"just some notes", &LintOptions::default()),
        FileReport::unreadable("missing.xml", "no such file or directory".into()),
    ];
    // Wrapper formats add `sources`.
    let mut reports = reports;
    for wrapper in [
        "testdata/sources/wmi-two-instances.txt",
        "testdata/sources/syncml-escaped.xml",
        "testdata/sources/powershell-here-string.ps1",
    ] {
        let bytes = std::fs::read(root().join(wrapper)).expect("fixture");
        reports.push(lint_bytes(wrapper, &bytes, &LintOptions::default()));
    }
    let output = assert_valid(&reports);
    let files = output["files"].as_array().expect("files");
    // The fixture really produced findings, and the other cases are present.
    assert!(
        files[0]["diagnostics"]
            .as_array()
            .is_some_and(|d| d.len() >= 2),
        "{output}"
    );
    assert_eq!(files[1]["diagnostics"][0]["name"], "xml-syntax");
    assert!(files[2]["format"].is_null());
    assert_eq!(files[3]["error"], "no such file or directory");
    assert_eq!(
        files[4]["sources"][1]["properties"]["InstanceID"],
        "Fabrikam%20Device%20Tunnel"
    );
    assert!(files[5]["sources"][0]["oma_uri"].is_string());
    assert_eq!(files[6]["sources"][0]["variable"], "ProfileXML");
}

#[test]
fn json_output_with_policy_findings_matches_the_committed_schema() {
    let config = profile_lint::config::Config::parse(
        "[[policy]]\ncode = \"P001\"\nmessage = \"servers must be the gateway\"\npath = \"VPNProfile/NativeProfile/Servers\"\nequals = \"vpn.contoso.com\"\n",
        std::path::Path::new("profile-lint.toml"),
    )
    .expect("config parses");
    let (rules, policy) = profile_lint::config::resolve(
        Some(&config),
        std::path::Path::new("p.xml"),
        &Default::default(),
    );
    let options = LintOptions::selecting(&rules, policy);
    let path = "testdata/integration/user-tunnel.xml";
    let bytes = std::fs::read(root().join(path)).expect("fixture");
    let output = assert_valid(&[lint_bytes(path, &bytes, &options)]);
    let diagnostics = output["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "P001" && d["category"] == "policy"),
        "{output}"
    );
}

#[test]
fn the_schema_rejects_output_that_breaks_the_contract() {
    let path = "testdata/integration/user-tunnel.xml";
    let bytes = std::fs::read(root().join(path)).expect("fixture");
    let mut output: serde_json::Value = serde_json::from_str(&json::render(&[lint_bytes(
        path,
        &bytes,
        &LintOptions::default(),
    )]))
    .expect("JSON");
    output["files"][0]["diagnostics"][0]["start"]["column"] = 0.into();
    assert!(!schema().is_valid(&output), "a 0 column must be rejected");
}
