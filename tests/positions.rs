//! Positions are right whatever the encoding and line endings: line and column (in characters)
//! and byte offsets into the original file, for UTF-8, UTF-8 with BOM, UTF-16 LE/BE and CRLF.

mod common;

use profile_lint::lint::{lint_bytes, FileReport, LintOptions};

const PROFILE: &str = "<VPNProfile>\n  <!-- Zürich office — élan -->\n  <AlwaysOn>True</AlwaysOn>\n  <NativeProfile><Servers>vpn.example.org</Servers><NativeProtocolType>IKEv2</NativeProtocolType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile>\n</VPNProfile>\n";

fn lint(bytes: &[u8]) -> FileReport {
    lint_bytes("profile.xml", bytes, &LintOptions::default())
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

/// The `True` of `<AlwaysOn>` is at line 3, column 13 in every variant.
fn assert_true_found(report: &FileReport, expected_offset: usize) {
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule.name() == "boolean-literal-case")
        .expect("boolean-literal-case fires");
    assert_eq!((d.start.line, d.start.column), (3, 13));
    assert_eq!((d.end.line, d.end.column), (3, 17));
    assert_eq!(d.start.offset, expected_offset);
}

#[test]
fn utf8_positions() {
    let offset = PROFILE.find("True").expect("fixture has True");
    assert_true_found(&lint(PROFILE.as_bytes()), offset);
}

#[test]
fn utf8_bom_positions_count_the_bom_in_offsets_only() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(PROFILE.as_bytes());
    let offset = 3 + PROFILE.find("True").expect("fixture has True");
    assert_true_found(&lint(&bytes), offset);
}

#[test]
fn crlf_positions() {
    let crlf = PROFILE.replace('\n', "\r\n");
    let offset = crlf.find("True").expect("fixture has True");
    let report = lint(crlf.as_bytes());
    assert_true_found(&report, offset);
}

#[test]
fn utf16_positions_are_offsets_into_the_utf16_bytes() {
    for little_endian in [true, false] {
        let bytes = utf16(&PROFILE.replace('\n', "\r\n"), little_endian);
        let before = &PROFILE.replace('\n', "\r\n")
            [..PROFILE.replace('\n', "\r\n").find("True").expect("True")];
        let offset = 2 + 2 * before.encode_utf16().count();
        let report = lint(&bytes);
        assert_true_found(&report, offset);
        assert_eq!(&bytes[offset..offset + 2], &utf16("T", little_endian)[2..]);
    }
}

#[test]
fn invalid_utf8_is_a_finding_at_the_bad_byte() {
    let mut bytes = PROFILE.as_bytes().to_vec();
    let at = PROFILE.find("vpn.example").expect("fixture");
    bytes[at] = 0xFF;
    let report = lint(&bytes);
    let d = &report.diagnostics[0];
    assert_eq!(d.rule.name(), "xml-syntax");
    assert_eq!(d.start.offset, at);
    assert_eq!(d.start.line, 4);
    assert!(d.message.contains("not valid text"), "{}", d.message);
}
