//! E — Entra ID conditional access.
pub mod aad_ca_eku_filter_missing;
pub mod aad_ca_eku_oid_wrong;
pub mod aad_ca_issuer_filter_conflict;
pub mod aad_ca_needs_certificate_eap;
pub mod aad_ca_sso_missing;
pub mod aad_ca_sso_values_invalid;
pub mod aad_ca_userascredentials;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &aad_ca_eku_filter_missing::AadCaEkuFilterMissing,
    &aad_ca_needs_certificate_eap::AadCaNeedsCertificateEap,
    &aad_ca_eku_oid_wrong::AadCaEkuOidWrong,
    &aad_ca_issuer_filter_conflict::AadCaIssuerFilterConflict,
    &aad_ca_sso_missing::AadCaSsoMissing,
    &aad_ca_sso_values_invalid::AadCaSsoValuesInvalid,
    &aad_ca_userascredentials::AadCaUseRasCredentials,
];
