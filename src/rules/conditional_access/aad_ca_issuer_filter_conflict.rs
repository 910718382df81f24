//! E003 `aad-ca-issuer-filter-conflict`: an issuer filter that the Entra ID certificate cannot
//! pass.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct AadCaIssuerFilterConflict;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "E003",
    name: "aad-ca-issuer-filter-conflict",
    severity: Severity::Warning,
    category: Category::ConditionalAccess,
    summary: "`DeviceCompliance` is enabled and `CAHashList Enabled=\"true\"` restricts client certificates to listed issuers, which the Entra ID certificate (issued by \"Microsoft VPN root CA gen 1\") passes only if its root is listed.",
    predicts: &["798 (no certificate can be used with EAP)"],
    evidence: Evidence::Inferred,
    superseded_by: &[&crate::rules::authentication::cahashlist_invalid::META],
    ..RuleMeta::BASE
};

impl Rule for AadCaIssuerFilterConflict {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(enabled) = profile.device_compliance_declaration() else {
            return;
        };
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        for info in host.filtering_infos() {
            let Some(list) = &info.ca_hash_list else {
                continue;
            };
            let list_enabled = list
                .enabled
                .as_ref()
                .is_some_and(|e| e.xs_bool() == Some(true));
            if !list_enabled {
                continue;
            }
            let accepts = match list.issuer_hashes.len() {
                0 => "accepts no CA at all (it lists no `IssuerHash`)".to_string(),
                1 => "only accepts certificates issued under the one listed CA".to_string(),
                n => format!("only accepts certificates issued under the {n} listed CAs"),
            };
            cx.report(
                list.span.start_tag(cx.xml),
                format!(
                    "device compliance is enabled, but the EAP-TLS issuer filter {accepts}: the short-lived Entra ID certificate is issued by your tenant's \"Microsoft VPN root CA gen 1\", so unless that root is listed the filter removes it and the connection fails with error 798"
                ),
            )
            .label(enabled.trimmed_span(), "conditional access enabled here")
            .help("set `CAHashList Enabled=\"false\"` and select the certificate by the conditional-access EKU instead, or add the thumbprint of the tenant's VPN root certificate (Entra admin center > VPN connectivity) as an `IssuerHash`");
        }
    }
}
