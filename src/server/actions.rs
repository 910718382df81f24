//! Code actions: each finding's fix as a quick fix (preferred when safe), "suppress this rule
//! here" as an inline suppression comment ([`crate::suppress`]), and
//! `source.fixAll.profile-lint`, which applies every safe fix the way `--fix` does.

use super::diagnostics;
use super::documents::{Document, Documents};
use super::formatting::minimal_edit;
use super::linting;
use super::position::Encoding;
use super::xml_context;
use super::FIX_ALL_KIND;
use crate::fix::Applicability;
use crate::lint::{FileDiagnostic, FileReport};
use crate::source::InputFormat;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, WorkspaceEdit,
};
use std::collections::HashMap;

/// Findings of these rules are about the file as a whole, or stop every other rule: a
/// comment inside the document cannot suppress them.
const NOT_SUPPRESSIBLE: &[&str] = &[
    "xml-syntax",
    "input-too-large",
    "unrecognized-input",
    "unused-suppression",
];

pub fn code_actions(
    documents: &mut Documents,
    encoding: Encoding,
    params: CodeActionParams,
) -> Option<Vec<CodeActionOrCommand>> {
    let document = documents.get_mut(&params.text_document.uri)?;
    let linted = document.linted();
    let Ok(report) = &linted.report else {
        return Some(Vec::new());
    };
    let only = params.context.only.as_deref();
    let wants = |kind: &str| {
        only.is_none_or(|kinds| {
            kinds.iter().any(|k| {
                let k = k.as_str();
                kind == k
                    || kind
                        .strip_prefix(k)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    };
    let text = &document.text;
    let start = document.lines.offset(text, params.range.start, encoding);
    let end = document.lines.offset(text, params.range.end, encoding);
    let mut actions = Vec::new();
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.start.offset <= end && start <= d.end.offset)
        {
            if let Some(action) = quick_fix(document, d, encoding) {
                actions.push(action);
            }
            if let Some(action) = suppress(document, report, d, encoding) {
                actions.push(action);
            }
        }
    }
    // Editors ask for actions at every cursor move (`only` unset); fixing the whole file then
    // is only worth it next to a finding that has a fix.
    let offered_fix = actions.iter().any(|a| a.is_preferred == Some(true));
    if wants(FIX_ALL_KIND) && (only.is_some() || offered_fix) {
        if let Some(action) = fix_all(document, report, encoding) {
            actions.push(action);
        }
    }
    Some(
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect(),
    )
}

fn edit_of(document: &Document, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(document.uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn quick_fix(document: &Document, d: &FileDiagnostic, encoding: Encoding) -> Option<CodeAction> {
    let fix = d.fix.as_ref().filter(|f| !f.edits.is_empty())?;
    let edits = fix
        .edits
        .iter()
        .map(|e| {
            let range = diagnostics::range_of(document, e.start.offset, e.end.offset, encoding);
            TextEdit::new(range, e.content.clone())
        })
        .collect();
    let safe = fix.applicability == Applicability::Safe;
    let title = if safe {
        fix.title.clone()
    } else {
        format!("{} (unsafe: review the change)", fix.title)
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostics::one(document, d, encoding)]),
        edit: Some(edit_of(document, edits)),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// `<!-- profile-lint: disable=RULE -->` before the innermost element holding the finding, on
/// a line of its own when the element starts its line. In plain XML files, and in PowerShell
/// scripts, where the comment goes into the string literal that holds the profile (it has no
/// quote, `$` or backtick, so every kind of PowerShell string keeps it as it is); a re-lint
/// confirms there that it suppresses the finding and breaks nothing. Not in dumps (command
/// output) nor in SyncML or JSON, where it would need the wrapper's escaping.
fn suppress(
    document: &Document,
    report: &FileReport,
    d: &FileDiagnostic,
    encoding: Encoding,
) -> Option<CodeAction> {
    let name = d.rule.name();
    if NOT_SUPPRESSIBLE.contains(&name) {
        return None;
    }
    let text = &document.text;
    let element_start = match report.format {
        Some(InputFormat::Xml) if report.text == *text => element_in_tree(text, d.span.start)?,
        Some(InputFormat::Powershell) => xml_context::element_start(text, d.start.offset)?,
        _ => return None,
    };
    let line_start = crate::span::line_start_before(text.as_bytes(), element_start);
    let indent = &text[line_start..element_start];
    let comment = format!("<!-- profile-lint: disable={name} -->");
    let (insert_at, new_text) = if indent.trim().is_empty() {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        (line_start, format!("{indent}{comment}{newline}"))
    } else {
        (element_start, comment)
    };
    if report.format == Some(InputFormat::Powershell)
        && !suppresses(document, report, name, insert_at, &new_text)
    {
        return None;
    }
    let range = diagnostics::range_of(document, insert_at, insert_at, encoding);
    Some(CodeAction {
        title: format!("Suppress {name} here (profile-lint comment)"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostics::one(document, d, encoding)]),
        edit: Some(edit_of(document, vec![TextEdit::new(range, new_text)])),
        is_preferred: Some(false),
        ..CodeAction::default()
    })
}

/// The start of the innermost element holding byte `at` of a well-formed document (the root
/// for a finding outside every element: the comment before it covers the whole document).
fn element_in_tree(text: &str, at: usize) -> Option<usize> {
    let tree = crate::limits::parse_guarded(text)?;
    let mut element = tree.root_element();
    while let Some(child) = element
        .children()
        .find(|n| n.is_element() && n.range().start <= at && at < n.range().end)
    {
        element = child;
    }
    Some(element.range().start)
}

/// Whether inserting `comment` at `at` leaves one finding of `rule` fewer, no stale or broken
/// suppression and no new syntax error.
fn suppresses(
    document: &Document,
    report: &FileReport,
    rule: &str,
    at: usize,
    comment: &str,
) -> bool {
    let mut changed = document.text.clone();
    changed.insert_str(at, comment);
    let (options, _) = linting::options_for(document.path().as_deref());
    let Ok(after) = linting::lint(&document.name(), &changed, &options) else {
        return false;
    };
    let count = |r: &FileReport, name: &str| {
        r.diagnostics
            .iter()
            .filter(|d| d.rule.name() == name)
            .count()
    };
    count(&after, rule) < count(report, rule)
        && count(&after, "unused-suppression") == count(report, "unused-suppression")
        && count(&after, "xml-syntax") == 0
}

fn fix_all(document: &mut Document, report: &FileReport, encoding: Encoding) -> Option<CodeAction> {
    let any_safe = report.diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe && !f.edits.is_empty())
    });
    if !any_safe {
        return None;
    }
    let (options, _) = linting::options_for(document.path().as_deref());
    let stored = document
        .disk_form(options.max_file_size)
        .and_then(|form| form.encode(&document.text))
        .unwrap_or_else(|| document.text.as_bytes().to_vec());
    let fixed = match linting::fix_all(&document.name(), &document.text, &stored, &options) {
        Ok(fixed) => fixed?,
        Err(panic) => {
            eprintln!(
                "profile-lint server: internal error while fixing {}: {panic}",
                document.uri
            );
            return None;
        }
    };
    let edit = minimal_edit(document, &fixed, encoding)?;
    Some(CodeAction {
        title: "Fix all safe profile-lint findings".to_owned(),
        kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
        edit: Some(edit_of(document, vec![edit])),
        ..CodeAction::default()
    })
}
