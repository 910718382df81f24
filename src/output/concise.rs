//! The concise format: `path:line:col: severity[code/name] message`, one line each.

use crate::lint::{FileDiagnostic, FileReport};
use std::fmt::Write;

pub fn render_file(report: &FileReport) -> String {
    let mut out = String::new();
    if let Some(error) = &report.error {
        let _ = writeln!(out, "{}:1:1: error[io] {error}", report.path);
        return out;
    }
    for d in &report.diagnostics {
        out.push_str(&line(&report.path, d));
        out.push('\n');
    }
    out
}

/// One diagnostic as `path:line:col: severity[code/name] message` (no line break inside).
pub fn line(path: &str, d: &FileDiagnostic) -> String {
    format!(
        "{}:{}:{}: {}[{}/{}] {}",
        path,
        d.start.line,
        d.start.column,
        d.severity,
        d.rule.code(),
        d.rule.name(),
        d.message.replace('\n', " ")
    )
}
