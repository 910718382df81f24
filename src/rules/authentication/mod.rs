//! A — Authentication & EAP.
pub mod eap_config_missing;
pub mod eku_map_reference_undefined;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &eap_config_missing::EapConfigMissing,
    &eku_map_reference_undefined::EkuMapReferenceUndefined,
];
