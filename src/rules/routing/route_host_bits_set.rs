//! R004 `route-host-bits-set`: a route address that is not the network address of its prefix.

use super::addr::{longest_network_prefix, max_prefix, network};
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct RouteHostBitsSet;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R004",
    name: "route-host-bits-set",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`Route/Address` is not the network address for `PrefixSize` (e.g. `172.21.12.0` with 21; the /21 network is `172.21.8.0`).",
    predicts: &["route listed in the profile but missing from the routing table"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for RouteHostBitsSet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Hicks published a route shown by `Get-VpnConnection` but absent from the routing table
    /// once connected; its address had host bits set for its prefix (cause inferred).
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for route in &profile.routes {
            let (Some(address), Some(prefix)) = (&route.address, &route.prefix_size) else {
                continue;
            };
            // An address or prefix that is not a number gives no network to compute.
            let Some(ip) = route.address_ip else {
                continue;
            };
            let Ok(bits) = prefix.trimmed().parse::<u8>() else {
                continue;
            };
            // Prefix 0 makes a default route, where host bits mean nothing; a prefix longer
            // than the address has no host bits at all.
            if bits == 0 || bits > max_prefix(ip) {
                continue;
            }
            let net = network(ip, bits);
            if net == ip {
                continue;
            }
            let longest = longest_network_prefix(ip);
            cx.report(
                address.trimmed_span(),
                format!("`{ip}/{bits}` has host bits set: the /{bits} network containing it is `{net}`; routes like this were reported to show in the profile but be missing from the routing table once connected, leaving the subnet unreachable"),
            )
            .label(prefix.trimmed_span(), format!("prefix /{bits}"))
            .help(format!("write `<Address>{net}</Address>` to route the whole /{bits}, or keep `{ip}` with a `PrefixSize` of {longest} or more if a smaller subnet was meant"));
        }
    }
}
