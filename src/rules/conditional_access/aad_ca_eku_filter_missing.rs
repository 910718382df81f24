//! E001 `aad-ca-eku-filter-missing`: device compliance without the EKU filter that selects the
//! Entra ID conditional-access certificate.

use crate::diagnostic::Severity;
use crate::model::{FilteringInfo, AAD_CA_EKU_OID};
use crate::rules::authentication::eku_map_reference_undefined;
use crate::rules::util::is_script_variable;
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
    superseded_by: &[
        &super::aad_ca_eku_oid_wrong::META,
        &eku_map_reference_undefined::META,
    ],
    ..RuleMeta::BASE
};

/// Label used in Microsoft's samples; an EKU by this name is judged by `aad-ca-eku-oid-wrong`.
pub const AAD_CA_EKU_NAME: &str = "AAD Conditional Access";

const BY_UNDEFINED_REFERENCE: &[&RuleMeta] = &[&eku_map_reference_undefined::META];
const BY_WRONG_OID: &[&RuleMeta] = &[&super::aad_ca_eku_oid_wrong::META];

/// What the filtering blocks say about the conditional-access EKU.
enum Filter {
    /// Mapped and selected from an enabled `ClientAuthEKUList`.
    Complete,
    /// The EKU with the conventional name gets its OID from a PowerShell `$variable`: the value
    /// does not exist until the script runs, so whether the filter is right cannot be judged.
    Unknown,
    /// Mapped, but the client-auth list does not select it (or is not enabled).
    NotSelected,
    /// An EKU with the conventional name but a different OID.
    WrongOid,
    /// Mapped, and the enabled client-auth list names an EKU that `EKUMapping` does not define
    /// (usually a misspelt label), so the conditional-access EKU is not selected.
    UndefinedReference,
    Absent,
}

/// The state, and the filtering block it was found in.
fn filter_state<'a>(infos: &[&'a FilteringInfo<'a>]) -> (Filter, Option<&'a FilteringInfo<'a>>) {
    let mut state = (Filter::Absent, None);
    for &info in infos {
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
            let mut named = info.eku_maps.iter().filter(|m| {
                m.name
                    .as_ref()
                    .is_some_and(|n| n.trimmed().eq_ignore_ascii_case(AAD_CA_EKU_NAME))
            });
            if named
                .clone()
                .any(|m| m.oid.as_ref().is_some_and(|o| is_script_variable(&o.text)))
            {
                return (Filter::Unknown, Some(info));
            }
            if named.next().is_some() {
                state = (Filter::WrongOid, Some(info));
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
            return (Filter::Complete, Some(info));
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
            (Filter::UndefinedReference, Some(info))
        } else {
            (Filter::NotSelected, Some(info))
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
        // The filter selects among the certificates of certificate EAP: without EAP-TLS (alone
        // or inside PEAP) there is no EAP-TLS configuration to put it in.
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        if !host.uses_certificate() {
            return;
        }
        let infos = host.filtering_infos();
        let (state, info) = filter_state(&infos);
        const NOT_SELECTED: &str = "the conditional-access EKU (1.3.6.1.4.1.311.87) is mapped but not selected by an enabled `ClientAuthEKUList`, so Windows may present any client-authentication certificate";
        const ABSENT: &str = "device compliance is enabled but the EAP-TLS configuration has no certificate filter for the Entra ID conditional-access EKU (1.3.6.1.4.1.311.87); Windows may present the on-premises certificate instead";
        // Which rule reports the same defect more precisely, if any.
        let (message, superseded_by): (&str, &'static [&'static RuleMeta]) = match state {
            Filter::Complete | Filter::Unknown => return,
            Filter::NotSelected => (NOT_SELECTED, &[]),
            Filter::UndefinedReference => (NOT_SELECTED, BY_UNDEFINED_REFERENCE),
            Filter::WrongOid => (ABSENT, BY_WRONG_OID),
            Filter::Absent => (ABSENT, &[]),
        };
        // Point where the fix goes: the whole filter block (what is wrong in it is inside), or
        // the EAP-TLS `EapType` that must receive one.
        let target = info
            .or_else(|| infos.first().copied())
            .map(|i| i.span)
            .or_else(|| {
                host.tls_configs()
                    .first()
                    .map(|tls| tls.span.start_tag(cx.xml))
            })
            .unwrap_or(host.name_span);
        cx.report(target, message)
            .superseded_by(superseded_by)
            .label(enabled.trimmed_span(), "conditional access enabled here")
            .help(format!(
                "inside the EAP-TLS `EapType`, after `AcceptServerName`, add `<TLSExtensions xmlns=\"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2\"><FilteringInfo xmlns=\"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3\"><EKUMapping><EKUMap><EKUName>{AAD_CA_EKU_NAME}</EKUName><EKUOID>{AAD_CA_EKU_OID}</EKUOID></EKUMap></EKUMapping><ClientAuthEKUList Enabled=\"true\"><EKUMapInList><EKUName>{AAD_CA_EKU_NAME}</EKUName></EKUMapInList></ClientAuthEKUList></FilteringInfo></TLSExtensions>`"
            ));
    }
}
