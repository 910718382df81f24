//! R009 `nrpt-rule-without-servers`: an NRPT rule that is an exemption.

use super::{native_profile, schema_issue_within, server_hosts};
use crate::diagnostic::Severity;
use crate::model::Leaf;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct NrptRuleWithoutServers;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R009",
    name: "nrpt-rule-without-servers",
    severity: Severity::Info,
    category: Category::Routing,
    summary: "`DomainNameInformation` with neither `DnsServers` nor `WebProxyServers` (an NRPT exemption).",
    predicts: &["names resolved by the interface's normal DNS, not through the tunnel"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

fn is_set(leaf: Option<&Leaf>) -> bool {
    leaf.is_some_and(|l| !l.trimmed().is_empty())
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
            // e.g. `DNSServers` (CSP spelling): reported by the schema rules; servers were meant.
            if schema_issue_within(cx, rule.span) {
                continue;
            }
            // A rule without `DomainName` is a different defect.
            let Some(domain) = &rule.domain_name else {
                continue;
            };
            let name = domain.trimmed();
            let lower = name.trim_end_matches('.').to_ascii_lowercase();
            if servers.contains(&lower) {
                continue;
            }
            cx.report(
                domain.trimmed_span(),
                format!("the NRPT rule for `{name}` has neither `DnsServers` nor `WebProxyServers`: Windows treats it as an exemption, so these names are resolved by the physical interface's DNS servers, not through the tunnel"),
            )
            .help("if this exemption is intended (e.g. for a public name inside an internal zone), nothing to do; otherwise add `<DnsServers>` with the internal DNS server addresses");
        }
    }
}
