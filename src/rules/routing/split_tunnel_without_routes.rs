//! R001 `split-tunnel-without-routes`: a split tunnel that sends nothing into the tunnel.

use super::{native_profile, policy, Policy};
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct SplitTunnelWithoutRoutes;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R001",
    name: "split-tunnel-without-routes",
    severity: Severity::Error,
    category: Category::Routing,
    summary: "`RoutingPolicyType` SplitTunnel, `DisableClassBasedDefaultRoute` true, and no `Route` without `ExclusionRoute`.",
    predicts: &["tunnel connects but no internal network is reachable"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for SplitTunnelWithoutRoutes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// With split tunnelling, Windows sends only the routed networks into the tunnel; with the
    /// class-based route disabled, the `Route` list is all there is (Hicks' template: "The Route
    /// setting is required when DisableClassBasedDefaultRoute is set to true"; DPC warns and
    /// falls back to RFC 1918). `implicit-class-based-route` covers the class-route case.
    fn check(&self, cx: &mut Context) {
        let Some((profile, native)) = native_profile(cx) else {
            return;
        };
        // A LockDown profile is always force-tunnelled (vpn-profile-options), so the split
        // tunnel this rule is about does not exist there.
        if profile.is_lock_down() {
            return;
        }
        let Policy::Split(split) = policy(native) else {
            return;
        };
        let Some(disable) = native
            .disable_class_based_default_route
            .as_ref()
            .filter(|d| d.is_true())
        else {
            return;
        };
        if profile.routes.iter().any(|r| !r.is_exclusion()) {
            return;
        }
        let exclusions = profile.routes.len();
        let what = if exclusions == 0 {
            "no `Route` at all".to_string()
        } else {
            format!("only {exclusions} exclusion route(s), which send traffic around the tunnel")
        };
        cx.report(
            disable.trimmed_span(),
            format!("split tunnel with the class-based route disabled and {what}: the tunnel connects, but no traffic is routed into it, so no internal network is reachable"),
        )
        .label(split.trimmed_span(), "split tunnelling chosen here")
        .help("add a `Route` (`Address` + `PrefixSize`) for every internal network, e.g. the RFC 1918 ranges 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16");
    }
}
