//! Element paths: where a finding is, as the local names from the root element down to the
//! deepest element holding it, joined by `/` (`VPNProfile/NativeProfile/Servers`).
//!
//! Policy rules address elements this way, and baselines key findings on it instead of line
//! numbers, so that editing one part of a profile does not invalidate the baseline entries of
//! another (the weakness of line-number baselines discussed in ruff #1149).

use crate::span::Span;
use roxmltree::{Document, Node};

/// The path of the deepest element whose range holds `span` (document coordinates), or `None`
/// when the span is outside the root element (XML declaration, leading comments).
pub fn at(tree: &Document, span: Span) -> Option<String> {
    let root = tree.root_element();
    if !holds(root, span) {
        return None;
    }
    let mut names = vec![root.tag_name().name()];
    let mut node = root;
    while let Some(child) = node.children().find(|c| c.is_element() && holds(*c, span)) {
        names.push(child.tag_name().name());
        node = child;
    }
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
