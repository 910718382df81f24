//! The concise format: `path:line:col: severity[code/name] message`, one line each.
//!
//! Paths and messages are escaped by [`super::sanitize`]: no control character, bidi control
//! or `##vso[` is written as it is, and a path cannot put `::` first on a line.

use super::sanitize;
use crate::lint::{FileDiagnostic, FileReport};
use std::fmt::Write;

pub fn render_file(report: &FileReport) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_file(report, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`render_file`] written to `out` a few kilobytes at a time: 300,000 findings are 50 MB of
/// lines, which must not be held whole (docs/hostile-round2.md, case 16).
pub fn write_file(report: &FileReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut text = String::new();
    if let Some(error) = &report.error {
        let _ = writeln!(
            text,
            "{}:1:1: error[io] {}",
            sanitize::line(&report.path),
            sanitize::line(error)
        );
        return out.write_all(sanitize::guard_lines(&text).as_bytes());
    }
    let mut scratch = String::new();
    for d in &report.diagnostics {
        push_line(&mut text, &mut scratch, &report.path, d);
        text.push('\n');
        if text.len() >= super::WRITTEN_AT {
            out.write_all(text.as_bytes())?;
            text.clear();
        }
    }
    out.write_all(text.as_bytes())
}

/// One diagnostic as `path:line:col: severity[code/name] message` (no line break inside).
pub fn line(path: &str, d: &FileDiagnostic) -> String {
    let mut line = String::new();
    push_line(&mut line, &mut String::new(), path, d);
    line
}

/// Appends [`line`] to `out`, laid out in `scratch` (kept between calls: a fleet's findings
/// are many lines, each formatted, escaped and guarded).
fn push_line(out: &mut String, scratch: &mut String, path: &str, d: &FileDiagnostic) {
    scratch.clear();
    scratch.push_str(path);
    scratch.push(':');
    scratch.push_str(itoa::Buffer::new().format(d.start.line));
    scratch.push(':');
    scratch.push_str(itoa::Buffer::new().format(d.start.column));
    scratch.push_str(": ");
    scratch.push_str(d.severity.as_str());
    scratch.push('[');
    scratch.push_str(d.rule.code());
    scratch.push('/');
    scratch.push_str(d.rule.name());
    scratch.push_str("] ");
    if d.message.contains('\n') {
        scratch.push_str(&d.message.replace('\n', " "));
    } else {
        scratch.push_str(&d.message);
    }
    // One pass over the whole line: the path is first on it.
    let escaped = sanitize::line(scratch);
    out.push_str(&sanitize::guard_lines(&escaped));
}
