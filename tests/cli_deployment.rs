//! `profile-lint` over a deployment, end to end through the binary: a folder of profiles and
//! server files, `--server`/`--cert`, `[[deployments]]`, every output format showing the
//! second place, secrets never printed, and `explain --nps-log`.

mod common;

use common::*;
use std::path::Path;

const SECRET: &str = "FAKE-fixture-secret-not-real";

/// A temporary deployment: `files` are (name in the folder, source in the repository).
fn deployment(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, source) in files {
        let target = dir.path().join(name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).expect("folders");
        }
        std::fs::copy(root().join(source), &target)
            .unwrap_or_else(|e| panic!("copy {source}: {e}"));
    }
    dir
}

const PROFILE: &str = "testdata/realistic/deployments/nps-wants-password-inside-peap/user.xml";
const NPS: &str = "testdata/deploy/nps-peap-mschapv2.xml";
const NPS_WITH_SECRET: &str = "testdata/deploy/nps-aovpn-peap-tls.xml";

#[test]
fn a_deployment_folder_checks_profiles_against_its_server_files() {
    let dir = deployment(&[("deploy/user.xml", PROFILE), ("deploy/server/nps.xml", NPS)]);
    let output = run_in(dir.path(), &["--format", "json", "deploy"], None);
    assert_eq!(code(&output), 1, "{}", text(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let files = json["files"].as_array().expect("files");
    let server = files
        .iter()
        .find(|f| f["path"] == "deploy/server/nps.xml")
        .expect("the NPS export is listed");
    assert_eq!(server["server_input"], "nps-export");
    let profile = files
        .iter()
        .find(|f| f["path"] == "deploy/user.xml")
        .expect("the profile");
    let finding = profile["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["code"] == "A001"))
        .expect("A001 on the profile");
    let label = &finding["labels"][0];
    assert_eq!(label["path"], "deploy/server/nps.xml", "{finding}");
    assert!(
        label["start"]["line"].as_u64().unwrap_or(0) > 1,
        "{finding}"
    );
}

#[test]
fn server_flags_apply_to_every_profile_and_every_format_shows_the_second_place() {
    let dir = deployment(&[("user.xml", PROFILE), ("nps.xml", NPS)]);
    let args = ["--server", "nps.xml", "user.xml"];
    let human = run_in(dir.path(), &args, None);
    let human = text(&human);
    assert!(human.contains("A001/eap-method-nps-mismatch"), "{human}");
    assert!(
        human.contains("see also:") && human.contains("nps.xml:"),
        "{human}"
    );
    let github = run_in(
        dir.path(),
        &["--format", "github", "--server", "nps.xml", "user.xml"],
        None,
    );
    let github = String::from_utf8_lossy(&github.stdout).into_owned();
    assert!(github.contains("::error file=user.xml"), "{github}");
    assert!(github.contains("::notice file=nps.xml"), "{github}");
    let sarif = run_in(
        dir.path(),
        &["--format", "sarif", "--server", "nps.xml", "user.xml"],
        None,
    );
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("SARIF");
    let result = sarif["runs"][0]["results"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["ruleId"] == "A001"))
        .expect("an A001 result");
    let related = &result["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "nps.xml", "{result}");
}

#[test]
fn a_server_flag_that_names_no_server_file_is_an_error() {
    let dir = deployment(&[("user.xml", PROFILE)]);
    let output = run_in(dir.path(), &["--server", "user.xml", "user.xml"], None);
    assert_eq!(code(&output), 2, "{}", text(&output));
    assert!(
        text(&output).contains("is not an NPS export"),
        "{}",
        text(&output)
    );
}

#[test]
fn a_deployments_section_states_what_goes_together() {
    let dir = deployment(&[("profiles/user.xml", PROFILE), ("elsewhere/nps.xml", NPS)]);
    std::fs::write(
        dir.path().join("profile-lint.toml"),
        "[[deployments]]\nname = \"corp\"\nprofiles = [\"profiles/*.xml\"]\nnps = [\"elsewhere/nps.xml\"]\n",
    )
    .expect("config");
    // Only the profiles are linted; the configuration brings the NPS export.
    let output = run_in(dir.path(), &["--format", "concise", "profiles"], None);
    let shown = text(&output);
    assert!(shown.contains("A001/eap-method-nps-mismatch"), "{shown}");
    // Without the section, the profile alone has nothing to meet.
    std::fs::remove_file(dir.path().join("profile-lint.toml")).expect("remove");
    let output = run_in(dir.path(), &["--format", "concise", "profiles"], None);
    assert!(!text(&output).contains("A001"), "{}", text(&output));
}

#[test]
fn shared_secrets_of_an_nps_export_are_noted_once_and_never_printed() {
    let dir = deployment(&[
        ("deploy/user.xml", PROFILE),
        ("deploy/nps.xml", NPS_WITH_SECRET),
    ]);
    for format in ["human", "concise", "json", "sarif", "github"] {
        let output = run_in(dir.path(), &["--format", format, "deploy"], None);
        let all = text(&output);
        assert!(!all.contains(SECRET), "{format} prints the secret:\n{all}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            stderr.matches("holds RADIUS shared secrets").count(),
            1,
            "{format}: {stderr}"
        );
    }
}

#[test]
fn explain_nps_log_says_why_each_request_was_rejected() {
    let output = run_in(
        &root(),
        &[
            "explain",
            "--nps-log",
            "testdata/deploy/nps-log-database.log",
            "--server",
            NPS,
            "--profile",
            PROFILE,
        ],
        None,
    );
    let shown = text(&output);
    assert_eq!(code(&output), 0, "{shown}");
    assert!(shown.contains("Access-Reject"), "{shown}");
    assert!(shown.contains("reason 66"), "{shown}");
    assert!(shown.contains("rules that predict it: A001"), "{shown}");
    assert!(shown.contains("A001"), "{shown}");
    let not_a_log = run_in(&root(), &["explain", "--nps-log", PROFILE], None);
    assert_eq!(code(&not_a_log), 2, "{}", text(&not_a_log));
}

#[test]
fn certificates_in_a_subfolder_apply_to_the_profiles_above() {
    let dir = deployment(&[
        (
            "deploy/user.xml",
            "testdata/realistic/deployments/vpn-cert-without-server-auth/user.xml",
        ),
        (
            "deploy/certs/vpn.pem",
            "testdata/deploy/certs/vpn-server-client-auth-only.pem",
        ),
    ]);
    let output = run_in(dir.path(), &["--format", "concise", "deploy"], None);
    let shown = text(&output);
    assert!(shown.contains("T017/servers-cert-name-mismatch"), "{shown}");
    assert!(Path::new(&dir.path().join("deploy/certs/vpn.pem")).exists());
}

#[test]
fn a_certificate_beside_profiles_does_not_make_them_one_device_set() {
    let device = "testdata/realistic/deployments/two-device-tunnels/device.xml";
    let older = "testdata/realistic/deployments/two-device-tunnels/device-2024.xml";
    // A pinned root CA committed beside alternative profiles: not a deployment folder.
    let dir = deployment(&[
        ("profiles/device.xml", device),
        ("profiles/device-2024.xml", older),
        ("profiles/root-ca.cer", "testdata/deploy/certs/root-ca.cer"),
    ]);
    let output = run_in(dir.path(), &["--format", "concise", "profiles"], None);
    assert!(!text(&output).contains("D011"), "{}", text(&output));
    // With the NPS export beside them, they are taken to reach the same devices (a warning).
    std::fs::copy(root().join(NPS), dir.path().join("profiles/nps.xml")).expect("copy");
    let output = run_in(dir.path(), &["--format", "concise", "profiles"], None);
    assert!(
        text(&output).contains("warning[D011/multiple-device-tunnels]"),
        "{}",
        text(&output)
    );
}
