//! Policies: a conditions object (`NetworkPolicy` or `Proxy_Policies`) joined with its settings
//! object (`RadiusProfiles` or `Proxy_Profiles`), in processing order.
//!
//! Pairing is by identical `name` first: real exports keep a stale `msNPAction` after a
//! policy is renamed or copied, while the settings object follows the policy's name
//! (`research/server-side.md` §1.4). `msNPAction` is the fallback, with a note.

use std::collections::HashMap;

use roxmltree::Node;

use super::values::{self, parse_bool, parse_code, parse_int};
use super::{eap, grammar, tree, AuthType, Condition, NetworkPolicy, Pairing, PolicySettings};
use crate::span::Span;

/// Reads the policies of one kind. Linear in the number of objects: settings are looked up in
/// a map by name.
pub fn read(
    text: &str,
    conditions_container: Option<Node<'_, '_>>,
    settings_container: Option<Node<'_, '_>>,
    notes: &mut Vec<(Span, String)>,
) -> Vec<NetworkPolicy> {
    let settings: Vec<PolicySettings> = settings_container
        .map(|container| {
            tree::child_objects(container)
                .map(|object| read_settings(text, object, notes))
                .collect()
        })
        .unwrap_or_default();
    let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(settings.len());
    for (index, object) in settings.iter().enumerate() {
        if by_name.insert(object.name.as_str(), index).is_some() {
            notes.push((
                object.span,
                format!(
                    "two settings objects are named \"{}\"; the last one is paired",
                    object.name
                ),
            ));
        }
    }

    let mut policies: Vec<NetworkPolicy> = conditions_container
        .map(|container| {
            tree::child_objects(container)
                .map(|object| read_policy(text, object, notes))
                .collect()
        })
        .unwrap_or_default();
    for policy in &mut policies {
        let (found, paired_by) = match by_name.get(policy.name.as_str()) {
            Some(&index) => (Some(index), Some(Pairing::SameName)),
            None => match policy
                .action
                .as_deref()
                .and_then(|action| by_name.get(action))
            {
                Some(&index) => (Some(index), Some(Pairing::Action)),
                None => (None, None),
            },
        };
        match (found, paired_by) {
            (Some(index), Some(Pairing::Action)) => notes.push((
                policy.span,
                format!(
                    "no settings object is named \"{}\"; paired with \"{}\" through msNPAction",
                    policy.name, settings[index].name
                ),
            )),
            (None, _) => notes.push((
                policy.span,
                format!("no settings object found for policy \"{}\"", policy.name),
            )),
            _ => {}
        }
        policy.settings = found.map(|index| settings[index].clone());
        policy.paired_by = paired_by;
    }
    order(&mut policies);
    policies
}

/// NPS's processing order: ascending sequence; document order among equal sequences (a stable
/// sort), flagged because NPS's own tie-break is not known.
fn order(policies: &mut [NetworkPolicy]) {
    policies.sort_by_key(|policy| policy.sequence);
    let mut count: HashMap<i64, usize> = HashMap::new();
    for policy in policies.iter() {
        *count.entry(policy.sequence).or_default() += 1;
    }
    for policy in policies.iter_mut() {
        policy.sequence_tie = count.get(&policy.sequence).copied().unwrap_or(0) > 1;
    }
}

fn read_policy(text: &str, object: Node<'_, '_>, notes: &mut Vec<(Span, String)>) -> NetworkPolicy {
    let span = Span::from(object.range()).start_tag(text);
    let name = tree::object_name(object).to_string();
    let properties = tree::properties(object);
    let enabled = match values::first(text, properties, "Policy_Enabled") {
        Some(value) => parse_bool(&value.text).unwrap_or_else(|| {
            notes.push((
                value.span,
                format!(
                    "Policy_Enabled \"{}\" is not 0 or 1; taken as enabled",
                    value.text
                ),
            ));
            true
        }),
        None => true,
    };
    let sequence = match values::first(text, properties, "msNPSequence") {
        Some(value) => parse_int(&value.text).unwrap_or_else(|| {
            notes.push((
                value.span,
                format!(
                    "msNPSequence \"{}\" is not a number; policy sorted last",
                    value.text
                ),
            ));
            i64::MAX
        }),
        None => {
            notes.push((
                span,
                format!("policy \"{name}\" has no msNPSequence; sorted last"),
            ));
            i64::MAX
        }
    };
    let action = values::first(text, properties, "msNPAction")
        .map(|value| value.text)
        .filter(|action| !action.is_empty());
    let conditions = values::all(text, properties, "msNPConstraint")
        .into_iter()
        .map(|value| Condition {
            kind: grammar::parse(&value.text),
            text: value.text,
            span: value.span,
        })
        .collect();
    NetworkPolicy {
        name,
        span,
        enabled,
        sequence,
        sequence_tie: false,
        action,
        conditions,
        settings: None,
        paired_by: None,
    }
}

fn read_settings(
    text: &str,
    object: Node<'_, '_>,
    notes: &mut Vec<(Span, String)>,
) -> PolicySettings {
    let properties = tree::properties(object);
    let mut flag = |name: &str| {
        let value = values::first(text, properties, name)?;
        let parsed = parse_bool(&value.text);
        if parsed.is_none() {
            notes.push((
                value.span,
                format!("{name} \"{}\" is not 0 or 1; ignored", value.text),
            ));
        }
        parsed
    };
    let allow_access = flag("msNPAllowDialin");
    let ignore_user_dialin = flag("msIgnoreUserDialinProperties");
    let override_auth = flag("msOverrideRAPAuth");
    let mut codes = |name: &str| -> Vec<(u32, Span)> {
        values::all(text, properties, name)
            .into_iter()
            .filter_map(|value| match parse_code(&value.text) {
                Some(code) => Some((code, value.span)),
                None => {
                    notes.push((
                        value.span,
                        format!("{name} \"{}\" is not a number; ignored", value.text),
                    ));
                    None
                }
            })
            .collect()
    };
    let auth_types = codes("msNPAuthenticationType2")
        .into_iter()
        .map(|(code, span)| AuthType { code, span })
        .collect();
    let allowed_port_types = codes("msNPAllowedPortTypes")
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    let auth_provider = codes("msAuthProviderType").first().map(|(code, _)| *code);
    let service_type = codes("msRADIUSServiceType").first().map(|(code, _)| *code);
    let framed_protocol = codes("msRADIUSFramedProtocol")
        .first()
        .map(|(code, _)| *code);

    let mut eap_types = Vec::new();
    for value in values::all(text, properties, "msNPAllowedEapType") {
        match eap::read_allowed_type(&value) {
            Ok(eap_type) => eap_types.push(eap_type),
            Err(note) => notes.push((value.span, note)),
        }
    }
    let mut eap_configs = Vec::new();
    for value in values::all(text, properties, "msEAPConfiguration") {
        match eap::read_config(&value) {
            Ok((config, note)) => {
                if let Some(note) = note {
                    notes.push((value.span, note));
                }
                eap_configs.push(config);
            }
            Err(note) => notes.push((value.span, note)),
        }
    }
    PolicySettings {
        name: tree::object_name(object).to_string(),
        span: Span::from(object.range()).start_tag(text),
        allow_access,
        ignore_user_dialin,
        auth_types,
        eap_types,
        eap_configs,
        override_auth,
        auth_provider,
        auth_provider_name: values::first(text, properties, "msAuthProviderName")
            .map(|value| value.text)
            .filter(|name| !name.is_empty()),
        allowed_port_types,
        service_type,
        framed_protocol,
    }
}
