//! What the model builder found but could not accept, for the schema rules to report.

use crate::span::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaIssue {
    /// An element its parent does not define.
    UnknownElement {
        span: Span,
        name: String,
        parent: String,
        suggestion: Option<&'static str>,
    },
    /// A CSP node name, or a ProfileXML name in the wrong letter case.
    CspNodeName {
        span: Span,
        name: String,
        parent: String,
        correct: &'static str,
    },
    /// A boolean that Windows will not read as `true`/`false`.
    BadBoolean {
        span: Span,
        element: String,
        raw: String,
        /// The EAP schemas use `xs:boolean`, where `1`/`0` are also valid.
        xs_boolean: bool,
    },
    /// An enum value outside the documented set (case-insensitive comparison).
    BadEnum {
        span: Span,
        element: String,
        raw: String,
        allowed: &'static [&'static str],
    },
    /// A number element whose text is not a non-negative whole number.
    BadNumber {
        span: Span,
        element: String,
        raw: String,
    },
    /// An element allowed once that appears again.
    DuplicateSingleton {
        span: Span,
        first: Span,
        name: String,
    },
    /// An EAP namespace written with `https://`; the model reads it as the `http://` one.
    HttpsNamespace { span: Span, uri: String },
    /// A namespace in the EAP tree that is almost, but not exactly, a known EAP namespace
    /// (whitespace from console wrapping, a typo, wrong letter case). `https://` variants are
    /// [`SchemaIssue::HttpsNamespace`], not this.
    MangledNamespace {
        span: Span,
        uri: String,
        /// The known namespace that was meant.
        meant: &'static str,
    },
    /// An EAP element in a known namespace of the right method but the wrong version
    /// (`FilteringInfo` in `EapTlsConnectionPropertiesV2` instead of `…V3`).
    NamespaceVersion {
        span: Span,
        element: String,
        found: String,
        expected: &'static str,
    },
}
