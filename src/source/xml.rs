//! Plain ProfileXML (or bare `EapHostConfig`) files: the document is the file itself.

use super::{Document, SourceMap, WrapperInfo};

/// A file is XML when its first non-blank character opens a tag, a declaration or a comment
/// (`<#` opens a PowerShell block comment instead).
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    t.starts_with('<') && !t.starts_with("<#")
}

/// Whether an XML file is a profile (or an EAP configuration) rather than some other XML
/// document (an NPS export, a project file): its first element is `VPNProfile` or
/// `EapHostConfig` (any prefix). A file too broken to tell is taken as a profile when it
/// mentions either name, so that its syntax errors are still reported.
pub fn is_profile(text: &str) -> bool {
    let is_profile_name = |name: &str| {
        let local = name.rsplit(':').next().unwrap_or(name);
        local == "VPNProfile" || local == "EapHostConfig"
    };
    match first_element_name(text) {
        Some(name) if is_profile_name(name) => true,
        Some(_) => false,
        None => text.contains("VPNProfile") || text.contains("EapHostConfig"),
    }
}

/// The name of the first start tag, skipping the declaration, comments, processing
/// instructions and a DOCTYPE.
pub(super) fn first_element_name(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        let at = rest.find('<')?;
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = &rest[rest.find('>')? + 1..];
        } else {
            let name_end = rest[1..]
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .map_or(rest.len(), |i| i + 1);
            return Some(&rest[1..name_end]).filter(|n| !n.is_empty());
        }
    }
}

/// The file as its one document (the text is taken, not copied: files are linted by the
/// thousand).
pub fn document(text: String) -> Document {
    Document {
        xml: text,
        map: SourceMap::verbatim(0),
        wrapper: WrapperInfo::default(),
    }
}

/// Several profiles one after another, each a verbatim copy of its range of the file.
pub fn documents(text: &str, ranges: Vec<std::ops::Range<usize>>) -> Vec<Document> {
    ranges
        .into_iter()
        .map(|range| Document {
            xml: text[range.clone()].to_owned(),
            map: SourceMap::verbatim(range.start),
            wrapper: WrapperInfo::default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_told_from_other_xml() {
        assert!(is_profile(
            "<?xml version=\"1.0\"?>\n<!-- a <comment> -->\n<VPNProfile>"
        ));
        assert!(is_profile("<eapHost:EapHostConfig xmlns:eapHost=\"x\">"));
        assert!(!is_profile(
            "<?xml version=\"1.0\"?><Root><Children/></Root>"
        ));
        // Too broken to find a start tag, but clearly meant as a profile.
        assert!(is_profile("<!-- VPNProfile draft"));
        assert!(!is_profile("<!-- nothing here"));
    }
}
