//! The input formats end to end: each wrapper fixture under `testdata/sources/` is linted as
//! the user gave it, and the diagnostics must (1) be the same as for the clean profile and
//! (2) point at the right place of the original file. Snapshots show the drawing.

mod common;

use common::*;
use profile_lint::lint::{lint_bytes, FileReport, LintOptions};
use profile_lint::source::InputFormat;
use std::path::Path;

fn lint(relative: &str) -> FileReport {
    lint_file(Path::new(relative), &[])
}

/// (rule, message) of the profile findings, without the wrapper rules (M) that only make
/// sense for one format.
fn profile_findings(report: &FileReport) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report
        .diagnostics
        .iter()
        .filter(|d| !d.rule.code().starts_with('M'))
        .map(|d| (d.rule.name().to_string(), d.message.to_string()))
        .collect();
    out.sort();
    out
}

/// The text of the original (decoded) file at a diagnostic's start.
fn text_at(report: &FileReport, rule: &str) -> String {
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule.name() == rule)
        .unwrap_or_else(|| panic!("{} has no {rule} finding", report.path));
    report.text[d.span.start..d.span.end].to_string()
}

#[test]
fn every_wrapper_gives_the_findings_of_the_clean_profile() {
    let mut clean = profile_findings(&lint("testdata/sources/profile-user.xml"));
    clean.extend(profile_findings(&lint(
        "testdata/sources/profile-device.xml",
    )));
    clean.sort();
    assert!(
        !clean.is_empty(),
        "the reference profile must have a finding to compare"
    );
    let user_only = profile_findings(&lint("testdata/sources/profile-user.xml"));
    for (file, expected) in [
        ("testdata/sources/wmi-two-instances.txt", &clean),
        ("testdata/sources/wmi-two-instances-crlf-utf16.txt", &clean),
        ("testdata/sources/wmi-damaged.txt", &user_only),
        ("testdata/sources/powershell-here-string.ps1", &user_only),
        ("testdata/sources/syncml-escaped.xml", &user_only),
        ("testdata/sources/intune-oma-export.json", &user_only),
        ("testdata/sources/profilexml-two-lines.txt", &clean),
        (
            "testdata/sources/profilexml-two-lines-crlf-utf16.txt",
            &clean,
        ),
    ] {
        let got = profile_findings(&lint(file));
        // The damaged dump also has the https namespace that the pasting introduced.
        let got: Vec<_> = got
            .into_iter()
            .filter(|(r, _)| r != "eap-namespace-https")
            .collect();
        assert_eq!(&got, expected, "{file}");
    }
}

#[test]
fn formats_are_sniffed_from_content() {
    for (file, format, documents) in [
        ("testdata/sources/profile-user.xml", InputFormat::Xml, 1),
        (
            "testdata/sources/wmi-two-instances.txt",
            InputFormat::Wmi,
            2,
        ),
        (
            "testdata/sources/wmi-two-instances-crlf-utf16.txt",
            InputFormat::Wmi,
            2,
        ),
        ("testdata/sources/wmi-damaged.txt", InputFormat::Wmi, 1),
        ("testdata/sources/wmi-hand-joined.txt", InputFormat::Wmi, 1),
        (
            "testdata/sources/powershell-here-string.ps1",
            InputFormat::Powershell,
            1,
        ),
        (
            "testdata/sources/syncml-escaped.xml",
            InputFormat::Syncml,
            1,
        ),
        (
            "testdata/sources/profilexml-two-lines.txt",
            InputFormat::Xml,
            2,
        ),
        (
            "testdata/sources/profilexml-two-lines-crlf-utf16.txt",
            InputFormat::Xml,
            2,
        ),
    ] {
        let report = lint(file);
        assert_eq!(report.format, Some(format), "{file}");
        assert_eq!(report.documents, documents, "{file}");
    }
}

#[test]
fn input_format_overrides_sniffing_and_unknown_files_are_reported() {
    let bytes =
        std::fs::read(root().join("testdata/sources/syncml-escaped.xml")).unwrap_or_default();
    let forced = lint_bytes(
        "payload.xml",
        &bytes,
        &LintOptions {
            input_format: Some(InputFormat::Xml),
            ..Default::default()
        },
    );
    assert_eq!(forced.format, Some(InputFormat::Xml));
    // Read as plain XML the profile is just escaped text: no thumbprint finding.
    assert!(!fired(&forced).contains(&"thumbprint-format"));

    let prose = lint_bytes(
        "notes.txt",
        b"Remember to renew the VPN certificate.\n",
        &LintOptions::default(),
    );
    assert_eq!(prose.format, None);
    assert_eq!(fired(&prose), vec!["unrecognized-input"]);
}

#[test]
fn diagnostics_point_into_the_original_file() {
    // The value with 19 bytes, wherever the wrapper put it.
    let value = "1d 4f 8a 22 90 6c 3e 5b 77 a0 c4 19 e2 58 0b 6d 93 f1 2c";
    for file in [
        "testdata/sources/profile-user.xml",
        "testdata/sources/wmi-two-instances.txt",
        "testdata/sources/wmi-two-instances-crlf-utf16.txt",
        "testdata/sources/wmi-damaged.txt",
        "testdata/sources/wmi-hand-joined.txt",
        "testdata/sources/powershell-here-string.ps1",
        "testdata/sources/syncml-escaped.xml",
        "testdata/sources/intune-oma-export.json",
        "testdata/sources/profilexml-two-lines.txt",
        "testdata/sources/profilexml-two-lines-crlf-utf16.txt",
    ] {
        let report = lint(file);
        let at = text_at(&report, "thumbprint-format");
        // A wrapped value may continue on the next line of the dump.
        let joined: String = at.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(joined, value, "{file}");
    }
    // In the UTF-16 dump, byte offsets are offsets of the UTF-16 file.
    let report = lint("testdata/sources/wmi-two-instances-crlf-utf16.txt");
    let bytes = std::fs::read(root().join("testdata/sources/wmi-two-instances-crlf-utf16.txt"))
        .unwrap_or_default();
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule.name() == "thumbprint-format")
        .expect("finding");
    let units: Vec<u16> = bytes[d.start.offset..d.start.offset + 10]
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    assert_eq!(String::from_utf16_lossy(&units), "1d 4f");
}

#[test]
fn wrapper_snapshots() {
    let settings = insta_settings();
    for (name, file, rules) in [
        (
            "source__wmi_wrapped",
            "testdata/sources/wmi-two-instances.txt",
            &["thumbprint-format"][..],
        ),
        (
            "source__wmi_crlf_utf16",
            "testdata/sources/wmi-two-instances-crlf-utf16.txt",
            &["thumbprint-format", "file-encoding"][..],
        ),
        (
            "source__wmi_damaged",
            "testdata/sources/wmi-damaged.txt",
            &["thumbprint-format", "eap-namespace-https"][..],
        ),
        (
            "source__wmi_hand_joined",
            "testdata/sources/wmi-hand-joined.txt",
            &["wmi-dump-wrap-artifacts"][..],
        ),
        (
            "source__powershell_here_string",
            "testdata/sources/powershell-here-string.ps1",
            &["thumbprint-format"][..],
        ),
        (
            "source__syncml_escaped",
            "testdata/sources/syncml-escaped.xml",
            &["thumbprint-format"][..],
        ),
        (
            "source__cim_format_table",
            "testdata/sources/cim-format-table.txt",
            &[][..],
        ),
        (
            "source__wmi_empty_profilexml",
            "testdata/sources/wmi-empty-profilexml.txt",
            &["wmi-dump-wrap-artifacts"][..],
        ),
        (
            "source__profilexml_two_lines_crlf_utf16",
            "testdata/sources/profilexml-two-lines-crlf-utf16.txt",
            &["thumbprint-format", "tnd-missing"][..],
        ),
    ] {
        let report = lint_file(Path::new(file), rules);
        settings.bind(|| insta::assert_snapshot!(name, human(&report)));
    }
}

/// Every byte of every reconstructed document maps into the file at the same character;
/// characters that stand for an escape map to the escape's first character (`&`, `` ` ``,
/// `\`), and spaces the WMI re-joiner put back map to where they were lost.
#[test]
fn position_maps_are_exact_on_fixtures_and_real_dumps() {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root().join("testdata/sources"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    for dir in ["../shared/corpus/real/wmi", "../shared/corpus/real/syncml"] {
        if let Ok(entries) = std::fs::read_dir(root().join(dir)) {
            files.extend(entries.flatten().map(|e| e.path()));
        }
    }
    let mut checked = 0;
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let Ok(decoded) = profile_lint::decode::DecodedText::decode(&bytes) else {
            continue;
        };
        let text = decoded.text.as_str();
        let name = path.to_string_lossy().to_string();
        let Some(format) = profile_lint::source::sniff(text, &name) else {
            continue;
        };
        for doc in profile_lint::source::extract(text, format).documents {
            for (i, c) in doc.xml.char_indices() {
                let at = doc.map.to_file(i);
                let found = text.get(at..).and_then(|s| s.chars().next());
                let ok = found == Some(c)
                    || matches!(found, Some('&' | '`' | '\\'))
                    || (c == ' ' && found.is_some());
                assert!(ok, "{name}: document byte {i} ({c:?}) maps to {found:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000, "only {checked} bytes checked");
}

#[test]
fn json_reports_the_format_and_the_wrapper_of_each_document() {
    let report = lint("testdata/sources/wmi-two-instances.txt");
    let json: serde_json::Value = serde_json::from_str(&profile_lint::output::json::render(
        std::slice::from_ref(&report),
    ))
    .expect("valid JSON");
    let file = &json["files"][0];
    assert_eq!(file["format"], "wmi");
    assert_eq!(file["documents"], 2);
    let ids: Vec<&str> = file["sources"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["properties"]["InstanceID"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(ids, vec!["Fabrikam%20VPN", "Fabrikam%20Device%20Tunnel"]);
    // The first document starts where `<VPNProfile>` is in the dump.
    let line = file["sources"][0]["start"]["line"].as_u64().unwrap_or(0) as usize;
    assert!(report
        .text
        .lines()
        .nth(line - 1)
        .is_some_and(|l| l.contains("ProfileXML")));
}

#[test]
fn walking_a_directory_picks_up_every_format_and_skips_the_rest() {
    let dir =
        std::env::temp_dir().join(format!("profile-lint-sources-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("dumps")).expect("temp dir");
    for (from, to) in [
        (
            "testdata/sources/wmi-two-instances.txt",
            "dumps/client42.txt",
        ),
        ("testdata/sources/powershell-here-string.ps1", "deploy.ps1"),
        ("testdata/sources/syncml-escaped.xml", "payload.xml"),
    ] {
        std::fs::copy(root().join(from), dir.join(to)).expect("copy");
    }
    std::fs::write(dir.join("notes.txt"), "ticket 4711: VPN drops at 9am\n").expect("write");
    std::fs::write(
        dir.join("helper.ps1"),
        "param($Name)\nWrite-Host \"Hello $Name\"\n",
    )
    .expect("write");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_profile-lint"))
        .env_remove("COLUMNS")
        .args(["--format", "json", dir.to_str().expect("utf-8 temp path")])
        .output()
        .expect("run profile-lint");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let mut found: Vec<(String, String)> = value["files"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .map(|f| {
                    let path = f["path"].as_str().unwrap_or("").replace('\\', "/");
                    let name = path.rsplit('/').next().unwrap_or("").to_string();
                    (name, f["format"].as_str().unwrap_or("").to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    let expected: Vec<(String, String)> = [
        ("client42.txt", "wmi"),
        ("deploy.ps1", "powershell"),
        ("payload.xml", "syncml"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(found, expected);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `(Get-CimInstance … MDM_VPNv2_01).ProfileXML` prints one profile per line; each is linted
/// as its own document. Text that is not a clean sequence of whole profiles stays one document,
/// so its syntax error is reported, not hidden by a split.
#[test]
fn profiles_on_consecutive_lines_are_separate_documents_and_broken_text_is_not_split() {
    let report = lint("testdata/sources/profilexml-two-lines.txt");
    assert!(
        !fired(&report).contains(&"xml-syntax"),
        "{:?}",
        fired(&report)
    );
    assert_eq!(report.wrappers.len(), 2);
    assert_eq!(report.wrappers[1].start.line, 2);
    // The device tunnel's finding is on line 2, where the second profile is.
    let tnd = report
        .diagnostics
        .iter()
        .find(|d| d.rule.name() == "tnd-missing")
        .expect("tnd-missing on the device tunnel");
    assert_eq!(tnd.start.line, 2);

    let user = "<VPNProfile><ProfileName>A</ProfileName></VPNProfile>";
    for broken in [
        // The first profile never closes its `ProfileName`.
        format!("<VPNProfile><ProfileName>A</VPNProfile>\n{user}\n"),
        // Something that is not a profile between the two.
        format!("{user}\nPS C:\\> \n{user}\n"),
        // A truncated second profile.
        format!("{user}\n<VPNProfile><ProfileName>B\n"),
    ] {
        let report = lint_bytes("two.txt", broken.as_bytes(), &LintOptions::default());
        assert_eq!(report.documents, 1, "{broken}");
        assert!(fired(&report).contains(&"xml-syntax"), "{broken}");
    }
}

/// UTF-16 LE with a byte-order mark and CRLF line ends: what `Out-File` and `>` write in
/// Windows PowerShell 5.1.
fn as_out_file(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    text.replace("\r\n", "\n")
        .replace('\n', "\r\n")
        .encode_utf16()
        .for_each(|u| bytes.extend_from_slice(&u.to_le_bytes()));
    bytes
}

fn read_fixture(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_default()
}

/// `Format-Table` cuts every `ProfileXML` to its column: the finding says so and how to dump
/// the whole value, wherever the table came from (Windows PowerShell `...`, PowerShell 7 `…`,
/// UTF-16 from `Out-File`).
#[test]
fn format_table_output_says_to_use_format_list() {
    let table = read_fixture("testdata/sources/cim-format-table.txt");
    let seven = table.replace("...", "\u{2026}");
    for (name, bytes) in [
        ("table.txt", table.clone().into_bytes()),
        ("table-utf16.txt", as_out_file(&table)),
        ("table-ps7.txt", seven.into_bytes()),
    ] {
        let report = lint_bytes(name, &bytes, &LintOptions::default());
        assert_eq!(fired(&report), vec!["unrecognized-input"], "{name}");
        let d = &report.diagnostics[0];
        assert!(d.message.contains("Format-Table"), "{name}: {}", d.message);
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("Format-List")),
            "{name}"
        );
        // At the cut of the first row's ProfileXML cell.
        assert_eq!((d.start.line, d.start.column), (5, 123), "{name}");
    }
    // Read as a dump on request, it is the same finding.
    let forced = lint_bytes(
        "table.txt",
        table.as_bytes(),
        &LintOptions {
            input_format: Some(InputFormat::Wmi),
            ..Default::default()
        },
    );
    assert!(forced.diagnostics[0].message.contains("Format-Table"));
}

/// An instance whose `ProfileXML` is empty is a finding at the property, in a dump with other
/// instances and alone, in UTF-8 and as `Out-File` writes it; a dump of only such an instance
/// is still linted when a directory is walked (it has a document).
#[test]
fn an_empty_profilexml_in_a_dump_is_reported() {
    let dump = read_fixture("testdata/sources/wmi-empty-profilexml.txt");
    let alone: String = dump.split("\n\n").take(2).collect::<Vec<_>>().join("\n\n");
    for (name, bytes) in [
        ("dump.txt", dump.clone().into_bytes()),
        ("dump-utf16.txt", as_out_file(&dump)),
        ("alone.txt", alone.clone().into_bytes()),
    ] {
        let report = lint_bytes(name, &bytes, &LintOptions::default());
        let empty: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule.name() == "wmi-dump-wrap-artifacts")
            .collect();
        assert_eq!(empty.len(), 1, "{name}: {:?}", fired(&report));
        assert!(
            empty[0].message.contains("`Northwind%20VPN` is empty"),
            "{name}"
        );
        assert_eq!(
            (empty[0].start.line, empty[0].start.column),
            (10, 1),
            "{name}"
        );
        assert!(!fired(&report).contains(&"unrecognized-input"), "{name}");
        assert!(!fired(&report).contains(&"xml-syntax"), "{name}");
        assert!(report.documents >= 1, "{name}");
    }
}

/// ANSI (windows-1252) wrappers: a script's non-ASCII profile text is reported where it is
/// (PowerShell 7 reads a BOM-less script as UTF-8); a dump is never deployed, so its code page
/// is not. Positions are the byte of the file.
#[test]
fn ansi_wrappers_are_read_and_reported_where_it_matters() {
    let script =
        b"$ProfileXML = '<VPNProfile><ProfileName>Z\xFCrich</ProfileName></VPNProfile>'\r\n";
    let report = lint_bytes("deploy.ps1", script, &LintOptions::default());
    assert_eq!(report.format, Some(InputFormat::Powershell));
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule.name() == "file-encoding")
        .expect("file-encoding on the script");
    assert!(d.message.contains("PowerShell 7"), "{}", d.message);
    assert_eq!(script[d.start.offset], 0xFC);

    let dump = b"InstanceID : Z%C3%BCrich\r\nProfileXML : <VPNProfile><ProfileName>Z\xFCrich</ProfileName></VPNProfile>\r\n";
    let report = lint_bytes("dump.txt", dump, &LintOptions::default());
    assert_eq!(report.format, Some(InputFormat::Wmi));
    assert!(!fired(&report).contains(&"file-encoding"));
    assert!(!fired(&report).contains(&"xml-syntax"));
}
