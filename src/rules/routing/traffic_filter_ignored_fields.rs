//! R019 `traffic-filter-ignored-fields`: a per-filter routing policy on a filter without an app.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct TrafficFilterIgnoredFields;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R019",
    name: "traffic-filter-ignored-fields",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`TrafficFilter/RoutingPolicyType` in a filter without `App/Id` or `Claims` (it only applies to app-based rules).",
    predicts: &["per-filter routing policy silently ignored"],
    evidence: Evidence::Documented,
    superseded_by: &[&crate::rules::routing::traffic_filter_app_id::META],
    ..RuleMeta::BASE
};

impl Rule for TrafficFilterIgnoredFields {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: `TrafficFilter/RoutingPolicyType` "specifies the routing policy if an App or
    /// Claims type is used in the traffic filter. The scope of this property is for this traffic
    /// filter rule alone." Without an app or claims there is nothing it applies to.
    ///
    /// The rule catalogue also names `LocalAddressRanges` together with `RemoteAddressRanges`; only DPC (a
    /// deployment tool) drops the local ranges, while the CSP ANDs the properties of a filter, so
    /// Windows uses both: not reported (see the rule page).
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for filter in &profile.traffic_filters {
            let Some(policy) = &filter.routing_policy_type else {
                continue;
            };
            if filter.app_id.is_some() || filter.claims.is_some() {
                continue;
            }
            let message = format!("`RoutingPolicyType` `{}` in a `TrafficFilter` without `App/Id` or `Claims`: Windows applies a per-filter routing policy only to app-based filters, so it is ignored here", policy.trimmed());
            let help = "add `<App><Id>…</Id></App>` for the application this policy is for, or remove `RoutingPolicyType` (the profile-wide `NativeProfile/RoutingPolicyType` applies)";
            match &filter.app {
                // An `App` without `Id`: the application was meant to be named there, and the
                // finding points at that `App`, where the rule about `App/Id` points too.
                Some(app) => {
                    cx.report(app.element_span, message)
                        .label(policy.trimmed_span(), "per-filter routing policy")
                        .help(help);
                }
                None => {
                    cx.report(policy.trimmed_span(), message).help(help);
                }
            }
        }
    }
}
