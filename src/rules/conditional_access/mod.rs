//! E — Entra ID conditional access.
pub mod aad_ca_eku_filter_missing;
pub mod aad_ca_needs_certificate_eap;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &aad_ca_eku_filter_missing::AadCaEkuFilterMissing,
    &aad_ca_needs_certificate_eap::AadCaNeedsCertificateEap,
];
