//! E001 `aad-ca-eku-filter-missing`: device compliance without the EKU filter that selects the
//! Entra ID conditional-access certificate.

use crate::diagnostic::Severity;
use crate::model::{FilteringInfo, AAD_CA_EKU_OID};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct AadCaEkuFilterMissing;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "E001",
    name: "aad-ca-eku-filter-missing",
    severity: Severity::Error,
    category: Category::ConditionalAccess,
    summary: "`DeviceCompliance/Enabled` is `true` but the EAP-TLS `TLSExtensions/FilteringInfo` has no `EKUMap` for OID `1.3.6.1.4.1.311.87` referenced from `ClientAuthEKUList Enabled=\"true\"`.",
    predicts: &["Oops - you can't get to this yet"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

/// Label used in Microsoft's samples; an EKU by this name is judged by `aad-ca-eku-oid-wrong`.
pub const AAD_CA_EKU_NAME: &str = "AAD Conditional Access";

/// What the filtering blocks say about the conditional-access EKU.
enum Filter {
    /// Mapped and selected from an enabled `ClientAuthEKUList`.
    Complete,
    /// Mapped, but the client-auth list does not select it (or is not enabled).
    NotSelected,
    /// An EKU with the conventional name but a different OID (another rule's finding).
    WrongOid,
    /// Mapped, and the enabled client-auth list names an EKU that `EKUMapping` does not define
    /// (usually a misspelt label): `eku-map-reference-undefined` reports that, more precisely.
    UndefinedReference,
    Absent,
}

fn filter_state(infos: &[&FilteringInfo]) -> Filter {
    let mut state = Filter::Absent;
    for info in infos {
        let ca_names: Vec<&str> = info
            .eku_maps
            .iter()
            .filter(|m| {
                m.oid
                    .as_ref()
                    .is_some_and(|o| o.trimmed() == AAD_CA_EKU_OID)
            })
            .filter_map(|m| m.name.as_ref().map(|n| n.trimmed()))
            .collect();
        if ca_names.is_empty() {
            let named = info.eku_maps.iter().any(|m| {
                m.name
                    .as_ref()
                    .is_some_and(|n| n.trimmed().eq_ignore_ascii_case(AAD_CA_EKU_NAME))
            });
            if named {
                state = Filter::WrongOid;
            }
            continue;
        }
        let selected = info.client_auth_eku_list.as_ref().is_some_and(|list| {
            list.is_enabled()
                && list.entries.iter().any(|entry| {
                    entry
                        .name
                        .as_ref()
                        .is_some_and(|n| ca_names.contains(&n.trimmed()))
                        || entry
                            .oid
                            .as_ref()
                            .is_some_and(|o| o.trimmed() == AAD_CA_EKU_OID)
                })
        });
        if selected {
            return Filter::Complete;
        }
        let dangling = info.client_auth_eku_list.as_ref().is_some_and(|list| {
            list.is_enabled()
                && list.entries.iter().any(|entry| {
                    entry.name.as_ref().is_some_and(|n| {
                        !info
                            .eku_maps
                            .iter()
                            .any(|m| m.name.as_ref().is_some_and(|d| d.trimmed() == n.trimmed()))
                    })
                })
        });
        state = if dangling {
            Filter::UndefinedReference
        } else {
            Filter::NotSelected
        };
    }
    state
}

impl Rule for AadCaEkuFilterMissing {
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
        // Without certificate EAP the filter cannot help: `aad-ca-needs-certificate-eap`
        // (or `eap-config-missing`) reports the root cause.
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        if !host.uses_certificate() {
            return;
        }
        let infos = host.filtering_infos();
        let message = match filter_state(&infos) {
            Filter::Complete | Filter::WrongOid | Filter::UndefinedReference => return,
            Filter::NotSelected => "the conditional-access EKU (1.3.6.1.4.1.311.87) is mapped but not selected by an enabled `ClientAuthEKUList`, so Windows may present any client-authentication certificate",
            Filter::Absent => "device compliance is enabled but the EAP-TLS configuration has no certificate filter for the Entra ID conditional-access EKU (1.3.6.1.4.1.311.87); Windows may present the on-premises certificate instead",
        };
        // Point where the fix goes: the existing filter block, or the EAP-TLS `EapType` that
        // must receive one.
        let target = infos
            .first()
            .map(|i| i.span.start_tag(cx.xml))
            .or_else(|| {
                host.tls_configs()
                    .first()
                    .map(|tls| tls.span.start_tag(cx.xml))
            })
            .unwrap_or(host.name_span);
        cx.report(target, message)
            .label(enabled.trimmed_span(), "conditional access enabled here")
            .help(format!(
                "inside the EAP-TLS `EapType`, after `AcceptServerName`, add `<TLSExtensions xmlns=\"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2\"><FilteringInfo xmlns=\"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3\"><EKUMapping><EKUMap><EKUName>{AAD_CA_EKU_NAME}</EKUName><EKUOID>{AAD_CA_EKU_OID}</EKUOID></EKUMap></EKUMapping><ClientAuthEKUList Enabled=\"true\"><EKUMapInList><EKUName>{AAD_CA_EKU_NAME}</EKUName></EKUMapInList></ClientAuthEKUList></FilteringInfo></TLSExtensions>`"
            ));
    }
}
