//! R005 `route-invalid`: a route Windows cannot install.

use super::addr::{address_problem, max_prefix, parse_ip};
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::{Leaf, Route, SchemaIssue};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct RouteInvalid;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R005",
    name: "route-invalid",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`Route/Address` not an IPv4/IPv6 literal (octet > 255, CIDR written into `Address`), `PrefixSize` missing, non-numeric or longer than the address family allows, or prefix 0 with a non-zero address.",
    predicts: &["route skipped or profile rejected; the network is unreachable"],
    evidence: Evidence::Inferred,
    superseded_by: &[
        &crate::rules::structure::invisible_character::META,
        &crate::rules::structure::unknown_element::META,
    ],
    fix: FixKind::Safe,
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
    let text = address.trimmed();
    let xml = cx.xml;
    let Some(ip) = route.address_ip else {
        let reason = address_problem(text).unwrap_or_default();
        let diagnostic = cx.report(
            address.trimmed_span(),
            format!("`Address` `{text}` is not an IP address: {reason}; the route cannot be installed, so that network is not routed through the tunnel"),
        );
        match text.split_once('/') {
            Some((net, bits)) if parse_ip(net).is_some() => {
                diagnostic.help(format!(
                    "split it: `<Address>{}</Address><PrefixSize>{}</PrefixSize>`",
                    net.trim(),
                    bits.trim()
                ));
                let fix = cidr_split(xml, route, address, net.trim(), bits.trim());
                diagnostic.fix(fix);
            }
            _ => {
                diagnostic.help("write the network address as a plain IPv4 or IPv6 literal and its length in `PrefixSize`");
            }
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
        // Elements inside `PrefixSize` (`<PrefixSize><Value>8</Value></PrefixSize>`): the
        // text is only what lies around them, usually nothing.
        let holds_elements = cx.model.issues.iter().any(|issue| {
            matches!(issue, SchemaIssue::UnknownElement { span, .. }
                if prefix.element_span.start <= span.start && span.end <= prefix.element_span.end)
        });
        let message = if holds_elements || prefix.trimmed().is_empty() {
            "`PrefixSize` holds no number".to_string()
        } else {
            format!(
                "`PrefixSize` `{}` is not a whole number of bits",
                prefix.trimmed()
            )
        };
        cx.report(prefix.trimmed_span(), message).help(format!(
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

/// `10.0.0.0/8` in `Address` split into `Address` and `PrefixSize`: the route the author wrote.
/// No fix when the prefix is no valid length, or a `PrefixSize` already says something else
/// (which of the two was meant is unknown).
fn cidr_split(xml: &str, route: &Route, address: &Leaf, net: &str, bits: &str) -> Option<Fix> {
    let ip = parse_ip(net)?;
    let length: u8 = bits.parse().ok().filter(|b| *b <= max_prefix(ip))?;
    let mut edits = vec![Edit::replace(address.trimmed_span(), net)];
    match &route.prefix_size {
        Some(prefix) if prefix.trimmed().parse::<u8>() == Ok(length) => {}
        Some(_) => return None,
        None => {
            // On its own line with the indentation of `Address` when that stands on its own line.
            let before = &xml[..address.element_span.start];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let indent = &before[line_start..];
            let separator = if indent.chars().all(|c| c == ' ' || c == '\t') && line_start > 0 {
                format!("\n{indent}")
            } else {
                String::new()
            };
            edits.push(Edit::insert(
                address.element_span.end,
                format!("{separator}<PrefixSize>{length}</PrefixSize>"),
            ));
        }
    }
    Fix::safe(
        format!("Split `{net}/{bits}` into `Address` and `PrefixSize`"),
        edits,
    )
}
