//! M — Deployment wrappers & encoding: how the profile reaches Windows (SyncML / OMA-URI,
//! the WMI bridge from a PowerShell script, a copied WMI dump) and how the file is encoded.
//! These rules read [`crate::source::WrapperInfo`]; they stay silent on plain XML files.
pub mod file_encoding;
pub mod intune_win11_element_order;
pub mod intune_win11_servers_workaround;
pub mod oma_uri_scope;
pub mod oma_uri_syntax;
pub mod payload_line_breaks;
pub mod powershell_interpolated_profile;
pub mod powershell_variable_not_set;
pub mod profile_name_encoding;
pub mod profilename_element_mismatch;
pub mod syncml_escaping_level;
pub mod syncml_not_atomic;
pub mod wmi_dump_wrap_artifacts;
pub mod wmi_escape_ampersand;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &intune_win11_element_order::IntuneWin11ElementOrder,
    &intune_win11_servers_workaround::IntuneWin11ServersWorkaround,
    &oma_uri_scope::OmaUriScope,
    &oma_uri_syntax::OmaUriSyntax,
    &profile_name_encoding::ProfileNameEncoding,
    &profilename_element_mismatch::ProfilenameElementMismatch,
    &payload_line_breaks::PayloadLineBreaks,
    &wmi_escape_ampersand::WmiEscapeAmpersand,
    &syncml_escaping_level::SyncmlEscapingLevel,
    &syncml_not_atomic::SyncmlNotAtomic,
    &wmi_dump_wrap_artifacts::WmiDumpWrapArtifacts,
    &powershell_interpolated_profile::PowershellInterpolatedProfile,
    &file_encoding::FileEncoding,
    &powershell_variable_not_set::PowershellVariableNotSet,
];

/// Percent-decodes an OMA-URI segment or WMI `InstanceID` (`Contoso%20VPN` → `Contoso VPN`).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a profile name the way the CSP asks: everything but ASCII letters, digits
/// and the URL-unreserved `-._~`.
pub(crate) fn percent_encode(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_round_trip() {
        assert_eq!(
            percent_decode("Contoso%20AlwaysOn%20VPN"),
            "Contoso AlwaysOn VPN"
        );
        assert_eq!(percent_decode("bad%2"), "bad%2");
        assert_eq!(percent_encode("R&D VPN"), "R%26D%20VPN");
    }
}
