//! `extract`: the clean ProfileXML of each document found in a file (a WMI/CIM dump, a
//! PowerShell script, a SyncML payload, an Intune OMA-URI export, or a plain XML file), as
//! the source modules reconstruct it (re-joined, un-escaped, assembled), each with a name
//! that is safe as a file name.

use crate::decode::DecodedText;
use crate::source::{self, Document, InputFormat};

/// One document found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// A name for the document that is safe as a file name on Windows and Linux (no extension;
    /// unique within the file, compared case-insensitively): from the `ProfileName` element,
    /// else the WMI `InstanceID`, the profile segment of the OMA-URI, the script's profile
    /// name or the variable holding the string (percent-decoded where the wrapper encodes),
    /// else `profile-N` (N counting documents from 1).
    pub name: String,
    /// The document's XML as reconstructed from the wrapper.
    pub xml: String,
    /// The format the file was read as.
    pub source_format: InputFormat,
    /// The document is known to be cut short (a truncated dump): its XML is incomplete.
    pub incomplete: bool,
}

/// Longest name produced, in characters (file systems allow 255 bytes; room is left for an
/// extension and a `-N` suffix).
const MAX_NAME_CHARS: usize = 100;

/// The documents of the file `path` (used only to break ties when guessing the format)
/// holding `bytes`. Errs with a message for the user when the bytes cannot be decoded, the
/// format is not recognised, or no document is found.
pub fn extract_profiles(path: &str, bytes: &[u8]) -> Result<Vec<Extracted>, String> {
    let decoded = DecodedText::decode(bytes).map_err(|error| format!("cannot decode: {error}"))?;
    let text = decoded.text;
    let Some(format) = source::sniff(&text, path) else {
        return Err(if text.trim().is_empty() {
            "the file holds no text".to_owned()
        } else {
            "the file is not a ProfileXML document, a Get-WmiObject/Get-CimInstance dump, a PowerShell script or a SyncML payload".to_owned()
        });
    };
    let extraction = match format {
        InputFormat::Xml => source::extract_xml(text).0,
        _ => source::extract(&text, format),
    };
    if extraction.documents.is_empty() {
        return Err(format!(
            "no profile was found in this file read as {}",
            format.describe()
        ));
    }
    // A dump's empty `ProfileXML` (a profile node without a profile) has nothing to extract.
    let documents: Vec<_> = extraction
        .documents
        .into_iter()
        .filter(|d| !d.xml.trim().is_empty())
        .collect();
    if documents.is_empty() {
        return Err(
            "every `ProfileXML` in this dump is empty: the profile nodes exist but hold no profile"
                .to_owned(),
        );
    }
    let mut taken: Vec<String> = Vec::new();
    Ok(documents
        .into_iter()
        .enumerate()
        .map(|(index, document)| {
            let name = document_name(&document)
                .map(|raw| file_name_safe(&raw))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| format!("profile-{}", index + 1));
            let name = deduplicated(name, &mut taken);
            Extracted {
                name,
                incomplete: document.wrapper.incomplete,
                xml: document.xml,
                source_format: format,
            }
        })
        .collect())
}

/// The name the document gives itself or its wrapper gives it, as written (not yet safe).
fn document_name(document: &Document) -> Option<String> {
    let wrapper = &document.wrapper;
    profile_name_element(&document.xml)
        .or_else(|| {
            wrapper
                .property("InstanceID")
                .map(|p| percent_decoded(p.value.trim()))
        })
        .or_else(|| {
            let oma = wrapper.oma.as_ref()?;
            let segments = oma.vpnv2_segments()?;
            let (segment, _) = segments.first()?;
            Some(percent_decoded(segment))
        })
        .or_else(|| {
            let script = wrapper.script.as_ref()?;
            script
                .profile_name
                .as_ref()
                .map(|p| p.value.clone())
                .or_else(|| script.variable.clone())
        })
        .filter(|name| !name.trim().is_empty())
}

/// The text of `VPNProfile/ProfileName`, when the document parses.
fn profile_name_element(xml: &str) -> Option<String> {
    let tree = crate::limits::parse_guarded(xml)?;
    let root = tree.root_element();
    if root.tag_name().name() != "VPNProfile" {
        return None;
    }
    let name = root
        .children()
        .find(|c| c.is_element() && c.tag_name().name() == "ProfileName")?;
    let text: String = name
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// `%XX` sequences decoded (the CSP node name of a profile is percent-encoded); invalid
/// sequences and bytes that do not form UTF-8 are kept or replaced, never refused.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `raw` made safe as a file name on Windows and Linux: characters Windows reserves
/// (`<>:"/\|?*`), control characters and path separators become `_`; runs of dots become
/// one dot (no `..`); leading dots and spaces go (no hidden files, no `..`), trailing dots and
/// spaces go (Windows drops them); device names (`CON`, `NUL`, `COM1`, ...) get a `_`; the
/// length is capped. May return an empty string (then the caller numbers the document).
pub fn file_name_safe(raw: &str) -> String {
    let mut name = String::with_capacity(raw.len());
    for c in raw.trim().chars() {
        let c = if c.is_control()
            || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')
        {
            '_'
        } else {
            c
        };
        if c == '.' && name.ends_with('.') {
            continue;
        }
        name.push(c);
    }
    let mut name: String = name
        .trim_start_matches(['.', ' '])
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    while name.ends_with(['.', ' ']) {
        name.pop();
    }
    if is_device_name(&name) {
        let stem_end = name.find('.').unwrap_or(name.len());
        name.insert(stem_end, '_');
    }
    name
}

/// Names Windows reserves for devices, with or without an extension (`NUL`, `nul.xml`).
fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ((upper.starts_with("COM") || upper.starts_with("LPT"))
        && upper.len() == 4
        && upper
            .chars()
            .nth(3)
            .is_some_and(|d| d.is_ascii_digit() || "¹²³".contains(d)))
}

/// `name`, or `name-2`, `name-3`, ... when an earlier document of the file took it (compared
/// case-insensitively, as Windows file systems compare names).
fn deduplicated(name: String, taken: &mut Vec<String>) -> String {
    let is_taken = |candidate: &str, taken: &[String]| {
        taken
            .iter()
            .any(|t| t.to_lowercase() == candidate.to_lowercase())
    };
    let mut candidate = name.clone();
    let mut n = 2;
    while is_taken(&candidate, taken) {
        candidate = format!("{name}-{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_file_names() {
        assert_eq!(file_name_safe("Fabrikam VPN"), "Fabrikam VPN");
        assert_eq!(file_name_safe("../../etc/passwd"), "_._etc_passwd");
        assert_eq!(file_name_safe(".."), "");
        assert_eq!(file_name_safe(" . "), "");
        assert_eq!(file_name_safe("a..b"), "a.b");
        assert_eq!(
            file_name_safe("VPN: <user>|*?\"x\"\\y"),
            "VPN_ _user_____x__y"
        );
        assert_eq!(file_name_safe("name. "), "name");
        assert_eq!(file_name_safe("tab\there\nline"), "tab_here_line");
        assert_eq!(file_name_safe("CON"), "CON_");
        assert_eq!(file_name_safe("nul.txt"), "nul_.txt");
        assert_eq!(file_name_safe("com1"), "com1_");
        assert_eq!(file_name_safe("COM10"), "COM10");
        assert_eq!(file_name_safe("console"), "console");
        assert_eq!(
            file_name_safe(&"x".repeat(500)).chars().count(),
            MAX_NAME_CHARS
        );
        assert_eq!(
            file_name_safe(&"é".repeat(500)).chars().count(),
            MAX_NAME_CHARS
        );
        for raw in ["..", "/", "\\", ".", "a/../b", "C:\\x", "\u{0}"] {
            let safe = file_name_safe(raw);
            assert!(
                !safe.contains(['/', '\\', ':']) && !safe.contains(".."),
                "{raw} → {safe}"
            );
            assert!(safe != "." && safe != "..");
        }
    }

    #[test]
    fn percent_encoding_is_decoded_leniently() {
        assert_eq!(percent_decoded("Fabrikam%20VPN"), "Fabrikam VPN");
        assert_eq!(percent_decoded("a%2Fb%"), "a/b%");
        assert_eq!(percent_decoded("%zz%C3%A9%FF"), "%zzé\u{fffd}");
    }

    #[test]
    fn duplicates_are_numbered() {
        let mut taken = Vec::new();
        let names: Vec<String> = ["VPN", "vpn", "VPN", "VPN-2"]
            .into_iter()
            .map(|n| deduplicated(n.to_owned(), &mut taken))
            .collect();
        assert_eq!(names, ["VPN", "vpn-2", "VPN-3", "VPN-2-2"]);
    }

    #[test]
    fn a_plain_file_is_its_one_document() {
        let xml = b"\xEF\xBB\xBF<VPNProfile><ProfileName>Contoso/VPN</ProfileName></VPNProfile>";
        let found = extract_profiles("x.xml", xml).expect("one document");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "Contoso_VPN");
        assert_eq!(found[0].source_format, InputFormat::Xml);
        assert!(found[0].xml.starts_with("<VPNProfile>"));
        let unnamed = extract_profiles("x.xml", b"<VPNProfile/>").expect("one document");
        assert_eq!(unnamed[0].name, "profile-1");
    }

    fn names(path: &str, text: &str) -> Vec<String> {
        extract_profiles(path, text.as_bytes())
            .expect("documents")
            .into_iter()
            .map(|e| e.name)
            .collect()
    }

    #[test]
    fn wrappers_name_documents_without_a_profile_name() {
        let wmi = "InstanceID : Contoso%2FVPN\nParentID : ./Vendor/MSFT/VPNv2\nProfileXML : <VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>\n\nInstanceID : contoso%2fvpn\nParentID : ./Vendor/MSFT/VPNv2\nProfileXML : <VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>\n";
        assert_eq!(names("dump.txt", wmi), ["Contoso_VPN", "contoso_vpn-2"]);
        let json = r#"{"omaSettings": [{"omaUri": "./User/Vendor/MSFT/VPNv2/Contoso%20VPN/ProfileXML", "value": "<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>"}]}"#;
        assert_eq!(names("export.json", json), ["Contoso VPN"]);
        let script = "$ProfileName = 'Contoso: Remote'\n$ProfileXML = '<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>'\n";
        assert_eq!(names("deploy.ps1", script), ["Contoso_ Remote"]);
        let script = "$UserProfile = '<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>'\n";
        assert_eq!(names("deploy.ps1", script), ["UserProfile"]);
        // The `ProfileName` element comes first.
        let script = "$ProfileName = 'Script'\n$ProfileXML = '<VPNProfile><ProfileName> Element </ProfileName></VPNProfile>'\n";
        assert_eq!(names("deploy.ps1", script), ["Element"]);
    }

    #[test]
    fn unreadable_input_is_an_error() {
        assert!(extract_profiles("x", b"").is_err());
        assert!(extract_profiles("x", b"hello").is_err());
        assert!(extract_profiles("x", &[0xC3, 0x28]).is_err());
    }
}
