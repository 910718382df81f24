//! A005 `client-cert-filter-missing`: EAP-TLS without any certificate-selection filter.

use crate::diagnostic::Severity;
use crate::model::{EapMethodConfig, FilteringInfo, TlsProperties};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ClientCertFilterMissing;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A005",
    name: "client-cert-filter-missing",
    severity: Severity::Warning,
    category: Category::Authentication,
    summary: "EAP-TLS (alone or inside PEAP) has no certificate-selection filter: no `CAHashList` with an `IssuerHash`, no custom EKU in `ClientAuthEKUList` or `AnyPurposeEKUList`.",
    predicts: &["certificate picker prompt", "wrong certificate sent"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for ClientCertFilterMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        // A misplaced `TLSExtensions` is reported by `tlsextensions-misplaced`, and with device
        // compliance a missing filter is the error `aad-ca-eku-filter-missing`: both are more
        // specific than this finding.
        if !host.misplaced_tls_extensions.is_empty()
            || cx
                .model
                .profile
                .as_ref()
                .is_some_and(|p| p.device_compliance_enabled())
        {
            return;
        }
        let Some(layer) = &host.config else { return };
        let tls_layers: Vec<(&TlsProperties, &str)> = match &layer.method {
            EapMethodConfig::Tls(tls) => vec![(tls, "EAP-TLS")],
            EapMethodConfig::Peap(peap) => peap
                .inner
                .iter()
                .filter_map(|inner| match &inner.method {
                    EapMethodConfig::Tls(tls) => Some((tls.as_ref(), "PEAP's inner EAP-TLS")),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for (tls, method) in tls_layers {
            // A smart card holds its own certificate; the store filter is not what picks it.
            if tls.smart_card.is_some() {
                continue;
            }
            let info = tls
                .tls_extensions
                .as_ref()
                .and_then(|e| e.filtering_info.as_ref());
            if info.is_some_and(has_filter) {
                continue;
            }
            cx.report(
                tls.span.start_tag(cx.xml),
                format!("{method} selects the client certificate without a filter: when the user holds more than one client-authentication certificate (on-premises, Intune SCEP/PKCS, Entra ID), Windows asks the user to pick one or sends the wrong one, so the Always On connection cannot come up silently or NPS rejects it"),
            )
            .help("add `<TLSExtensions xmlns=\"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2\"><FilteringInfo xmlns=\"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3\"><CAHashList Enabled=\"true\"><IssuerHash>…</IssuerHash></CAHashList></FilteringInfo></TLSExtensions>` after `AcceptServerName`, with the SHA-1 thumbprint of the CA that issues the VPN certificates (or an EKU filter with `EKUMapping` and `ClientAuthEKUList`)");
        }
    }
}

/// Any filter that narrows the certificate choice. An enabled or non-empty `CAHashList` counts
/// even when it is empty or disabled: `cahashlist-invalid` reports those.
fn has_filter(info: &FilteringInfo) -> bool {
    let ca_list = info.ca_hash_list.as_ref().is_some_and(|l| {
        !l.issuer_hashes.is_empty()
            || l.enabled
                .as_ref()
                .is_some_and(|e| e.xs_bool() == Some(true))
    });
    let eku_list = [&info.client_auth_eku_list, &info.any_purpose_eku_list]
        .into_iter()
        .flatten()
        .any(|list| list.is_enabled() && !list.entries.is_empty());
    ca_list || eku_list
}
