//! R025 `traffic-filter-blocks-route`: a route whose traffic no traffic filter allows.

use super::addr::{parse_range, AddrRange};
use super::{native_profile, policy, Policy};
use crate::diagnostic::Severity;
use crate::model::{Leaf, TrafficFilter};
use crate::rules::util::split_entries;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct TrafficFilterBlocksRoute;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R025",
    name: "traffic-filter-blocks-route",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "A split-tunnel IPv4 `Route` that no `TrafficFilter` allows: every filter is address-based and outbound, and none of their `RemoteAddressRanges` touches the route, so the implicit deny drops its traffic.",
    predicts: &["network routed into the tunnel but unreachable (traffic blocked by the traffic filters)"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

/// The remote ranges a filter allows: `Some(None)` for a filter without `RemoteAddressRanges`
/// (any remote address), `None` when the filter is not a plain outbound address filter or its
/// ranges cannot all be read (then nothing can be computed and the rule stays quiet).
fn remote_ranges(filter: &TrafficFilter) -> Option<Option<Vec<AddrRange>>> {
    // Application, claims and per-app routing conditions change which traffic a filter sees,
    // and inbound filters are about the other direction: only plain outbound address filters
    // are judged.
    if filter.app.is_some()
        || filter.app_id.is_some()
        || filter.claims.is_some()
        || filter.routing_policy_type.is_some()
    {
        return None;
    }
    let outbound = filter
        .direction
        .as_ref()
        .is_none_or(|d| d.trimmed().eq_ignore_ascii_case("Outbound"));
    if !outbound {
        return None;
    }
    let Some(leaf) = &filter.remote_address_ranges else {
        return Some(None);
    };
    parse_all(leaf).map(Some)
}

/// Every entry of a ranges value, or `None` when one of them is not a range (a typo, a script
/// variable): `traffic-filter-range-invalid` reports those.
fn parse_all(leaf: &Leaf) -> Option<Vec<AddrRange>> {
    let mut out = Vec::new();
    for entry in split_entries(&leaf.text, ',') {
        let item = entry.trimmed();
        if item.is_empty() {
            continue;
        }
        out.push(parse_range(item)?);
    }
    (!out.is_empty()).then_some(out)
}

impl Rule for TrafficFilterBlocksRoute {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// vpn-security-features: once traffic filters are configured, traffic that matches none
    /// of them is blocked on the VPN interface. A route that sends a network into the tunnel
    /// while no filter lets any address of it through delivers nothing.
    fn check(&self, cx: &mut Context) {
        let Some((profile, native)) = native_profile(cx) else {
            return;
        };
        if !matches!(policy(native), Policy::Split(_)) || profile.traffic_filters.is_empty() {
            return;
        }
        let mut allowed: Vec<AddrRange> = Vec::new();
        for filter in &profile.traffic_filters {
            match remote_ranges(filter) {
                None => return,
                // A filter that allows any remote address lets part of every route through.
                Some(None) => return,
                Some(Some(ranges)) => allowed.extend(ranges),
            }
        }
        let first_filter = profile.traffic_filters[0].span.start_tag(cx.xml);
        for route in &profile.routes {
            if route.is_exclusion() {
                continue;
            }
            // IPv6 routes with traffic filters are `traffic-filter-with-ipv6`'s subject.
            let Some(ip) = route.address_ip.filter(|ip| ip.is_ipv4()) else {
                continue;
            };
            let Some(bits) = route
                .prefix_size
                .as_ref()
                .and_then(|p| p.trimmed().parse::<u8>().ok())
                .filter(|b| *b <= 32)
            else {
                continue;
            };
            let Some(network) = parse_range(&format!("{ip}/{bits}")) else {
                continue;
            };
            if allowed.iter().any(|range| range.overlaps(&network)) {
                continue;
            }
            let Some(address) = &route.address else {
                continue;
            };
            let count = profile.traffic_filters.len();
            cx.report(
                address.trimmed_span(),
                format!("the route to {ip}/{bits} sends that network into the tunnel, but none of the {count} traffic filter(s) allows any address in it: everything no filter matches is blocked on the VPN interface, so this network is unreachable through the tunnel"),
            )
            .label(first_filter, "traffic filters start here")
            .help(format!("add a filter for it (`<TrafficFilter><RemoteAddressRanges>{ip}/{bits}</RemoteAddressRanges></TrafficFilter>`, narrowed by `Protocol` and ports as needed), or remove the route if the network is not meant to be reached"));
        }
    }
}
