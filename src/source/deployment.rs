//! How the profiles of a file reach the device, where the input says so.
//!
//! Why: some advice holds for one route only. Intune compares the ProfileXML it sent with what
//! Windows reads back and re-applies on a difference (the element order and `Servers` forms of
//! M005/M006); the WMI bridge called from a script and `Add-VpnConnection` never compare. The
//! input tells the route apart only sometimes:
//!
//! - a SyncML payload or an Intune OMA-URI export is delivered by an MDM;
//! - a PowerShell script shows it by what it calls: `New-CimInstance`, `CreateInstance`,
//!   `Set-CimInstance` (and friends) on `MDM_VPNv2_01` is the WMI bridge, `Add-VpnConnection` /
//!   `Set-VpnConnection` the remote access manager;
//! - a `Get-WmiObject`/`Get-CimInstance` dump of `MDM_VPNv2_01` is Windows' read-back of a
//!   profile that either Intune or the bridge created (the research's §2.6 read-back shows the
//!   same form for both), and a plain `.xml` says nothing: both are unknown.
//!
//! A script that only *reads* `MDM_VPNv2_01` (a detection script comparing the device with a
//! profile) is a read-back too, not a deployment.

use super::InputFormat;
use crate::meta::Deployment;
use crate::span::Span;

/// What an input says about its deployment, and where it says it (decoded-file coordinates).
pub fn of_input(text: &str, format: InputFormat) -> (Deployment, Option<Span>) {
    match format {
        InputFormat::Syncml => (Deployment::Mdm, None),
        InputFormat::Powershell => match in_script(text) {
            Some((deployment, span)) => (deployment, Some(span)),
            None => (Deployment::Unknown, None),
        },
        InputFormat::Xml | InputFormat::Wmi => (Deployment::Unknown, None),
    }
}

/// Calls that create or change an instance of the bridge's class (building the instance
/// object with `New-Object Microsoft.Management.Infrastructure.CimInstance` is the first step
/// of Microsoft's script, before `CreateInstance`).
const WMI_BRIDGE_WRITES: &[&str] = &[
    "microsoft.management.infrastructure.ciminstance",
    "new-ciminstance",
    "set-ciminstance",
    "createinstance",
    "modifyinstance",
    "set-wmiinstance",
];

/// Cmdlets of the remote access manager that create or change a connection.
const RASMAN_WRITES: &[&str] = &["add-vpnconnection", "set-vpnconnection"];

/// Scripts that upload the profile to Intune as a custom setting (Microsoft Graph).
const INTUNE_UPLOADS: &[&str] = &["windows10customconfiguration", "omasettingstring"];

/// The deployment a script performs, with the call that shows it. A script that creates the
/// profile through the bridge and tweaks it with `Set-VpnConnection` afterwards is a bridge
/// deployment: the bridge comes first.
pub fn in_script(script: &str) -> Option<(Deployment, Span)> {
    let code = code_only(script);
    if find_word(&code, "mdm_vpnv2_01").is_some() {
        if let Some(span) = first_of(&code, WMI_BRIDGE_WRITES) {
            return Some((Deployment::WmiBridge, span));
        }
    }
    if let Some(span) = first_of(&code, INTUNE_UPLOADS) {
        return Some((Deployment::Mdm, span));
    }
    first_of(&code, RASMAN_WRITES).map(|span| (Deployment::RasMan, span))
}

/// The earliest occurrence of any of `words`.
fn first_of(code: &str, words: &[&str]) -> Option<Span> {
    words.iter().filter_map(|w| find_word(code, w)).min()
}

/// The first occurrence of `word` (lower case) as a whole word: not inside a longer name
/// (`Add-VpnConnectionRoute` is not `Add-VpnConnection`).
fn find_word(code: &str, word: &str) -> Option<Span> {
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(found) = code.get(from..).and_then(|rest| rest.find(word)) {
        let start = from + found;
        let end = start + word.len();
        let before = start.checked_sub(1).and_then(|i| bytes.get(i));
        let after = bytes.get(end);
        if !before.is_some_and(|b| is_name(*b)) && !after.is_some_and(|b| is_name(*b)) {
            return Some(Span::new(start, end));
        }
        from = end;
    }
    None
}

/// The script in ASCII lower case with its comments blanked out (same length, so offsets
/// stay those of the script): a call that is only mentioned in a comment (`# or use
/// Add-VpnConnection`) is not what the script does. Strings are kept: a script that writes a
/// deployment script into a string still deploys that way.
fn code_only(script: &str) -> String {
    let mut out: Vec<u8> = script.as_bytes().to_ascii_lowercase();
    let mut i = 0;
    // `'…'`, `"…"`, `@'…'@`, `@"…"@`: a `#` inside is no comment.
    let mut quote: Option<(u8, bool)> = None;
    while i < out.len() {
        let at_line_start = i == 0 || out[i - 1] == b'\n';
        match quote {
            Some((q, true)) => {
                if at_line_start && out[i] == q && out.get(i + 1) == Some(&b'@') {
                    quote = None;
                    i += 1;
                }
            }
            Some((q, false)) => {
                if out[i] == q {
                    quote = None;
                } else if q == b'"' && out[i] == b'`' {
                    i += 1;
                }
            }
            None => match out[i] {
                b'@' if matches!(out.get(i + 1), Some(b'\'' | b'"')) => {
                    quote = Some((out[i + 1], true));
                    i += 1;
                }
                b'\'' | b'"' => quote = Some((out[i], false)),
                b'<' if out.get(i + 1) == Some(&b'#') => {
                    let end = find_from(&out, i + 2, b"#>").map_or(out.len(), |e| e + 2);
                    blank(&mut out[i..end]);
                    i = end;
                    continue;
                }
                b'#' => {
                    let end = find_from(&out, i, b"\n").unwrap_or(out.len());
                    blank(&mut out[i..end]);
                    i = end;
                    continue;
                }
                _ => {}
            },
        }
        i += 1;
    }
    // Only ASCII bytes were changed (to lower case or to spaces), so the text is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Replaces the bytes with spaces, keeping line breaks and never splitting a character
/// (bytes of a multi-byte character are all ≥ 0x80 and all become spaces together).
fn blank(bytes: &mut [u8]) {
    for b in bytes {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment(script: &str) -> Option<Deployment> {
        in_script(script).map(|(d, _)| d)
    }

    #[test]
    fn the_bridge_needs_its_class_and_a_write() {
        let script = "$ClassName = 'MDM_VPNv2_01'\n$session.CreateInstance($ns, $i, $o)\n";
        let (found, span) = in_script(script).expect("bridge");
        assert_eq!(found, Deployment::WmiBridge);
        assert_eq!(&script[span.start..span.end], "CreateInstance");
        assert_eq!(
            deployment("New-CimInstance -ClassName MDM_VPNv2_01 -Property @{}"),
            Some(Deployment::WmiBridge)
        );
        // Reading the class back is no deployment.
        assert_eq!(
            deployment(
                "Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01"
            ),
            None
        );
        assert_eq!(
            deployment("$i = New-Object Microsoft.Management.Infrastructure.CimInstance 'MDM_VPNv2_01', $ns"),
            Some(Deployment::WmiBridge)
        );
        // Another class created with CIM is not the VPN bridge.
        assert_eq!(deployment("New-CimInstance -ClassName Win32_Foo"), None);
    }

    #[test]
    fn rasman_cmdlets_are_whole_words() {
        assert_eq!(
            deployment("Add-VpnConnection -Name 'A' -ServerAddress vpn.example.org"),
            Some(Deployment::RasMan)
        );
        assert_eq!(
            deployment("Add-VpnConnectionRoute -ConnectionName 'A' -DestinationPrefix 10.0.0.0/8"),
            None
        );
        // The bridge wins over a later tweak.
        assert_eq!(
            deployment("New-CimInstance -ClassName MDM_VPNv2_01\nSet-VpnConnection -Name A -SplitTunneling $true"),
            Some(Deployment::WmiBridge)
        );
    }

    #[test]
    fn comments_are_not_calls_but_strings_are() {
        assert_eq!(deployment("# Add-VpnConnection would also work\n"), None);
        assert_eq!(
            deployment("<#\n.NOTES\n  New-CimInstance MDM_VPNv2_01\n#>\n$x = 1"),
            None
        );
        assert_eq!(
            deployment(
                "$p = @'\n<VPNProfile># not a comment</VPNProfile>\n'@\nAdd-VpnConnection -Name x"
            ),
            Some(Deployment::RasMan)
        );
        // A `#` inside a string does not hide what follows the string.
        assert_eq!(
            deployment("$a = 'x#y'; Add-VpnConnection -Name x"),
            Some(Deployment::RasMan)
        );
    }

    #[test]
    fn wrapper_formats_say_what_they_are() {
        assert_eq!(of_input("", InputFormat::Syncml).0, Deployment::Mdm);
        assert_eq!(of_input("", InputFormat::Wmi).0, Deployment::Unknown);
        assert_eq!(of_input("", InputFormat::Xml).0, Deployment::Unknown);
        let multibyte = "# é Add-VpnConnection\n$é = 'ü'\nAdd-VpnConnection -Name x";
        let (found, span) = of_input(multibyte, InputFormat::Powershell);
        assert_eq!(found, Deployment::RasMan);
        let span = span.expect("evidence");
        assert_eq!(
            multibyte.get(span.start..span.end),
            Some("Add-VpnConnection")
        );
    }
}
