//! S — Structure & schema.
pub mod boolean_literal_case;
pub mod csp_node_name_in_profilexml;
pub mod doc_sample_placeholder;
pub mod duplicate_singleton;
pub mod eap_namespace_https;
pub mod eap_namespace_mangled;
pub mod eap_type_mismatch;
pub mod invalid_enum_value;
pub mod invisible_character;
pub mod profile_kind_structure;
pub mod tlsextensions_misplaced;
pub mod unknown_element;
pub mod xml_syntax;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &xml_syntax::XmlSyntax,
    &invisible_character::InvisibleCharacter,
    &boolean_literal_case::BooleanLiteralCase,
    &csp_node_name_in_profilexml::CspNodeNameInProfilexml,
    &unknown_element::UnknownElement,
    &invalid_enum_value::InvalidEnumValue,
    &profile_kind_structure::ProfileKindStructure,
    &eap_namespace_https::EapNamespaceHttps,
    &eap_type_mismatch::EapTypeMismatch,
    &duplicate_singleton::DuplicateSingleton,
    &eap_namespace_mangled::EapNamespaceMangled,
    &tlsextensions_misplaced::TlsextensionsMisplaced,
    &doc_sample_placeholder::DocSamplePlaceholder,
];
