//! R — Routing, DNS & traffic filters.
pub mod addr;
pub mod dnssuffix_format;
pub mod force_tunnel_with_include_routes;
pub mod implicit_class_based_route;
pub mod nrpt_catch_all;
pub mod nrpt_covers_vpn_server;
pub mod nrpt_dnsservers_format;
pub mod nrpt_domainname_list;
pub mod nrpt_duplicate_namespace;
pub mod nrpt_internal_zone_public_dns;
pub mod nrpt_rule_without_servers;
pub mod nrpt_suffix_missing_dot;
pub mod nrpt_without_tnd;
pub mod proxy_ignored_split_tunnel;
pub mod proxy_values_invalid;
pub mod register_dns_on_both_tunnels;
pub mod route_host_bits_set;
pub mod route_invalid;
pub mod split_tunnel_without_routes;
pub mod tnd_format;
pub mod tnd_missing;
pub mod traffic_filter_app_id;
pub mod traffic_filter_blocks_route;
pub mod traffic_filter_ignored_fields;
pub mod traffic_filter_implicit_deny;
pub mod traffic_filter_local_port_outbound;
pub mod traffic_filter_ports_need_tcp_udp;
pub mod traffic_filter_protocol_not_numeric;
pub mod traffic_filter_range_invalid;
pub mod traffic_filter_with_ipv6;

use crate::model::{Leaf, NativeProfile, RoutingPolicyType, SchemaIssue, VpnProfile};
use crate::rules::{Context, Rule};
use crate::span::Span;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &split_tunnel_without_routes::SplitTunnelWithoutRoutes,
    &implicit_class_based_route::ImplicitClassBasedRoute,
    &force_tunnel_with_include_routes::ForceTunnelWithIncludeRoutes,
    &route_host_bits_set::RouteHostBitsSet,
    &route_invalid::RouteInvalid,
    &proxy_ignored_split_tunnel::ProxyIgnoredSplitTunnel,
    &proxy_values_invalid::ProxyValuesInvalid,
    &nrpt_suffix_missing_dot::NrptSuffixMissingDot,
    &nrpt_rule_without_servers::NrptRuleWithoutServers,
    &nrpt_dnsservers_format::NrptDnsserversFormat,
    &nrpt_covers_vpn_server::NrptCoversVpnServer,
    &nrpt_catch_all::NrptCatchAll,
    &nrpt_without_tnd::NrptWithoutTnd,
    &tnd_missing::TndMissing,
    &tnd_format::TndFormat,
    &dnssuffix_format::DnssuffixFormat,
    &traffic_filter_ports_need_tcp_udp::TrafficFilterPortsNeedTcpUdp,
    &traffic_filter_protocol_not_numeric::TrafficFilterProtocolNotNumeric,
    &traffic_filter_ignored_fields::TrafficFilterIgnoredFields,
    &traffic_filter_app_id::TrafficFilterAppId,
    &traffic_filter_implicit_deny::TrafficFilterImplicitDeny,
    &traffic_filter_with_ipv6::TrafficFilterWithIpv6,
    &traffic_filter_range_invalid::TrafficFilterRangeInvalid,
    &traffic_filter_blocks_route::TrafficFilterBlocksRoute,
    &nrpt_internal_zone_public_dns::NrptInternalZonePublicDns,
    &nrpt_domainname_list::NrptDomainnameList,
    &traffic_filter_local_port_outbound::TrafficFilterLocalPortOutbound,
    &nrpt_duplicate_namespace::NrptDuplicateNamespace,
    &register_dns_on_both_tunnels::RegisterDnsOnBothTunnels,
];

/// The routing policy of a native profile as Windows sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy<'a> {
    /// `RoutingPolicyType` is `SplitTunnel` (any letter case).
    Split(&'a Leaf<'a>),
    /// `RoutingPolicyType` is `ForceTunnel`.
    Force(&'a Leaf<'a>),
    /// No `RoutingPolicyType`: Microsoft documents force tunnel as the default "if no routes are
    /// specified" (vpn-routing); with routes present the effective policy is not documented.
    Omitted,
    /// A value outside the documented set: which policy Windows applies is unknown, so rules
    /// about either policy have nothing to judge.
    Invalid,
}

pub fn policy<'a>(native: &'a NativeProfile) -> Policy<'a> {
    match &native.routing_policy_type {
        None => Policy::Omitted,
        Some(choice) => match choice.value {
            Some(RoutingPolicyType::SplitTunnel) => Policy::Split(&choice.leaf),
            Some(RoutingPolicyType::ForceTunnel) => Policy::Force(&choice.leaf),
            None => Policy::Invalid,
        },
    }
}

/// The profile and its native profile, for rules about native (built-in client) profiles.
pub fn native_profile<'a>(cx: &Context<'a>) -> Option<(&'a VpnProfile<'a>, &'a NativeProfile<'a>)> {
    let profile = cx.model.profile.as_ref()?;
    Some((profile, profile.native()?))
}

/// The name span of an element called `element` (any letter case) that the schema walk found
/// where Windows does not read it (misplaced, or a CSP node name / wrong letter case): the
/// place a rule about the missing element and the schema rules both point at.
pub fn stray_element(cx: &Context, element: &str) -> Option<Span> {
    cx.model.issues.iter().find_map(|issue| match issue {
        SchemaIssue::UnknownElement { name, span, .. }
        | SchemaIssue::CspNodeName { name, span, .. }
            if name.eq_ignore_ascii_case(element) =>
        {
            Some(*span)
        }
        _ => None,
    })
}

/// A comma-separated list as the CSP documents it (`DnsSuffix`, `TrustedNetworkDetection`,
/// `DnsServers`), and what is wrong with its separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListShape {
    /// The entries, trimmed, empty ones dropped.
    pub items: Vec<String>,
    /// `Some("`;`")` or `Some("spaces")` when entries are separated by something other than `,`.
    pub bad_separator: Option<&'static str>,
    /// Commas with spaces around them (`a, b`).
    pub padded_commas: bool,
}

impl ListShape {
    pub fn joined(&self) -> String {
        self.items.join(",")
    }
}

/// Whether `text` is a comma-separated list of bare DNS names: each entry non-empty, made of
/// letters, digits, `-`, `_` and `.` with at least one letter (so no address or range), no
/// spaces. The usual value of a suffix list: `tnd-format` finds nothing in it, and
/// `dnssuffix-format` only entries with a leading `.`; checked without building a
/// [`ListShape`] (this runs for every profile).
pub fn is_plain_name_list(text: &str) -> bool {
    text.split(',').all(|entry| {
        entry.bytes().any(|b| b.is_ascii_alphabetic())
            && entry
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    })
}

pub fn list_shape(text: &str) -> ListShape {
    let text = text.trim();
    let bad_separator = if text.contains(';') {
        Some("`;`")
    } else if text
        .split(',')
        .any(|item| item.trim().contains(char::is_whitespace))
    {
        Some("spaces")
    } else {
        None
    };
    let items = text
        .split([',', ';'])
        .flat_map(str::split_whitespace)
        .map(str::to_owned)
        .collect();
    let padded_commas =
        bad_separator.is_none() && text.split(',').any(|item| item.len() != item.trim().len());
    ListShape {
        items,
        bad_separator,
        padded_commas,
    }
}

/// The host names in `NativeProfile/Servers` (`host;friendly,host2`), without friendly names.
pub fn server_hosts(native: &NativeProfile) -> Vec<String> {
    let Some(servers) = &native.servers else {
        return Vec::new();
    };
    servers
        .text
        .split(',')
        .filter_map(|entry| entry.split(';').next())
        .map(|host| {
            let host = host.trim();
            // `vpn.example.com:443`: the port is not part of the name.
            let host = match host.rsplit_once(':') {
                Some((name, port)) if !name.contains(':') && port.parse::<u16>().is_ok() => name,
                _ => host,
            };
            host.trim_end_matches('.').to_ascii_lowercase()
        })
        .filter(|host| !host.is_empty())
        .collect()
}

/// Entries of a DNS-suffix list, lower-case, without leading or trailing dots.
pub fn suffixes(leaf: Option<&Leaf>) -> Vec<String> {
    leaf.map(|l| {
        list_shape(&l.text)
            .items
            .iter()
            .map(|s| s.trim_matches('.').to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// A `TrustedNetworkDetection` value to suggest: the profile's `DnsSuffix`, else the zone of
/// its first NRPT suffix rule.
pub fn suggested_trusted_suffix(profile: &VpnProfile) -> String {
    let from_suffix = suffixes(profile.dns_suffix.as_ref());
    if let Some(first) = from_suffix.first() {
        return first.clone();
    }
    profile
        .domain_name_information
        .iter()
        .filter_map(|d| d.domain_name.as_ref())
        .map(|d| d.trimmed())
        .find(|d| d.len() > 1 && d.starts_with('.'))
        .map(|d| d.trim_start_matches('.').to_ascii_lowercase())
        .unwrap_or_else(|| "corp.example.com".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_name_lists() {
        assert!(is_plain_name_list("corp.contoso.com,contoso.com"));
        assert!(is_plain_name_list(".corp.contoso.com"));
        assert!(is_plain_name_list("vpn_gw-1.corp"));
        for not_plain in [
            "corp.contoso.com, contoso.com",
            "corp.contoso.com;contoso.com",
            "corp.contoso.com,",
            "10.0.0.0-10.0.0.255",
            "10.1.2.3",
            "fe80::1",
            "10.0.0.0/8",
            "",
        ] {
            assert!(!is_plain_name_list(not_plain), "{not_plain}");
        }
    }

    #[test]
    fn server_host_names() {
        let native = NativeProfile {
            servers: Some(Leaf {
                text: " VPN.example.com;VPN.example.com , vpn2.example.com:443,198.51.100.7".into(),
                value_span: Span::default(),
                element_span: Span::default(),
            }),
            ..Default::default()
        };
        assert_eq!(
            server_hosts(&native),
            ["vpn.example.com", "vpn2.example.com", "198.51.100.7"]
        );
    }

    #[test]
    fn list_shapes() {
        let good = list_shape("a.example,b.example");
        assert_eq!(good.items, ["a.example", "b.example"]);
        assert_eq!(good.bad_separator, None);
        assert!(!good.padded_commas);
        let semi = list_shape("a.example;b.example");
        assert_eq!(semi.bad_separator, Some("`;`"));
        assert_eq!(semi.joined(), "a.example,b.example");
        let spaces = list_shape("a.example b.example");
        assert_eq!(spaces.bad_separator, Some("spaces"));
        assert_eq!(spaces.joined(), "a.example,b.example");
        let padded = list_shape(" 10.0.0.1, 10.0.0.2 ");
        assert_eq!(padded.bad_separator, None);
        assert!(padded.padded_commas);
        assert_eq!(padded.joined(), "10.0.0.1,10.0.0.2");
    }
}
