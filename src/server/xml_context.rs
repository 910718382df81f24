//! Where the cursor is in the XML, read lexically: the elements open around it and whether
//! it is in a tag name or in text.
//!
//! Completion runs on text being typed, which is rarely well-formed, so no parser is used;
//! tags, comments, CDATA and processing instructions are recognised well enough to keep the
//! stack of open elements. In a script or dump the scan starts at the last `<VPNProfile`
//! before the cursor, so the code around the profile string does not count.

/// What is at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// In the name of a start tag (`closing: false`) or end tag; `start` is where the name
    /// begins.
    TagName { start: usize, closing: bool },
    /// In the text of the innermost open element; `start` is where the text begins.
    Text { start: usize },
    /// In a comment, an attribute or anything else.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// Local names of the open elements, outermost first.
    pub open: Vec<String>,
    pub place: Place,
}

impl Context {
    /// The open elements as a schema path (`VPNProfile/NativeProfile`).
    pub fn path(&self) -> String {
        self.open.join("/")
    }
}

/// The local name (without a namespace prefix).
pub fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
}

/// The context at byte `offset` of `text`.
pub fn at(text: &str, offset: usize) -> Context {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let head = &text[..offset];
    let mut at = head.rfind("<VPNProfile").unwrap_or(0);
    let mut open: Vec<String> = Vec::new();
    let mut text_start = at;
    let other = |open: Vec<String>| Context {
        open,
        place: Place::Other,
    };
    while let Some(found) = head[at..].find('<') {
        let lt = at + found;
        let rest = &text[lt..];
        let skip_to =
            |close: &str, from: usize| text[from..].find(close).map(|i| from + i + close.len());
        let end = if rest.starts_with("<!--") {
            skip_to("-->", lt + 4)
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>", lt + 9)
        } else if rest.starts_with("<?") {
            skip_to("?>", lt + 2)
        } else if rest.starts_with("<!") {
            skip_to(">", lt + 2)
        } else {
            let closing = rest.starts_with("</");
            let name_start = lt + if closing { 2 } else { 1 };
            let (tag_end, complete) = tag_end(text, lt);
            let name: String = text[name_start..]
                .chars()
                .take_while(|c| is_name_char(*c))
                .collect();
            let name_end = name_start + name.len();
            if tag_end > offset || (!complete && tag_end == offset) {
                // The cursor is inside this tag.
                return if name_start <= offset && offset <= name_end {
                    Context {
                        open,
                        place: Place::TagName {
                            start: name_start,
                            closing,
                        },
                    }
                } else {
                    other(open)
                };
            }
            // A tag being typed (`<Ro` before the next tag) opens nothing.
            if complete {
                let local_name = local(&name).to_owned();
                if closing {
                    if let Some(i) = open.iter().rposition(|o| *o == local_name) {
                        open.truncate(i);
                    }
                } else if !text[..tag_end].ends_with("/>") {
                    open.push(local_name);
                }
            }
            Some(tag_end)
        };
        match end {
            Some(end) if end <= offset => {
                at = end;
                text_start = end;
            }
            // Inside a comment, CDATA section or declaration.
            _ => return other(open),
        }
    }
    Context {
        open,
        place: Place::Text { start: text_start },
    }
}

/// Where the tag starting at `lt` ends (just past its `>`, quotes respected) and whether it
/// is complete; a tag that meets another `<` or the end of the text first ends there.
fn tag_end(text: &str, lt: usize) -> (usize, bool) {
    let mut quote: Option<u8> = None;
    for (i, b) in text.as_bytes().iter().enumerate().skip(lt + 1) {
        match (quote, *b) {
            (Some(q), c) if c == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(*b),
            (None, b'>') => return (i + 1, true),
            (None, b'<') => return (i, false),
            _ => {}
        }
    }
    (text.len(), false)
}

/// The element name under the cursor: its span and whether it is an end tag's.
pub fn name_at(text: &str, offset: usize) -> Option<(usize, usize, bool)> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_name_char(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    if start == end {
        return None;
    }
    let before = &text[..start];
    if before.ends_with("</") {
        Some((start, end, true))
    } else if before.ends_with('<') {
        Some((start, end, false))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_elements_and_place() {
        let text = "<VPNProfile><!-- <x> --><NativeProfile><Servers>a</Servers><Rou";
        let context = at(text, text.len());
        assert_eq!(context.path(), "VPNProfile/NativeProfile");
        assert_eq!(
            context.place,
            Place::TagName {
                start: text.len() - 3,
                closing: false
            }
        );
        let text = "<VPNProfile><AlwaysOn>tr";
        let context = at(text, text.len());
        assert_eq!(context.path(), "VPNProfile/AlwaysOn");
        assert_eq!(
            context.place,
            Place::Text {
                start: text.len() - 2
            }
        );
        let text = "<VPNProfile><!-- open";
        assert_eq!(at(text, text.len()).place, Place::Other);
        // Between `<` and `/` of an end tag: no name yet.
        let text = "<VPNProfile></VPNProfile>";
        assert_eq!(at(text, 13).place, Place::Other);
    }

    #[test]
    fn name_under_the_cursor() {
        let text = "<VPNProfile><AlwaysOn>true</AlwaysOn>";
        let at_name = text.find("AlwaysOn").unwrap_or(0) + 2;
        assert_eq!(name_at(text, at_name), Some((13, 21, false)));
        let end_name = text.rfind("AlwaysOn").unwrap_or(0);
        assert_eq!(
            name_at(text, end_name),
            Some((end_name, end_name + 8, true))
        );
        assert_eq!(name_at(text, text.find("true").unwrap_or(0)), None);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::server::position::{Encoding, Lines};
    use proptest::prelude::*;

    proptest! {
        /// Half-typed XML with non-ASCII text: no offset makes the scanner, the name finder
        /// or the position mapping panic, and positions map back to the offset they came from.
        #[test]
        fn any_text_any_offset(text in "[<>/!\\-\\[\\]?\"'a-zA-Z: é😀\r\n]{0,80}") {
            let lines = Lines::new(&text);
            for offset in 0..=text.len() + 2 {
                let context = at(&text, offset);
                if let Place::TagName { start, .. } | Place::Text { start } = context.place {
                    prop_assert!(start <= offset.min(text.len()));
                }
                let _ = name_at(&text, offset);
                if offset <= text.len() && text.is_char_boundary(offset) {
                    for encoding in [Encoding::Utf8, Encoding::Utf16] {
                        let position = lines.position(&text, offset, encoding);
                        let back = lines.offset(&text, position, encoding);
                        // A CR of a CRLF is the end of its line, which maps to the line end.
                        let crlf = text[..offset].ends_with('\r') && text[offset..].starts_with('\n');
                        prop_assert!(back == offset || crlf, "{offset} -> {position:?} -> {back}");
                    }
                }
            }
        }
    }
}
