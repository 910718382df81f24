//! E002 `aad-ca-eku-oid-wrong`: the conditional-access EKU filter names the wrong OID, or
//! requires the Entra ID certificate on a profile that never asks for one.

use super::aad_ca_eku_filter_missing::AAD_CA_EKU_NAME;
use crate::diagnostic::Severity;
use crate::model::{FilteringInfo, Leaf, AAD_CA_EKU_OID};
use crate::rules::util::{invisible_characters, is_oid};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct AadCaEkuOidWrong;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "E002",
    name: "aad-ca-eku-oid-wrong",
    severity: Severity::Error,
    category: Category::ConditionalAccess,
    summary: "The EKU named \"AAD Conditional Access\" is mapped to an OID other than `1.3.6.1.4.1.311.87` (error), or a filter requires that EKU while `DeviceCompliance` is absent or disabled (warning).",
    predicts: &["798 (no certificate can be used with EAP)"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for AadCaEkuOidWrong {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        // A bare EapHostConfig (the Intune VPN template's "EAP Xml") has no `DeviceCompliance`:
        // the template sets conditional access elsewhere, so only profiles are judged here.
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        let compliance = profile.device_compliance.as_ref();
        let enabled = compliance
            .and_then(|d| d.enabled.as_ref())
            .filter(|e| e.is_true());
        // A malformed `Enabled` (`True`) is `boolean-literal-case`'s finding; Windows drops it,
        // but which way the author meant it is unclear, so say nothing.
        let malformed = compliance
            .and_then(|d| d.enabled.as_ref())
            .is_some_and(|e| e.windows_bool().is_none());
        let infos = host.filtering_infos();
        match enabled {
            Some(enabled) => {
                for info in &infos {
                    wrong_oids(cx, info, enabled);
                }
            }
            None if !malformed => {
                if let Some(oid) = infos.iter().find_map(|i| selected_ca_oid(i)) {
                    let span = oid.trimmed_span();
                    let diagnostic = cx.report(
                        span,
                        "the certificate filter requires the Entra ID conditional-access EKU (1.3.6.1.4.1.311.87), but `DeviceCompliance` is not enabled: Windows never requests the short-lived Entra certificate, so no certificate qualifies and the connection fails with error 798",
                    );
                    diagnostic.severity(Severity::Warning).help(
                        "add `<DeviceCompliance><Enabled>true</Enabled></DeviceCompliance>` to use conditional access, or remove the conditional-access EKU from `ClientAuthEKUList`",
                    );
                    if let Some(dc) = compliance.and_then(|d| d.enabled.as_ref()) {
                        diagnostic.label(dc.trimmed_span(), "conditional access disabled here");
                    }
                }
            }
            None => {}
        }
    }
}

/// `EKUMap`s labelled "AAD Conditional Access" whose OID is a valid OID but not the Entra one.
fn wrong_oids(cx: &mut Context, info: &FilteringInfo, enabled: &Leaf) {
    for map in &info.eku_maps {
        let named = map
            .name
            .as_ref()
            .is_some_and(|n| n.trimmed().eq_ignore_ascii_case(AAD_CA_EKU_NAME));
        let Some(oid) = map.oid.as_ref().filter(|_| named) else {
            continue;
        };
        let value = oid.trimmed();
        // Not an OID at all: `eku-map-reference-undefined` reports it; invisible characters:
        // `invisible-character` does.
        if value == AAD_CA_EKU_OID
            || !is_oid(value)
            || invisible_characters(&oid.text).next().is_some()
        {
            continue;
        }
        cx.report(
            oid.trimmed_span(),
            format!("the EKU named `{AAD_CA_EKU_NAME}` is mapped to `{value}`, but the Entra ID conditional-access certificate carries EKU {AAD_CA_EKU_OID}: no certificate passes the filter and the connection fails with error 798"),
        )
        .label(enabled.trimmed_span(), "conditional access enabled here")
        .help(format!("write `<EKUOID>{AAD_CA_EKU_OID}</EKUOID>`"));
    }
}

/// The `EKUOID` of the conditional-access EKU when an enabled `ClientAuthEKUList` selects it.
fn selected_ca_oid<'a>(info: &'a FilteringInfo) -> Option<&'a Leaf<'a>> {
    let list = info
        .client_auth_eku_list
        .as_ref()
        .filter(|l| l.is_enabled())?;
    for entry in &list.entries {
        if let Some(oid) = entry.oid.as_ref().filter(|o| o.trimmed() == AAD_CA_EKU_OID) {
            return Some(oid);
        }
        let Some(name) = entry.name.as_ref() else {
            continue;
        };
        let mapped = info.eku_maps.iter().find_map(|m| {
            let same = m
                .name
                .as_ref()
                .is_some_and(|n| n.trimmed() == name.trimmed());
            m.oid
                .as_ref()
                .filter(|o| same && o.trimmed() == AAD_CA_EKU_OID)
        });
        if mapped.is_some() {
            return mapped;
        }
    }
    None
}
