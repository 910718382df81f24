//! Small helpers over roxmltree nodes.

use super::Leaf;
use crate::span::Span;
use roxmltree::Node;
use std::borrow::Cow;

pub fn span_of(node: Node) -> Span {
    node.range().into()
}

/// Span of the element name inside its start tag (`<Name`), for findings about the element.
pub fn name_span(node: Node) -> Span {
    let start = node.range().start + 1;
    let name = node.tag_name().name();
    // A prefixed name (`eapTls:EapType`) still starts right after '<'.
    let prefix_len = node
        .tag_name()
        .namespace()
        .and_then(|ns| node.lookup_prefix(ns))
        .map_or(0, |p| p.len() + 1);
    Span::new(start, start + prefix_len + name.len())
}

pub fn elements<'a, 'input>(node: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(Node::is_element)
}

/// First child element with this local name.
pub fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    elements(node).find(|n| n.tag_name().name() == name)
}

pub fn children_named<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a
where
    'input: 'a,
{
    elements(node).filter(move |n| n.tag_name().name() == name)
}

/// The element as a leaf: all its text (children's text excluded), and the span of that text.
pub fn leaf<'doc>(node: Node<'doc, '_>) -> Leaf<'doc> {
    let element_span = span_of(node);
    // Fast path: the usual leaf, whose only child is one text node.
    if let Some(only) = node
        .first_child()
        .filter(|c| c.is_text() && c.next_sibling().is_none())
    {
        let range = only.range();
        return Leaf {
            text: Cow::Borrowed(only.text().unwrap_or("")),
            value_span: if range.end > range.start {
                range.into()
            } else {
                element_span
            },
            element_span,
        };
    }
    // One allocation of the exact size: elements with child elements have many text parts
    // (the whitespace between the children), and growing the string part by part reallocated.
    let size = node
        .children()
        .filter(Node::is_text)
        .map(|part| part.text().map_or(0, str::len))
        .sum();
    let mut text = String::with_capacity(size);
    let mut first: Option<usize> = None;
    let mut last = 0;
    for part in node.children().filter(Node::is_text) {
        text.push_str(part.text().unwrap_or(""));
        let range = part.range();
        first.get_or_insert(range.start);
        last = range.end;
    }
    let value_span = match first {
        Some(start) if last > start => Span::new(start, last),
        _ => element_span,
    };
    Leaf {
        text: Cow::Owned(text),
        value_span,
        element_span,
    }
}

pub fn child_leaf<'doc>(node: Node<'doc, '_>, name: &str) -> Option<Leaf<'doc>> {
    child(node, name).map(leaf)
}

/// An attribute as a leaf (value span excludes the quotes).
pub fn attribute_leaf<'doc>(node: Node<'doc, '_>, name: &str) -> Option<Leaf<'doc>> {
    let attribute = node.attributes().find(|a| a.name() == name)?;
    Some(Leaf {
        text: Cow::Borrowed(attribute.value()),
        value_span: attribute.range_value().into(),
        element_span: attribute.range().into(),
    })
}

/// The element children of one node with their names, collected once. `VPNProfile` holds
/// hundreds of `Route`s, and the model looks up some twenty children there: scanning the tree
/// for each lookup was the largest cost of building the model (docs/performance.md).
pub struct ChildIndex<'a, 'input> {
    children: Vec<(&'a str, Node<'a, 'input>)>,
}

impl<'a, 'input> ChildIndex<'a, 'input> {
    pub fn new(node: Node<'a, 'input>) -> Self {
        // Sized up front (counting is cheaper than growing a list of hundreds by doubling).
        let mut children = Vec::with_capacity(elements(node).count());
        children.extend(elements(node).map(|n| (n.tag_name().name(), n)));
        ChildIndex { children }
    }

    /// First child element with this local name.
    pub fn child(&self, name: &str) -> Option<Node<'a, 'input>> {
        self.children
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, node)| *node)
    }

    pub fn leaf(&self, name: &str) -> Option<Leaf<'a>> {
        self.child(name).map(leaf)
    }

    /// Child elements with this local name, in document order.
    pub fn named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = Node<'a, 'input>> + 's {
        self.children
            .iter()
            .filter(move |(n, _)| *n == name)
            .map(|(_, node)| *node)
    }
}
