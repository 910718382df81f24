//! S001 `xml-syntax`: the document is not well-formed XML.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct XmlSyntax;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S001",
    name: "xml-syntax",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "Document is not well-formed XML (unclosed or mismatched tags, raw `&` or `<`, text after the root, a misplaced XML declaration).",
    predicts: &[
        "WMI: A general error occurred that is not covered by a more specific error code",
        "0x87D101F4 (Intune; MDM event 404: unable to parse the requested XML data)",
    ],
    evidence: Evidence::Reported,
    // In a WMI dump that rule explains the same parse failure as damage of the dump.
    superseded_by: &[&crate::rules::deployment::wmi_dump_wrap_artifacts::META],
    ..RuleMeta::BASE
};

impl Rule for XmlSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        if let Some(failure) = cx.parse_failure {
            let message = failure.message.clone();
            let help = if cx.wrapper.format == crate::source::InputFormat::Wmi {
                // Windows returns well-formed XML: in a dump of it, the damage is the dump's.
                "this is a dump of a profile Windows holds, and Windows always returns well-formed                  XML: the dump was damaged on the way (lines wrapped, edited or cut); copy the                  profile again from the client or check the source it was deployed from"
            } else if message.contains("entity") {
                // roxmltree reports a raw `&` as a malformed or unknown entity reference.
                "Windows rejects the whole profile; a literal `&` in text or an attribute must be \
                 written `&amp;` (and `<` as `&lt;`)"
            } else if message.contains("appears inside the document") {
                // A pasted EAP export keeps its own declaration; the generic "fix the XML here"
                // does not tell the reader that the fix is to delete that line.
                "Windows rejects the whole profile; delete this `<?xml ...?>` line: the EAP \
                 configuration inside `<Configuration>` must start directly with `<EapHostConfig`"
            } else if message.contains("XML declaration") {
                "Windows rejects the whole profile; delete what comes before `<?xml` (or the \
                 declaration itself, which is optional)"
            } else {
                "Windows rejects the whole profile; fix the XML at this position (an XML \
                 validator passing does not guarantee Windows accepts it, but failing \
                 guarantees it does not)"
            };
            cx.report(failure.span, message).help(help);
        }
    }
}
