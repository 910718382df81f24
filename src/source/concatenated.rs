//! Several whole ProfileXML documents one after another in one text: what
//! `(Get-CimInstance -Namespace root\cimv2\mdm\dmmap -ClassName MDM_VPNv2_01).ProfileXML` prints
//! on a device with a user and a device tunnel (one profile per line).
//!
//! The text is split only where one root element has closed and the next `VPNProfile` or
//! `EapHostConfig` root (or its XML declaration) starts, found by a scan that tracks every tag
//! and skips comments, CDATA, processing instructions and quoted attribute values. A text the
//! scan cannot follow is left whole, so that a malformed document still gets its `xml-syntax`
//! finding rather than being cut where it breaks.

/// Byte ranges of the documents of `text` when it holds two or more whole profiles one after
/// another; `None` for anything else (one document, or one too broken to split safely).
pub fn split(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    // Fast path for the common case of one document: nothing but white space after the first
    // end tag of the root. (A root end tag inside a comment fails this and goes the long way.)
    let root = super::xml::first_element_name(text)?;
    let close = format!("</{root}");
    let at = memchr::memmem::find(text.as_bytes(), close.as_bytes())?;
    let after = text[at..].find('>').map_or(text.len(), |i| at + i + 1);
    if text[after..].trim().is_empty() {
        return None;
    }
    let ranges = scan(text)?;
    (ranges.len() > 1).then_some(ranges)
}

/// Whether a root element named `name` starts a profile document.
fn is_profile_root(name: &str) -> bool {
    let local = name.rsplit(':').next().unwrap_or(name);
    local == "VPNProfile" || local == "EapHostConfig"
}

/// Tracks the element stack through `text`; `None` when the text is not a sequence of whole
/// profile documents separated by white space.
fn scan(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut doc_start = 0;
    let mut seen_root = false;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + lt;
        let rest = &text[at..];
        if stack.is_empty() {
            // Between documents only white space is allowed.
            if seen_root && !text[i..at].trim().is_empty() {
                return None;
            }
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = at + 4 + comment.find("-->")? + 3;
        } else if rest.starts_with("<![CDATA[") {
            i = at + rest.find("]]>")? + 3;
        } else if rest.starts_with("<?") {
            if stack.is_empty() && seen_root {
                // The declaration of the next document.
                ranges.push(doc_start..last_end(text, at));
                doc_start = at;
                seen_root = false;
            }
            i = at + rest.find("?>")? + 2;
        } else if rest.starts_with("<!") {
            // A DOCTYPE is refused later anyway; do not try to follow its internal subset.
            return None;
        } else if let Some(name_part) = rest.strip_prefix("</") {
            let name = tag_name(name_part)?;
            if stack.pop() != Some(name) {
                return None;
            }
            i = at + 2 + name_part.find('>')? + 1;
        } else {
            let name = tag_name(&rest[1..])?;
            if stack.is_empty() {
                if !is_profile_root(name) {
                    return None;
                }
                if seen_root {
                    ranges.push(doc_start..last_end(text, at));
                    doc_start = at;
                }
                seen_root = true;
            }
            let end = tag_end(rest)?;
            if !rest[..end].ends_with("/>") {
                stack.push(name);
            }
            i = at + end;
        }
    }
    if !stack.is_empty() || !seen_root || !text[i..].trim().is_empty() {
        return None;
    }
    ranges.push(doc_start..text.len());
    Some(ranges)
}

/// Where the previous document's text ends: before the white space that precedes `at`.
fn last_end(text: &str, at: usize) -> usize {
    text[..at].trim_end().len()
}

/// The name at the start of a tag (after `<` or `</`).
fn tag_name(after_lt: &str) -> Option<&str> {
    let end = after_lt
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(after_lt.len());
    Some(&after_lt[..end]).filter(|n| !n.is_empty())
}

/// The length of a start tag (through its `>`), skipping quoted attribute values.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in tag.as_bytes().iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            (None, b'<') if i > 0 => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = "<VPNProfile><ProfileName>User</ProfileName><NativeProfile><Servers a='x>y'>vpn</Servers></NativeProfile></VPNProfile>";
    const DEVICE: &str =
        "<VPNProfile><!-- </VPNProfile> --><DeviceTunnel>true</DeviceTunnel></VPNProfile>";

    fn pieces(text: &str) -> Option<Vec<&str>> {
        split(text).map(|ranges| ranges.into_iter().map(|r| &text[r]).collect())
    }

    #[test]
    fn profiles_on_consecutive_lines_are_split_at_their_roots() {
        // The last document keeps the file's final line break, as a single document does.
        let text = format!("{USER}\r\n{DEVICE}\r\n");
        assert_eq!(
            pieces(&text),
            Some(vec![USER, &format!("{DEVICE}\r\n")[..]])
        );
        let declared =
            format!("<?xml version=\"1.0\"?>\n{USER}\n<?xml version=\"1.0\"?>\n{DEVICE}");
        assert_eq!(
            pieces(&declared),
            Some(vec![
                &format!("<?xml version=\"1.0\"?>\n{USER}")[..],
                &format!("<?xml version=\"1.0\"?>\n{DEVICE}")[..],
            ])
        );
        let eap = "<EapHostConfig xmlns=\"x\"><Config/></EapHostConfig>";
        assert_eq!(pieces(&format!("{eap}\n{eap}")), Some(vec![eap, eap]));
    }

    #[test]
    fn one_document_or_a_broken_one_is_left_whole() {
        assert_eq!(split(USER), None);
        assert_eq!(split(&format!("{USER}\n")), None);
        // Junk after the root, another kind of root, a mismatched tag, an unclosed document.
        assert_eq!(split(&format!("{USER}\ntrailing words")), None);
        assert_eq!(split(&format!("{USER}\n<Other/>")), None);
        assert_eq!(
            split(&format!("<VPNProfile><A></B></VPNProfile>\n{DEVICE}")),
            None
        );
        assert_eq!(split(&format!("{USER}\n<VPNProfile><A>")), None);
        assert_eq!(split(&format!("{USER}{USER}x")), None);
    }
}
