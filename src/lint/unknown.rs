//! Values a script only gets when it runs are not judged.
//!
//! A profile built by a PowerShell script holds placeholders (`$Servers`) where the value is
//! a parameter without a default or a cmdlet's output. A finding whose innermost element is
//! the element holding such a placeholder judges a value profile-lint does not know (its
//! format, or its absence when the placeholder may be the missing part), so it is dropped:
//! `powershell-interpolated-profile` says once which values were not checked.
//!
//! Rules about element names and structure, not values, keep their findings.

use crate::diagnostic::{Coordinates, Diagnostic};
use crate::source::WrapperInfo;
use crate::span::Span;
use roxmltree::{Document, Node, NodeId};
use std::collections::HashSet;

/// Rules that judge element names or the order of elements, never a value.
const ABOUT_STRUCTURE: &[&str] = &[
    "xml-syntax",
    "unknown-element",
    "csp-node-name-in-profilexml",
    "duplicate-singleton",
    "intune-win11-element-order",
];

/// `diagnostics` without those that judge an unknown value.
pub(crate) fn drop_judgements_of_unknowns(
    diagnostics: Vec<Diagnostic>,
    tree: Option<&Document>,
    wrapper: &WrapperInfo,
) -> Vec<Diagnostic> {
    let (Some(tree), Some(script)) = (tree, wrapper.script.as_ref()) else {
        return diagnostics;
    };
    if script.unknowns.is_empty() {
        return diagnostics;
    }
    let elements = Elements::of(tree);
    let holding: HashSet<NodeId> = script
        .unknowns
        .iter()
        .filter_map(|u| elements.innermost(u.document))
        .collect();
    diagnostics
        .into_iter()
        .filter(|d| {
            d.coordinates != Coordinates::Document
                || ABOUT_STRUCTURE.contains(&d.rule.name())
                || !elements
                    .innermost(d.span)
                    .is_some_and(|id| holding.contains(&id))
        })
        .collect()
}

/// The elements of a tree in document order, to find the innermost one around a span in
/// logarithmic time (a profile can have many findings).
struct Elements<'a, 'input> {
    nodes: Vec<Node<'a, 'input>>,
}

impl<'a, 'input> Elements<'a, 'input> {
    fn of(tree: &'a Document<'input>) -> Self {
        Elements {
            nodes: tree.descendants().filter(Node::is_element).collect(),
        }
    }

    /// The innermost element whose range contains `span`.
    fn innermost(&self, span: Span) -> Option<NodeId> {
        let after = self
            .nodes
            .partition_point(|n| n.range().start <= span.start);
        let mut node = *self.nodes.get(after.checked_sub(1)?)?;
        loop {
            let range = node.range();
            if range.start <= span.start && span.end <= range.end {
                return Some(node.id());
            }
            node = node.parent_element()?;
        }
    }
}
