//! Whether a policy's conditions hold for a VPN request that RRAS forwards to NPS, as far as
//! that can be known offline. Group membership, time of day and the RADIUS client's address
//! are not in any file we read, so conditions on them are [`Tri::Unknown`], never false
//! (`research/server-side.md` §0 rule 3, §1.14).

use regex::RegexBuilder;
use serde::Serialize;

use super::{Condition, ConditionKind, NetworkPolicy};

/// A three-valued answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Tri {
    True,
    False,
    Unknown,
}

/// Attribute values known for a request; every other attribute is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    pub attributes: Vec<(String, String)>,
}

impl RequestFacts {
    /// What every RRAS VPN request (IKEv2, SSTP, L2TP, PPTP) carries: NAS-Port-Type 5
    /// (Virtual), MS-RAS-Vendor 311 (Microsoft), Service-Type 2 (Framed), Framed-Protocol 1
    /// (PPP).
    pub fn rras_vpn() -> Self {
        let known = [
            ("NAS-Port-Type", "5"),
            ("MS-RAS-Vendor", "311"),
            ("Service-Type", "2"),
            ("Framed-Protocol", "1"),
        ];
        RequestFacts {
            attributes: known
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect(),
        }
    }

    /// The value of `attribute` (names compare case-insensitively, as NPS shows them in
    /// varying case).
    pub fn value(&self, attribute: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(attribute.trim()))
            .map(|(_, value)| value.as_str())
    }
}

/// Bound on a compiled pattern, so a hostile export cannot make us build a huge automaton.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// Whether one condition holds for the request.
pub fn evaluate(condition: &Condition, request: &RequestFacts) -> Tri {
    match &condition.kind {
        ConditionKind::Match { attribute, pattern } => match request.value(attribute) {
            Some(value) => matches(pattern, value),
            None => Tri::Unknown,
        },
        ConditionKind::Groups { .. } | ConditionKind::TimeOfDay(_) | ConditionKind::Unknown => {
            Tri::Unknown
        }
    }
}

/// Whether all of a policy's conditions hold (NPS ANDs them): false as soon as one is false,
/// unknown if any is unknown. A policy with no condition never matches (NPS requires one).
pub fn evaluate_all(conditions: &[Condition], request: &RequestFacts) -> Tri {
    if conditions.is_empty() {
        return Tri::False;
    }
    let mut answer = Tri::True;
    for condition in conditions {
        match evaluate(condition, request) {
            Tri::False => return Tri::False,
            Tri::Unknown => answer = Tri::Unknown,
            Tri::True => {}
        }
    }
    answer
}

/// Whether the policy visibly targets RRAS VPN requests: one of its conditions tests
/// NAS-Port-Type or MS-RAS-Vendor and holds for the values RRAS sends.
pub fn targets_vpn(policy: &NetworkPolicy) -> bool {
    let vpn = RequestFacts::rras_vpn();
    policy.conditions.iter().any(|condition| {
        let on_vpn_attribute = matches!(
            &condition.kind,
            ConditionKind::Match { attribute, .. }
                if attribute.eq_ignore_ascii_case("NAS-Port-Type")
                    || attribute.eq_ignore_ascii_case("MS-RAS-Vendor")
        );
        on_vpn_attribute && evaluate(condition, &vpn) == Tri::True
    })
}

/// Searches `value` with the .NET-style `pattern` (unanchored unless the pattern anchors
/// itself). Patterns the `regex` crate cannot compile (look-around, back-references) are
/// unknown rather than guessed.
fn matches(pattern: &str, value: &str) -> Tri {
    if let Some(answer) = plain_match(pattern, value) {
        return answer;
    }
    match RegexBuilder::new(pattern)
        .size_limit(PATTERN_SIZE_LIMIT)
        .dfa_size_limit(PATTERN_SIZE_LIMIT)
        .build()
    {
        Ok(regex) if regex.is_match(value) => Tri::True,
        Ok(_) => Tri::False,
        Err(_) => Tri::Unknown,
    }
}

/// The common shapes (`^5$`, `311`) without compiling a regex: an export of thousands of
/// policies is then evaluated in microseconds.
fn plain_match(pattern: &str, value: &str) -> Option<Tri> {
    let anchored_start = pattern.starts_with('^');
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let anchored_end = body.ends_with('$') && !body.ends_with("\\$");
    let body = if anchored_end {
        &body[..body.len() - 1]
    } else {
        body
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ' ')
    {
        return None;
    }
    let found = match (anchored_start, anchored_end) {
        (true, true) => value == body,
        (true, false) => value.starts_with(body),
        (false, true) => value.ends_with(body),
        (false, false) => value.contains(body),
    };
    Some(if found { Tri::True } else { Tri::False })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn condition(text: &str) -> Condition {
        Condition {
            text: text.to_string(),
            span: Span::default(),
            kind: super::super::grammar::parse(text),
        }
    }

    #[test]
    fn nas_port_type_five_is_a_vpn_request() {
        let vpn = RequestFacts::rras_vpn();
        assert_eq!(
            evaluate(&condition(r#"MATCH("NAS-Port-Type=^5$")"#), &vpn),
            Tri::True
        );
        assert_eq!(
            evaluate(&condition(r#"MATCH("NAS-Port-Type=^15$")"#), &vpn),
            Tri::False
        );
        assert_eq!(
            evaluate(&condition(r#"MATCH("NAS-Port-Type=^19$|^18$")"#), &vpn),
            Tri::False
        );
        assert_eq!(
            evaluate(&condition(r#"MATCH("NAS-Port-Type=^5$|^15$")"#), &vpn),
            Tri::True
        );
        assert_eq!(
            evaluate(&condition(r#"MATCH("ms-ras-vendor=^311$")"#), &vpn),
            Tri::True
        );
    }

    #[test]
    fn unanchored_patterns_search() {
        let vpn = RequestFacts::rras_vpn();
        // "1" is found inside "311": NPS searches, it does not compare whole values.
        assert_eq!(
            evaluate(&condition(r#"MATCH("MS-RAS-Vendor=1")"#), &vpn),
            Tri::True
        );
        assert_eq!(
            evaluate(&condition(r#"MATCH("MS-RAS-Vendor=^1")"#), &vpn),
            Tri::False
        );
        assert_eq!(
            evaluate(&condition(r#"MATCH("MS-RAS-Vendor=11$")"#), &vpn),
            Tri::True
        );
    }

    #[test]
    fn what_is_not_known_offline_is_unknown() {
        let vpn = RequestFacts::rras_vpn();
        for text in [
            r#"NTGROUPS("S-1-5-21-1-2-3-1105")"#,
            r#"TIMEOFDAY("0 00:00-24:00")"#,
            r#"MATCH("Client-IP-Address=10.0.0.1")"#,
            r#"MATCH("Client-Friendly-Name=RRAS")"#,
            r#"MATCH("Calling-Station-Id=00-11")"#,
            r#"SOMETHING("x")"#,
            // Look-behind: .NET has it, the regex crate does not.
            r#"MATCH("NAS-Port-Type=(?<=x)5")"#,
        ] {
            assert_eq!(evaluate(&condition(text), &vpn), Tri::Unknown, "{text}");
        }
    }

    #[test]
    fn all_conditions_must_hold() {
        let vpn = RequestFacts::rras_vpn();
        let port = condition(r#"MATCH("NAS-Port-Type=^5$")"#);
        let group = condition(r#"NTGROUPS("S-1-5-21-1-2-3-1105")"#);
        let wireless = condition(r#"MATCH("NAS-Port-Type=^19$")"#);
        assert_eq!(evaluate_all(std::slice::from_ref(&port), &vpn), Tri::True);
        assert_eq!(
            evaluate_all(&[port.clone(), group.clone()], &vpn),
            Tri::Unknown
        );
        assert_eq!(evaluate_all(&[group, wireless], &vpn), Tri::False);
        assert_eq!(evaluate_all(&[], &vpn), Tri::False);
    }

    #[test]
    fn plain_patterns_agree_with_the_regex_engine() {
        for (pattern, value) in [
            ("^5$", "5"),
            ("^5$", "15"),
            ("5", "15"),
            ("^31", "311"),
            ("11$", "311"),
            ("^a b$", "a b"),
        ] {
            let regex = regex::Regex::new(pattern).unwrap().is_match(value);
            assert_eq!(
                plain_match(pattern, value),
                Some(if regex { Tri::True } else { Tri::False }),
                "{pattern} {value}"
            );
        }
        assert_eq!(plain_match("^5|6$", "5"), None);
    }
}
