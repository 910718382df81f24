//! D006 `device-tunnel-broad-routes`: device-tunnel routes wider than host routes.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct DeviceTunnelBroadRoutes;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D006",
    name: "device-tunnel-broad-routes",
    severity: Severity::Info,
    category: Category::DeviceTunnel,
    summary: "A device-tunnel `Route` wider than a host route (not /32 for IPv4 or /128 for IPv6); guidance is host routes to the infrastructure servers only.",
    predicts: &[],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for DeviceTunnelBroadRoutes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        if !profile.is_device_tunnel() {
            return;
        }
        for route in &profile.routes {
            // Exclusion routes send traffic outside the tunnel; they expose nothing.
            if route.is_exclusion() {
                continue;
            }
            let (Some(address), Some(prefix)) = (&route.address, &route.prefix_size) else {
                continue;
            };
            let host_bits = if address.trimmed().contains(':') {
                128
            } else {
                32
            };
            // A prefix that is not a number gives nothing to compare.
            let Ok(size) = prefix.trimmed().parse::<u32>() else {
                continue;
            };
            if size >= host_bits {
                continue;
            }
            cx.report(
                prefix.trimmed_span(),
                format!(
                    "the device tunnel routes the whole network {}/{size} before logon; Microsoft recommends host routes (/{host_bits}) to the domain controllers and management servers only",
                    address.trimmed()
                ),
            )
            .help(format!("list each infrastructure server as its own `Route` with `<PrefixSize>{host_bits}</PrefixSize>`, and leave networks to the user tunnel"));
        }
    }
}
