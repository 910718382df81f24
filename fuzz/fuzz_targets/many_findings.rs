//! Many findings in one document, long element names and hostile text, through every output
//! format. The first byte is a repeat count k (1..=255, lowered so the profile stays near
//! 256 KiB), the second picks where the rest (a fragment, lossy UTF-8) goes: k times inside
//! `<VPNProfile>` or inside `<NativeProfile>`, and whether the file name holds its start too.
//!
//! Profiles and file names come from pull requests and the output is read by terminals and
//! CI agents, so this checks what `output::sanitize` promises: every span is on a char
//! boundary of the text; the line formats (human without colour, concise, github) hold no
//! raw control character but LF (and TAB in human), no bidi override or isolate, no
//! `##vso[`, and no line starting with `::` or `##[` other than the GitHub format's own
//! annotations; JSON and SARIF parse, hold no raw C0 control or `##vso[`, and JSON gives the
//! messages back exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_lint::lint::{lint_bytes, FileReport, LintOptions};
use profile_lint::output::{concise, github, human, json, sarif};
use profile_lint::span::Span;

/// About how large the built profile may get.
const BUDGET: usize = 256 * 1024;
/// Findings rendered at most. Rendering costs about 0.4 ms a finding under ASan (the human
/// format most), and 256 KiB of `<a/>` are 64,000 findings: rendering them all would run
/// into libFuzzer's 10-second timeout. The spans of all of them are checked.
const MAX_RENDERED: usize = 2_000;

fn build(data: &[u8]) -> Option<(String, Vec<u8>)> {
    let (&count, rest) = data.split_first()?;
    let (&flags, fragment) = rest.split_first()?;
    let fragment = String::from_utf8_lossy(fragment);
    let k = usize::from(count.max(1)).min((BUDGET / fragment.len().max(1)).max(1));
    let body = fragment.repeat(k);
    let profile = if flags & 1 == 0 {
        format!("<VPNProfile>{body}<AlwaysOn>true</AlwaysOn></VPNProfile>")
    } else {
        format!("<VPNProfile><NativeProfile>{body}</NativeProfile></VPNProfile>")
    };
    let path = if flags & 2 == 0 {
        "fuzz/many.xml".to_owned()
    } else {
        let start: String = fragment.chars().take(40).collect();
        format!("fuzz/{start}.xml")
    };
    Some((path, profile.into_bytes()))
}

fn check_span(text: &str, span: &Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "span outside the text");
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "span splits a char");
}

fn bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn has_vso(text: &str) -> bool {
    text.to_ascii_lowercase().contains("##vso[")
}

/// What every line-oriented format promises: LF (and TAB where `tabs`) are the only controls,
/// no bidi control, no `##vso[`; lines starting with `::` only where `own_command` allows.
fn check_lines(format: &str, out: &str, tabs: bool, own_command: fn(&str) -> bool) {
    for c in out.chars() {
        let layout = c == '\n' || (tabs && c == '\t');
        assert!(layout || !(c.is_control() || bidi(c)), "{format}: raw {c:?} in the output");
    }
    assert!(!has_vso(out), "{format}: `##vso[` in the output");
    for line in out.split('\n') {
        let first = line.trim_start();
        assert!(!first.starts_with("##["), "{format}: a line starts with `##[`: {line:?}");
        if first.starts_with("::") {
            assert!(own_command(line), "{format}: a line starts with `::`: {line:?}");
        }
    }
}

/// The GitHub format's own lines: `::error|warning|notice file=…,line=N,…,title=…::message`,
/// properties from a fixed set with `:` and `,` escaped, and `%` only in the toolkit's escapes.
fn github_command(line: &str) -> bool {
    let Some(rest) = ["::error ", "::warning ", "::notice "]
        .iter()
        .find_map(|command| line.strip_prefix(command))
    else {
        return false;
    };
    let Some((properties, message)) = rest.split_once("::") else {
        return false;
    };
    let escapes_ok = |text: &str, allowed: &[&str]| {
        text.match_indices('%')
            .all(|(i, _)| allowed.iter().any(|e| text[i..].starts_with(e)))
    };
    escapes_ok(message, &["%25", "%0D", "%0A"])
        && properties.split(',').all(|property| {
            let Some((key, value)) = property.split_once('=') else {
                return false;
            };
            let number = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
            match key {
                "file" | "title" => escapes_ok(value, &["%25", "%0D", "%0A", "%3A", "%2C"]),
                "line" | "col" | "endLine" | "endColumn" => number,
                _ => false,
            }
        })
}

/// Parses `out` as a `T` (`IgnoredAny` to check the syntax only: the SARIF log, with the
/// metadata of every rule that fired, is the largest output).
fn check_json<T: serde::de::DeserializeOwned>(format: &str, out: &str) -> T {
    let value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{format} does not parse: {e}"));
    assert!(
        !out.bytes().any(|b| b < 0x20 && b != b'\n'),
        "{format}: a raw control character"
    );
    assert!(!has_vso(out), "{format}: `##vso[` in the output");
    for line in out.lines() {
        let first = line.trim_start();
        assert!(!first.starts_with("::") && !first.starts_with("##["), "{format}: {line:?}");
    }
    value
}

fn check(mut report: FileReport) {
    for d in &report.diagnostics {
        check_span(&report.text, &d.span);
        for label in d.labels.iter().filter(|l| l.path.is_none()) {
            check_span(&report.text, &label.span);
        }
    }
    report.diagnostics.truncate(MAX_RENDERED);
    let report = &report;
    let no_command = |_: &str| false;
    check_lines("concise", &concise::render_file(report), false, no_command);
    check_lines("github", &github::render_file(report), false, github_command);
    let options = human::HumanOptions::default();
    assert!(!options.color);
    check_lines("human", &human::render_file(report, options), true, no_command);

    let reports = std::slice::from_ref(report);
    let value: serde_json::Value = check_json("json", &json::render(reports));
    if report.error.is_none() {
        let shown = value["files"][0]["diagnostics"].as_array().expect("a diagnostics array");
        assert_eq!(shown.len(), report.diagnostics.len(), "json: diagnostics lost");
        for (shown, d) in shown.iter().zip(&report.diagnostics) {
            assert_eq!(shown["message"].as_str(), Some(&*d.message), "json: message changed");
        }
    }
    check_json::<serde::de::IgnoredAny>("sarif", &sarif::render(reports));
}

fuzz_target!(|data: &[u8]| {
    let Some((path, profile)) = build(data) else { return };
    check(lint_bytes(&path, &profile, &LintOptions::default()));
});
