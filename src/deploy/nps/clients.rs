//! RADIUS clients (`Protocols/Microsoft Radius Protocol/Clients`), and whether the export holds
//! shared secrets at all. Secrets are plain text in the export (`exportPSK=YES`); only their
//! presence and length leave this module.

use roxmltree::Node;

use super::values::{self, parse_bool};
use super::{tree, RadiusClient};
use crate::span::Span;

/// Properties that hold a RADIUS shared secret in clear text (clients, remote RADIUS servers,
/// shared-secret templates).
const SECRET_PROPERTIES: [&str; 4] = [
    "Shared_Secret",
    "Authentication_Secret",
    "Accounting_Secret",
    "RADIUS_Shared_Secret",
];

pub fn read(
    text: &str,
    service: Node<'_, '_>,
    notes: &mut Vec<(Span, String)>,
) -> Vec<RadiusClient> {
    let Some(clients) = tree::child_object(service, "Protocols")
        .and_then(|protocols| tree::child_object(protocols, "Microsoft Radius Protocol"))
        .and_then(|radius| tree::child_object(radius, "Clients"))
    else {
        return Vec::new();
    };
    tree::child_objects(clients)
        .map(|object| read_client(text, object, notes))
        .collect()
}

fn read_client(text: &str, object: Node<'_, '_>, notes: &mut Vec<(Span, String)>) -> RadiusClient {
    let span = Span::from(object.range()).start_tag(text);
    let properties = tree::properties(object);
    let mut flag = |name: &str, default: bool| match values::first(text, properties, name) {
        Some(value) => parse_bool(&value.text).unwrap_or_else(|| {
            notes.push((
                value.span,
                format!(
                    "{name} \"{}\" is not 0 or 1; taken as {}",
                    value.text,
                    u8::from(default)
                ),
            ));
            default
        }),
        None => default,
    };
    let enabled = flag("Radius_Client_Enabled", true);
    let require_signature = flag("Require_Signature", false);
    let secret_chars = values::first(text, properties, "Shared_Secret")
        .map(|secret| secret.text.chars().count())
        .filter(|&chars| chars > 0);
    let secret_from_template = values::first(text, properties, "Client_Secret_Template_Guid")
        .is_some_and(|guid| !is_zero_guid(&guid.text));
    let address = values::first(text, properties, "IP_Address")
        .map(|value| value.text)
        .unwrap_or_default();
    if address.is_empty() {
        notes.push((
            span,
            format!(
                "RADIUS client \"{}\" has no IP_Address",
                tree::object_name(object)
            ),
        ));
    }
    RadiusClient {
        name: tree::object_name(object).to_string(),
        span,
        address,
        enabled,
        require_signature,
        secret_chars,
        secret_from_template,
    }
}

fn is_zero_guid(text: &str) -> bool {
    text.is_empty() || text.chars().all(|c| matches!(c, '0' | '-' | '{' | '}'))
}

/// Whether any object outside the type schema (`SDO_Schema` describes the secret properties
/// without holding values) carries a non-empty secret.
pub fn holds_secrets(root: Node<'_, '_>) -> bool {
    let mut stack: Vec<Node<'_, '_>> = root.children().filter(Node::is_element).collect();
    while let Some(node) = stack.pop() {
        let tag = node.tag_name().name();
        if tag == "SDO_Schema" {
            continue;
        }
        let has_elements = node.children().any(|child| child.is_element());
        if !has_elements && SECRET_PROPERTIES.contains(&tag) {
            let holds_text = node
                .children()
                .filter_map(|child| child.text())
                .any(|part| !part.trim().is_empty());
            if holds_text {
                return true;
            }
        }
        stack.extend(node.children().filter(Node::is_element));
    }
    false
}
