//! `format`: rewrites a profile into the form Windows writes back when it reads a profile.
//!
//! Intune compares the ProfileXML it sent with what Windows 11 reports back and re-applies a
//! profile whose read-back differs (the Intune-on-Windows-11 drift that
//! `intune-win11-element-order` and `intune-win11-servers-workaround` report). Writing the
//! profile in the read-back form removes that class of findings at its root:
//!
//! - the children of `VPNProfile`, `NativeProfile` and `CryptographySuite` are put in the
//!   order of [`crate::model::write_back`], the table the rule M005 checks against; elements
//!   the table does not rank keep their places, comments travel with the element after them
//!   (the details are in `emit.rs`);
//! - with [`FormatOptions::windows_forms`], a `Servers` entry without a friendly name is
//!   written `name;name`, and `<MachineMethod>Eap</MachineMethod>` is added after `UserMethod`
//!   `Eap` of a user tunnel, only where the profile leaves no doubt ([`windows_forms`]);
//! - everything else is kept as written: start and end tags (attributes, namespace
//!   declarations, quotes, spacing inside the tag) and text (entities, CDATA, whitespace) are
//!   copied from the source, comments and processing instructions too. Only the whitespace
//!   between the tags of elements that hold child elements is replaced by consistent
//!   indentation (or removed, in compact mode). The EAP configuration is never reordered.
//!
//! Formatting is idempotent, and the typed model of the output equals the model of the input
//! except for the Windows forms (tests/format.rs checks both on every fixture and the corpus).

mod emit;
mod windows_forms;

use crate::span::LineIndex;

/// How to lay a profile out. The library's own options, independent of the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatOptions {
    /// One line, with no whitespace between tags (what Intune administrators paste into an
    /// OMA-URI setting). Line breaks inside text, comments or tags are kept even then.
    pub compact: bool,
    /// Spaces per nesting level in indented mode.
    pub indent: usize,
    /// Apply the `Servers` `name;name` and `MachineMethod` `Eap` forms Windows writes back.
    pub windows_forms: bool,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            compact: false,
            indent: 2,
            windows_forms: true,
        }
    }
}

/// Why a document cannot be formatted: a message for the user and the byte offset in the
/// input where the problem is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at byte {offset})")]
pub struct FormatError {
    pub message: String,
    pub offset: usize,
}

/// Formats one XML document (a ProfileXML, or any other well-formed XML such as an exported
/// `EapHostConfig`, which is then only re-indented). Refuses input that is not well-formed or
/// exceeds the limits against hostile XML ([`crate::limits`]).
pub fn format_profile(xml: &str, options: &FormatOptions) -> Result<String, FormatError> {
    let tree = parse(xml)?;
    let plan = if options.windows_forms {
        windows_forms::plan(&tree, xml)
    } else {
        windows_forms::Plan::default()
    };
    Ok(emit::document(&tree, xml, options, &plan))
}

fn parse(xml: &str) -> Result<roxmltree::Document<'_>, FormatError> {
    if let Some(limit) = crate::limits::check(xml) {
        return Err(FormatError {
            message: limit.message,
            offset: limit.span.start,
        });
    }
    let tree = roxmltree::Document::parse_with_options(xml, crate::limits::parsing_options())
        .map_err(|error| parse_error(xml, &error))?;
    if let Some(limit) = crate::limits::check_tree(&tree) {
        return Err(FormatError {
            message: limit.message,
            offset: limit.span.start,
        });
    }
    Ok(tree)
}

fn parse_error(xml: &str, error: &roxmltree::Error) -> FormatError {
    let pos = error.pos();
    let offset = LineIndex::new(xml).offset_of(xml, pos.row as usize, pos.col as usize);
    let message = match error {
        roxmltree::Error::DtdDetected => {
            "the document contains a DTD (`<!DOCTYPE`); profiles must not, and profile-lint does not load them".to_owned()
        }
        roxmltree::Error::UnexpectedDeclaration(_) => {
            let before = xml.get(..offset).unwrap_or("");
            if before.trim_start_matches('\u{feff}').trim().is_empty() {
                "the XML declaration `<?xml ...?>` is not at the very start of the document (whitespace comes before it)".to_owned()
            } else {
                "an XML declaration `<?xml ...?>` appears inside the document (typically a pasted EAP export inside `<Configuration>`); it is only allowed at the very start".to_owned()
            }
        }
        other => {
            // roxmltree appends " at row:col"; the offset is given separately.
            let text = other.to_string();
            let text = text
                .rsplit_once(" at ")
                .filter(|(_, tail)| tail.contains(':'))
                .map_or(text.clone(), |(head, _)| head.to_owned());
            format!("the document is not well-formed XML: {text}")
        }
    };
    FormatError { message, offset }
}

#[cfg(test)]
mod tests;
