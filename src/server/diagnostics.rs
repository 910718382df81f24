//! A lint report as LSP diagnostics: rule code, link to the rule page, severity, the help
//! line, and the labels as related information.

use super::documents::{Document, Linted};
use super::position::Encoding;
use crate::lint::FileDiagnostic;
use crate::meta::Severity;
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Position, Range, Url,
};
use std::cell::RefCell;
use std::collections::HashMap;

pub const SOURCE: &str = "profile-lint";

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// Every diagnostic of a document's current report.
pub fn of_document(document: &Document, linted: &Linted, encoding: Encoding) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(error) = &linted.config_error {
        out.push(at_start(
            DiagnosticSeverity::WARNING,
            "config",
            format!("{error}\nthe document was linted with the default settings"),
        ));
    }
    match &linted.report {
        Err(panic) => out.push(at_start(
            DiagnosticSeverity::ERROR,
            "internal-error",
            format!(
                "profile-lint failed on this document ({panic}); please report it with the file"
            ),
        )),
        Ok(report) => {
            if let Some(error) = &report.error {
                out.push(at_start(
                    DiagnosticSeverity::ERROR,
                    "unreadable",
                    error.clone(),
                ));
            }
            out.extend(
                report
                    .diagnostics
                    .iter()
                    .map(|d| one(document, d, encoding)),
            );
        }
    }
    out
}

/// One finding. The primary range is where the report placed it in the file (byte offsets of
/// the text the editor sent).
pub fn one(document: &Document, d: &FileDiagnostic, encoding: Encoding) -> Diagnostic {
    let range = range_of(document, d.start.offset, d.end.offset, encoding);
    let mut message = d.message.to_string();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        // The editor's document is linted alone: no label is in another file.
        .filter(|label| label.path.is_none())
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(
                document.uri.clone(),
                range_of(document, label.start.offset, label.end.offset, encoding),
            ),
            message: label.message.clone(),
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code().to_owned())),
        code_description: rule_page(d).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: (d.rule.name() == "unused-suppression").then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// The link to a finding's rule page, each distinct URL parsed once (a profile with thousands
/// of findings of one rule would otherwise parse the same URL thousands of times).
fn rule_page(d: &FileDiagnostic) -> Option<Url> {
    thread_local! {
        static PARSED: RefCell<HashMap<String, Option<Url>>> = RefCell::new(HashMap::new());
    }
    let url = d.rule.url();
    PARSED.with(|parsed| {
        let mut parsed = parsed.borrow_mut();
        if let Some(known) = parsed.get(&url) {
            return known.clone();
        }
        let page = Url::parse(&url).ok();
        parsed.insert(url, page.clone());
        page
    })
}

pub fn range_of(document: &Document, start: usize, end: usize, encoding: Encoding) -> Range {
    document.lines.range(&document.text, start, end, encoding)
}

fn at_start(severity: DiagnosticSeverity, code: &str, message: String) -> Diagnostic {
    Diagnostic {
        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
        severity: Some(severity),
        code: Some(NumberOrString::String(code.to_owned())),
        source: Some(SOURCE.to_owned()),
        message,
        ..Diagnostic::default()
    }
}
