//! Limits against hostile XML, checked before the parser runs.
//!
//! roxmltree already refuses DTDs (so no external entity is ever fetched and no entity can be
//! expanded) and bounds the node count, but it has no bound on nesting depth or on attributes
//! per element, and its duplicate-attribute check is quadratic: a 10 MiB start tag holding a
//! million attributes would keep it busy for hours. Real profiles nest about 15 levels deep and
//! carry at most a handful of attributes per element, so these limits never touch a real file.

use crate::span::Span;

/// Deepest element nesting accepted. Beyond the stack depth of our own recursive walks, deep
/// nesting with a namespace declaration at each level makes roxmltree copy the in-scope
/// namespaces per element: quadratic memory.
/// Default cap on the size of a file that is read and linted (`--max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

pub const MAX_DEPTH: usize = 256;
/// Most attributes (namespace declarations included) accepted on one element.
pub const MAX_ATTRIBUTES: usize = 1024;

/// Why a document is refused before parsing: where, and a message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitExceeded {
    pub span: Span,
    pub message: String,
}

/// Parsing options against hostile input: no DTD (so no external entities), a node limit
/// (entity expansion is bounded by roxmltree itself).
pub fn parsing_options<'input>() -> roxmltree::ParsingOptions<'input> {
    roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 1_000_000,
        ..Default::default()
    }
}

/// Parses `xml` with the pipeline's safeguards (the limits above and [`parsing_options`]), for
/// code that parses a second document (an escaped EAP blob, a re-joined dump); `None` when it
/// is not well-formed or exceeds a limit.
pub fn parse_guarded(xml: &str) -> Option<roxmltree::Document<'_>> {
    if check(xml).is_some() {
        return None;
    }
    let document = roxmltree::Document::parse_with_options(xml, parsing_options()).ok()?;
    check_tree(&document).is_none().then_some(document)
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack.get(from..)?, needle).map(|i| from + i)
}

/// Scans the markup of `xml` once and returns the first limit it exceeds. The scan is a
/// coarse tokenizer (comments, CDATA, processing instructions and quoted attribute values are
/// skipped); anything it misreads is malformed XML that the parser reports anyway. It jumps
/// from delimiter to delimiter with `memchr`, so it costs little next to parsing.
pub fn check(xml: &str) -> Option<LimitExceeded> {
    let bytes = xml.as_bytes();
    // No element can have more attributes than the document has `=` signs, and every namespace
    // declaration has one too. Real profiles have far fewer, so for them the parser cannot go
    // quadratic, and depth is checked on the tree instead ([`check_tree`]) at no extra cost.
    memchr::memchr_iter(b'=', bytes).nth(MAX_ATTRIBUTES)?;
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
            let (close, attributes) = scan_start_tag(bytes, start)?;
            if attributes > MAX_ATTRIBUTES {
                return Some(LimitExceeded {
                    span: Span::new(start, start + 1),
                    message: format!(
                        "an element has {attributes} attributes, more than the limit of {MAX_ATTRIBUTES}; the document is not a profile and was not parsed"
                    ),
                });
            }
            let self_closing = close > 0 && bytes[close - 1] == b'/';
            if !self_closing {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(LimitExceeded {
                        span: Span::new(start, start + 1),
                        message: depth_message(),
                    });
                }
            }
            i = close + 1;
        }
    }
    None
}

/// Checks a parsed document for what the parser lets through: nesting depth (for documents
/// [`check`] did not scan) and character references to surrogates.
pub fn check_tree(document: &roxmltree::Document) -> Option<LimitExceeded> {
    check_depth(document).or_else(|| surrogate_reference(document.input_text()))
}

fn check_depth(document: &roxmltree::Document) -> Option<LimitExceeded> {
    // Elements come in document order: a stack of the ends of the open elements gives depth.
    let mut open: Vec<usize> = Vec::with_capacity(32);
    for node in document.descendants().filter(roxmltree::Node::is_element) {
        let range = node.range();
        while open.last().is_some_and(|&end| end <= range.start) {
            open.pop();
        }
        open.push(range.end);
        if open.len() > MAX_DEPTH {
            return Some(LimitExceeded {
                span: Span::new(range.start, range.start + 1),
                message: depth_message(),
            });
        }
    }
    None
}

/// The first character reference to a surrogate code point (`&#xD800;`–`&#xDFFF;`) in the
/// markup of a well-formed document. roxmltree reads one as U+FFFD, but surrogates are not
/// XML characters, so MSXML (and every conforming parser) rejects the document, as it does
/// `&#0;`, which roxmltree reports as a malformed reference: this one is reported the same way.
fn surrogate_reference(xml: &str) -> Option<LimitExceeded> {
    let bytes = xml.as_bytes();
    memchr::memmem::find(bytes, b"&#")?;
    let mut i = 0;
    // The document parsed, so a `&` outside comments, CDATA and processing instructions
    // starts a reference in text or in an attribute value.
    while let Some(found) = memchr::memchr2(b'<', b'&', bytes.get(i..)?) {
        let at = i + found;
        let rest = &bytes[at..];
        i = if rest.starts_with(b"<!--") {
            find(bytes, at + 4, b"-->")? + 3
        } else if rest.starts_with(b"<![CDATA[") {
            find(bytes, at + 9, b"]]>")? + 3
        } else if rest.starts_with(b"<?") {
            find(bytes, at + 2, b"?>")? + 2
        } else if rest.starts_with(b"&#") {
            let end = memchr::memchr(b';', rest)?;
            let digits = &xml[at + 2..at + end];
            let code = match digits.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => digits.parse().ok(),
            };
            if code.is_some_and(|c| (0xD800..=0xDFFF).contains(&c)) {
                return Some(LimitExceeded {
                    span: Span::new(at, at + end + 1),
                    message: format!("the document is not well-formed XML: malformed entity reference (`{}` names a surrogate code point, which is not a character)", &xml[at..at + end + 1]),
                });
            }
            at + end + 1
        } else {
            at + 1
        };
    }
    None
}

fn depth_message() -> String {
    format!("elements are nested more than {MAX_DEPTH} levels deep; the document is not a profile and was not parsed")
}

/// From the `<` of a start tag: the offset of its closing `>` and its attribute count (the `=`
/// signs outside quotes). `None` when the tag never ends.
fn scan_start_tag(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let mut attributes = 0;
    let mut i = start + 1;
    loop {
        let at = i + memchr::memchr3(b'>', b'"', b'\'', bytes.get(i..)?)?;
        attributes += memchr::memchr_iter(b'=', &bytes[i..at]).count();
        let quote = bytes[at];
        if quote == b'>' {
            return Some((at, attributes));
        }
        i = at + 1 + memchr::memchr(quote, bytes.get(at + 1..)?)? + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogate_references_are_refused_outside_comments_and_cdata() {
        let refused = |xml: &str| {
            let doc = roxmltree::Document::parse(xml).unwrap();
            check_tree(&doc).map(|l| (l.span, l.message))
        };
        let (span, message) = refused("<a b='&#xd800;'>x</a>").unwrap();
        assert_eq!(span, Span::new(6, 14));
        assert!(
            message.contains("`&#xd800;` names a surrogate"),
            "{message}"
        );
        assert!(refused("<a>&#57343;</a>").is_some());
        assert!(
            refused("<a>&#xE000;&#xD7FF;&#65;<!-- &#xD800; --><![CDATA[&#xD800;]]></a>").is_none()
        );
    }

    #[test]
    fn a_real_shape_passes() {
        let xml = r#"<?xml version="1.0"?><!-- c <a><b> --><VPNProfile><A x="1" y='>'/><![CDATA[<x><y>]]><B>t</B></VPNProfile>"#;
        assert_eq!(check(xml), None);
    }

    #[test]
    fn deep_nesting_is_refused() {
        // With many `=` the scanner runs and catches depth before parsing.
        let padding = "<p a=\"\"/>".repeat(MAX_ATTRIBUTES + 1);
        let xml = format!("<r>{padding}{}", "<a>".repeat(MAX_DEPTH));
        let refused = check(&xml).expect("too deep");
        assert!(refused.message.contains("nested"));
        assert_eq!(refused.span.start, 3 + padding.len() + (MAX_DEPTH - 1) * 3);
        // Siblings do not add depth.
        let siblings = format!("<r>{padding}{}</r>", "<a></a><a/>".repeat(1000));
        assert_eq!(check(&siblings), None);
        // Without, the tree is checked after parsing.
        let xml = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(check(&xml), None);
        let tree = roxmltree::Document::parse(&xml).expect("well-formed");
        assert_eq!(
            check_tree(&tree).expect("too deep").span.start,
            MAX_DEPTH * 3
        );
        let fine = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert_eq!(
            check_tree(&roxmltree::Document::parse(&fine).expect("ok")),
            None
        );
    }

    #[test]
    fn many_attributes_are_refused() {
        let attributes: String = (0..=MAX_ATTRIBUTES)
            .map(|i| format!(" a{i}=\"\""))
            .collect();
        let xml = format!("<x{attributes}/>");
        assert!(check(&xml)
            .expect("too many")
            .message
            .contains("attributes"));
        let fine: String = (0..10).map(|i| format!(" a{i}=\"=\"")).collect();
        assert_eq!(check(&format!("<x{fine}/>")), None);
    }
}
