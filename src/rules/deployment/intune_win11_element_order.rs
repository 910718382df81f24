//! M005 `intune-win11-element-order`: elements not in the order Windows writes them back.
//!
//! Why: Intune compares the ProfileXML it sent with what the device reports back and re-applies
//! the profile when they differ; Richard Hicks' reference profiles were reordered because "XML
//! element order is critical when deploying XML configuration files using Intune to Windows 11
//! endpoints". The mechanism is undocumented.
//!
//! Which order: the order Windows itself emits, as seen in Windows' read-back of ProfileXML
//! (`Get-WmiObject MDM_VPNv2_01` output in Microsoft's deployment guide) and in Hicks' reordered
//! reference files. That order is *not* the XSD sequence (Windows writes `NativeProfile` before
//! `Route`, `TrafficFilter` and `DomainNameInformation`, and `Authentication` before
//! `CryptographySuite`), so the XSD sequence is not used. Only pairs of elements whose relative
//! order those sources show are checked; elements they never show (`LockDown`, `EdpModeId`,
//! `AppTrigger`, ...) are not ranked. The ranks are in [`crate::model::write_back`], shared with
//! the formatter, whose output this rule must accept.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::meta::Deployment;
use crate::model::write_back::{
    self, rank, CRYPTOGRAPHY_SUITE_ORDER, NATIVE_PROFILE_ORDER, VPN_PROFILE_ORDER,
};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;
use roxmltree::{Node, NodeType};

pub struct IntuneWin11ElementOrder;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M005",
    name: "intune-win11-element-order",
    // `info`, not the catalogue's `warning`: only Intune → Windows 11 delivery is affected, which a
    // plain file does not reveal, and most working profiles are out of this order (see the page).
    severity: Severity::Info,
    category: Category::Deployment,
    summary: "Children of `VPNProfile`, `NativeProfile` or `CryptographySuite` are not in the order Windows itself writes them back (Intune on Windows 11 re-applies profiles whose read-back differs).",
    predicts: &["Intune reports the profile as failed or keeps re-applying it on Windows 11"],
    evidence: Evidence::Reported,
    // Scripts (WMI bridge, Add-VpnConnection) never compare with the read-back.
    deployments: Deployment::MAYBE_MDM,
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

/// The names of `order` that occur among the children of `container`, in `order`'s order.
/// Most profiles are out of order, so this runs for most files: the children are scanned once
/// (runs of one name, such as hundreds of `Route`s, cost one comparison each).
fn expected_order<'o>(container: Node, order: &[&[&'o str]]) -> Vec<&'o str> {
    // Which of the listed names occur, as bits of their places in `order` (each run of one
    // name, such as the `Route`s, is ranked once).
    let mut present = 0u64;
    let mut previous = "";
    for child in elements(container) {
        let name = child.tag_name().name();
        if name != previous {
            if let Some((_, place)) = rank(order, name) {
                present |= 1 << place;
            }
            previous = name;
        }
    }
    order
        .iter()
        .flat_map(|g| g.iter().copied())
        .enumerate()
        .filter(|(place, _)| present & (1 << place) != 0)
        .map(|(_, name)| name)
        .collect()
}

fn elements<'a, 'input>(node: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(Node::is_element)
}

/// Span of the element name in its start tag (ProfileXML elements carry no prefix).
fn name_span(node: Node) -> Span {
    let start = node.range().start + 1;
    Span::new(start, start + node.tag_name().name().len())
}

impl Rule for IntuneWin11ElementOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(tree) = cx.tree else {
            return;
        };
        let root = tree.root_element();
        if root.tag_name().name() != "VPNProfile" {
            return;
        }
        check_container(cx, root, VPN_PROFILE_ORDER);
        let natives = elements(root).filter(|n| n.tag_name().name() == "NativeProfile");
        for native in natives.take(1) {
            check_container(cx, native, NATIVE_PROFILE_ORDER);
            for suite in elements(native)
                .filter(|n| n.tag_name().name() == "CryptographySuite")
                .take(1)
            {
                check_container(cx, suite, CRYPTOGRAPHY_SUITE_ORDER);
            }
        }
    }
}

/// The children of a container that come after an element Windows writes later, each with
/// the latest-ranked element before it, in document order.
fn misplaced<'a, 'input>(
    container: Node<'a, 'input>,
    order: &[&[&str]],
) -> Vec<(Node<'a, 'input>, Node<'a, 'input>)> {
    let mut found = Vec::new();
    let mut latest: Option<(usize, Node)> = None;
    let mut seen: Vec<&str> = Vec::new();
    // The rank of the previous child's name: runs of `Route`s are ranked once.
    let mut previous: Option<(&str, Option<(usize, usize)>)> = None;
    for child in elements(container) {
        let name = child.tag_name().name();
        let ranked = match previous {
            Some((previous_name, ranked)) if previous_name == name => ranked,
            _ => rank(order, name),
        };
        previous = Some((name, ranked));
        // Names Windows never writes back here (unknown, misplaced, or not shown by the
        // sources) have no place in the order.
        let Some((position, _)) = ranked else {
            continue;
        };
        // Only singletons are remembered: `VPNProfile` holds hundreds of `Route`s, and
        // searching a list of them for every child made this rule quadratic.
        let repeatable = matches!(name, "Route" | "TrafficFilter" | "DomainNameInformation");
        if !repeatable {
            // A second copy of a singleton has no place in the read-back either: Windows
            // keeps one, so there is no order to compare it with.
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
        }
        match latest {
            Some((latest_rank, latest_node)) if position < latest_rank => {
                found.push((child, latest_node));
            }
            Some((latest_rank, _)) if position == latest_rank => {}
            _ => latest = Some((position, child)),
        }
    }
    found
}

/// One finding per container whose children are out of order: at the first misplaced child,
/// with a label at each other misplaced name (once per name: a profile may misplace hundreds
/// of `Route`s), the expected order in the help, and a fix that writes the container's
/// children in Windows' order.
fn check_container(cx: &mut Context, container: Node, order: &[&[&str]]) {
    // Text between the children (a script's value only known at run time standing where
    // elements go) cannot be ordered: what Windows receives there is not known.
    if container
        .children()
        .any(|c| c.is_text() && c.text().is_some_and(|t| !t.trim().is_empty()))
    {
        return;
    }
    let misplaced = misplaced(container, order);
    let Some((first, before)) = misplaced.first().copied() else {
        return;
    };
    let parent = container.tag_name().name();
    let name = first.tag_name().name();
    let after = before.tag_name().name();
    let expected = expected_order(container, order);
    let fix = reorder_fix(cx.xml, container, order);
    let d = cx.report(
        name_span(first),
        format!("`{name}` comes after `{after}`: the children of `{parent}` are not in Windows' read-back order, which Intune on Windows 11 compares with what it sent"),
    );
    d.label(name_span(before), "Windows writes this later");
    let mut labelled = vec![name];
    for (child, _) in &misplaced[1..] {
        let other = child.tag_name().name();
        if !labelled.contains(&other) {
            labelled.push(other);
            d.label(name_span(*child), format!("`{other}` is out of order too"));
        }
    }
    d.help(format!(
        "order the children of `{parent}` as Windows does: {} (`--fix` does it)",
        expected.join(", ")
    ))
    .fix(fix);
}

/// The children of `container` in Windows' order, as one edit from the first child that
/// moves to the end of the last: each element moves with the comments before it, whitespace
/// between elements stays where it is, elements without a rank keep their place (as
/// `profile-lint format` orders them). `None` for mixed content, whose text would move.
fn reorder_fix(xml: &str, container: Node, order: &[&[&str]]) -> Option<Fix> {
    let mut items: Vec<(Span, Option<usize>)> = Vec::new();
    let mut leading: Option<usize> = None;
    for child in container.children() {
        let range = child.range();
        match child.node_type() {
            NodeType::Element => {
                let group = rank(order, child.tag_name().name()).map(|(group, _)| group);
                let start = leading.take().unwrap_or(range.start);
                items.push((Span::new(start, range.end), group));
            }
            NodeType::Comment | NodeType::PI => {
                leading.get_or_insert(range.start);
            }
            NodeType::Text if child.text().is_some_and(|t| t.trim().is_empty()) => {}
            _ => return None,
        }
    }
    let placement = write_back::placement(&items.iter().map(|(_, g)| *g).collect::<Vec<_>>());
    let first = placement
        .iter()
        .enumerate()
        .position(|(at, from)| at != *from)?;
    let last = placement
        .iter()
        .enumerate()
        .rposition(|(at, from)| at != *from)?;
    let mut content = String::new();
    for at in first..=last {
        let (span, _) = items.get(*placement.get(at)?)?;
        content.push_str(xml.get(span.start..span.end)?);
        if at < last {
            let gap = Span::new(items.get(at)?.0.end, items.get(at + 1)?.0.start);
            content.push_str(xml.get(gap.start..gap.end)?);
        }
    }
    let span = Span::new(items.get(first)?.0.start, items.get(last)?.0.end);
    Fix::safe(
        format!(
            "Write the children of `{}` in the order Windows writes them back",
            container.tag_name().name()
        ),
        vec![Edit::replace(span, content)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_fit_the_bitmask_of_expected_order() {
        for order in [
            VPN_PROFILE_ORDER,
            NATIVE_PROFILE_ORDER,
            CRYPTOGRAPHY_SUITE_ORDER,
        ] {
            assert!(order.iter().map(|g| g.len()).sum::<usize>() <= 64);
        }
        assert_eq!(rank(NATIVE_PROFILE_ORDER, "Authentication"), Some((3, 3)));
        assert_eq!(
            rank(VPN_PROFILE_ORDER, "DisableDisconnectButton"),
            Some((5, 6))
        );
        assert_eq!(rank(VPN_PROFILE_ORDER, "Unknown"), None);
    }
}
