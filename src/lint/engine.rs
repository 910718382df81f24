//! The engine for one document: parse, build the model, run the enabled rules and policy
//! rules, apply suppression comments, then settle overlaps between rules.

use super::options::LintOptions;
use super::supersede;
use crate::diagnostic::{Coordinates, Diagnostic};
use crate::model::Model;
use crate::rules::{Category, Context, ParseFailure};
use crate::source::Document;
use crate::span::{ceil_char_boundary, LineIndex, Span};

/// Runs the enabled rules on one document; spans are in document coordinates.
pub fn lint_document(document: &Document, options: &LintOptions) -> Vec<Diagnostic> {
    lint_document_with_paths(document, options)
        .into_iter()
        .map(|(d, _)| d)
        .collect()
}

/// Runs the enabled rules and policy rules on one document, applies its suppression
/// comments and drops findings a more specific enabled rule reported too. Each diagnostic
/// comes with the element path of its primary span (document coordinates only; wrapper
/// findings have none).
pub fn lint_document_with_paths(
    document: &Document,
    options: &LintOptions,
) -> Vec<(Diagnostic, Option<String>)> {
    lint_document_and_secrets(document, options, None).0
}

/// Elements whose text is a secret: never shown in a source snippet.
const SECRET_ELEMENTS: &[&str] = &["L2tpPsk"];

/// What [`lint_document_with_paths`] returns, and the spans (document coordinates) of the
/// text of secret elements (`L2tpPsk`, a pre-shared key), which the human format masks in
/// its snippets.
pub(crate) fn lint_document_and_secrets(
    document: &Document,
    options: &LintOptions,
    scope: Option<&crate::deploy::Scope>,
) -> (Vec<(Diagnostic, Option<String>)>, Vec<Span>) {
    let rules = &options.rules;
    let xml = document.xml.as_str();
    let parsed = parse(xml);
    let (tree, failure) = match &parsed {
        Ok(tree) => (Some(tree), None),
        Err(failure) => (None, Some(failure.clone())),
    };
    let model = tree.map(Model::build).unwrap_or_default();
    let mut cx = Context::new(&model, xml, tree, failure.as_ref(), &document.wrapper);
    cx.scope = scope;
    // Advice about one route (Intune's read-back comparison) is noise on a profile that
    // reaches the device another way: only the rules for this route are runnable.
    for (rule, meta) in rules.runnable(document.wrapper.deployment) {
        // An incomplete document (a truncated dump) only gets the wrapper rules.
        let skip = document.wrapper.incomplete && meta.category != Category::Deployment;
        // Rules about the deployment need to see it.
        let blind = scope.is_none() && !meta.needs.is_empty();
        if !skip && !blind {
            cx.run_as(rule, meta);
        }
    }
    let mut diagnostics = cx.into_diagnostics();
    if let Some(tree) = tree.filter(|_| !document.wrapper.incomplete) {
        diagnostics.extend(crate::policy::check(&options.policy, tree, rules));
    }
    let diagnostics = crate::suppress::apply(xml, tree, diagnostics, rules, &options.policy);
    let diagnostics = supersede::resolve(diagnostics);
    let diagnostics =
        super::unknown::drop_judgements_of_unknowns(diagnostics, tree, &document.wrapper);
    let secrets = tree.map(secret_spans).unwrap_or_default();
    let diagnostics = diagnostics
        .into_iter()
        .map(|d| {
            let path = match (tree, d.coordinates) {
                (Some(tree), Coordinates::Document) => crate::element_path::at(tree, d.span),
                _ => None,
            };
            (d, path)
        })
        .collect();
    (diagnostics, secrets)
}

/// The spans of the content of secret elements (any namespace).
fn secret_spans(tree: &roxmltree::Document) -> Vec<Span> {
    tree.descendants()
        .filter(|n| n.is_element() && SECRET_ELEMENTS.contains(&n.tag_name().name()))
        .filter_map(|n| {
            let first = n.first_child()?;
            let last = n.last_child()?;
            Some(Span::new(first.range().start, last.range().end))
        })
        .collect()
}

/// The parsed tree, or why there is none. Hostile shapes (absurd depth or attribute counts)
/// are refused before the parser sees them.
pub(crate) fn parse(xml: &str) -> Result<roxmltree::Document<'_>, ParseFailure> {
    if let Some(limit) = crate::limits::check(xml) {
        return Err(ParseFailure {
            span: limit.span,
            message: limit.message,
        });
    }
    let tree = roxmltree::Document::parse_with_options(xml, crate::limits::parsing_options())
        .map_err(|error| parse_failure(xml, &error))?;
    match crate::limits::check_tree(&tree) {
        Some(limit) => Err(ParseFailure {
            span: limit.span,
            message: limit.message,
        }),
        None => Ok(tree),
    }
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
