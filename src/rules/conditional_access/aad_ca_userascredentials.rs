//! E009 `aad-ca-userascredentials`: single sign-on with credential caching still on.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct AadCaUseRasCredentials;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "E009",
    name: "aad-ca-userascredentials",
    severity: Severity::Info,
    category: Category::ConditionalAccess,
    summary: "`DeviceCompliance/Sso` is enabled and `UseRasCredentials` is not `false`; Microsoft advises turning credential caching off for Entra-joined devices.",
    predicts: &["wrong cached credential reused for on-premises resources"],
    evidence: Evidence::Documented,
    superseded_by: &[&crate::rules::structure::boolean_literal_case::META],
    ..RuleMeta::BASE
};

impl Rule for AadCaUseRasCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        if !profile.device_compliance_enabled() {
            return;
        }
        let Some(sso_enabled) = profile
            .device_compliance
            .as_ref()
            .and_then(|d| d.sso.as_ref())
            .and_then(|s| s.enabled.as_ref())
            .filter(|e| e.is_true())
        else {
            return;
        };
        let (span, message) = match &profile.use_ras_credentials {
            Some(leaf) if leaf.is_false() => return,
            // Not the literal `false` (`False`, `0`): Windows drops the value, so caching stays on.
            Some(leaf) if leaf.windows_bool().is_none() => (
                leaf.trimmed_span(),
                format!(
                    "`UseRasCredentials` is `{}`, not `false`: Windows reads only the exact lower-case word, so credential caching stays on and on Entra-joined devices Windows reuses the cached VPN credential for on-premises resources instead of the SSO certificate",
                    leaf.text.escape_debug()
                ),
            ),
            Some(leaf) => (
                leaf.trimmed_span(),
                "`UseRasCredentials` is `true` on a profile with single sign-on: on Entra-joined devices Windows reuses the cached VPN credential for on-premises resources instead of the SSO certificate".to_string(),
            ),
            None => (
                sso_enabled.trimmed_span(),
                "single sign-on is enabled but `UseRasCredentials` is not set to `false`: on Entra-joined devices Microsoft advises turning off credential caching so the SSO certificate, not a cached credential, is used".to_string(),
            ),
        };
        cx.report(span, message).help(
            "add `<UseRasCredentials>false</UseRasCredentials>` to `VPNProfile` (Windows 11 24H2+; on older builds set `UseRasCredentials=0` in rasphone.pbk); ignore this on hybrid-joined devices",
        );
    }
}
