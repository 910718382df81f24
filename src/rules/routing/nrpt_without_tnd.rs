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
        // `tnd-missing` reports the missing element on an Always On profile (and mentions NRPT).
        if profile.is_always_on() {
            return;
        }
        let Some(first) = profile.domain_name_information.first() else {
            return;
        };
        let suffix = suggested_trusted_suffix(profile);
        cx.report(
            first.span.start_tag(cx.xml),
            "the profile has NRPT rules but no `TrustedNetworkDetection`: Windows was observed to derive its trusted-network test from the NRPT namespaces instead, with unexpected results",
        )
        .help(format!("add `<TrustedNetworkDetection>{suffix}</TrustedNetworkDetection>` with the DNS suffix(es) your office networks hand out"));
    }
}
