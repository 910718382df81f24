//! The human format: miette's graphical reports with source snippets.
//!
//! miette only draws; the diagnostic data stays ours. Rendering is deterministic when colour
//! is off: fixed width, no hyperlinks, Unicode box drawing.

use crate::diagnostic::Severity;
use crate::lint::{FileDiagnostic, FileReport};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use std::fmt::Write;

#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 100,
        }
    }
}

fn handler(options: HumanOptions) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_urls(false)
        .with_context_lines(1)
        .tab_width(4)
}

fn to_miette(d: &FileDiagnostic) -> MietteDiagnostic {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        None,
        (d.span.start, d.span.len()),
    )];
    for label in &d.labels {
        // A label on the primary span replaces its empty text.
        if label.span == d.span {
            labels[0] = LabeledSpan::new_primary_with_span(
                Some(label.message.clone()),
                (d.span.start, d.span.len()),
            );
        } else {
            labels.push(LabeledSpan::new_with_span(
                Some(label.message.clone()),
                (label.span.start, label.span.len()),
            ));
        }
    }
    let mut diagnostic = MietteDiagnostic::new(d.message.clone())
        .with_code(format!("{}/{}", d.rule.code, d.rule.name))
        .with_severity(severity)
        .with_labels(labels);
    if let Some(help) = &d.help {
        diagnostic = diagnostic.with_help(help.clone());
    }
    diagnostic
}

/// Renders one file's diagnostics (or its read error).
pub fn render_file(report: &FileReport, options: HumanOptions) -> String {
    let mut out = String::new();
    if let Some(error) = &report.error {
        let _ = writeln!(out, "error: {}: {error}", report.path);
        return out;
    }
    let handler = handler(options);
    for d in &report.diagnostics {
        let source = NamedSource::new(&report.path, report.text.clone());
        let report_ = miette::Report::new(to_miette(d)).with_source_code(source);
        let mut rendered = String::new();
        if handler
            .render_report(&mut rendered, report_.as_ref())
            .is_err()
        {
            rendered = format!(
                "{}:{}:{}: {}[{}/{}] {}\n",
                report.path, d.start.line, d.start.column, d.severity, d.rule.code, d.rule.name, d.message
            );
        }
        // miette does not print where the snippet is when the span is empty at the start of
        // the file; the location line keeps every report findable.
        out.push_str(&rendered);
        out.push('\n');
    }
    out
}
