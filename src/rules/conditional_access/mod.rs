//! E — Entra ID conditional access.
pub mod aad_ca_eku_filter_missing;
pub mod aad_ca_eku_oid_wrong;
pub mod aad_ca_issuer_filter_conflict;
pub mod aad_ca_needs_certificate_eap;
pub mod aad_ca_nps_revocation;
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
    &aad_ca_nps_revocation::AadCaNpsRevocation,
];

/// The Levenshtein distance between two short ASCII strings (an adjacent swap counts two).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, y) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(x != y);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(
            super::edit_distance("1.3.6.1.4.1.311.87", "1.3.6.1.4.1.311.87"),
            0
        );
        assert_eq!(
            super::edit_distance("1.3.6.1.4.1.311.8", "1.3.6.1.4.1.311.87"),
            1
        );
        assert_eq!(
            super::edit_distance("1.3.6.1.4.1.311.78", "1.3.6.1.4.1.311.87"),
            2
        );
        assert!(super::edit_distance("1.3.6.1.5.5.7.3.2", "1.3.6.1.4.1.311.87") > 2);
    }
}
