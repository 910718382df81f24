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
pub mod native_protocol_type_missing;
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
    &native_protocol_type_missing::NativeProtocolTypeMissing,
];

/// The document span of `range` (byte offsets into `leaf.text`) when the value is written in
/// the document character for character (no entity, no CDATA markup in it), so that an edit of
/// that span replaces exactly that text. `None` otherwise: a fix is then not offered rather
/// than guessed.
pub(crate) fn literal_span(
    xml: &str,
    leaf: &crate::model::Leaf,
    range: std::ops::Range<usize>,
) -> Option<crate::span::Span> {
    let written = xml.get(leaf.value_span.start..leaf.value_span.end)?;
    if written != leaf.text || range.end > leaf.text.len() || range.start > range.end {
        return None;
    }
    leaf.text.get(range.clone())?;
    Some(crate::span::Span::new(
        leaf.value_span.start + range.start,
        leaf.value_span.start + range.end,
    ))
}

/// The trimmed value of `leaf` as a span to edit (see [`literal_span`]).
pub(crate) fn literal_trimmed_span(
    xml: &str,
    leaf: &crate::model::Leaf,
) -> Option<crate::span::Span> {
    let leading = leaf.text.len() - leaf.text.trim_start().len();
    let trimmed = leaf.text.trim();
    if trimmed.is_empty() {
        return None;
    }
    literal_span(xml, leaf, leading..leading + trimmed.len())
}
