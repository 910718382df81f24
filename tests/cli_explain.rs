//! `profile-lint explain`: a rule's page with its metadata, a client error code with the rules
//! that predict it, and exit code 2 for a key that names nothing.

use std::process::{Command, Output};

fn explain(key: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_profile-lint"))
        .args(["explain", key])
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn explain_rule_prints_metadata_header_then_page() {
    for key in ["E002", "aad-ca-eku-oid-wrong", "e002"] {
        let output = explain(key);
        assert_eq!(output.status.code(), Some(0), "explain {key}");
        let text = stdout(&output);
        let header: Vec<&str> = text.lines().take(6).collect();
        assert_eq!(header[0], "E002 aad-ca-eku-oid-wrong");
        assert!(header[1].contains("severity:  error"), "{text}");
        assert!(header[2].contains("conditional-access"), "{text}");
        assert!(header[3].contains("evidence:  documented"), "{text}");
        assert!(header[4].starts_with("  predicts:  798"), "{text}");
        assert!(
            text.contains("# aad-ca-eku-oid-wrong (E002)\n"),
            "the page follows the header:\n{text}"
        );
    }
}

#[test]
fn explain_error_code_lists_the_rules_that_predict_it() {
    // The same error in its decimal, hex, HRESULT and signed spellings.
    for key in ["812", "0x32C", "0x8007032c", "-2147024084"] {
        let output = explain(key);
        assert_eq!(output.status.code(), Some(0), "explain {key}");
        let text = stdout(&output);
        assert!(
            text.starts_with("812 (ERROR_SERVER_POLICY):"),
            "{key}: {text}"
        );
        assert!(text.contains("Usual causes:"), "{text}");
        assert!(text.contains("T010  mschapv2-with-ikev2"), "{text}");
        assert!(
            text.contains("E004  aad-ca-needs-certificate-eap"),
            "{text}"
        );
    }
}

#[test]
fn explain_every_error_named_in_the_issue() {
    let keys = [
        ("812", "812"),
        ("0x80070040", "0x80070040"),
        ("13801", "13801"),
        ("809", "809"),
        ("800", "800"),
        ("13806", "13806"),
        ("0x800B0109", "0x800B0109"),
        ("853", "853"),
        ("798", "798"),
        ("13868", "13868"),
        ("Oops", "Oops"),
        ("oops", "Oops"),
    ];
    for (key, code) in keys {
        let output = explain(key);
        assert_eq!(output.status.code(), Some(0), "explain {key}");
        let text = stdout(&output);
        assert!(text.starts_with(code), "explain {key}:\n{text}");
        // Either rules that catch it, or an honest note on what only the server shows.
        assert!(
            text.contains("Rules that catch it:\n  ")
                || text.contains("Only the server side shows:"),
            "explain {key}:\n{text}"
        );
    }
    let oops = stdout(&explain("oops"));
    assert!(oops.contains("E001  aad-ca-eku-filter-missing"), "{oops}");
    let untrusted = stdout(&explain("0x800b0109"));
    assert!(untrusted.contains("C008  thumbprint-format"), "{untrusted}");
}

#[test]
fn explain_unknown_key_fails_with_exit_2() {
    for key in ["no-such-rule", "12345", "Z999"] {
        let output = explain(key);
        assert_eq!(output.status.code(), Some(2), "explain {key}");
        assert!(stdout(&output).is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(key), "{stderr}");
    }
}
