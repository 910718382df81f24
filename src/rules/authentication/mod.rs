//! A — Authentication & EAP.
pub mod cahashlist_invalid;
pub mod client_cert_filter_missing;
pub mod eap_config_as_escaped_text;
pub mod eap_config_missing;
pub mod eap_method_author_mismatch;
pub mod eap_method_nps_mismatch;
pub mod eku_map_reference_undefined;
pub mod nps_peap_allows_password;
pub mod password_based_eap;
pub mod rras_auth_protocol_mismatch;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &eap_config_missing::EapConfigMissing,
    &eku_map_reference_undefined::EkuMapReferenceUndefined,
    &eap_config_as_escaped_text::EapConfigAsEscapedText,
    &password_based_eap::PasswordBasedEap,
    &client_cert_filter_missing::ClientCertFilterMissing,
    &cahashlist_invalid::CaHashListInvalid,
    &eap_method_author_mismatch::EapMethodAuthorMismatch,
    &eap_method_nps_mismatch::EapMethodNpsMismatch,
    &rras_auth_protocol_mismatch::RrasAuthProtocolMismatch,
    &nps_peap_allows_password::NpsPeapAllowsPassword,
];

/// `text` written as XML element content (`&`, `<`, `>` as entities), for a fix that puts a
/// decoded value back into the document.
pub(crate) fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
