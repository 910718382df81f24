//! R013 `nrpt-without-tnd`: NRPT rules without trusted network detection.

use super::suggested_trusted_suffix;
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct NrptWithoutTnd;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R013",
    name: "nrpt-without-tnd",
    severity: Severity::Info,
    category: Category::Routing,
    summary: "`DomainNameInformation` present and `TrustedNetworkDetection` absent (Windows then derives its trusted-network test from the NRPT).",
    predicts: &["unexpected trusted-network decisions"],
    evidence: Evidence::Reported,
    superseded_by: &[&crate::rules::routing::tnd_missing::META],
    ..RuleMeta::BASE
};

impl Rule for NrptWithoutTnd {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// DPC's maintainers observed that, without `TrustedNetworkDetection`, Windows derives the
    /// trusted-network list from the NRPT namespaces (DPC VPNProfileCreator.cs).
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        if profile.trusted_network_detection.is_some() {
            return;
        }
        let Some(first) = profile.domain_name_information.first() else {
            return;
        };
        let suffix = suggested_trusted_suffix(profile);
        let nrpt = first.span.start_tag(cx.xml);
        // On an Always On profile the missing element matters because of `AlwaysOn`: the
        // finding points there, where the rule about Always On without detection points too
        // (one missing element, one finding).
        let always_on = profile.always_on.as_ref().filter(|a| a.is_true());
        let diagnostic = cx.report(
            always_on.map_or(nrpt, |a| a.trimmed_span()),
            "the profile has NRPT rules but no `TrustedNetworkDetection`: Windows was observed to derive its trusted-network test from the NRPT namespaces instead, with unexpected results",
        );
        if always_on.is_some() {
            diagnostic.label(nrpt, "first NRPT rule");
        }
        diagnostic.help(format!("add `<TrustedNetworkDetection>{suffix}</TrustedNetworkDetection>` with the DNS suffix(es) your office networks hand out"));
    }
}
