//! Limits against hostile XML, checked before the parser runs (SPEC §9).
//!
//! roxmltree already refuses DTDs (so no external entity is ever fetched and no entity can be
//! expanded) and bounds the node count, but it has no bound on nesting depth or on attributes
//! per element, and its duplicate-attribute check is quadratic: a 10 MiB start tag holding a
//! million attributes would keep it busy for hours. Real profiles nest about 15 levels deep and
//! carry at most a handful of attributes per element, so these limits never touch a real file.

use crate::span::Span;

/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;
/// Most attributes (namespace declarations included) accepted on one element.
pub const MAX_ATTRIBUTES: usize = 256;

/// Why a document is refused before parsing: where, and a message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitExceeded {
    pub span: Span,
    pub message: String,
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack.get(from..)?, needle).map(|i| from + i)
}

/// Scans the markup of `xml` once and returns the first limit it exceeds. The scan is a
/// coarse tokenizer (comments, CDATA, processing instructions and quoted attribute values are
/// skipped); anything it misreads is malformed XML that the parser reports anyway.
pub fn check(xml: &str) -> Option<LimitExceeded> {
    let bytes = xml.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    while let Some(found) = memchr::memchr(b'<', bytes.get(i..)?) {
        let start = i + found;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, start + 4, b"-->")? + 3;
        } else if rest.starts_with(b"<![CDATA[") {
            i = find(bytes, start + 9, b"]]>")? + 3;
        } else if rest.starts_with(b"<?") {
            i = find(bytes, start + 2, b"?>")? + 2;
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = start + 2;
        } else if rest.starts_with(b"<!") {
            // A DTD: the parser refuses it.
            i = start + 2;
        } else {
            let (end, attributes, self_closing) = scan_start_tag(bytes, start)?;
            if attributes > MAX_ATTRIBUTES {
                return Some(LimitExceeded {
                    span: Span::new(start, start + 1),
                    message: format!(
                        "an element has {attributes} attributes, more than the limit of {MAX_ATTRIBUTES}; the document is not a profile and was not parsed"
                    ),
                });
            }
            if !self_closing {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(LimitExceeded {
                        span: Span::new(start, start + 1),
                        message: format!(
                            "elements are nested more than {MAX_DEPTH} levels deep; the document is not a profile and was not parsed"
                        ),
                    });
                }
            }
            i = end;
        }
    }
    None
}

/// From the `<` of a start tag: the offset after its `>`, its attribute count (the `=` signs
/// outside quotes) and whether it closes itself (`/>`). `None` when the tag never ends.
fn scan_start_tag(bytes: &[u8], start: usize) -> Option<(usize, usize, bool)> {
    let mut quote: Option<u8> = None;
    let mut attributes = 0;
    let mut previous = 0u8;
    for (offset, &b) in bytes.get(start + 1..)?.iter().enumerate() {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'=') => attributes += 1,
            (None, b'>') => return Some((start + 1 + offset + 1, attributes, previous == b'/')),
            _ => {}
        }
        previous = b;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_shape_passes() {
        let xml = r#"<?xml version="1.0"?><!-- c <a><b> --><VPNProfile><A x="1" y='>'/><![CDATA[<x><y>]]><B>t</B></VPNProfile>"#;
        assert_eq!(check(xml), None);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let xml = "<a>".repeat(MAX_DEPTH + 1);
        let refused = check(&xml).expect("too deep");
        assert!(refused.message.contains("nested"));
        assert_eq!(refused.span.start, MAX_DEPTH * 3);
        // Siblings do not add depth.
        assert_eq!(check(&"<a></a>".repeat(10_000)), None);
        assert_eq!(check(&"<a/>".repeat(10_000)), None);
    }

    #[test]
    fn many_attributes_are_refused() {
        let attributes: String = (0..=MAX_ATTRIBUTES).map(|i| format!(" a{i}=\"\"")).collect();
        let xml = format!("<x{attributes}/>");
        assert!(check(&xml).expect("too many").message.contains("attributes"));
        let fine: String = (0..10).map(|i| format!(" a{i}=\"=\"")).collect();
        assert_eq!(check(&format!("<x{fine}/>")), None);
    }
}
