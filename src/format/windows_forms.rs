//! The two details of the read-back form that `intune-win11-servers-workaround` (M006)
//! describes, applied only where the profile leaves no doubt about what Windows writes back:
//!
//! - each `Servers` entry without a `;friendly-name` part is written `name;name` (Windows
//!   writes the friendly name back as the server name). Only entries that are a valid host
//!   name or IP address are changed, and only in a `Servers` element written as plain text
//!   (no entity, CDATA or comment inside), the only one of the only `NativeProfile`;
//! - `<MachineMethod>Eap</MachineMethod>` is added right after `UserMethod` `Eap` (the rule's
//!   help) when `Authentication` has no `MachineMethod` and the profile is a user tunnel for
//!   certain (no `DeviceTunnel`, or `DeviceTunnel` exactly `false`: any other value is either
//!   a device tunnel or one Windows may read either way).
//!
//! The changes are planned on the tree, by node, and carried out while the tree is written.

use crate::model::schema;
use crate::rules::util::{host_name_problem, ip_literal};
use crate::span::start_tag_end;
use roxmltree::{Document, Node, NodeId};

/// What the Windows forms change: elements written differently, elements added after others.
#[derive(Debug, Default)]
pub(super) struct Plan {
    replaced: Vec<(NodeId, String)>,
    added_after: Vec<(NodeId, &'static str)>,
}

impl Plan {
    /// The whole element as it is written instead, if the plan rewrites it.
    pub(super) fn replacement(&self, node: Node) -> Option<&str> {
        self.replaced
            .iter()
            .find(|(id, _)| *id == node.id())
            .map(|(_, text)| text.as_str())
    }

    /// An element written right after `node`, if the plan adds one there.
    pub(super) fn added_after(&self, node: Node) -> Option<&'static str> {
        self.added_after
            .iter()
            .find(|(id, _)| *id == node.id())
            .map(|(_, text)| *text)
    }
}

const MACHINE_METHOD_EAP: &str = "<MachineMethod>Eap</MachineMethod>";

pub(super) fn plan(tree: &Document, input: &str) -> Plan {
    let mut plan = Plan::default();
    let root = tree.root_element();
    if root.tag_name().name() != "VPNProfile" {
        return plan;
    }
    let Some(native) = only_child(root, "NativeProfile") else {
        return plan;
    };
    if let Some(servers) = only_child(native, "Servers") {
        if let Some(rewritten) = servers_with_friendly_names(servers, input) {
            plan.replaced.push((servers.id(), rewritten));
        }
    }
    if let Some(user_method) = user_method_needing_machine_method(root, native, input) {
        plan.added_after
            .push((user_method.id(), MACHINE_METHOD_EAP));
    }
    plan
}

/// The only child element of `node` named `name`; `None` when there is none or several.
fn only_child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    let mut named = node
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == name);
    let only = named.next()?;
    named.next().is_none().then_some(only)
}

/// The text of an element written as plain text: one text child whose source is the text
/// itself (no entity, no CDATA section, no comment), with the range of that source.
fn plain_text<'a>(node: Node<'a, '_>, input: &'a str) -> Option<(&'a str, std::ops::Range<usize>)> {
    let mut children = node.children();
    let only = children.next()?;
    if children.next().is_some() || !only.is_text() {
        return None;
    }
    let range = node.range();
    let start = start_tag_end(input, range.start);
    let end = range.start + input.get(range.clone())?.rfind("</")?;
    let source = input.get(start..end)?;
    (only.text() == Some(source)).then_some((source, start..end))
}

/// The `Servers` element with `;name` added to each entry that has no friendly name; `None`
/// when nothing changes.
fn servers_with_friendly_names(servers: Node, input: &str) -> Option<String> {
    let (text, content) = plain_text(servers, input)?;
    let rewritten: Vec<String> = text.split(',').map(with_friendly_name).collect();
    let rewritten = rewritten.join(",");
    if rewritten == text {
        return None;
    }
    let range = servers.range();
    Some(format!(
        "{}{rewritten}{}",
        input.get(range.start..content.start)?,
        input.get(content.end..range.end)?
    ))
}

/// One `Servers` entry as Windows writes it back: `name;name` for a bare, valid name or
/// address (whitespace around it kept as written); anything else unchanged.
fn with_friendly_name(entry: &str) -> String {
    let server = entry.trim();
    let valid = ip_literal(server).is_some() || host_name_problem(server).is_none();
    if entry.contains(';') || server.is_empty() || !valid {
        return entry.to_owned();
    }
    let end = entry.len() - entry.trim_start().len() + server.len();
    let (head, tail) = entry.split_at(end);
    format!("{head};{server}{tail}")
}

/// `UserMethod` of a user tunnel's only `Authentication` when it says `Eap` and no
/// `MachineMethod` is there.
fn user_method_needing_machine_method<'a, 'input>(
    root: Node<'a, 'input>,
    native: Node<'a, 'input>,
    input: &str,
) -> Option<Node<'a, 'input>> {
    let device_tunnels: Vec<Node> = root
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "DeviceTunnel")
        .collect();
    let user_tunnel = match device_tunnels.as_slice() {
        [] => true,
        [only] => plain_text(*only, input).is_some_and(|(text, _)| text == "false"),
        _ => false,
    };
    if !user_tunnel {
        return None;
    }
    let authentication = only_child(native, "Authentication")?;
    let has_machine_method = authentication
        .children()
        .any(|c| c.is_element() && c.tag_name().name() == "MachineMethod");
    if has_machine_method {
        return None;
    }
    let user_method = only_child(authentication, "UserMethod")?;
    let (text, _) = plain_text(user_method, input)?;
    // An unprefixed `UserMethod`, so that the added element is in its namespace.
    let unprefixed = input
        .get(user_method.range().start + 1..)
        .is_some_and(|tag| tag.starts_with("UserMethod"));
    let eap = schema::canonical_enum(schema::USER_METHODS, text) == Some("EAP");
    (eap && unprefixed).then_some(user_method)
}
