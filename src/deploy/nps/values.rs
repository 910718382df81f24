//! Property values of an SDO object: each is an element under `Properties` named after the
//! property, typed by `dt:dt` (`string`, `int`, `boolean` as 0/1, `bin.hex`); a multi-valued
//! property is the element repeated (`research/server-side.md` §1.3).

use roxmltree::Node;

use crate::span::{start_tag_end, Span};

/// One property value: its text and where the (trimmed) text is in the file.
#[derive(Debug, Clone)]
pub struct Value {
    pub text: String,
    pub span: Span,
}

/// Every value of property `name` under a `Properties` element, in file order.
pub fn all(text: &str, properties: Option<Node<'_, '_>>, name: &str) -> Vec<Value> {
    let Some(properties) = properties else {
        return Vec::new();
    };
    properties
        .children()
        .filter(|node| node.is_element() && node.tag_name().name() == name)
        .map(|node| value_of(text, node))
        .collect()
}

/// The first value of property `name`.
pub fn first(text: &str, properties: Option<Node<'_, '_>>, name: &str) -> Option<Value> {
    let properties = properties?;
    properties
        .children()
        .find(|node| node.is_element() && node.tag_name().name() == name)
        .map(|node| value_of(text, node))
}

fn value_of(text: &str, node: Node<'_, '_>) -> Value {
    let mut joined = String::new();
    for child in node.children().filter(Node::is_text) {
        joined.push_str(child.text().unwrap_or(""));
    }
    Value {
        text: joined.trim().to_string(),
        span: content_span(text, node),
    }
}

/// The span of an element's content with surrounding whitespace left out, so a finding about
/// a condition points at `MATCH(...)`, not at the indentation script-edited files put around it.
fn content_span(text: &str, node: Node<'_, '_>) -> Span {
    let range = node.range();
    let open_end = start_tag_end(text, range.start).min(range.end);
    if text.as_bytes().get(open_end.wrapping_sub(2)) == Some(&b'/') {
        // `<x/>`: no content; point at the element.
        return Span::new(range.start, range.end);
    }
    let close_start = text
        .get(open_end..range.end)
        .and_then(|inner| inner.rfind("</"))
        .map_or(range.end, |i| open_end + i);
    let inner = text.get(open_end..close_start).unwrap_or("");
    let leading = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        return Span::new(range.start, range.end);
    }
    Span::new(open_end + leading, open_end + leading + trimmed.len())
}

/// A `boolean` value: `0`/`1` in exports; `true`/`false` accepted from hand-edited files.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "1" => Some(true),
        "0" => Some(false),
        other if other.eq_ignore_ascii_case("true") => Some(true),
        other if other.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// An `int` value (signed 32-bit in the schema; read wider so nothing overflows).
pub fn parse_int(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

/// An `int` value that must not be negative (codes, port types, provider types).
pub fn parse_code(text: &str) -> Option<u32> {
    text.trim().parse().ok()
}

/// A `bin.hex` value. Whitespace anywhere is dropped first: files re-saved by scripts carry
/// newlines and indentation inside the hex.
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits
        .chunks(2)
        .map(|pair| {
            let high = (pair[0] as char).to_digit(16)?;
            let low = (pair[1] as char).to_digit(16)?;
            u8::try_from(high * 16 + low).ok()
        })
        .collect()
}

/// The little-endian u32 at byte `offset`.
pub fn u32_at(bytes: &[u8], offset: usize) -> Option<u32> {
    let word = bytes.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_le_bytes([word[0], word[1], word[2], word[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_with_line_breaks_decodes() {
        assert_eq!(decode_hex("0d00\n   0000\r\n"), Some(vec![0x0d, 0, 0, 0]));
        assert_eq!(decode_hex("1A"), Some(vec![0x1a]));
        assert_eq!(decode_hex("1"), None);
        assert_eq!(decode_hex("zz"), None);
    }

    #[test]
    fn booleans_are_zero_and_one() {
        assert_eq!(parse_bool(" 1 "), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("yes"), None);
    }

    #[test]
    fn content_span_leaves_indentation_out() {
        let text = "<P><a dt=\"string\">\n   MATCH(\"x=1\")\n  </a><b/></P>";
        let doc = roxmltree::Document::parse(text).unwrap();
        let props = Some(doc.root_element());
        let value = first(text, props, "a").unwrap();
        assert_eq!(value.text, "MATCH(\"x=1\")");
        assert_eq!(&text[value.span.start..value.span.end], "MATCH(\"x=1\")");
        let empty = first(text, props, "b").unwrap();
        assert_eq!(&text[empty.span.start..empty.span.end], "<b/>");
    }
}
