//! C — Certificates & server validation.
pub mod thumbprint_format;
pub mod trusted_root_missing;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &trusted_root_missing::TrustedRootMissing,
    &thumbprint_format::ThumbprintFormat,
];
