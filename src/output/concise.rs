//! The concise format: `path:line:col: severity[code/name] message`, one line each.

use crate::lint::FileReport;
use std::fmt::Write;

pub fn render_file(report: &FileReport) -> String {
    let mut out = String::new();
    if let Some(error) = &report.error {
        let _ = writeln!(out, "{}:1:1: error[io] {error}", report.path);
        return out;
    }
    for d in &report.diagnostics {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}/{}] {}",
            report.path,
            d.start.line,
            d.start.column,
            d.severity,
            d.rule.code,
            d.rule.name,
            d.message.replace('\n', " ")
        );
    }
    out
}
