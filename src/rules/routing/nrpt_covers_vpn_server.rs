//! R011 `nrpt-covers-vpn-server`: the VPN server's own name falls under an NRPT rule.

use super::addr::parse_ip;
use super::{native_profile, server_hosts};
use crate::diagnostic::Severity;
use crate::model::DomainNameInformation;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct NrptCoversVpnServer;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R011",
    name: "nrpt-covers-vpn-server",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "An NRPT suffix rule (or `.`) with DNS servers matches the host in `Servers`, and no more specific rule exempts it.",
    predicts: &["809", "reconnects fail", "device tunnel drops once the user tunnel is up"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

/// How specifically an NRPT rule matches a name: exact FQDN beats the longest suffix, which
/// beats `.` (the NRPT picks the most specific rule).
fn specificity(rule: &str, host: &str) -> Option<usize> {
    let rule = rule.trim().trim_end_matches('.').to_ascii_lowercase();
    if rule.is_empty() {
        // `.` (all names), after trimming the dot.
        return Some(0);
    }
    if let Some(zone) = rule.strip_prefix('.') {
        let inside = host == zone || host.ends_with(&format!(".{zone}"));
        return inside.then(|| zone.split('.').count());
    }
    (rule == host).then_some(usize::MAX)
}

fn best_rule<'a>(
    rules: &'a [DomainNameInformation<'a>],
    host: &str,
) -> Option<(&'a DomainNameInformation<'a>, usize)> {
    rules
        .iter()
        .filter_map(|r| {
            let name = r.domain_name.as_ref()?;
            specificity(&name.text, host).map(|s| (r, s))
        })
        .max_by_key(|(_, s)| *s)
}

impl Rule for NrptCoversVpnServer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// While the rule is active, the gateway's public name is resolved by the internal DNS
    /// servers through the tunnel; if they do not return the public address, reconnects fail
    /// (DPC issue #30, where a device tunnel dropped once the user tunnel's NRPT applied).
    fn check(&self, cx: &mut Context) {
        let Some((profile, native)) = native_profile(cx) else {
            return;
        };
        let rules = &profile.domain_name_information;
        for host in server_hosts(native) {
            if parse_ip(&host).is_some() {
                continue;
            }
            let Some((rule, specificity)) = best_rule(rules, &host) else {
                continue;
            };
            let has_servers = rule
                .dns_servers
                .as_ref()
                .is_some_and(|d| !d.trimmed().is_empty());
            // An exact-name rule, or an exemption (no DNS servers), is deliberate.
            if specificity == usize::MAX || !has_servers {
                continue;
            }
            let Some(name) = &rule.domain_name else {
                continue;
            };
            let servers = rule.dns_servers.as_ref().map(|d| d.trimmed()).unwrap_or("");
            let diagnostic = cx.report(
                name.trimmed_span(),
                format!("the NRPT rule `{}` also matches the VPN server `{host}`: while the tunnel is up, Windows resolves the gateway's name through the tunnel with {servers}; if they do not return its public address, reconnects fail", name.trimmed()),
            );
            if let Some(servers) = &native.servers {
                diagnostic.label(servers.trimmed_span(), "VPN server");
            }
            diagnostic.help(format!("add an exemption rule for the server name (no DnsServers, so the physical interface's DNS is used): `<DomainNameInformation><DomainName>{host}</DomainName></DomainNameInformation>`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::specificity;

    #[test]
    fn matches_like_the_nrpt() {
        assert_eq!(
            specificity(".corp.example.com", "vpn.corp.example.com"),
            Some(3)
        );
        assert_eq!(specificity(".example.com", "example.com"), Some(2));
        assert_eq!(specificity(".", "vpn.example.com"), Some(0));
        assert_eq!(
            specificity("vpn.example.com", "vpn.example.com"),
            Some(usize::MAX)
        );
        assert_eq!(specificity("example.com", "vpn.example.com"), None);
        assert_eq!(specificity(".ample.com", "vpn.example.com"), None);
    }
}
