//! R021 `traffic-filter-implicit-deny`: traffic filters block everything they do not list.

use super::addr::{parse_ip, parse_range};
use super::list_shape;
use crate::diagnostic::Severity;
use crate::model::TrafficFilter;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use std::net::IpAddr;

pub struct TrafficFilterImplicitDeny;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R021",
    name: "traffic-filter-implicit-deny",
    severity: Severity::Info,
    category: Category::Routing,
    summary: "Any `TrafficFilter` present: everything not matched is blocked on the VPN interface (warning when no filter lets DNS over UDP reach the profile's NRPT `DnsServers`, e.g. TCP-only filters).",
    predicts: &["DNS, Kerberos or management traffic blocked over the tunnel"],
    evidence: Evidence::Documented,
    superseded_by: &[
        &crate::rules::device_tunnel::device_tunnel_traffic_filter_blocks_inbound::META,
    ],
    ..RuleMeta::BASE
};

/// Whether `filter` lets DNS queries from the DNS client service reach `server` over
/// `protocol` (6 or 17): no app or claims condition (the DNS client is a service, not the
/// user's app), outbound, that protocol or any, remote port 53 allowed, and the address within
/// its remote ranges. Local ranges and ports are given the benefit of the doubt.
fn allows_dns(filter: &TrafficFilter, server: IpAddr, protocol: u8) -> bool {
    if filter.app.is_some() || filter.claims.is_some() {
        return false;
    }
    if filter
        .direction
        .as_ref()
        .is_some_and(|d| d.trimmed().eq_ignore_ascii_case("Inbound"))
    {
        return false;
    }
    let protocol_ok = filter
        .protocol
        .as_ref()
        .is_none_or(|p| p.trimmed().parse::<u8>() == Ok(protocol));
    let port_ok = filter.remote_port_ranges.as_ref().is_none_or(|ports| {
        list_shape(&ports.text)
            .items
            .iter()
            .any(|item| match item.split_once('-') {
                Some((a, b)) => {
                    a.trim().parse::<u16>().is_ok_and(|a| a <= 53)
                        && b.trim().parse::<u16>().is_ok_and(|b| b >= 53)
                }
                None => item.parse::<u16>() == Ok(53),
            })
    });
    let address_ok = filter.remote_address_ranges.as_ref().is_none_or(|ranges| {
        list_shape(&ranges.text)
            .items
            .iter()
            .filter_map(|item| parse_range(item))
            .any(|range| range.contains(server))
    });
    protocol_ok && port_ok && address_ok
}

impl Rule for TrafficFilterImplicitDeny {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// vpn-security-features: once any traffic filter is configured, all traffic that matches
    /// no filter is blocked on the VPN interface (filters are OR-ed, their properties AND-ed).
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(first) = profile.traffic_filters.first() else {
            return;
        };
        let mut dns: Vec<IpAddr> = Vec::new();
        for rule in &profile.domain_name_information {
            if let Some(servers) = &rule.dns_servers {
                for ip in list_shape(&servers.text)
                    .items
                    .iter()
                    .filter_map(|i| parse_ip(i))
                {
                    if !dns.contains(&ip) {
                        dns.push(ip);
                    }
                }
            }
        }
        // The Windows DNS client asks over UDP and uses TCP only when an answer is truncated:
        // a server reachable over TCP alone does not answer ordinary queries.
        let allows = |ip: IpAddr, protocol: u8| {
            profile
                .traffic_filters
                .iter()
                .any(|f| allows_dns(f, ip, protocol))
        };
        let blocked: Vec<IpAddr> = dns.into_iter().filter(|ip| !allows(*ip, 17)).collect();
        let tcp_only = !blocked.is_empty() && blocked.iter().all(|ip| allows(*ip, 6));
        let count = profile.traffic_filters.len();
        let at = first.span.start_tag(cx.xml);
        if !blocked.is_empty() {
            let list = blocked
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let message = if tcp_only {
                format!("the profile has {count} traffic filter(s), and they let DNS reach the NRPT DNS server(s) {list} over TCP only: DNS queries go over UDP (TCP only for truncated answers), and everything a filter does not match is blocked on the VPN interface, so internal names will not resolve")
            } else {
                format!("the profile has {count} traffic filter(s), and none lets DNS queries reach the NRPT DNS server(s) {list}: everything a filter does not match is blocked on the VPN interface, so internal names will not resolve")
            };
            cx.report(at, message)
            .severity(Severity::Warning)
            // Blocked DNS is its own defect, also on a device tunnel.
            .superseded_by(&[])
            .help(format!("add filters for DNS, e.g. `<TrafficFilter><Protocol>17</Protocol><RemotePortRanges>53</RemotePortRanges><RemoteAddressRanges>{list}</RemoteAddressRanges></TrafficFilter>` and the same with `<Protocol>6</Protocol>`; check domain controllers (Kerberos, LDAP) and management traffic too"));
            return;
        }
        cx.report(
            at,
            format!("the profile has {count} traffic filter(s): everything they do not match is blocked on the VPN interface, including DNS, domain controllers (Kerberos, LDAP) and management traffic unless a filter allows it"),
        )
        .help("make sure the filters also allow DNS servers, domain controllers and management systems reached through the tunnel");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Leaf;
    use crate::span::Span;

    fn leaf(text: &str) -> Option<Leaf<'_>> {
        Some(Leaf {
            text: text.into(),
            value_span: Span::default(),
            element_span: Span::default(),
        })
    }

    #[test]
    fn dns_coverage() {
        let server = parse_ip("10.0.0.10").unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let open = TrafficFilter::default();
        assert!(allows_dns(&open, server, 17));
        let dns = TrafficFilter {
            protocol: leaf("17"),
            remote_port_ranges: leaf("53"),
            remote_address_ranges: leaf("10.0.0.0/24"),
            ..Default::default()
        };
        assert!(allows_dns(&dns, server, 17));
        assert!(!allows_dns(&dns, server, 6));
        let rdp = TrafficFilter {
            protocol: leaf("6"),
            remote_port_ranges: leaf("3389"),
            ..Default::default()
        };
        assert!(!allows_dns(&rdp, server, 6));
        let app = TrafficFilter {
            app: leaf(""),
            ..Default::default()
        };
        assert!(!allows_dns(&app, server, 17));
        let elsewhere = TrafficFilter {
            remote_address_ranges: leaf("172.16.0.0/24"),
            ..Default::default()
        };
        assert!(!allows_dns(&elsewhere, server, 17));
    }
}
