//! Formatting with [`crate::format::format_profile`] (ProfileXML files only), sent as the one
//! edit that covers what changed, so the editor keeps the cursor and folds elsewhere.

use super::documents::{Document, Documents};
use super::position::Encoding;
use crate::format::{format_profile, FormatOptions};
use lsp_types::{DocumentFormattingParams, TextEdit};

pub fn format(
    documents: &Documents,
    encoding: Encoding,
    params: DocumentFormattingParams,
) -> Option<Vec<TextEdit>> {
    let document = documents.open.get(&params.text_document.uri)?;
    if !document.is_xml() {
        return None;
    }
    let indent = if params.options.insert_spaces {
        params.options.tab_size.clamp(1, 16) as usize
    } else {
        FormatOptions::default().indent
    };
    let options = FormatOptions {
        indent,
        ..FormatOptions::default()
    };
    let text = &document.text;
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let formatted = match format_profile(body, &options) {
        Ok(formatted) => formatted,
        Err(error) => {
            // Not well-formed yet: the diagnostics say where; nothing to format.
            eprintln!(
                "profile-lint server: not formatting {}: {error}",
                document.uri
            );
            return Some(Vec::new());
        }
    };
    let bom = if body.len() < text.len() {
        "\u{FEFF}"
    } else {
        ""
    };
    Some(
        minimal_edit(document, &format!("{bom}{formatted}"), encoding)
            .into_iter()
            .collect(),
    )
}

/// The single edit that turns the document's text into `new_text`: everything between the
/// common beginning and the common end.
pub fn minimal_edit(document: &Document, new_text: &str, encoding: Encoding) -> Option<TextEdit> {
    let old = document.text.as_str();
    if old == new_text {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new_text.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new_text.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let mut suffix = old[prefix..]
        .bytes()
        .rev()
        .zip(new_text[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix)
        || !new_text.is_char_boundary(new_text.len() - suffix)
    {
        suffix -= 1;
    }
    let range = document
        .lines
        .range(old, prefix, old.len() - suffix, encoding);
    Some(TextEdit::new(
        range,
        new_text[prefix..new_text.len() - suffix].to_owned(),
    ))
}
