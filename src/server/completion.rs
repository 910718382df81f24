//! Completion from the schema ([`crate::model::schema`]): element names the parent at the
//! cursor allows, the name of the element to close, and the values of enum and boolean
//! elements.

use super::documents::Documents;
use super::position::Encoding;
use super::xml_context::{self, Place};
use crate::model::schema::{children_of, ElementDef, ValueKind};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    InsertTextFormat, TextEdit,
};

/// `snippets`: the client accepts snippet syntax; a new element is then inserted whole
/// (`Servers>$0</Servers>`, the cursor between the tags) when nothing follows the name yet.
pub fn complete(
    documents: &Documents,
    encoding: Encoding,
    snippets: bool,
    params: CompletionParams,
) -> Option<CompletionResponse> {
    let at = params.text_document_position;
    let document = documents.open.get(&at.text_document.uri)?;
    let text = &document.text;
    let offset = document.lines.offset(text, at.position, encoding);
    let context = xml_context::at(text, offset);
    // Nothing but whitespace or the next tag after the cursor on its line: a new element.
    let rest_of_line = text[offset..].split(['\n', '\r']).next().unwrap_or("");
    let new_element = snippets && {
        let rest = rest_of_line.trim_start();
        rest.is_empty() || rest.starts_with('<')
    };
    let mut items = Vec::new();
    let mut push = |label: &str, detail: String, kind, start: usize, whole: bool| {
        let range = document.lines.range(text, start, offset, encoding);
        let (new_text, format) = if whole && new_element {
            (
                format!("{label}>$0</{label}>"),
                Some(InsertTextFormat::SNIPPET),
            )
        } else {
            (label.to_owned(), None)
        };
        items.push(CompletionItem {
            label: label.to_owned(),
            kind: Some(kind),
            detail: Some(detail),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, new_text))),
            insert_text_format: format,
            ..CompletionItem::default()
        });
    };
    match context.place {
        Place::TagName {
            start,
            closing: false,
        } => {
            if context.open.is_empty() {
                let detail = "profile root".to_owned();
                push("VPNProfile", detail, CompletionItemKind::CLASS, start, true);
            }
            let present =
                |def: &&ElementDef| def.single && context.siblings.iter().any(|s| s == def.name);
            for def in children_of(&context.path())
                .unwrap_or(&[])
                .iter()
                .filter(|d| !present(d))
            {
                push(
                    def.name,
                    describe(def),
                    CompletionItemKind::FIELD,
                    start,
                    true,
                );
            }
        }
        Place::TagName {
            start,
            closing: true,
        } => {
            if let Some(name) = context.open.last() {
                let detail = "close the open element".to_owned();
                push(name, detail, CompletionItemKind::FIELD, start, false);
            }
        }
        Place::Text { start } => {
            // The word being typed, not the whitespace before it.
            let word_start = text[start..offset]
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphanumeric())
                .last()
                .map_or(offset, |(i, _)| start + i);
            if text[start..word_start].trim().is_empty() {
                for value in values(&context.open) {
                    let kind = CompletionItemKind::ENUM_MEMBER;
                    push(value, "value".to_owned(), kind, word_start, false);
                }
            }
        }
        Place::Other => {}
    }
    Some(CompletionResponse::Array(items))
}

/// The schema entry of the innermost element of `open`.
pub fn definition(open: &[String]) -> Option<&'static ElementDef> {
    let (name, parents) = open.split_last()?;
    children_of(&parents.join("/"))?
        .iter()
        .find(|d| d.name == name)
}

/// The values an element may hold, when the schema lists them.
fn values(open: &[String]) -> &'static [&'static str] {
    match definition(open).map(|d| d.kind) {
        Some(ValueKind::Enum(values)) => values,
        Some(ValueKind::Bool) => &["true", "false"],
        _ => &[],
    }
}

/// One line about an element: what it holds and whether it may repeat.
pub fn describe(def: &ElementDef) -> String {
    let what = match def.kind {
        ValueKind::Complex | ValueKind::Opaque => "child elements".to_owned(),
        ValueKind::Bool => "`true` or `false` (lower case)".to_owned(),
        ValueKind::Enum(values) => format!("one of {}", values.join(", ")),
        ValueKind::Number => "a whole number".to_owned(),
        ValueKind::Text => "text".to_owned(),
    };
    let count = if def.single { "once" } else { "may repeat" };
    format!("{what}; {count}")
}
