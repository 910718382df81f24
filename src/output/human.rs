//! The human format: miette's graphical reports with source snippets.
//!
//! miette only draws; the diagnostic data stays ours. Rendering is deterministic when colour
//! is off: fixed width, no hyperlinks, Unicode box drawing.

use crate::diagnostic::Severity;
use crate::lint::{FileDiagnostic, FileReport};
use crate::span::{ceil_char_boundary, floor_char_boundary, LineIndex};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
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
    for label in d.labels.iter().filter(|l| !far_on_same_line(d, l)) {
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
        .with_code(format!("{}/{}", d.rule.code(), d.rule.name()))
        .with_severity(severity)
        .with_labels(labels);
    if let Some(help) = &d.help {
        diagnostic = diagnostic.with_help(help.clone());
    }
    diagnostic
}

/// Lines longer than this are shown as a window around the finding: one-line profiles (Intune
/// payloads, EAP exports) would otherwise print kilobytes per diagnostic.
const LONG_LINE: usize = 160;
/// Bytes of context kept on each side of the span inside such a window.
const WINDOW_CONTEXT: usize = 40;

/// A secondary label too far along the same line to draw next to the primary one.
fn far_on_same_line(d: &FileDiagnostic, label: &crate::lint::FileLabel) -> bool {
    label.start.line == d.start.line && label.span.start.abs_diff(d.span.start) > LONG_LINE / 2
}

/// The file text as miette sees it, cutting long lines down to a window around the span.
/// Shared by all diagnostics of one file.
struct Snippet {
    name: String,
    text: String,
    index: LineIndex,
}

impl Snippet {
    /// The byte range to show for `span`: the lines miette asked for, or, when one of them
    /// is long, a window of that line around the span.
    fn window(&self, span: &SourceSpan, lines_before: usize, lines_after: usize) -> (usize, usize) {
        let text = self.text.as_str();
        let span_start = span.offset().min(text.len());
        let span_end = (span_start + span.len()).min(text.len());
        let first_line = self.index.line_of(span_start).saturating_sub(lines_before);
        let last_line =
            (self.index.line_of(span_end) + lines_after).min(self.index.line_count() - 1);
        let start = self.index.line_start(first_line);
        let end = if last_line + 1 < self.index.line_count() {
            self.index.line_start(last_line + 1)
        } else {
            text.len()
        };
        let longest = text[start..end]
            .split('\n')
            .map(str::len)
            .max()
            .unwrap_or(0);
        if (lines_before == 0 && lines_after == 0) || longest <= LONG_LINE {
            return (start, end);
        }
        let line_start = self.index.line_start(self.index.line_of(span_start));
        let line_end = text[span_end..]
            .find('\n')
            .map_or(text.len(), |i| span_end + i);
        (
            floor_char_boundary(
                text,
                line_start.max(span_start.saturating_sub(WINDOW_CONTEXT)),
            ),
            ceil_char_boundary(text, line_end.min(span_end + WINDOW_CONTEXT)),
        )
    }
}

struct SnippetRef(std::sync::Arc<Snippet>);

impl SourceCode for SnippetRef {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let snippet = &*self.0;
        if span.offset() + span.len() > snippet.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let (start, end) = snippet.window(span, context_lines_before, context_lines_after);
        // For the header (no context) miette wants the position of the span itself.
        let anchor = if context_lines_before == 0 && context_lines_after == 0 {
            span.offset()
        } else {
            start
        };
        let line = snippet.index.line_of(anchor);
        // Spans were moved onto character boundaries when they were placed; `get` keeps a
        // mistake there from becoming a panic.
        let line_text = snippet.text.get(snippet.index.line_start(line)..anchor);
        let window = snippet
            .text
            .get(start..end)
            .ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            snippet.name.clone(),
            window.as_bytes(),
            (start, end - start).into(),
            line,
            line_text.map_or(0, |t| t.chars().count()),
            window.matches('\n').count() + 1,
        )))
    }
}

/// Renders one file's diagnostics (or its read error).
pub fn render_file(report: &FileReport, options: HumanOptions) -> String {
    let mut out = String::new();
    if let Some(error) = &report.error {
        let _ = writeln!(out, "error: {}: {error}", report.path);
        return out;
    }
    // Most files of a fleet have nothing to show: no copy of their text, no line index.
    if report.diagnostics.is_empty() {
        return out;
    }
    let handler = handler(options);
    let snippet = std::sync::Arc::new(Snippet {
        name: report.path.clone(),
        index: LineIndex::new(&report.text),
        text: report.text.clone(),
    });
    for d in &report.diagnostics {
        let diagnostic =
            miette::Report::new(to_miette(d)).with_source_code(SnippetRef(snippet.clone()));
        let mut rendered = String::new();
        if handler
            .render_report(&mut rendered, diagnostic.as_ref())
            .is_err()
        {
            // miette could not draw it: the concise line still says where and what.
            rendered = super::concise::line(&report.path, d) + "\n";
        }
        out.push_str(&rendered);
        out.push('\n');
    }
    out
}
