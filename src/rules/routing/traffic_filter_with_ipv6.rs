//! R022 `traffic-filter-with-ipv6`: traffic filters in a profile that routes IPv6.

use super::addr::{parse_ip, parse_range};
use super::list_shape;
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::span::Span;

pub struct TrafficFilterWithIpv6;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R022",
    name: "traffic-filter-with-ipv6",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`TrafficFilter` in a profile that also routes IPv6 (IPv6 `Route` entries or IPv6 address ranges in a filter).",
    predicts: &["traffic filters not applied correctly with IPv6 on the tunnel"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for TrafficFilterWithIpv6 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Hicks (ProfileXML_User.xml, "as of July 2021"): traffic filters are not compatible with
    /// IPv6; do not configure them when assigning IPv6 addresses to VPN clients.
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(first) = profile.traffic_filters.first() else {
            return;
        };
        let route = profile.routes.iter().find_map(|r| {
            let address = r.address.as_ref()?;
            parse_ip(&address.text)
                .filter(|ip| ip.is_ipv6())
                .map(|_| (address.trimmed_span(), "an IPv6 route"))
        });
        let range = profile.traffic_filters.iter().find_map(|f| {
            [&f.remote_address_ranges, &f.local_address_ranges]
                .into_iter()
                .flatten()
                .find(|ranges| {
                    list_shape(&ranges.text)
                        .items
                        .iter()
                        .any(|i| parse_range(i).is_some_and(|r| r.is_ipv6()))
                })
                .map(|ranges| (ranges.trimmed_span(), "an IPv6 address range"))
        });
        let Some((span, what)): Option<(Span, &str)> = route.or(range) else {
            return;
        };
        let filters = first.span.start_tag(cx.xml);
        cx.report(
            span,
            format!("{what} in a profile with traffic filters: traffic filters were reported not to be compatible with IPv6 on Always On VPN (Hicks, 2021), so IPv6 traffic may not be filtered as configured"),
        )
        .label(filters, "traffic filters start here")
        .help("use either traffic filters or IPv6 on this tunnel; if both are needed, test the filters with IPv6 on the Windows builds you deploy");
    }
}
