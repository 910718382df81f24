//! Input formats ("sources"): where ProfileXML comes from in real life.
//!
//! Each source turns the decoded text of one file into zero or more XML [`Document`]s. Every
//! document carries a [`SourceMap`] from its own byte offsets back to byte offsets in the
//! decoded file text, so that rules work on clean XML while diagnostics point into the file
//! the user gave. Rules never know which source a document came from, except through the
//! [`WrapperInfo`] facts that only wrapper rules read.

mod posmap;
mod xml;

pub use posmap::SourceMap;

use crate::span::Span;
use serde::Serialize;

/// The input formats of SPEC §2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    Xml,
    Wmi,
    Powershell,
    Syncml,
}

impl InputFormat {
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Xml => "xml",
            InputFormat::Wmi => "wmi",
            InputFormat::Powershell => "powershell",
            InputFormat::Syncml => "syncml",
        }
    }
}

/// One XML document found in a file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The reconstructed XML text that is parsed.
    pub xml: String,
    /// Maps byte offsets of `xml` to byte offsets of the decoded file text.
    pub map: SourceMap,
    /// Facts about the wrapper the document came in (empty for plain XML files).
    pub wrapper: WrapperInfo,
}

/// What a wrapper format says around the XML: the OMA-URI of a SyncML item, the properties of a
/// WMI instance, how a script quoted the string. Spans are in decoded-file coordinates.
#[derive(Debug, Clone, Default)]
pub struct WrapperInfo {
    /// Named properties next to the document (WMI `InstanceID`, `ParentID`, ...).
    pub properties: Vec<Property>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub value: String,
    /// Where the value is, in the decoded file text.
    pub span: Span,
}

/// The documents of one file, with the format they were read as.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub format: InputFormat,
    pub documents: Vec<Document>,
}

/// Guesses the format of a file from its content (the file name is only a tie-breaker).
pub fn sniff(text: &str) -> Option<InputFormat> {
    xml::sniff(text).then_some(InputFormat::Xml)
}

/// Reads the documents of `text` as `format`.
pub fn extract(text: &str, format: InputFormat) -> Extraction {
    let documents = match format {
        InputFormat::Xml => xml::extract(text),
        // Other formats are read as XML until their sources exist.
        _ => xml::extract(text),
    };
    Extraction { format, documents }
}
