//! R005 `route-invalid`: a route Windows cannot install.

use super::addr::{address_problem, max_prefix, parse_ip};
use super::has_invisible;
use crate::diagnostic::Severity;
use crate::model::{Route, SchemaIssue};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct RouteInvalid;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R005",
    name: "route-invalid",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`Route/Address` not an IPv4/IPv6 literal (octet > 255, CIDR written into `Address`), `PrefixSize` missing, non-numeric or longer than the address family allows, or prefix 0 with a non-zero address.",
    predicts: &["route skipped or profile rejected; the network is unreachable"],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

impl Rule for RouteInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The CSP defines `Address` as an IPv4 or IPv6 address and `PrefixSize` as its prefix
    /// length (XSD `unsignedByte`, both required). DPC skips such routes ("Route ... is not valid
    /// and has been skipped"); what Windows does (skip the route or reject the profile) is not
    /// documented, hence `warning`.
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for route in &profile.routes {
            check_route(cx, route);
        }
    }
}

fn check_route(cx: &mut Context, route: &Route) {
    let Some(address) = &route.address else {
        let start = route.span.start_tag(cx.xml);
        cx.report(start, "`Route` has no `Address`: Windows cannot install a route without a destination")
            .help("add `<Address>` with the network address, e.g. `<Address>10.0.0.0</Address><PrefixSize>8</PrefixSize>`");
        return;
    };
    if has_invisible(address) {
        return;
    }
    let text = address.trimmed();
    let Some(ip) = route.address_ip else {
        let reason = address_problem(text).unwrap_or_default();
        let diagnostic = cx.report(
            address.trimmed_span(),
            format!("`Address` `{text}` is not an IP address: {reason}; the route cannot be installed, so that network is not routed through the tunnel"),
        );
        match text.split_once('/') {
            Some((net, bits)) if parse_ip(net).is_some() => diagnostic.help(format!(
                "split it: `<Address>{}</Address><PrefixSize>{}</PrefixSize>`",
                net.trim(),
                bits.trim()
            )),
            _ => diagnostic.help("write the network address as a plain IPv4 or IPv6 literal and its length in `PrefixSize`"),
        };
        return;
    };
    let Some(prefix) = &route.prefix_size else {
        cx.report(
            route.span.start_tag(cx.xml),
            format!("`Route` to `{ip}` has no `PrefixSize`; the element is required"),
        )
        .label(address.trimmed_span(), "address")
        .help(format!("add `<PrefixSize>` (0–{})", max_prefix(ip)));
        return;
    };
    let Ok(bits) = prefix.trimmed().parse::<u32>() else {
        // Elements inside `PrefixSize` are `unknown-element`'s finding, not a wrong number.
        let holds_elements = cx.model.issues.iter().any(|issue| {
            matches!(issue, SchemaIssue::UnknownElement { span, .. }
                if prefix.element_span.start <= span.start && span.end <= prefix.element_span.end)
        });
        if holds_elements {
            return;
        }
        cx.report(
            prefix.trimmed_span(),
            format!(
                "`PrefixSize` `{}` is not a whole number of bits",
                prefix.trimmed()
            ),
        )
        .help(format!(
            "write the prefix length as a number from 0 to {}",
            max_prefix(ip)
        ));
        return;
    };
    if bits > u32::from(max_prefix(ip)) {
        let family = if ip.is_ipv4() { "IPv4" } else { "IPv6" };
        cx.report(
            prefix.trimmed_span(),
            format!(
                "`PrefixSize` {bits} is longer than an {family} address ({} bits)",
                max_prefix(ip)
            ),
        )
        .label(address.trimmed_span(), format!("{family} address"))
        .help(format!(
            "use a prefix from 0 to {} (a single host is /{})",
            max_prefix(ip),
            max_prefix(ip)
        ));
        return;
    }
    if bits == 0 && !ip.is_unspecified() {
        let zero = if ip.is_ipv4() { "0.0.0.0" } else { "::" };
        cx.report(
            prefix.trimmed_span(),
            format!("`PrefixSize` 0 turns the route to `{ip}` into a default route for every address"),
        )
        .label(address.trimmed_span(), "address")
        .help(format!("write the intended prefix length for `{ip}`; for a default route write `<Address>{zero}</Address>` (or use `RoutingPolicyType` ForceTunnel)"));
    }
}
