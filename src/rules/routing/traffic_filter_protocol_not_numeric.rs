//! R018 `traffic-filter-protocol-not-numeric`: `Protocol` must be an IP protocol number.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct TrafficFilterProtocolNotNumeric;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R018",
    name: "traffic-filter-protocol-not-numeric",
    severity: Severity::Error,
    category: Category::Routing,
    summary: "`TrafficFilter/Protocol` = `TCP`, `UDP` or another name, or a number outside 0–255.",
    predicts: &["traffic filter invalid"],
    evidence: Evidence::Documented,
    fix: FixKind::Mixed,
    ..RuleMeta::BASE
};

/// IANA protocol numbers for the names people write.
const NAMES: &[(&str, u8)] = &[
    ("TCP", 6),
    ("UDP", 17),
    ("ICMP", 1),
    ("IGMP", 2),
    ("GRE", 47),
    ("ESP", 50),
    ("AH", 51),
    ("ICMPv6", 58),
];

impl Rule for TrafficFilterProtocolNotNumeric {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: `Protocol` is "numeric value from 0-255 representing the IP protocol
    /// (TCP = 6, UDP = 17)" (CSP node type int).
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for filter in &profile.traffic_filters {
            let Some(protocol) = &filter.protocol else {
                continue;
            };
            let text = protocol.trimmed();
            if text.parse::<u8>().is_ok() {
                continue;
            }
            let known = NAMES
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(text));
            let (problem, help) = match known {
                Some((name, number)) => (
                    format!("`Protocol` is the name `{text}`; Windows expects the IP protocol number ({name} is {number})"),
                    format!("write `<Protocol>{number}</Protocol>`"),
                ),
                None if text.bytes().all(|b| b.is_ascii_digit()) && !text.is_empty() => (
                    format!("`Protocol` {text} is outside 0–255, the range of IP protocol numbers"),
                    "write the IP protocol number: 6 for TCP, 17 for UDP".to_string(),
                ),
                None if text.is_empty() => (
                    "`Protocol` is empty".to_string(),
                    "write the IP protocol number: 6 for TCP, 17 for UDP".to_string(),
                ),
                None => (
                    format!("`Protocol` `{text}` is not an IP protocol number"),
                    "write the IP protocol number: 6 for TCP, 17 for UDP".to_string(),
                ),
            };
            let span = protocol.trimmed_span();
            let diagnostic = cx.report(span, format!("{problem}: the traffic filter is invalid"));
            diagnostic.help(help);
            if let Some((name, number)) = known {
                let title = format!("Replace `{text}` with `{number}` ({name})");
                let edits = vec![Edit::replace(span, number.to_string())];
                // `ICMP` on an IPv6 filter may mean ICMPv6 (58), not protocol 1.
                diagnostic.fix(if *name == "ICMP" {
                    Fix::unsafe_edit(title, edits)
                } else {
                    Fix::safe(title, edits)
                });
            }
        }
    }
}
