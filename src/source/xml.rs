//! Plain ProfileXML (or bare `EapHostConfig`) files: the document is the file itself.

use super::{Document, SourceMap, WrapperInfo};

/// A file is XML when its first non-blank character opens a tag, a declaration or a comment
/// (`<#` opens a PowerShell block comment instead).
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    t.starts_with('<') && !t.starts_with("<#")
}

pub fn extract(text: &str) -> Vec<Document> {
    vec![Document {
        xml: text.to_owned(),
        map: SourceMap::verbatim(0),
        wrapper: WrapperInfo::default(),
    }]
}
