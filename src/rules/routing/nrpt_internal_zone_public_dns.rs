//! R026 `nrpt-internal-zone-public-dns`: an NRPT rule that sends an internal zone to a public
//! DNS resolver.

use super::addr::parse_ip;
use super::{list_shape, suffixes};
use crate::diagnostic::Severity;
use crate::model::DomainNameInformation;
use crate::rules::util::is_in_domain;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use std::net::IpAddr;

pub struct NrptInternalZonePublicDns;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R026",
    name: "nrpt-internal-zone-public-dns",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "An NRPT rule whose `DnsServers` include a public resolver (8.8.8.8, 1.1.1.1, 9.9.9.9, OpenDNS, …) for a private-use zone (`.local`, `.lan`, `.corp`, `.internal`, `.home.arpa`) or for the profile's own `DnsSuffix`/`TrustedNetworkDetection` zone.",
    predicts: &["internal names not resolved (NXDOMAIN from the public resolver); internal names sent to a third party"],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

/// Anycast addresses of the well-known public resolvers (Google, Cloudflare, Quad9, OpenDNS),
/// each with the name reported to the user.
const PUBLIC_RESOLVERS: &[(&str, &str)] = &[
    ("8.8.8.8", "Google Public DNS"),
    ("8.8.4.4", "Google Public DNS"),
    ("2001:4860:4860::8888", "Google Public DNS"),
    ("2001:4860:4860::8844", "Google Public DNS"),
    ("1.1.1.1", "Cloudflare"),
    ("1.0.0.1", "Cloudflare"),
    ("2606:4700:4700::1111", "Cloudflare"),
    ("2606:4700:4700::1001", "Cloudflare"),
    ("9.9.9.9", "Quad9"),
    ("149.112.112.112", "Quad9"),
    ("2620:fe::fe", "Quad9"),
    ("2620:fe::9", "Quad9"),
    ("208.67.222.222", "OpenDNS"),
    ("208.67.220.220", "OpenDNS"),
    ("2620:119:35::35", "OpenDNS"),
    ("2620:119:53::53", "OpenDNS"),
];

fn public_resolver(ip: IpAddr) -> Option<&'static str> {
    PUBLIC_RESOLVERS
        .iter()
        .find(|(address, _)| parse_ip(address) == Some(ip))
        .map(|(_, name)| *name)
}

/// Top-level names no public resolver answers for: `.local` (multicast DNS, RFC 6762),
/// `.home.arpa` (RFC 8375), `.internal` (reserved for private use by ICANN, 2024), and `.lan`
/// and `.corp`, which are not delegated in the public root.
const PRIVATE_ZONES: &[&str] = &["local", "lan", "corp", "internal", "home.arpa"];

fn private_zone(name: &str) -> Option<&'static str> {
    PRIVATE_ZONES
        .iter()
        .find(|zone| is_in_domain(name, zone))
        .copied()
}

/// The rule's namespace without its leading and trailing dots, lower-case, and whether it is a
/// suffix rule (leading `.`).
fn namespace(rule: &DomainNameInformation) -> Option<(String, bool)> {
    let name = rule.domain_name.as_ref()?.trimmed();
    let bare = name.trim_matches('.').to_ascii_lowercase();
    (!bare.is_empty()).then(|| (bare, name.starts_with('.')))
}

impl Rule for NrptInternalZonePublicDns {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// NRPT sends every query for a namespace to that rule's DNS servers. A public resolver
    /// answers from the public DNS tree, so names that exist only on the internal DNS servers
    /// get NXDOMAIN, and the internal names leave the network. A public host name inside the
    /// internal zone (an FQDN rule such as `mail.contoso.com` → 8.8.8.8) is the documented use of
    /// per-name rules and is not reported.
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let mut own_zones = suffixes(profile.dns_suffix.as_ref());
        own_zones.extend(suffixes(profile.trusted_network_detection.as_ref()));
        let rules = &profile.domain_name_information;
        for rule in rules {
            let (Some(servers), Some((name, is_suffix))) = (&rule.dns_servers, namespace(rule))
            else {
                continue;
            };
            let public: Vec<(IpAddr, &str)> = list_shape(&servers.text)
                .items
                .iter()
                .filter_map(|item| parse_ip(item))
                .filter_map(|ip| public_resolver(ip).map(|name| (ip, name)))
                .collect();
            let Some(&(_, provider)) = public.first() else {
                continue;
            };
            let why = if let Some(zone) = private_zone(&name) {
                format!("`.{zone}` is a private-use name that no public resolver answers")
            } else if let Some(zone) = is_suffix
                .then(|| {
                    own_zones
                        .iter()
                        .find(|zone| is_in_domain(zone, &name) && most_specific(rules, zone, &name))
                })
                .flatten()
            {
                format!("it covers `{zone}`, the profile's own internal zone (`DnsSuffix`/`TrustedNetworkDetection`), whose internal names public resolvers do not know")
            } else {
                continue;
            };
            let list = public
                .iter()
                .map(|(ip, _)| format!("`{ip}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let Some(domain) = &rule.domain_name else {
                continue;
            };
            cx.report(
                servers.trimmed_span(),
                format!("the NRPT rule for `{}` sends its queries to the public resolver(s) {list} ({provider}): {why}, so internal names under it do not resolve and the queries go to a third party", domain.trimmed()),
            )
            .label(domain.trimmed_span(), "the rule's namespace")
            .help("list the internal DNS servers in `DnsServers` (the ones that host the zone)");
        }
    }
}

/// Whether no other suffix rule of the profile is more specific for `zone` than `name`: NRPT
/// applies the longest matching namespace, so a longer rule decides where `zone` goes.
fn most_specific(rules: &[DomainNameInformation], zone: &str, name: &str) -> bool {
    !rules
        .iter()
        .filter_map(namespace)
        .any(|(other, is_suffix)| {
            is_suffix && other.len() > name.len() && is_in_domain(zone, &other)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_public_resolvers() {
        assert_eq!(
            parse_ip("8.8.4.4").and_then(public_resolver),
            Some("Google Public DNS")
        );
        assert_eq!(
            parse_ip("2606:4700:4700::1111").and_then(public_resolver),
            Some("Cloudflare")
        );
        assert_eq!(parse_ip("10.0.0.10").and_then(public_resolver), None);
    }

    #[test]
    fn private_zones() {
        assert_eq!(private_zone("corp.fabrikam.local"), Some("local"));
        assert_eq!(private_zone("home.arpa"), Some("home.arpa"));
        assert_eq!(private_zone("corp.fabrikam.com"), None);
        assert_eq!(private_zone("localhost.example"), None);
    }
}
