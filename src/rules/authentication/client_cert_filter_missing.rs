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
    superseded_by: &[
        &crate::rules::conditional_access::aad_ca_eku_filter_missing::META,
        &crate::rules::authentication::cahashlist_invalid::META,
    ],
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
        // A filter in a misplaced `TLSExtensions` (under PEAP's `EapType` or `Eap`) is the filter
        // that was meant for the EAP-TLS layer: the fix is to move it, not to add one, so there is
        // no missing filter to report.
        if host
            .misplaced_tls_extensions
            .iter()
            .filter_map(|t| t.filtering_info.as_ref())
            .any(has_filter)
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
            // The whole `EapType`: the filter block, where there is one, is inside it, and so is
            // what a more specific rule reports about it.
            cx.report(
                tls.span,
                format!("{method} selects the client certificate without a filter: when the user holds more than one client-authentication certificate (on-premises, Intune SCEP/PKCS, Entra ID), Windows asks the user to pick one or sends the wrong one, so the Always On connection cannot come up silently or NPS rejects it"),
            )
            .help("add `<TLSExtensions xmlns=\"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2\"><FilteringInfo xmlns=\"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3\"><CAHashList Enabled=\"true\"><IssuerHash>…</IssuerHash></CAHashList></FilteringInfo></TLSExtensions>` after `AcceptServerName`, with the SHA-1 thumbprint of the CA that issues the VPN certificates (or an EKU filter with `EKUMapping` and `ClientAuthEKUList`)");
        }
    }
}

/// Any filter that narrows the certificate choice. An enabled `CAHashList` counts even when it
/// lists no issuer: that filter removes every certificate rather than none, so "without a
/// filter" would be false. Issuers in a list that is not enabled filter nothing.
fn has_filter(info: &FilteringInfo) -> bool {
    let ca_list = info.ca_hash_list.as_ref().is_some_and(|l| {
        l.enabled
            .as_ref()
            .is_some_and(|e| e.xs_bool() == Some(true))
    });
    let eku_list = [&info.client_auth_eku_list, &info.any_purpose_eku_list]
        .into_iter()
        .flatten()
        .any(|list| list.is_enabled() && !list.entries.is_empty());
    ca_list || eku_list
}
