//! R009 `nrpt-rule-without-servers`: an NRPT rule that is an exemption.

use super::{native_profile, server_hosts};
use crate::diagnostic::Severity;
use crate::model::{Leaf, SchemaIssue};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::span::Span;

pub struct NrptRuleWithoutServers;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R009",
    name: "nrpt-rule-without-servers",
    severity: Severity::Info,
    category: Category::Routing,
    summary: "`DomainNameInformation` with neither `DnsServers` nor `WebProxyServers` (an NRPT exemption).",
    predicts: &["names resolved by the interface's normal DNS, not through the tunnel"],
    evidence: Evidence::Reported,
    superseded_by: &[
        &crate::rules::structure::csp_node_name_in_profilexml::META,
        &crate::rules::structure::unknown_element::META,
        &super::nrpt_dnsservers_format::META,
    ],
    ..RuleMeta::BASE
};

fn is_set(leaf: Option<&Leaf>) -> bool {
    leaf.is_some_and(|l| !l.trimmed().is_empty())
}

/// An element inside `within` that Windows does not read and whose name says it was meant
/// to hold servers (`DNSServers`, the CSP node name; `DnsServer`; `ProxyServers`): its name
/// span and name.
fn misspelt_servers(cx: &Context, within: Span) -> Option<(Span, String)> {
    cx.model.issues.iter().find_map(|issue| match issue {
        SchemaIssue::UnknownElement { span, name, .. }
        | SchemaIssue::CspNodeName { span, name, .. }
            if within.start <= span.start && span.end <= within.end =>
        {
            let lower = name.to_ascii_lowercase();
            (lower.contains("server") || lower.contains("dns") || lower.contains("proxy"))
                .then(|| (*span, name.clone()))
        }
        _ => None,
    })
}

impl Rule for NrptRuleWithoutServers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// An NRPT rule without DNS servers is an exemption: matching names use the DNS servers of
    /// the interface (Hicks, "Always On VPN and the Name Resolution Policy Table").
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        // An exemption for the VPN server's own name is the documented fix of
        // `nrpt-covers-vpn-server`, so it is intended.
        let servers = native_profile(cx)
            .map(|(_, native)| server_hosts(native))
            .unwrap_or_default();
        for rule in &profile.domain_name_information {
            if is_set(rule.dns_servers.as_ref()) || is_set(rule.web_proxy_servers.as_ref()) {
                continue;
            }
            // Without `DomainName` the rule matches no name, so it exempts nothing.
            let Some(domain) = &rule.domain_name else {
                continue;
            };
            let name = domain.trimmed();
            let lower = name.trim_end_matches('.').to_ascii_lowercase();
            if servers.contains(&lower) {
                continue;
            }
            let message = format!("the NRPT rule for `{name}` has neither `DnsServers` nor `WebProxyServers`: Windows treats it as an exemption, so these names are resolved by the physical interface's DNS servers, not through the tunnel");
            // `DNSServers` (the CSP node name) or a misspelling: servers were meant, and the
            // finding points at that element, where the schema rules point too.
            if let Some((span, element)) = misspelt_servers(cx, rule.span) {
                cx.report(
                    span,
                    format!("{message} (Windows does not read `{element}`)"),
                )
                .label(domain.trimmed_span(), "the rule's namespace")
                .help("rename the element to `DnsServers` (or `WebProxyServers`), as the ProfileXML schema spells it");
                continue;
            }
            // An empty `<DnsServers/>`: servers were perhaps meant, and `nrpt-dnsservers-format`
            // reports the empty element itself; this finding points there too.
            if let Some(empty) = rule.dns_servers.as_ref() {
                cx.report(
                    empty.element_span,
                    format!("{message} (`DnsServers` is there but empty)"),
                )
                .label(domain.trimmed_span(), "the rule's namespace")
                .help("list the internal DNS servers in `DnsServers`, or remove the empty element if the exemption is intended");
                continue;
            }
            cx.report(domain.trimmed_span(), message)
                // An exemption is its own defect, whatever else the rule holds.
                .superseded_by(&[])
                .help("if this exemption is intended (e.g. for a public name inside an internal zone), nothing to do; otherwise add `<DnsServers>` with the internal DNS server addresses");
        }
    }
}
