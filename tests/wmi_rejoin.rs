//! The WMI re-joiner against PowerShell's own wrapping: profiles are wrapped the way
//! Format-List wraps a value (word by word; words longer than the line cut into chunks) at
//! many console widths, damaged the way pasted dumps are, and must come back byte for byte.

mod common;

use common::root;
use profile_lint::source::{extract, InputFormat};

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
        if len >= left {
            if len > width {
                for c in word.chars() {
                    if left < 1 {
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
        } else {
            line.push_str(&word);
            left -= len;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A profile as Windows returns it: one line, no white space between elements.
fn minified(path: &str) -> String {
    let text = std::fs::read_to_string(root().join(path)).unwrap_or_default();
    let mut out = String::new();
    let mut pending_space = false;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if pending_space && !out.ends_with('>') && !t.starts_with('<') {
            out.push(' ');
        }
        out.push_str(t);
        pending_space = true;
    }
    out
}

fn dump(value: &str, width: usize, damage: &str) -> String {
    let head = "ProfileXML              : ";
    let lines = wrap(value, width);
    let mut out = vec![format!("{head}{}", lines[0])];
    for l in &lines[1..] {
        out.push(format!("{}{l}", " ".repeat(head.len())));
    }
    if damage != "kept" {
        out = out.iter().map(|l| l.trim_end().to_string()).collect();
    }
    if damage == "indent" {
        // Re-indented by a web page; lines that began with a content space are not used here.
        out = out
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    l.clone()
                } else {
                    format!("    {}", l.trim_start())
                }
            })
            .collect();
    }
    let body = format!(
        "PS C:\\> Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01\n\nInstanceID              : Test\n{}\nParentID                : ./Vendor/MSFT/VPNv2\n",
        out.join("\n")
    );
    if damage == "crlf" {
        body.replace('\n', "\r\n")
    } else {
        body
    }
}

#[test]
fn wrapped_profiles_come_back_exactly() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for path in [
        "testdata/sources/profile-user.xml",
        "testdata/sources/profile-device.xml",
        "testdata/examples/user-tunnel.xml",
        "testdata/examples/device-tunnel.xml",
    ] {
        let value = minified(path);
        assert!(value.starts_with('<'), "{path} is not a profile");
        for width in (33..=160).step_by(9) {
            for damage in ["kept", "stripped", "indent", "crlf"] {
                let lines = wrap(&value, width);
                // A space that opens a line cannot survive re-indentation: not a fair case.
                if damage == "indent" && lines.iter().any(|l| l.starts_with(' ')) {
                    continue;
                }
                cases += 1;
                let text = dump(&value, width, damage);
                let docs = extract(&text, InputFormat::Wmi).documents;
                let got = docs.first().map(|d| d.xml.as_str()).unwrap_or("");
                if got != value {
                    let at = got
                        .bytes()
                        .zip(value.bytes())
                        .position(|(a, b)| a != b)
                        .unwrap_or(0);
                    failures.push(format!(
                        "{path} width {width} {damage}: differs at byte {at}: {:?}",
                        got.get(at.saturating_sub(20)..(at + 20).min(got.len()))
                            .unwrap_or("")
                    ));
                }
            }
        }
    }
    assert!(cases > 200, "only {cases} cases");
    assert!(
        failures.is_empty(),
        "{} of {cases} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
