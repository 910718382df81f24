//! E002 `aad-ca-eku-oid-wrong`: the conditional-access EKU filter names the wrong OID, or
//! requires the Entra ID certificate on a profile that never asks for one.

use super::aad_ca_eku_filter_missing::AAD_CA_EKU_NAME;
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::{FilteringInfo, Leaf, AAD_CA_EKU_OID};
use crate::rules::authentication::eku_map_reference_undefined;
use crate::rules::util::{is_invisible, is_script_variable};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct AadCaEkuOidWrong;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "E002",
    name: "aad-ca-eku-oid-wrong",
    severity: Severity::Error,
    category: Category::ConditionalAccess,
    summary: "The EKU named \"AAD Conditional Access\" is mapped to an OID other than `1.3.6.1.4.1.311.87` (error), or a filter requires that EKU while `DeviceCompliance` is absent or disabled (warning).",
    predicts: &["798 (no certificate can be used with EAP)"],
    evidence: Evidence::Documented,
    // A value that is not a dotted OID (invisible characters included) is reported where it
    // is by `eku-map-reference-undefined`, whatever the label.
    superseded_by: &[&eku_map_reference_undefined::META],
    fix: FixKind::Mixed,
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
        // A malformed `Enabled` (`True`): Windows drops it, but which way the author meant it is
        // unclear, so whether the filter contradicts it cannot be judged.
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
                    // Two ways out (enable compliance, or drop the EKU): a separate defect.
                    diagnostic.superseded_by(&[]).severity(Severity::Warning).help(
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

/// `EKUMap`s labelled "AAD Conditional Access" whose OID is not the Entra one (another OID, not
/// an OID at all, or the right one with an invisible character in it).
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
        // A PowerShell `$variable` gets its OID when the script runs.
        if value == AAD_CA_EKU_OID || is_script_variable(value) {
            continue;
        }
        let title = format!("Write the conditional-access OID `{AAD_CA_EKU_OID}`");
        let edits = vec![Edit::replace(oid.trimmed_span(), AAD_CA_EKU_OID)];
        // The label says which EKU is meant; when the value is that OID mistyped (a digit,
        // a swapped pair, a hidden character) the correction is certain. Another OID under
        // this label may be a mislabelled filter for a different certificate: review it.
        let fix = if looks_like_ca_oid(value) {
            Fix::safe(title, edits)
        } else {
            Fix::unsafe_edit(title, edits)
        };
        cx.report(
            oid.trimmed_span(),
            format!(
                "the EKU named `{AAD_CA_EKU_NAME}` is mapped to `{}`, but the Entra ID conditional-access certificate carries EKU {AAD_CA_EKU_OID}: no certificate passes the filter and the connection fails with error 798",
                value.escape_debug()
            ),
        )
        .label(enabled.trimmed_span(), "conditional access enabled here")
        .help(format!("write `<EKUOID>{AAD_CA_EKU_OID}</EKUOID>`"))
        .fix(fix);
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

/// Whether `value` is the conditional-access OID mistyped: the same once invisible characters
/// and spaces are removed, or at most two characters away from it (`1.3.6.1.4.1.311.78`,
/// `1.3.6.1.4.1.311.8`, `1.3.6.1.4.1.31.87`).
fn looks_like_ca_oid(value: &str) -> bool {
    let cleaned: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !is_invisible(*c))
        .collect();
    cleaned == AAD_CA_EKU_OID || super::edit_distance(&cleaned, AAD_CA_EKU_OID) <= 2
}
