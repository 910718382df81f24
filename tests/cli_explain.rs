//! `profile-lint explain`: a rule's page with its metadata, a client error code with the rules
//! that predict it, and exit code 2 for a key that names nothing.

use std::process::{Command, Output};

fn explain(key: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_profile-lint"))
        .env_remove("COLUMNS")
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
                || text.contains("Beyond what profile-lint reads, the server side shows:"),
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

/// The codes the rules' messages and metadata cite, and the common Always On VPN codes: each is
/// known, links the rules that predict it, or says what only the server shows.
#[test]
fn explain_codes_the_rules_cite_and_common_vpn_codes() {
    // (key, first line starts with, a rule that must be listed or "" for server-side only)
    let keys = [
        (
            "868",
            "868 (ERROR_DNSNAME_NOT_RESOLVABLE)",
            "T013  servers-syntax",
        ),
        (
            "0x364",
            "868 (ERROR_DNSNAME_NOT_RESOLVABLE)",
            "T013  servers-syntax",
        ),
        (
            "0x800B010F",
            "0x800B010F (CERT_E_CN_NO_MATCH)",
            "T016  servers-ip-literal",
        ),
        (
            "CERT_E_CN_NO_MATCH",
            "0x800B010F (CERT_E_CN_NO_MATCH)",
            "T016  servers-ip-literal",
        ),
        (
            "0x87d1fde8",
            "0x87D1FDE8: Intune: Remediation failed",
            "M001  oma-uri-scope",
        ),
        (
            "-2016281112",
            "0x87D1FDE8: Intune: Remediation failed",
            "M007  payload-line-breaks",
        ),
        ("0x87D101F4", "0x87D101F4: Intune", "S001  xml-syntax"),
        (
            "13801",
            "13801 (ERROR_IPSEC_IKE_AUTH_FAIL)",
            "T016  servers-ip-literal",
        ),
        ("13806", "13806 (ERROR_IPSEC_IKE_NO_CERT)", ""),
        ("691", "691 (ERROR_AUTHENTICATION_FAILURE)", ""),
        ("720", "720 (ERROR_PPP_NO_PROTOCOLS_CONFIGURED)", ""),
        ("768", "768 (ERROR_FAILED_TO_ENCRYPT)", ""),
        ("789", "789 (ERROR_OAKLEY_GENERAL_PROCESSING)", ""),
        ("858", "858 (ERROR_EAP_SERVER_CERT_EXPIRED)", ""),
        ("0x800B0101", "0x800B0101 (CERT_E_EXPIRED)", ""),
        ("-2146762495", "0x800B0101 (CERT_E_EXPIRED)", ""),
        ("0x80092013", "0x80092013 (CRYPT_E_REVOCATION_OFFLINE)", ""),
        ("-2146885613", "0x80092013 (CRYPT_E_REVOCATION_OFFLINE)", ""),
    ];
    for (key, first_line, rule) in keys {
        let output = explain(key);
        assert_eq!(output.status.code(), Some(0), "explain {key}");
        let text = stdout(&output);
        assert!(text.starts_with(first_line), "explain {key}:\n{text}");
        assert!(
            text.contains("Usual causes:\n  - "),
            "explain {key}:\n{text}"
        );
        if rule.is_empty() {
            assert!(
                text.contains("Beyond what profile-lint reads, the server side shows:"),
                "explain {key}:\n{text}"
            );
        } else {
            assert!(
                text.contains("Rules that catch it:\n") && text.contains(rule),
                "explain {key} should list {rule}:\n{text}"
            );
        }
    }
}

#[test]
fn explain_list_shows_every_client_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_profile-lint"))
        .env_remove("COLUMNS")
        .args(["explain", "--list"])
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let errors = text
        .split_once("\nClient errors")
        .map(|(_, errors)| errors)
        .expect("the list has a client-error section");
    for error in profile_lint::errors::CLIENT_ERRORS {
        assert!(
            errors.contains(&format!("\n  {:<12} {}\n", error.code, error.title)),
            "{} missing from explain --list:\n{text}",
            error.code
        );
    }
    for code in [
        "691",
        "720",
        "768",
        "789",
        "858",
        "868",
        "0x800B0101",
        "0x800B010F",
        "0x80092013",
        "0x87D1FDE8",
    ] {
        assert!(errors.contains(&format!("\n  {code} ")), "{code}:\n{text}");
    }
}
