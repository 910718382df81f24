//! R014 `tnd-missing`: an Always On profile without trusted network detection.

use super::suggested_trusted_suffix;
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct TndMissing;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R014",
    name: "tnd-missing",
    severity: Severity::Info,
    category: Category::Routing,
    summary: "`AlwaysOn` = `true` and no `TrustedNetworkDetection`.",
    predicts: &["the tunnel also connects on the corporate network"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for TndMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// vpn-auto-trigger-profile: trusted network detection stops an Always On VPN from
    /// connecting when the device is on the corporate network; without it the tunnel connects
    /// everywhere.
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(always_on) = profile.always_on.as_ref().filter(|a| a.is_true()) else {
            return;
        };
        if profile.trusted_network_detection.is_some() {
            return;
        }
        let nrpt = if profile.domain_name_information.is_empty() {
            ""
        } else {
            "; with NRPT rules present, Windows was also observed to derive a trusted-network test from them"
        };
        let suffix = suggested_trusted_suffix(profile);
        cx.report(
            always_on.trimmed_span(),
            format!("`AlwaysOn` is `true` but there is no `TrustedNetworkDetection`: the tunnel also connects when the device is on the corporate network{nrpt}"),
        )
        .help(format!("add `<TrustedNetworkDetection>{suffix}</TrustedNetworkDetection>` with the connection-specific DNS suffix(es) of your office networks"));
    }
}
