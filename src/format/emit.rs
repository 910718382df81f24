//! Writing the tree back out: tags and text copied from the source, children of the ranked
//! containers reordered, whitespace between tags replaced.
//!
//! Where things go in a ranked container (`VPNProfile`, its `NativeProfile`s and their
//! `CryptographySuite`s):
//!
//! - a comment or processing instruction travels with the element that follows it; those after
//!   the last element stay at the end;
//! - the ranked elements are sorted by rank, stably, into the places that ranked elements held:
//!   elements of one rank (the `Route`s, a duplicated singleton, `NativeProfile` and
//!   `PluginProfile`) keep their order among themselves;
//! - an element without a rank (`ProfileName`, `LockDown`, `AppTrigger`, an unknown element)
//!   keeps its place: it stays the n-th element of its parent.
//!
//! So the ranked elements end up in the order the rule M005 checks (which skips unranked
//! ones), and no two elements of one name ever swap: the first of several same-named elements,
//! the one Windows and the model read, stays the first. (Letting an unranked element travel
//! with the ranked element before it would swap two `LockDown`s that follow different ranked
//! elements, and with them the value that counts.)
//!
//! An element is copied verbatim, with its content as written, when it holds no child element
//! (a value: its text, entities and whitespace are the value), when text other than whitespace
//! sits between its children (mixed content, which re-indenting would change), or when it
//! says `xml:space="preserve"`.

use super::windows_forms::Plan;
use super::FormatOptions;
use crate::model::write_back::{self, WriteBackOrder};
use crate::span::start_tag_end;
use roxmltree::{Document, Node, NodeType};

const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

pub(super) fn document(
    tree: &Document,
    input: &str,
    options: &FormatOptions,
    plan: &Plan,
) -> String {
    let mut writer = Writer {
        input,
        out: String::with_capacity(input.len() + input.len() / 4),
        newline: newline_of(input),
        unit: " ".repeat(options.indent),
        compact: options.compact,
        plan,
    };
    // roxmltree skips a UTF-8 byte-order mark; it is kept.
    let body_start = if input.starts_with('\u{feff}') {
        writer.out.push('\u{feff}');
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut first = true;
    if let Some(end) = declaration_end(input, body_start) {
        writer.push(body_start..end);
        first = false;
    }
    for node in tree.root().children() {
        if node.is_text() {
            continue;
        }
        if !first {
            writer.line_break(0);
        }
        first = false;
        if node.is_element() {
            writer.element(node, 0);
        } else {
            writer.push(node.range());
        }
    }
    if !options.compact {
        writer.out.push_str(writer.newline);
    }
    writer.out
}

/// `\r\n` when every line break of the input is one, else `\n`. A file with mixed breaks gets
/// `\n`; the output then still has mixed breaks (those inside copied text), so formatting it
/// again chooses the same.
fn newline_of(input: &str) -> &'static str {
    let bytes = input.as_bytes();
    let mut crlf = false;
    for at in memchr::memchr_iter(b'\n', bytes) {
        if at == 0 || bytes[at - 1] != b'\r' {
            return "\n";
        }
        crlf = true;
    }
    if crlf {
        "\r\n"
    } else {
        "\n"
    }
}

/// The end of the XML declaration (`<?xml version="1.0"?>`) that starts at `start`, if any.
fn declaration_end(input: &str, start: usize) -> Option<usize> {
    let rest = input.get(start..)?;
    let after = rest.strip_prefix("<?xml")?;
    if !after.starts_with([' ', '\t', '\r', '\n']) {
        return None;
    }
    Some(start + rest.find("?>")? + 2)
}

struct Writer<'a> {
    input: &'a str,
    out: String,
    newline: &'static str,
    unit: String,
    compact: bool,
    plan: &'a Plan,
}

/// A child of a container as it is written: the comments before it, then itself.
struct Item<'a, 'input> {
    leading: Vec<Node<'a, 'input>>,
    member: Option<Member<'a, 'input>>,
}

enum Member<'a, 'input> {
    Node(Node<'a, 'input>),
    /// An element the Windows forms add (`<MachineMethod>Eap</MachineMethod>`).
    Added(&'static str),
}

impl Writer<'_> {
    fn push(&mut self, range: std::ops::Range<usize>) {
        self.out.push_str(self.input.get(range).unwrap_or(""));
    }

    fn line_break(&mut self, depth: usize) {
        if self.compact {
            return;
        }
        self.out.push_str(self.newline);
        for _ in 0..depth {
            self.out.push_str(&self.unit);
        }
    }

    fn element(&mut self, node: Node, depth: usize) {
        let range = node.range();
        if let Some(replacement) = self.plan.replacement(node) {
            self.out.push_str(replacement);
            return;
        }
        let Some((content_start, content_end)) = container_content(self.input, node) else {
            self.push(range);
            return;
        };
        self.push(range.start..content_start);
        let mut items = self.items(node);
        if let Some(order) = order_of(node) {
            items = reorder(items, order);
        }
        for item in items {
            for leading in item.leading {
                self.line_break(depth + 1);
                self.push(leading.range());
            }
            match item.member {
                Some(Member::Node(child)) => {
                    self.line_break(depth + 1);
                    self.element(child, depth + 1);
                }
                Some(Member::Added(text)) => {
                    self.line_break(depth + 1);
                    self.out.push_str(text);
                }
                None => {}
            }
        }
        self.line_break(depth);
        self.push(content_end..range.end);
    }

    /// The children of a container, comments attached to the element after them, and the
    /// elements the Windows forms add.
    fn items<'a, 'input>(&self, node: Node<'a, 'input>) -> Vec<Item<'a, 'input>> {
        let mut items = Vec::new();
        let mut leading = Vec::new();
        for child in node.children() {
            match child.node_type() {
                NodeType::Element => {
                    items.push(Item {
                        leading: std::mem::take(&mut leading),
                        member: Some(Member::Node(child)),
                    });
                    if let Some(added) = self.plan.added_after(child) {
                        items.push(Item {
                            leading: Vec::new(),
                            member: Some(Member::Added(added)),
                        });
                    }
                }
                NodeType::Comment | NodeType::PI => leading.push(child),
                _ => {}
            }
        }
        if !leading.is_empty() {
            items.push(Item {
                leading,
                member: None,
            });
        }
        items
    }
}

/// The order Windows writes the children of `node` in, for the three ranked containers.
fn order_of(node: Node) -> Option<WriteBackOrder> {
    write_back::order_of(ranked_path(node)?)
}

/// The path of `node` when it is one of the ranked containers (by local name, as M005 reads it).
fn ranked_path(node: Node) -> Option<&'static str> {
    let parent = node.parent()?;
    match node.tag_name().name() {
        "VPNProfile" if parent.is_root() => Some("VPNProfile"),
        "NativeProfile" if ranked_path(parent) == Some("VPNProfile") => {
            Some("VPNProfile/NativeProfile")
        }
        "CryptographySuite" if ranked_path(parent) == Some("VPNProfile/NativeProfile") => {
            Some("VPNProfile/NativeProfile/CryptographySuite")
        }
        _ => None,
    }
}

/// Sorts the items of a ranked container as the module documentation says: the ranked
/// elements (with their comments), stably by rank, into the places ranked elements held; every
/// other item stays where it is ([`write_back::placement`]).
fn reorder<'a, 'input>(
    items: Vec<Item<'a, 'input>>,
    order: WriteBackOrder,
) -> Vec<Item<'a, 'input>> {
    let groups: Vec<Option<usize>> = items
        .iter()
        .map(|item| match &item.member {
            Some(Member::Node(node)) => {
                write_back::rank(order, node.tag_name().name()).map(|(group, _)| group)
            }
            _ => None,
        })
        .collect();
    let mut items: Vec<Option<Item>> = items.into_iter().map(Some).collect();
    write_back::placement(&groups)
        .into_iter()
        .filter_map(|from| items.get_mut(from).and_then(Option::take))
        .collect()
}

/// For an element that is laid out as a container, where its content starts and ends (after
/// the start tag, before the end tag); `None` when it is copied verbatim.
fn container_content(input: &str, node: Node) -> Option<(usize, usize)> {
    if !node.children().any(|c| c.is_element()) || preserves_space(node) {
        return None;
    }
    let range = node.range();
    let content_start = start_tag_end(input, range.start);
    let content_end = range.start + input.get(range.clone())?.rfind("</")?;
    if content_end < content_start {
        return None;
    }
    // Text other than whitespace between the children (mixed content, a CDATA section): the
    // whitespace around it is part of the value.
    let mut at = content_start;
    for child in node.children().filter(|c| !c.is_text()) {
        let child_range = child.range();
        if !is_whitespace(input.get(at..child_range.start)?) {
            return None;
        }
        at = child_range.end;
    }
    is_whitespace(input.get(at..content_end)?).then_some((content_start, content_end))
}

fn is_whitespace(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn preserves_space(node: Node) -> bool {
    node.attributes().any(|a| {
        a.namespace() == Some(XML_NAMESPACE) && a.name() == "space" && a.value() == "preserve"
    })
}
