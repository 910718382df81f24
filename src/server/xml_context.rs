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
    /// In a tag name: the other children of the innermost open element, before and after
    /// the cursor (completion leaves out the elements that may appear once and are there).
    pub siblings: Vec<String>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Start,
    End,
    /// `<Name/>`.
    Empty,
    /// A tag that meets another `<` or the end of the text before its `>`.
    Incomplete,
    /// A comment, CDATA section, processing instruction or declaration.
    Other,
    /// One of those without its end.
    Unclosed,
}

/// One piece of markup: `<` at `lt`, ends just before `end`.
#[derive(Debug, Clone, Copy)]
struct Tag {
    lt: usize,
    end: usize,
    name_start: usize,
    name_end: usize,
    kind: Kind,
}

impl Tag {
    fn local_name<'t>(&self, text: &'t str) -> &'t str {
        local(text.get(self.name_start..self.name_end).unwrap_or(""))
    }
}

/// The next piece of markup at or after byte `from`.
fn next_tag(text: &str, from: usize) -> Option<Tag> {
    let lt = from + text.get(from..)?.find('<')?;
    let rest = &text[lt..];
    let special = [
        ("<!--", "-->"),
        ("<![CDATA[", "]]>"),
        ("<?", "?>"),
        ("<!", ">"),
    ];
    if let Some((open, close)) = special.iter().find(|(open, _)| rest.starts_with(open)) {
        let body = lt + open.len();
        let (end, kind) = match text[body..].find(close) {
            Some(i) => (body + i + close.len(), Kind::Other),
            None => (text.len(), Kind::Unclosed),
        };
        return Some(Tag {
            lt,
            end,
            name_start: body,
            name_end: body,
            kind,
        });
    }
    let closing = rest.starts_with("</");
    let name_start = lt + if closing { 2 } else { 1 };
    let name_len: usize = text[name_start..]
        .chars()
        .take_while(|c| is_name_char(*c))
        .map(char::len_utf8)
        .sum();
    let (end, complete) = tag_end(text, lt);
    let kind = match (complete, closing) {
        (false, _) => Kind::Incomplete,
        (true, true) => Kind::End,
        (true, false) if text[..end].ends_with("/>") => Kind::Empty,
        (true, false) => Kind::Start,
    };
    Some(Tag {
        lt,
        end,
        name_start,
        name_end: name_start + name_len,
        kind,
    })
}

/// The context at byte `offset` of `text`.
pub fn at(text: &str, offset: usize) -> Context {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut at = text[..offset].rfind("<VPNProfile").unwrap_or(0);
    let mut open: Vec<String> = Vec::new();
    // The children seen so far of each open element (index 0: the top level).
    let mut children: Vec<Vec<String>> = vec![Vec::new()];
    let mut text_start = at;
    let other = |open: Vec<String>| Context {
        open,
        place: Place::Other,
        siblings: Vec::new(),
    };
    while let Some(tag) = next_tag(text, at).filter(|t| t.lt < offset) {
        match tag.kind {
            // Inside a comment, CDATA section or declaration (an unclosed one runs to the end).
            Kind::Unclosed => return other(open),
            Kind::Other if tag.end > offset => return other(open),
            Kind::Other => {}
            _ if tag.end > offset || (tag.kind == Kind::Incomplete && tag.end == offset) => {
                // The cursor is inside this tag.
                if !(tag.name_start <= offset && offset <= tag.name_end) {
                    return other(open);
                }
                let closing = text[tag.lt..].starts_with("</");
                let mut siblings = children.pop().unwrap_or_default();
                if !closing {
                    siblings.extend(siblings_after(text, tag.end));
                }
                return Context {
                    open,
                    place: Place::TagName {
                        start: tag.name_start,
                        closing,
                    },
                    siblings,
                };
            }
            Kind::Start => {
                let name = tag.local_name(text).to_owned();
                if let Some(parent) = children.last_mut() {
                    parent.push(name.clone());
                }
                open.push(name);
                children.push(Vec::new());
            }
            Kind::Empty => {
                if let Some(parent) = children.last_mut() {
                    parent.push(tag.local_name(text).to_owned());
                }
            }
            Kind::End => {
                let name = tag.local_name(text);
                if let Some(i) = open.iter().rposition(|o| o == name) {
                    open.truncate(i);
                    children.truncate(i + 1);
                }
            }
            // A tag being typed (`<Ro` before the next tag) opens nothing.
            Kind::Incomplete => {}
        }
        at = tag.end;
        text_start = tag.end;
    }
    Context {
        open,
        place: Place::Text { start: text_start },
        siblings: Vec::new(),
    }
}

/// Where the innermost element holding byte `offset` starts (its `<`): the element whose
/// start tag, text or end tag `offset` is in.
pub fn element_start(text: &str, offset: usize) -> Option<usize> {
    let offset = offset.min(text.len());
    let mut at = text.get(..offset)?.rfind("<VPNProfile").unwrap_or(0);
    let mut open: Vec<(String, usize)> = Vec::new();
    while let Some(tag) = next_tag(text, at).filter(|t| t.lt <= offset) {
        let inside = offset < tag.end;
        match tag.kind {
            Kind::Start | Kind::Empty if inside => return Some(tag.lt),
            Kind::End if inside => return open.last().map(|(_, lt)| *lt),
            Kind::Start => open.push((tag.local_name(text).to_owned(), tag.lt)),
            Kind::End => {
                let name = tag.local_name(text);
                if let Some(i) = open.iter().rposition(|(o, _)| o == name) {
                    open.truncate(i);
                }
            }
            _ if inside => break,
            _ => {}
        }
        at = tag.end;
    }
    open.last().map(|(_, lt)| *lt)
}

/// Names of the elements after byte `from` on the level where `from` is, up to the end tag
/// that closes that level.
fn siblings_after(text: &str, from: usize) -> Vec<String> {
    let mut found = Vec::new();
    let mut depth = 0_usize;
    let mut at = from;
    while let Some(tag) = next_tag(text, at) {
        match tag.kind {
            Kind::Start | Kind::Empty if depth == 0 => found.push(tag.local_name(text).to_owned()),
            _ => {}
        }
        match tag.kind {
            Kind::Start => depth += 1,
            Kind::End if depth == 0 => break,
            Kind::End => depth -= 1,
            _ => {}
        }
        at = tag.end.max(tag.lt + 1);
    }
    found
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
    fn siblings_before_and_after_the_cursor() {
        let text = "<VPNProfile><ProfileName>a</ProfileName><NativeProfile><Servers>x</Servers></NativeProfile>\n<Al\n<Route/><DeviceTunnel>true</DeviceTunnel></VPNProfile>";
        let offset = text.find("<Al").unwrap_or(0) + 3;
        let context = at(text, offset);
        assert_eq!(context.path(), "VPNProfile");
        assert_eq!(
            context.siblings,
            ["ProfileName", "NativeProfile", "Route", "DeviceTunnel"]
        );
    }

    #[test]
    fn the_element_holding_an_offset() {
        let text = "$x = @'\n<VPNProfile><AlwaysOn>True</AlwaysOn><Empty/></VPNProfile>\n'@";
        let always_on = text.find("<AlwaysOn>").unwrap_or(0);
        assert_eq!(
            element_start(text, text.find("True").unwrap_or(0)),
            Some(always_on)
        );
        assert_eq!(element_start(text, always_on + 2), Some(always_on));
        assert_eq!(
            element_start(text, text.find("</AlwaysOn").unwrap_or(0) + 3),
            Some(always_on)
        );
        let empty = text.find("<Empty").unwrap_or(0);
        assert_eq!(element_start(text, empty + 1), Some(empty));
        assert_eq!(element_start(text, 2), None);
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
