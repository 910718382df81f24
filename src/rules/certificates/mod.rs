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
