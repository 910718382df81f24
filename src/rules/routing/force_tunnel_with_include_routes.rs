//! R003 `force-tunnel-with-include-routes`: force tunnel combined with split-tunnel settings.

use super::{native_profile, policy, Policy};
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ForceTunnelWithIncludeRoutes;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R003",
    name: "force-tunnel-with-include-routes",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`RoutingPolicyType` ForceTunnel (or omitted: info) with `DisableClassBasedDefaultRoute` true, or with `Route` elements that are not `ExclusionRoute`.",
    predicts: &["routes conflict with the force-tunnel default route", "all traffic tunnelled although split tunnelling was meant"],
    evidence: Evidence::Reported,
    superseded_by: &[&crate::rules::device_tunnel::device_tunnel_force_tunnel::META],
    ..RuleMeta::BASE
};

impl Rule for ForceTunnelWithIncludeRoutes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Hicks' template: "If ForceTunnel is enabled, DisableClassBasedDefaultRoute must be set to
    /// 'false' or removed ... all Route entries with the exception of Exclusion Routes must be
    /// removed" (conflicts reported in DPC #43). Exclusion routes with force tunnel are documented
    /// (vpn-office-365-optimization) and never reported.
    fn check(&self, cx: &mut Context) {
        let Some((profile, native)) = native_profile(cx) else {
            return;
        };
        let explicit = match policy(native) {
            Policy::Force(leaf) => Some(leaf),
            Policy::Omitted => None,
            Policy::Split(_) | Policy::Invalid => return,
        };
        // A malformed `ExclusionRoute` (`True`, `1`): an exclusion route was meant, so the
        // route is not counted as an include route (its spelling is a finding of its own).
        let includes: Vec<_> = profile
            .routes
            .iter()
            .filter(|r| r.exclusion_route.as_ref().is_none_or(|e| e.is_false()))
            .collect();
        let disable = native
            .disable_class_based_default_route
            .as_ref()
            .filter(|d| d.is_true());
        if includes.is_empty() && disable.is_none() {
            return;
        }
        let mut parts = Vec::new();
        if !includes.is_empty() {
            parts.push(format!(
                "{} `Route` element(s) without `ExclusionRoute`",
                includes.len()
            ));
        }
        if disable.is_some() {
            parts.push("`DisableClassBasedDefaultRoute` = `true`".to_string());
        }
        let found = parts.join(" and ");
        let xml = cx.xml;
        let route_tags: Vec<_> = includes
            .iter()
            .take(3)
            .map(|r| r.span.start_tag(xml))
            .collect();
        let diagnostic = match explicit {
            Some(force) => cx.report(
                force.trimmed_span(),
                format!("`RoutingPolicyType` is `ForceTunnel`, yet the profile has {found}: with force tunnelling all traffic already uses the tunnel, so these split-tunnel settings do nothing at best and were reported to conflict with the tunnel's default route (exclusion routes are fine)"),
            ),
            None => {
                let span = native.span.start_tag(cx.xml);
                let d = cx.report(
                    span,
                    format!("`NativeProfile` has no `RoutingPolicyType` but has {found}: Microsoft documents force tunnel as the default when no routes are specified; what Windows does with routes and no policy is not documented"),
                );
                d.severity(Severity::Info);
                d
            }
        };
        for tag in route_tags {
            diagnostic.label(tag, "include route");
        }
        if let Some(disable) = disable {
            diagnostic.label(disable.trimmed_span(), "split-tunnel setting");
        }
        diagnostic.help(if explicit.is_some() {
            "remove the `Route` elements without `<ExclusionRoute>true</ExclusionRoute>` and `DisableClassBasedDefaultRoute`; or, if only these networks should use the tunnel, set `<RoutingPolicyType>SplitTunnel</RoutingPolicyType>`"
        } else {
            "state the policy: `<RoutingPolicyType>SplitTunnel</RoutingPolicyType>` if only the routed networks should use the tunnel, or `ForceTunnel` without the include routes"
        });
    }
}
