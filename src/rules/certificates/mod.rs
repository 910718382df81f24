//! C — Certificates & server validation.
pub mod nps_certificate;
pub mod peap_inner_outer_validation_differs;
pub mod server_name_not_enforced;
pub mod server_validation_disabled;
pub mod servernames_acceptservername_inconsistent;
pub mod servernames_case;
pub mod servernames_separator;
pub mod thumbprint_format;
pub mod trusted_root_missing;
pub mod trusted_root_not_a_root;
pub mod user_prompt_for_server_validation;

use crate::deploy::cert::Certificate;
use crate::deploy::nps::{evaluate_all, RequestFacts, Tri};
use crate::deploy::{Place, Scope};
use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &trusted_root_missing::TrustedRootMissing,
    &thumbprint_format::ThumbprintFormat,
    &server_validation_disabled::ServerValidationDisabled,
    &server_name_not_enforced::ServerNameNotEnforced,
    &servernames_acceptservername_inconsistent::ServerNamesAcceptServerNameInconsistent,
    &servernames_separator::ServerNamesSeparator,
    &servernames_case::ServerNamesCase,
    &user_prompt_for_server_validation::UserPromptForServerValidation,
    &peap_inner_outer_validation_differs::PeapInnerOuterValidationDiffers,
    &trusted_root_not_a_root::TrustedRootNotARoot,
    &trusted_root_not_a_root::TrustedRootNotNpsChain,
    &nps_certificate::ServerNamesNpsCertMismatch,
    &nps_certificate::NpsCertNoServerAuth,
];

/// The NPS certificates the profile's EAP method meets: each certificate given whose thumbprint
/// the settings of `outer` (the profile's EAP type, PEAP or EAP-TLS) name in an enabled,
/// granting network policy a VPN request can reach (a policy for wireless clients, or one
/// for another EAP type, presents its certificate to other clients), with a place in the
/// export naming it.
pub(crate) fn nps_certificates(scope: &Scope, outer: u32) -> Vec<(Place, Place, &Certificate)> {
    let request = RequestFacts::rras_vpn();
    let mut out = Vec::new();
    for server in &scope.servers {
        let Some(config) = server.nps() else { continue };
        let configs = config
            .network_policies
            .iter()
            .filter(|p| p.enabled)
            .filter(|p| evaluate_all(&p.conditions, &request) != Tri::False)
            .filter_map(|p| p.settings.as_ref())
            .filter(|s| s.allow_access == Some(true))
            .filter_map(|s| s.eap_config(outer));
        for eap in configs {
            let Some(wanted) = eap.thumbprint.as_deref() else {
                continue;
            };
            for file in &scope.servers {
                for cert in file.certificates() {
                    let known = out.iter().any(|(_, _, c): &(Place, Place, &Certificate)| {
                        c.thumbprint_sha1 == cert.thumbprint_sha1
                    });
                    if cert.thumbprint_sha1.eq_ignore_ascii_case(wanted) && !known {
                        out.push((
                            server.place(eap.span),
                            file.place_certificate(cert.index),
                            cert,
                        ));
                    }
                }
            }
        }
    }
    out
}
