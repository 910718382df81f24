//! The concise format: `path:line:col: severity[code/name] message`, one line each.
//!
//! Paths and messages are escaped by [`super::sanitize`]: no control character, bidi control
//! or `##vso[` is written as it is, and a path cannot put `::` first on a line.

use super::sanitize;
use crate::lint::{FileDiagnostic, FileReport};
use std::fmt::Write;

pub fn render_file(report: &FileReport) -> String {
    let mut out = String::new();
    if let Some(error) = &report.error {
        let _ = writeln!(
            out,
            "{}:1:1: error[io] {}",
            sanitize::line(&report.path),
            sanitize::line(error)
        );
        return sanitize::guard_lines(&out).into_owned();
    }
    for d in &report.diagnostics {
        out.push_str(&line(&report.path, d));
        out.push('\n');
    }
    out
}

/// One diagnostic as `path:line:col: severity[code/name] message` (no line break inside).
pub fn line(path: &str, d: &FileDiagnostic) -> String {
    let line = format!(
        "{}:{}:{}: {}[{}/{}] {}",
        path,
        d.start.line,
        d.start.column,
        d.severity,
        d.rule.code(),
        d.rule.name(),
        d.message.replace('\n', " ")
    );
    // One pass over the whole line: the path is first on it.
    let line = match sanitize::line(&line) {
        std::borrow::Cow::Borrowed(_) => line,
        std::borrow::Cow::Owned(escaped) => escaped,
    };
    sanitize::guard_lines(&line).into_owned()
}
