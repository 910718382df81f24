//! The human format: miette's graphical reports with source snippets.
//!
//! miette only draws; the diagnostic data stays ours. Rendering is deterministic when colour
//! is off: fixed width, no hyperlinks, Unicode box drawing.

use super::sanitize;
use crate::diagnostic::Severity;
use crate::lint::{FileDiagnostic, FileReport};
use crate::span::{ceil_char_boundary, floor_char_boundary, LineIndex, Span};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use std::fmt::Write;
use std::ops::Range;

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
        // A word longer than the line (a URL, a namespace, an XML tag in the help) is never
        // split: help text that holds XML must still paste as XML.
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_links(false)
        .with_urls(false)
        .with_context_lines(1)
        .tab_width(4)
}

fn handler_unwrapped(options: HumanOptions) -> GraphicalReportHandler {
    handler(options).with_wrap_lines(false)
}

/// `text` quotes XML markup with a space in it (`` `<TLSExtensions xmlns="…">…` ``): wrapped at
/// that space, the pasted XML would change (a line break inside a value). Markup without
/// spaces is never broken (words are not split).
fn holds_xml(text: &str) -> bool {
    text.split('`')
        .skip(1)
        .step_by(2)
        .any(|code| code.starts_with('<') && code.contains('>') && code.contains(' '))
}

/// The diagnostic as miette draws it: every text escaped (see [`super::sanitize`]), spans
/// moved into the shown copy of the text (see [`Shown`]).
fn to_miette(d: &FileDiagnostic, shown: &Shown, this_path: &str) -> MietteDiagnostic {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let span = |span: &crate::span::Span| {
        let start = shown.to_shown(span.start);
        (start, shown.to_shown(span.end).max(start) - start)
    };
    let label_text = |text: &str| sanitize::block(text).into_owned();
    let mut labels = vec![LabeledSpan::new_primary_with_span(None, span(&d.span))];
    for label in d
        .labels
        .iter()
        .filter(|l| l.path.is_none() && !far_on_same_line(d, l))
    {
        // A label on the primary span replaces its empty text.
        if label.span == d.span {
            labels[0] =
                LabeledSpan::new_primary_with_span(Some(label_text(&label.message)), span(&d.span));
        } else {
            labels.push(LabeledSpan::new_with_span(
                Some(label_text(&label.message)),
                span(&label.span),
            ));
        }
    }
    let code = format!("{}/{}", d.rule.code(), d.rule.name());
    let mut diagnostic = MietteDiagnostic::new(sanitize::block(&d.message).into_owned())
        .with_code(sanitize::line(&code).into_owned())
        .with_severity(severity)
        .with_labels(labels);
    // Places in other files of the deployment cannot be drawn on this file's text: each is a
    // line `path:line:column: message` after the help. Places in another document of this file
    // (another profile of the same dump) are a line `line L:C: message`: the path is in the
    // header already, and repeating it makes the line too long to wrap cleanly.
    let elsewhere: Vec<String> = d
        .labels
        .iter()
        .filter_map(|l| {
            let path = l.path.as_deref()?;
            Some(if path == this_path {
                format!("line {}:{}: {}", l.start.line, l.start.column, l.message)
            } else {
                format!(
                    "{}:{}:{}: {}",
                    super::display_path(path),
                    l.start.line,
                    l.start.column,
                    l.message
                )
            })
        })
        .collect();
    let help = match (&d.help, elsewhere.is_empty()) {
        (Some(help), true) => Some(help.to_string()),
        (None, true) => None,
        (help, false) => {
            let mut text = help
                .as_deref()
                .map(|h| format!("{h}\n"))
                .unwrap_or_default();
            text.push_str("see also:");
            for line in &elsewhere {
                text.push_str("\n  ");
                text.push_str(line);
            }
            Some(text)
        }
    };
    if let Some(help) = help {
        diagnostic = diagnostic.with_help(sanitize::block(&help).into_owned());
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

/// The file text as the human format shows it. Snippets are drawn by miette from this copy,
/// never from the file text itself (see [`super::sanitize`] for why):
///
/// - control characters other than TAB, LF and the CR of a CRLF (which miette draws as
///   layout), bidi overrides and isolates, and the `[` of `##vso[` become their escape
///   (`\u{1b}`, `##vso\u{5b}`);
/// - a bare CR becomes an LF: it is a line break to XML and to the line numbers profile-lint
///   reports ([`crate::span::line_breaks`]), so the snippet shows the lines the positions
///   count, and no CR reaches a log (where .NET's `ReadLine` would start a line there);
/// - the text of secret elements ([`FileReport::secrets`], the `L2tpPsk` pre-shared key) is
///   `********`, once per line of it.
///
/// Escapes are longer than what they replace, so spans are moved into the copy through the
/// list of replaced ranges. Line breaks are never replaced or removed, so line numbers are the
/// same in both texts; the column of the header is counted in the file text.
struct Shown {
    text: String,
    /// Replaced ranges in order: (range in the file text, range in the copy).
    edits: Vec<(Range<usize>, Range<usize>)>,
}

impl Shown {
    fn new(text: &str, secrets: &[Span]) -> Shown {
        let mut secrets: Vec<Span> = secrets
            .iter()
            .filter(|s| s.start < s.end && s.end <= text.len())
            .copied()
            .collect();
        secrets.sort();
        let mut out = String::new();
        let mut edits = Vec::new();
        let mut copied = 0;
        let mut replace = |range: Range<usize>, with: &str, out: &mut String| {
            out.push_str(&text[copied..range.start]);
            let at = out.len();
            out.push_str(with);
            edits.push((range.clone(), at..out.len()));
            copied = range.end;
        };
        let bytes = text.as_bytes();
        let bare_cr = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        let mut next_secret = 0;
        let mut i = 0;
        while let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
            if let Some(secret) = secrets.get(next_secret).filter(|s| s.start <= i) {
                next_secret += 1;
                let end = secret.end.max(i);
                if !text.is_char_boundary(end) {
                    continue;
                }
                let mut segment = i;
                for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[i..end]).map(|j| i + j) {
                    if at > segment {
                        replace(segment..at, "********", &mut out);
                    }
                    if bare_cr(at) {
                        replace(at..at + 1, "\n", &mut out);
                    }
                    segment = at + 1;
                }
                if end > segment {
                    replace(segment..end, "********", &mut out);
                }
                i = end;
                continue;
            }
            let len = c.len_utf8();
            if c == '\r' && bare_cr(i) {
                replace(i..i + 1, "\n", &mut out);
            } else if !matches!(c, '\n' | '\t' | '\r')
                && (sanitize::is_unsafe(c) || (c == '[' && sanitize::opens_vso_command(text, i)))
            {
                let mut escape = String::new();
                sanitize::push_escape(&mut escape, c);
                replace(i..i + len, &escape, &mut out);
            }
            i += len;
        }
        if edits.is_empty() {
            return Shown {
                text: text.to_owned(),
                edits,
            };
        }
        out.push_str(&text[copied..]);
        Shown { text: out, edits }
    }

    /// Where an offset of the file text is in the copy (inside a replaced range: clamped to
    /// its replacement).
    fn to_shown(&self, offset: usize) -> usize {
        let i = self.edits.partition_point(|(from, _)| from.start < offset);
        match i.checked_sub(1).map(|k| &self.edits[k]) {
            None => offset,
            Some((from, to)) if offset < from.end => to.start + (offset - from.start).min(to.len()),
            Some((from, to)) => to.end + (offset - from.end),
        }
    }

    /// Where an offset of the copy is in the file text (inside a replacement: its start).
    fn to_original(&self, offset: usize) -> usize {
        let i = self.edits.partition_point(|(_, to)| to.start < offset);
        match i.checked_sub(1).map(|k| &self.edits[k]) {
            None => offset,
            Some((from, to)) if offset < to.end => from.start,
            Some((from, to)) => from.end + (offset - to.end),
        }
    }
}

/// The shown text with its line index, shared by all diagnostics of one file; long lines are
/// cut down to a window around the span.
struct Snippet {
    name: String,
    shown: Shown,
    index: LineIndex,
    /// The file text, when the copy differs from it (for columns).
    original: Option<String>,
}

impl Snippet {
    /// The byte range to show for `span`: the lines miette asked for, or, when one of them
    /// is long, a window of that line around the span.
    fn window(&self, span: &SourceSpan, lines_before: usize, lines_after: usize) -> (usize, usize) {
        let text = self.shown.text.as_str();
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
        // The end of the span's last line without its line break (LF, CRLF or a lone CR, as
        // the index counts them): a CR left at the end of the window would reach the output.
        let end_line = self.index.line_of(span_end);
        let line_end = if end_line + 1 < self.index.line_count() {
            let next = self.index.line_start(end_line + 1);
            let body = text[..next].strip_suffix('\n').unwrap_or(&text[..next]);
            body.strip_suffix('\r').unwrap_or(body).len().max(span_end)
        } else {
            text.len()
        };
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
        let text = snippet.shown.text.as_str();
        if span.offset() + span.len() > text.len() {
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
        let line_start = snippet.index.line_start(line);
        // Spans were moved onto character boundaries when they were placed; `get` keeps a
        // mistake there from becoming a panic. Columns are counted in the file text.
        let line_text = match &snippet.original {
            Some(original) => original
                .get(snippet.shown.to_original(line_start)..snippet.shown.to_original(anchor)),
            None => text.get(line_start..anchor),
        };
        let window = text.get(start..end).ok_or(MietteError::OutOfBounds)?;
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
    let name = sanitize::line(&report.path);
    if let Some(error) = &report.error {
        let _ = writeln!(out, "error: {name}: {}", sanitize::line(error));
        return sanitize::guard_lines(&out).into_owned();
    }
    // Most files of a fleet have nothing to show: no copy of their text, no line index.
    if report.diagnostics.is_empty() {
        return out;
    }
    let handler = handler(options);
    // Help that holds XML to paste is not wrapped at all: a line break inside a text value
    // (`AAD Conditional⏎ Access`) would change the value pasted.
    let unwrapped = handler_unwrapped(options);
    let shown = Shown::new(&report.text, &report.secrets);
    let snippet = std::sync::Arc::new(Snippet {
        name: name.clone().into_owned(),
        index: LineIndex::new(&shown.text),
        original: (!shown.edits.is_empty()).then(|| report.text.clone()),
        shown,
    });
    for d in &report.diagnostics {
        let diagnostic = miette::Report::new(to_miette(d, &snippet.shown, &report.path))
            .with_source_code(SnippetRef(snippet.clone()));
        let mut rendered = String::new();
        let handler = if d.help.as_deref().is_some_and(holds_xml) {
            &unwrapped
        } else {
            &handler
        };
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
    // Text that miette wrapped may start a line; nothing may start a CI command there.
    match sanitize::guard_lines(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(guarded) => guarded,
    }
}
