//! Element paths: where a finding is, as the local names from the root element down to the
//! deepest element holding it, joined by `/` (`VPNProfile/NativeProfile/Servers`).
//!
//! Policy rules address elements this way, and baselines key findings on it instead of line
//! numbers, so that editing one part of a profile does not invalidate the baseline entries of
//! another (the weakness of line-number baselines discussed in ruff #1149).

use crate::span::Span;
use roxmltree::{Document, Node, NodeId};

/// The path of the deepest element whose range holds `span` (document coordinates), or `None`
/// when the span is outside the root element (XML declaration, leading comments).
///
/// Found by position rather than by walking down through the children: nodes are stored in
/// document order, so the last node starting at or before the span is inside the element
/// sought, which is then one of its few ancestors. Scanning the children at each level cost a
/// pass over all siblings per finding, quadratic in a profile with many findings among many
/// siblings (40,000 routes).
pub fn at(tree: &Document, span: Span) -> Option<String> {
    let root = tree.root_element();
    if !holds(root, span) {
        return None;
    }
    let node_at = |id: usize| tree.get_node(NodeId::new(u32::try_from(id).ok()?));
    let starts_before = |id: usize| node_at(id).is_some_and(|n| n.range().start <= span.start);
    // The last node in document order is the deepest of the last children.
    let mut last = tree.root();
    while let Some(child) = last.last_child() {
        last = child;
    }
    let (mut low, mut high) = (0, last.id().get_usize() + 1);
    while low < high {
        let middle = low + (high - low) / 2;
        if starts_before(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    let deepest = low
        .checked_sub(1)
        .and_then(node_at)
        .and_then(|n| n.ancestors().find(|a| a.is_element() && holds(*a, span)))
        .unwrap_or(root);
    let mut names: Vec<&str> = deepest
        .ancestors()
        .filter(Node::is_element)
        .map(|n| n.tag_name().name())
        .collect();
    names.reverse();
    Some(names.join("/"))
}

fn holds(node: Node, span: Span) -> bool {
    let range = node.range();
    range.start <= span.start
        && span.end <= range.end
        && span.start < range.end.max(range.start + 1)
}

/// The elements at `path` (segments of local names from the root; `*` matches any one name).
pub fn select<'a, 'input>(tree: &'a Document<'input>, path: &[String]) -> Vec<Node<'a, 'input>> {
    let root = tree.root_element();
    let Some((first, rest)) = path.split_first() else {
        return Vec::new();
    };
    if !segment_matches(first, root) {
        return Vec::new();
    }
    let mut current = vec![root];
    for segment in rest {
        current = current
            .iter()
            .flat_map(|n| {
                n.children()
                    .filter(|c| c.is_element() && segment_matches(segment, *c))
            })
            .collect();
    }
    current
}

/// The deepest existing element along `path`, and how many segments it covers (for pointing
/// at the place where a required element is missing).
pub fn deepest_existing<'a, 'input>(
    tree: &'a Document<'input>,
    path: &[String],
) -> Option<(Node<'a, 'input>, usize)> {
    let root = tree.root_element();
    if !path.first().is_some_and(|s| segment_matches(s, root)) {
        return None;
    }
    let mut node = root;
    let mut depth = 1;
    for segment in &path[1..] {
        match node
            .children()
            .find(|c| c.is_element() && segment_matches(segment, *c))
        {
            Some(child) => {
                node = child;
                depth += 1;
            }
            None => break,
        }
    }
    Some((node, depth))
}

fn segment_matches(segment: &str, node: Node) -> bool {
    segment == "*" || segment == node.tag_name().name()
}

/// Splits a configured path (`VPNProfile/NativeProfile/Servers`, leading `/` allowed).
pub fn parse(path: &str) -> Vec<String> {
    path.split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = "<VPNProfile><NativeProfile><Servers>a</Servers></NativeProfile><AlwaysOn>true</AlwaysOn></VPNProfile>";

    #[test]
    fn path_of_a_value_names_every_ancestor() {
        let tree = Document::parse(XML).unwrap();
        let offset = XML.find(">a<").unwrap() + 1;
        assert_eq!(
            at(&tree, Span::new(offset, offset + 1)).as_deref(),
            Some("VPNProfile/NativeProfile/Servers")
        );
        assert_eq!(at(&tree, Span::new(0, 1)).as_deref(), Some("VPNProfile"));
        // At the end tag of an element (still inside it), and in a later sibling.
        let end_tag = XML.find("</Servers>").unwrap();
        assert_eq!(
            at(&tree, Span::new(end_tag, end_tag + 2)).as_deref(),
            Some("VPNProfile/NativeProfile/Servers")
        );
        let always_on = XML.find("true").unwrap();
        assert_eq!(
            at(&tree, Span::new(always_on, always_on + 4)).as_deref(),
            Some("VPNProfile/AlwaysOn")
        );
        // A span running past its element belongs to the parent.
        let servers = XML.find("<Servers>").unwrap();
        assert_eq!(
            at(
                &tree,
                Span::new(servers, XML.find("<AlwaysOn>").unwrap() + 1)
            )
            .as_deref(),
            Some("VPNProfile")
        );
        assert_eq!(at(&tree, Span::new(XML.len(), XML.len())), None);
    }

    #[test]
    fn select_follows_names_and_wildcards() {
        let tree = Document::parse(XML).unwrap();
        assert_eq!(
            select(&tree, &parse("/VPNProfile/NativeProfile/Servers")).len(),
            1
        );
        assert_eq!(select(&tree, &parse("VPNProfile/*/Servers")).len(), 1);
        assert!(select(&tree, &parse("VPNProfile/PluginProfile")).is_empty());
        let (node, depth) =
            deepest_existing(&tree, &parse("VPNProfile/NativeProfile/Routes/Route")).unwrap();
        assert_eq!((node.tag_name().name(), depth), ("NativeProfile", 2));
    }
}
