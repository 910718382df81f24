//! Completion from the schema ([`crate::model::schema`]): element names the parent at the
//! cursor allows, the name of the element to close, and the values of enum and boolean
//! elements.

use super::documents::Documents;
use super::position::Encoding;
use super::xml_context::{self, Place};
use crate::model::schema::{children_of, ElementDef, ValueKind};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    TextEdit,
};

pub fn complete(
    documents: &Documents,
    encoding: Encoding,
    params: CompletionParams,
) -> Option<CompletionResponse> {
    let at = params.text_document_position;
    let document = documents.open.get(&at.text_document.uri)?;
    let text = &document.text;
    let offset = document.lines.offset(text, at.position, encoding);
    let context = xml_context::at(text, offset);
    let mut items = Vec::new();
    let mut push = |label: String, detail: String, kind, start: usize| {
        let range = document.lines.range(text, start, offset, encoding);
        items.push(CompletionItem {
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                range,
                label.clone(),
            ))),
            label,
            kind: Some(kind),
            detail: Some(detail),
            ..CompletionItem::default()
        });
    };
    match context.place {
        Place::TagName {
            start,
            closing: false,
        } => {
            if context.open.is_empty() {
                push(
                    "VPNProfile".into(),
                    "profile root".into(),
                    CompletionItemKind::CLASS,
                    start,
                );
            }
            for def in children_of(&context.path()).unwrap_or(&[]) {
                push(
                    def.name.to_owned(),
                    describe(def),
                    CompletionItemKind::FIELD,
                    start,
                );
            }
        }
        Place::TagName {
            start,
            closing: true,
        } => {
            if let Some(name) = context.open.last() {
                push(
                    name.clone(),
                    "close the open element".into(),
                    CompletionItemKind::FIELD,
                    start,
                );
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
                    push(
                        (*value).to_owned(),
                        "value".into(),
                        CompletionItemKind::ENUM_MEMBER,
                        word_start,
                    );
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
