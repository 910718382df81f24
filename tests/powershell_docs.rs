//! The recipes of `docs/powershell.md`, each fed the exact bytes its PowerShell command
//! produces on Windows PowerShell 5.1: a string piped to a program (one line, CRLF), `Format-List
//! | Out-File` (UTF-16 LE with BOM, CRLF, values wrapped at the console width), `Set-Content
//! -Encoding UTF8` (UTF-8 with BOM, closing CRLF). PowerShell itself is not run (these tests run
//! on Linux too); the commands are checked to be in the document word for word, so the document
//! and the byte shapes tested here cannot drift apart.

mod common;

use common::root;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_profile-lint");

const PIPE: &str = "(Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01).ProfileXML | profile-lint -";
const DUMP: &str = "Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01 | Format-List | Out-File vpn-profiles.txt\nprofile-lint vpn-profiles.txt";
const ONE_FILE_EACH: &str = "Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01 | ForEach-Object { Set-Content -LiteralPath (Join-Path $dir \"$($_.InstanceID).xml\") -Value $_.ProfileXML -Encoding UTF8 }\nprofile-lint $dir";
const INTUNE: &str = "Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01 | Format-List | Out-File -FilePath $dump -Width 4096\n$output = & $exe --format concise --no-config --ignore file-encoding $dump";
const AZURE: &str = "profile-lint --format sarif profiles\\ > \"$(Build.ArtifactStagingDirectory)\\CodeAnalysisLogs\\profile-lint.sarif\"";

fn doc() -> String {
    std::fs::read_to_string(root().join("docs/powershell.md")).expect("docs/powershell.md")
}

fn assert_documented(command: &str) {
    assert!(
        doc().contains(command),
        "docs/powershell.md no longer shows this command word for word:\n{command}"
    );
}

fn run(args: &[&str], stdin: Option<&[u8]>, dir: &Path) -> Output {
    let mut child = Command::new(BIN)
        .env_remove("COLUMNS")
        .args(["--color", "never"])
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run profile-lint");
    if let Some(bytes) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("write stdin");
    }
    child.wait_with_output().expect("profile-lint output")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A profile as the MDM bridge returns it: one line, no white space between elements.
fn minified(path: &str) -> String {
    let text = std::fs::read_to_string(root().join(path)).expect("fixture");
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if !out.is_empty() && !out.ends_with('>') && !t.starts_with('<') {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// Text as Windows PowerShell 5.1's `Out-File` writes it: UTF-16 LE with a byte-order mark.
fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

/// PowerShell's `GenerateLinesWithWordWrap`: words keep their trailing space; a word that does
/// not fit starts a new line; a word longer than the line is cut into full-width chunks.
fn wrap(value: &str, width: usize) -> Vec<String> {
    if value.chars().count() <= width {
        return vec![value.to_string()];
    }
    let mut words: Vec<String> = value.split(' ').map(|w| format!("{w} ")).collect();
    if let Some(last) = words.last_mut() {
        last.pop();
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut left = width;
    for word in words {
        let len = word.chars().count();
        if len < left {
            line.push_str(&word);
            left -= len;
        } else if len > width {
            for c in word.chars() {
                if left == 0 {
                    lines.push(std::mem::take(&mut line));
                    left = width;
                }
                line.push(c);
                left -= 1;
            }
        } else {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line = word;
            left = width - len;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// One MDM_VPNv2_01 instance as `Get-CimInstance` returns it.
fn instance(profile_xml: &str, instance_id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AlwaysOn", "True".into()),
        ("ByPassForLocal", String::new()),
        ("DeviceTunnel", String::new()),
        ("DnsSuffix", "corp.fabrikam.net".into()),
        ("EdpModeId", String::new()),
        ("InstanceID", instance_id.into()),
        ("LockDown", String::new()),
        ("ParentID", "./Vendor/MSFT/VPNv2".into()),
        ("ProfileXML", profile_xml.into()),
        ("RegisterDNS", String::new()),
        ("RememberCredentials", "True".into()),
        ("TrustedNetworkDetection", "corp.fabrikam.net".into()),
        ("PSComputerName", String::new()),
    ]
}

/// `... | Format-List | Out-File` at a line width: names padded to the longest, ` : `, values
/// wrapped to the rest of the line and continued under the value column; a blank line before,
/// between and after the instances; CRLF line endings; UTF-16 LE with a byte-order mark.
fn format_list_out_file(instances: &[Vec<(&'static str, String)>], width: usize) -> Vec<u8> {
    let mut text = String::from("\r\n");
    for properties in instances {
        let pad = properties.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        let indent = " ".repeat(pad + 3);
        for (name, value) in properties {
            let head = format!("{name:<pad$} :");
            if value.is_empty() {
                text.push_str(&head);
                text.push_str("\r\n");
                continue;
            }
            for (i, line) in wrap(value, width - pad - 3).iter().enumerate() {
                if i == 0 {
                    text.push_str(&format!("{head} {line}\r\n"));
                } else {
                    text.push_str(&format!("{indent}{line}\r\n"));
                }
            }
        }
        text.push_str("\r\n");
    }
    text.push_str("\r\n\r\n");
    utf16le_bom(&text)
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

/// Rule codes reported for each file, in order.
fn codes(report: &Value) -> Vec<Vec<String>> {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|file| {
            let mut codes: Vec<String> = file["diagnostics"]
                .as_array()
                .map(|ds| {
                    ds.iter()
                        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
                        .collect()
                })
                .unwrap_or_default();
            codes.sort();
            codes
        })
        .collect()
}

const USER: &str = "testdata/sources/profile-user.xml";
const DEVICE: &str = "testdata/sources/profile-device.xml";
const CLEAN: &str = "testdata/realistic/device-tunnel-minimal-azure-vwan.xml";

#[test]
fn piped_profile_xml_of_one_tunnel_is_linted() {
    assert_documented(PIPE);
    let dir = tempfile::tempdir().expect("temp dir");
    // PowerShell writes each string to the program followed by CRLF.
    let stdin = format!("{}\r\n", minified(USER));
    let out = run(
        &["--format", "concise", "-"],
        Some(stdin.as_bytes()),
        dir.path(),
    );
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("<stdin>:1:"), "{text}");
    assert!(text.contains("C008/thumbprint-format"), "{text}");
    assert!(!text.contains("xml-syntax"), "{text}");

    // The same findings as the file the profile came from, all on line 1.
    let file = run(
        &["--format", "json", &root().join(USER).to_string_lossy()],
        None,
        dir.path(),
    );
    let piped = run(
        &["--format", "json", "-"],
        Some(stdin.as_bytes()),
        dir.path(),
    );
    assert_eq!(codes(&json(&piped)), codes(&json(&file)));

    // Named as the document says.
    let named = run(
        &[
            "--format",
            "concise",
            "--stdin-filename",
            "Contoso VPN.xml",
            "-",
        ],
        Some(stdin.as_bytes()),
        dir.path(),
    );
    assert!(
        stdout(&named).contains("Contoso VPN.xml:1:"),
        "{}",
        stdout(&named)
    );
}

#[test]
fn piped_profile_xml_with_non_ascii_replaced_by_question_marks_still_parses() {
    // Windows PowerShell 5.1 pipes with $OutputEncoding = ASCII: `ü` arrives as `?`.
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = minified(CLEAN).replacen("<ProfileName>", "<ProfileName>Zugang B?ro ", 1);
    let out = run(
        &["--format", "concise", "-"],
        Some(format!("{profile}\r\n").as_bytes()),
        dir.path(),
    );
    assert!(!stdout(&out).contains("xml-syntax"), "{}", stdout(&out));
    assert!(doc().contains("$OutputEncoding = [System.Text.UTF8Encoding]::new($false)"));
}

/// Two tunnels give two lines on standard input: each is linted as its own document, the
/// device tunnel's findings on line 2 (docs/powershell.md, "Two or more profiles").
#[test]
fn piped_profile_xml_of_two_tunnels_lints_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stdin = format!("{}\r\n{}\r\n", minified(USER), minified(DEVICE));
    let out = run(
        &["--format", "concise", "-"],
        Some(stdin.as_bytes()),
        dir.path(),
    );
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(!text.contains("xml-syntax"), "{text}");
    let findings: Vec<&str> = text.lines().filter(|l| l.starts_with("<stdin>")).collect();
    assert!(
        findings.iter().any(|l| l.starts_with("<stdin>:1:")),
        "{text}"
    );
    assert!(
        findings
            .iter()
            .any(|l| l.starts_with("<stdin>:2:") && l.contains("tnd-missing")),
        "{text}"
    );
    let doc = doc();
    assert!(doc.contains("**Two or more profiles.**"));
    assert!(doc.contains("on line 2 of `<stdin>`"));
}

#[test]
fn format_list_dump_in_utf16_with_crlf_is_linted_per_instance() {
    assert_documented(DUMP);
    let dir = tempfile::tempdir().expect("temp dir");
    let user = instance(&minified(USER), "Fabrikam%20VPN");
    let device = instance(&minified(DEVICE), "Fabrikam%20Device%20Tunnel");
    let separately = {
        let user = run(
            &["--format", "json", &root().join(USER).to_string_lossy()],
            None,
            dir.path(),
        );
        let device = run(
            &["--format", "json", &root().join(DEVICE).to_string_lossy()],
            None,
            dir.path(),
        );
        let mut all = codes(&json(&user)).concat();
        all.extend(codes(&json(&device)).concat());
        all.sort();
        all
    };
    // 80: the width Out-File uses without a console; 120: a default console window.
    for width in [80, 120] {
        let bytes = format_list_out_file(&[user.clone(), device.clone()], width);
        assert_eq!(&bytes[..2], [0xFF, 0xFE]);
        let text = String::from_utf16(
            &bytes[2..]
                .chunks(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .expect("UTF-16");
        assert!(text.contains("ProfileXML              : <VPNProfile>"));
        assert!(text
            .lines()
            .all(|l| l.trim_end_matches('\r').chars().count() <= width));
        assert!(text.contains("\r\n                          "), "wrapped");
        std::fs::write(dir.path().join("vpn-profiles.txt"), &bytes).expect("write dump");

        let out = run(&["--format", "json", "vpn-profiles.txt"], None, dir.path());
        assert_eq!(code(&out), 1, "width {width}: {}", stdout(&out));
        let report = json(&out);
        let file = &report["files"][0];
        assert_eq!(file["format"], "wmi", "width {width}");
        assert_eq!(file["encoding"], "UTF-16 LE", "width {width}");
        assert_eq!(file["documents"], 2, "width {width}");
        let mut found = codes(&report).concat();
        // The note that the file is UTF-16 (docs/powershell.md: "Two things to know").
        let at = found
            .iter()
            .position(|c| c == "M013")
            .expect("file-encoding note");
        found.remove(at);
        assert_eq!(
            found, separately,
            "width {width}: the dump reports what the profiles hold"
        );

        let out = run(
            &[
                "--format",
                "concise",
                "--ignore",
                "file-encoding",
                "vpn-profiles.txt",
            ],
            None,
            dir.path(),
        );
        let text = stdout(&out);
        assert!(!text.contains("M013"), "{text}");
        assert!(text.contains("vpn-profiles.txt:"), "{text}");
    }
    assert!(doc().contains("`--ignore file-encoding`"));
}

#[test]
fn one_file_per_profile_in_a_folder() {
    assert_documented(ONE_FILE_EACH);
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("vpn-profiles");
    std::fs::create_dir(&folder).expect("folder");
    for (id, path) in [
        ("Fabrikam%20VPN", USER),
        ("Fabrikam%20Device%20Tunnel", DEVICE),
    ] {
        // Set-Content -Encoding UTF8 in 5.1: UTF-8 with BOM, the value, CRLF.
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(minified(path).as_bytes());
        bytes.extend_from_slice(b"\r\n");
        std::fs::write(folder.join(format!("{id}.xml")), bytes).expect("write profile");
    }
    let out = run(&["--format", "json", "vpn-profiles"], None, dir.path());
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let report = json(&out);
    let files = report["files"].as_array().expect("files");
    let paths: Vec<String> = files
        .iter()
        .map(|f| f["path"].as_str().unwrap_or("").replace('\\', "/"))
        .collect();
    assert_eq!(
        paths,
        [
            "vpn-profiles/Fabrikam%20Device%20Tunnel.xml",
            "vpn-profiles/Fabrikam%20VPN.xml"
        ]
    );
    assert!(files.iter().all(|f| f["encoding"] == "UTF-8 with BOM"));
    assert!(files.iter().all(|f| f["documents"] == 1));
}

#[test]
fn intune_detection_script_exit_codes() {
    assert_documented(INTUNE);
    let doc = doc();
    assert!(doc.contains("if ($code -eq 1) { exit 1 }"));
    let dir = tempfile::tempdir().expect("temp dir");
    let args = [
        "--format",
        "concise",
        "--no-config",
        "--ignore",
        "file-encoding",
        "vpn-profiles.txt",
    ];
    let mut long = minified(USER);
    // A long profile still wraps at 4096 (the value column starts at 26).
    long = long.replacen(
        "</ProfileName>",
        &format!("</ProfileName><!-- {} -->", "x".repeat(4200)),
        1,
    );
    for (profiles, expected) in [
        (vec![minified(CLEAN)], 0),
        (vec![minified(CLEAN), minified(USER)], 1),
        (vec![long], 1),
        (vec![], 1),
    ] {
        let instances: Vec<_> = profiles
            .iter()
            .enumerate()
            .map(|(i, p)| instance(p, &format!("VPN{i}")))
            .collect();
        let bytes = if instances.is_empty() {
            // No VPN profile: Format-List prints nothing, Out-File writes the byte-order mark.
            vec![0xFF, 0xFE]
        } else {
            format_list_out_file(&instances, 4096)
        };
        std::fs::write(dir.path().join("vpn-profiles.txt"), &bytes).expect("write dump");
        let out = run(&args, None, dir.path());
        let text = stdout(&out);
        assert_eq!(code(&out), expected, "{} profiles: {text}", profiles.len());
        // The summary is the last line (what Intune shows last).
        let last = text.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("Found ") || last.starts_with("No problems found"),
            "{text}"
        );
        if profiles.is_empty() {
            assert!(text.contains("unrecognized-input"), "{text}");
        }
    }
}

#[test]
fn windows_shells_pass_wildcards_as_text_so_the_document_names_a_folder() {
    let doc = doc();
    assert!(doc.contains("```powershell\nprofile-lint profiles\\\n```"));
    let dir = tempfile::tempdir().expect("temp dir");
    let profiles = dir.path().join("profiles");
    std::fs::create_dir(&profiles).expect("folder");
    std::fs::copy(root().join(CLEAN), profiles.join("device.xml")).expect("copy");
    // What cmd.exe and PowerShell pass for `profile-lint *.xml`: the text itself.
    let out = run(&["*.xml"], None, &profiles);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    // The folder (profiles\ on Windows; the separator is the platform's).
    let out = run(&["--format", "concise", "profiles"], None, dir.path());
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn azure_devops_windows_step_downloads_what_the_release_publishes() {
    assert_documented(AZURE);
    let doc = doc();
    let release = std::fs::read_to_string(root().join(".github/workflows/release.yml"))
        .expect("release workflow");
    // The archive and checksum names the document downloads are the ones the release writes.
    assert!(doc.contains("$base/profile-lint-$v-$t.zip"));
    assert!(doc.contains("$base/profile-lint-$v-$t.zip.sha256"));
    assert!(doc.contains("releases/download/v$v"));
    assert!(release.contains("name=\"profile-lint-$VERSION-$TARGET\""));
    assert!(release.contains("archive=\"$name.zip\""));
    assert!(release.contains("\"$archive.sha256\""));
    assert!(release.contains("x86_64-pc-windows-msvc"));
    assert!(doc.contains("set status=%ERRORLEVEL%\n      profile-lint --format concise --statistics profiles\\\n      exit /b %status%"));

    // The step's two runs over a checked-out folder (CRLF, as Git for Windows checks out).
    let dir = tempfile::tempdir().expect("temp dir");
    let profiles = dir.path().join("profiles");
    std::fs::create_dir(&profiles).expect("folder");
    for (name, path) in [("user.xml", USER), ("device.xml", CLEAN)] {
        let text = std::fs::read_to_string(root().join(path)).expect("fixture");
        std::fs::write(profiles.join(name), text.replace('\n', "\r\n")).expect("write");
    }
    let sarif = run(&["--format", "sarif", "profiles"], None, dir.path());
    assert_eq!(code(&sarif), 1);
    let log = json(&sarif);
    assert_eq!(log["version"], "2.1.0");
    assert!(!log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .is_empty());
    let concise = run(
        &["--format", "concise", "--statistics", "profiles"],
        None,
        dir.path(),
    );
    assert_eq!(code(&concise), code(&sarif), "same files, same verdict");
}
