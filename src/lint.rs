//! The pipeline for one file: decode, extract documents, parse, build the model, run the
//! rules, and translate every diagnostic to positions in the original file.

use crate::decode::{DecodedText, Encoding, OffsetMap};
use crate::diagnostic::{Coordinates, Diagnostic, Label, Severity};
use crate::model::Model;
use crate::rules::registry::{INPUT_TOO_LARGE, UNRECOGNIZED_INPUT};
use crate::rules::{all_rules, find_rule, Context, ParseFailure, Rule, RuleMeta};
use crate::source::{self, Document, InputFormat};
use crate::span::{ceil_char_boundary, floor_char_boundary, LineIndex, Position, Span};
use std::collections::HashMap;

/// Which rules run and how severe their findings are.
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    /// Only these (codes or names); empty = every rule.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity overrides by rule name.
    pub severity: HashMap<String, Severity>,
}

impl RuleSelection {
    fn matches(keys: &[String], meta: &RuleMeta) -> bool {
        keys.iter().any(|k| {
            k.eq_ignore_ascii_case(meta.code)
                || k.eq_ignore_ascii_case(meta.name)
                || k.eq_ignore_ascii_case("all")
                || meta.has_code_prefix(k)
        })
    }

    pub fn enabled(&self, meta: &RuleMeta) -> bool {
        (self.select.is_empty() || Self::matches(&self.select, meta))
            && !Self::matches(&self.ignore, meta)
    }

    pub fn severity_of(&self, meta: &RuleMeta) -> Option<Severity> {
        self.severity.get(meta.name).copied()
    }
}

/// Options for linting one file.
#[derive(Debug, Clone)]
pub struct LintOptions {
    pub rules: RuleSelection,
    /// `None` = sniff the content.
    pub input_format: Option<InputFormat>,
    /// Files larger than this are not linted (`input-too-large`).
    pub max_file_size: u64,
    /// Organisation policy rules from the configuration file.
    pub policy: crate::policy::Policies,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            rules: RuleSelection::default(),
            input_format: None,
            max_file_size: crate::limits::DEFAULT_MAX_FILE_SIZE,
            policy: Default::default(),
        }
    }
}

/// A diagnostic placed in the file: spans in decoded-text coordinates plus full positions.
#[derive(Debug, Clone)]
pub struct FileDiagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// Span in the decoded text (what the human renderer draws on).
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub labels: Vec<FileLabel>,
    /// Local names from the root to the element holding the primary span
    /// (`VPNProfile/NativeProfile/Servers`); `None` outside any element. Baselines key on it.
    pub element_path: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FileLabel {
    pub message: String,
    pub span: Span,
    pub start: Position,
    pub end: Position,
}

/// Everything the linter says about one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub format: Option<InputFormat>,
    pub encoding: Option<Encoding>,
    pub documents: usize,
    /// The decoded text, for drawing snippets.
    pub text: String,
    pub diagnostics: Vec<FileDiagnostic>,
    /// Set when the file could not be read at all (then there are no diagnostics).
    pub error: Option<String>,
    /// What the wrapper said about each document (WMI `InstanceID`/`ParentID`, the OMA-URI,
    /// the script variable); empty for plain XML files.
    pub wrappers: Vec<DocumentSource>,
}

/// Where one document of a file came from, for the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentSource {
    /// Where the document starts in the file.
    pub start: Position,
    /// Wrapper properties (`InstanceID`, `ParentID`, ... of a WMI instance).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub properties: std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oma_uri: Option<String>,
    /// The PowerShell variable the profile string is assigned to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
}

impl FileReport {
    pub fn unreadable(path: &str, error: String) -> Self {
        FileReport {
            path: path.to_owned(),
            format: None,
            encoding: None,
            documents: 0,
            text: String::new(),
            diagnostics: Vec::new(),
            error: Some(error),
            wrappers: Vec::new(),
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Places spans of one file's text: line/column and original byte offsets.
struct Placer<'a> {
    /// The decoded text of the file.
    text: &'a str,
    offsets: &'a OffsetMap,
    /// Built only after [`Placer::COUNTED`] positions: most files in a fleet have no finding
    /// and most of the rest one or two, which counting newlines places more cheaply (SPEC §8).
    index: std::cell::OnceCell<LineIndex>,
    /// The last position counted (byte offset, 0-based line) and how many were counted: the
    /// end of a span is counted on from its start.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> Placer<'a> {
    fn new(text: &'a str, offsets: &'a OffsetMap) -> Self {
        Placer {
            text,
            offsets,
            index: std::cell::OnceCell::new(),
            cursor: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// Positions placed by counting newlines before the line index is built.
    const COUNTED: usize = 16;

    /// 1-based (line, column) of `offset`, exactly as [`LineIndex::line_col`] gives it.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = self.text;
        if let Some(index) = self.index.get() {
            return index.line_col(text, offset);
        }
        let (last, last_line, counted) = self.cursor.get();
        if counted >= Self::COUNTED {
            return self
                .index
                .get_or_init(|| LineIndex::new(text))
                .line_col(text, offset);
        }
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let bytes = text.as_bytes();
        let (from, before) = if last <= offset {
            (last, last_line)
        } else {
            (0, 0)
        };
        // Line breaks as the index counts them (LF, CRLF, lone CR), so that positions do not
        // depend on whether the index was built yet.
        let line = before + crate::span::count_line_breaks(bytes, from, offset);
        self.cursor.set((offset, line, counted + 1));
        let start = crate::span::line_start_before(bytes, offset);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, column)
    }

    fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset);
        let (line, column) = self.line_col(offset);
        Position {
            line,
            column,
            offset: self.offsets.original_offset(offset),
        }
    }

    fn place(&self, span: Span) -> (Span, Position, Position) {
        let text = self.text;
        let start = floor_char_boundary(text, span.start);
        let end = ceil_char_boundary(text, span.end.max(start));
        (
            Span::new(start, end),
            self.position(start),
            self.position(end),
        )
    }

    fn diagnostic(
        &self,
        d: Diagnostic,
        doc: Option<&Document>,
        severity: Severity,
    ) -> FileDiagnostic {
        let to_file = |span: Span| -> Span {
            match (d.coordinates, doc) {
                (Coordinates::Document, Some(doc)) => {
                    let start = doc.map.to_file(span.start);
                    let end = if span.end > span.start {
                        doc.map.to_file(span.end - 1) + 1
                    } else {
                        start
                    };
                    Span::new(start, end)
                }
                _ => span,
            }
        };
        let (span, start, end) = self.place(to_file(d.span));
        let labels = d
            .labels
            .iter()
            .map(|Label { span, message }| {
                let (span, start, end) = self.place(to_file(*span));
                FileLabel {
                    message: message.clone(),
                    span,
                    start,
                    end,
                }
            })
            .collect();
        FileDiagnostic {
            rule: d.rule,
            severity,
            message: d.message,
            help: d.help,
            span,
            start,
            end,
            labels,
            element_path: None,
        }
    }
}

/// Lints the bytes of one file. `path` is only used for reporting; `explicit` says whether
/// the user named the file (then an unrecognised format is a finding, not a silent skip).
pub fn lint_bytes(path: &str, bytes: &[u8], options: &LintOptions) -> FileReport {
    let mut report = FileReport::unreadable(path, String::new());
    report.error = None;
    if bytes.len() as u64 > options.max_file_size {
        return input_too_large(path, bytes.len() as u64, options);
    }
    let (decoded, decode_failure) = match DecodedText::decode(bytes) {
        Ok(decoded) => (decoded, None),
        Err(error) => {
            // Keep the valid prefix so the finding can be drawn with its context.
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let decoded = DecodedText::decode(lossy.as_bytes())
                .unwrap_or_else(|_| DecodedText::decode(b"").expect("empty input decodes"));
            (decoded, Some(error))
        }
    };
    report.encoding = Some(decoded.encoding);
    if let Some(error) = decode_failure {
        let placer = Placer::new(&decoded.text, decoded.offsets());
        let syntax = find_rule("xml-syntax").map(|r| r.meta());
        if let Some(meta) = syntax.filter(|m| options.rules.enabled(m)) {
            let offset = match error {
                crate::decode::DecodeError::InvalidUtf8 { text_before, .. } => text_before,
                _ => 0,
            };
            let mut d = Diagnostic::new(
                meta,
                Span::new(offset, offset + 1),
                format!("the file is not valid text: {error}"),
            );
            d.help = Some("save the file as UTF-8 (or UTF-16 with a byte-order mark)".into());
            d.coordinates = Coordinates::File;
            let severity = options.rules.severity_of(meta).unwrap_or(meta.severity);
            let mut placed = placer.diagnostic(d, None, severity);
            // The offset in the original bytes is exact; the decoded copy is lossy.
            placed.start.offset = error.offset();
            placed.end.offset = error.offset() + 1;
            report.diagnostics.push(placed);
        }
        drop(placer);
        report.text = decoded.text;
        return report;
    }

    let format = options
        .input_format
        .or_else(|| source::sniff(&decoded.text, path));
    let Some(format) = format else {
        let placer = Placer::new(&decoded.text, decoded.offsets());
        let meta = &UNRECOGNIZED_INPUT;
        if options.rules.enabled(meta) {
            let message = if bytes.is_empty() {
                "the file is empty"
            } else if decoded.text.is_empty() {
                "the file holds only a byte-order mark and no text"
            } else if decoded.text.trim().is_empty() {
                "the file holds only whitespace"
            } else {
                "the file is not a ProfileXML document, a Get-WmiObject/Get-CimInstance dump, a PowerShell script or a SyncML payload"
            };
            let mut d = Diagnostic::new(meta, Span::new(0, 0), message);
            d.help = Some("pass --input-format to read it as a given format".into());
            d.coordinates = Coordinates::File;
            let severity = options.rules.severity_of(meta).unwrap_or(meta.severity);
            report
                .diagnostics
                .push(placer.diagnostic(d, None, severity));
        }
        drop(placer);
        report.text = decoded.text;
        return report;
    };
    report.format = Some(format);
    let encoding = source::FileEncoding {
        encoding: decoded.encoding,
        bom: decoded.has_bom(),
    };
    let (text, offsets) = decoded.into_parts();
    // A plain XML file is its one document: the text moves into it instead of being copied
    // (files are linted by the thousand), and back into the report at the end.
    let (mut extraction, text) = match format {
        InputFormat::Xml => (source::extract_xml(text), None),
        _ => (source::extract(&text, format), Some(text)),
    };
    report.documents = extraction.documents.len();
    for document in &mut extraction.documents {
        document.wrapper.encoding = Some(encoding);
    }
    let file_text = match &text {
        Some(text) => text.as_str(),
        None => extraction.documents.first().map_or("", |d| d.xml.as_str()),
    };
    let placer = Placer::new(file_text, &offsets);
    if format != InputFormat::Xml {
        report.wrappers = extraction
            .documents
            .iter()
            .map(|doc| DocumentSource {
                start: placer.position(doc.map.to_file(0)),
                properties: doc
                    .wrapper
                    .properties
                    .iter()
                    .map(|p| (p.name.clone(), p.value.clone()))
                    .collect(),
                oma_uri: doc.wrapper.oma.as_ref().map(|o| o.loc_uri.clone()),
                variable: doc.wrapper.script.as_ref().and_then(|s| s.variable.clone()),
            })
            .collect();
    }
    for document in &extraction.documents {
        for (d, element_path) in lint_document_with(document, options) {
            let severity = options.rules.severity_of(d.rule).unwrap_or(d.severity);
            let mut placed = placer.diagnostic(d, Some(document), severity);
            placed.element_path = element_path;
            report.diagnostics.push(placed);
        }
    }
    report.diagnostics.sort_by(|a, b| {
        (a.start.offset, a.end.offset, a.rule.code).cmp(&(
            b.start.offset,
            b.end.offset,
            b.rule.code,
        ))
    });
    drop(placer);
    report.text = match text {
        Some(text) => text,
        None => extraction
            .documents
            .pop()
            .map(|d| d.xml)
            .unwrap_or_default(),
    };
    report
}

/// The report for a file of `size` bytes, over the size cap: `input-too-large`, not linted.
/// The CLI calls it without reading the file (SPEC §9: a file-size cap with a clear finding).
pub fn input_too_large(path: &str, size: u64, options: &LintOptions) -> FileReport {
    let mut report = FileReport::unreadable(path, String::new());
    report.error = None;
    let meta = &INPUT_TOO_LARGE;
    if options.rules.enabled(meta) {
        report.diagnostics.push(FileDiagnostic {
            rule: meta,
            severity: options.rules.severity_of(meta).unwrap_or(meta.severity),
            message: format!(
                "the file has {size} bytes, more than the limit of {} bytes; it was not linted",
                options.max_file_size
            ),
            help: Some(
                "raise the limit with --max-file-size if this file is really a profile".into(),
            ),
            span: Span::default(),
            start: Position {
                line: 1,
                column: 1,
                offset: 0,
            },
            end: Position {
                line: 1,
                column: 1,
                offset: 0,
            },
            labels: Vec::new(),
            element_path: None,
        });
    }
    report
}

/// Runs the enabled rules on one document; spans are in document coordinates.
pub fn lint_document(document: &Document, rules: &RuleSelection) -> Vec<Diagnostic> {
    let options = LintOptions {
        rules: rules.clone(),
        ..LintOptions::default()
    };
    lint_document_with(document, &options)
        .into_iter()
        .map(|(d, _)| d)
        .collect()
}

/// Runs the enabled rules and policy rules on one document, then applies its suppression
/// comments. Each diagnostic comes with the element path of its primary span (document
/// coordinates only; wrapper findings have none).
pub fn lint_document_with(
    document: &Document,
    options: &LintOptions,
) -> Vec<(Diagnostic, Option<String>)> {
    let rules = &options.rules;
    let xml = document.xml.as_str();
    // Hostile shapes (absurd depth or attribute counts) are refused before the parser sees them.
    let refused = crate::limits::check(xml).map(|limit| ParseFailure {
        span: limit.span,
        message: limit.message,
    });
    let parsed = match refused {
        Some(failure) => Err(failure),
        None => roxmltree::Document::parse_with_options(xml, crate::limits::parsing_options())
            .map_err(|error| parse_failure(xml, &error))
            .and_then(|tree| match crate::limits::check_tree(&tree) {
                Some(limit) => Err(ParseFailure {
                    span: limit.span,
                    message: limit.message,
                }),
                None => Ok(tree),
            }),
    };
    let (tree, failure) = match &parsed {
        Ok(tree) => (Some(tree), None),
        Err(failure) => (None, Some(failure.clone())),
    };
    let model = tree.map(Model::build).unwrap_or_default();
    let mut cx = Context::new(&model, xml, tree, failure.as_ref(), &document.wrapper);
    for rule in all_rules() {
        // An incomplete document (a truncated dump) only gets the wrapper rules.
        let skip = document.wrapper.incomplete
            && rule.meta().category != crate::rules::Category::Deployment;
        if rules.enabled(rule.meta()) && !skip {
            cx.run(*rule as &dyn Rule);
        }
    }
    let mut diagnostics = cx.into_diagnostics();
    if let Some(tree) = tree.filter(|_| !document.wrapper.incomplete) {
        diagnostics.extend(crate::policy::check(&options.policy, tree, rules));
    }
    let diagnostics = crate::suppress::apply(xml, tree, diagnostics, rules, &options.policy);
    diagnostics
        .into_iter()
        .map(|d| {
            let path = match (tree, d.coordinates) {
                (Some(tree), Coordinates::Document) => crate::element_path::at(tree, d.span),
                _ => None,
            };
            (d, path)
        })
        .collect()
}

fn parse_failure(xml: &str, error: &roxmltree::Error) -> ParseFailure {
    let pos = error.pos();
    let index = LineIndex::new(xml);
    let start = index.offset_of(xml, pos.row as usize, pos.col as usize);
    let end = ceil_char_boundary(xml, start + 1).min(xml.len()).max(start);
    let message = match error {
        roxmltree::Error::DtdDetected => "the document contains a DTD (`<!DOCTYPE`); profiles must not, and profile-lint does not load them".to_string(),
        roxmltree::Error::NodesLimitReached => "the document has more than 1,000,000 nodes; it is not a profile".to_string(),
        roxmltree::Error::UnexpectedDeclaration(_) => {
            let before = xml.get(..start).unwrap_or("");
            if before.trim_start_matches('\u{feff}').trim().is_empty() {
                "the XML declaration `<?xml ...?>` is not at the very start of the document (whitespace comes before it); Windows rejects the profile".to_string()
            } else {
                "an XML declaration `<?xml ...?>` appears inside the document (typically a pasted EAP export inside `<Configuration>`); it is only allowed at the very start".to_string()
            }
        }
        other => {
            // roxmltree appends " at row:col"; the position is shown separately.
            let text = other.to_string();
            let text = text
                .rsplit_once(" at ")
                .filter(|(_, tail)| tail.contains(':'))
                .map_or(text.clone(), |(head, _)| head.to_string());
            format!("the document is not well-formed XML: {}", lower_first(&text))
        }
    };
    ParseFailure {
        span: Span::new(start, end),
        message,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}
