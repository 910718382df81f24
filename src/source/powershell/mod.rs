//! PowerShell scripts that build the profile: in a literal (`'...'`, `"..."`, here-strings), or
//! assembled at run time from variables, `+`/`+=`, `-f`, `-join` and loops, the way deployment
//! scripts do.
//!
//! [`eval`] runs the string-building part of the script; every profile it builds is one
//! document, whose bytes map back to the literal in the script each was written in. A value
//! the script only gets when it runs (a parameter without default, a cmdlet's output) stands
//! in the document as its reference (`$Servers`) and is listed in [`ScriptInfo::unknowns`]:
//! rules do not judge it, and `powershell-interpolated-profile` says where it comes from.
//!
//! [`lexer`] reads literals and expansions, [`value`] holds what the evaluator computes.

mod eval;
mod lexer;
mod value;
mod writer;

use super::{
    Document, InputFormat, NameEncoding, Property, ScriptInfo, UnknownValue, UnsetVariable,
    WrapperInfo,
};
use crate::span::Span;
use lexer::{regex, Script};
use regex::Regex;
use std::sync::OnceLock;
use value::Text;

/// A script: PowerShell-looking lines, and something about VPN profiles in it.
pub fn sniff(text: &str, path: &str) -> bool {
    static SHAPE: OnceLock<Regex> = OnceLock::new();
    let shape = regex(
        &SHAPE,
        r#"(?m)^\s*(\$[A-Za-z_][\w:]*\s*\+?=|\[[A-Za-z.]+\]\s*\$|param\s*\(|function\s|<#|@'|@"|[A-Z][a-z]+-[A-Z][A-Za-z0-9]+\b)"#,
    );
    let topic = [
        "<VPNProfile",
        "&lt;VPNProfile",
        "ProfileXML",
        "MDM_VPNv2",
        "<EapHostConfig",
    ]
    .iter()
    .any(|t| text.contains(t))
        || text.contains("WriteStartElement('VPNProfile'")
        || text.contains("WriteStartElement(\"VPNProfile\"");
    let script_name = path.to_ascii_lowercase().ends_with(".ps1");
    topic && (script_name || shape.is_match(text))
}

pub fn extract(text: &str) -> Vec<Document> {
    let facts = script_facts(text);
    let script = Script::new(text);
    let candidates = eval::Evaluator::new(&script).run();
    let mut seen = std::collections::HashSet::new();
    let mut documents: Vec<Document> = candidates
        .into_iter()
        .filter_map(|candidate| profile_document(candidate, &facts))
        .filter(|doc| seen.insert(doc.xml.clone()))
        .collect();
    drop_spliced_eap(&mut documents);
    documents.sort_by_key(|doc| doc.map.to_file(0));
    let profiles = documents
        .iter()
        .filter(|d| d.xml.contains("<VPNProfile"))
        .count();
    for doc in &mut documents {
        if let Some(script) = doc.wrapper.script.as_mut() {
            script.profiles = profiles;
        }
    }
    documents
}

/// An EAP configuration held in its own variable and spliced into a profile of the same
/// script is linted as part of that profile, not a second time on its own.
fn drop_spliced_eap(documents: &mut Vec<Document>) {
    let is_eap = |doc: &Document| doc.xml.trim_start().starts_with("<EapHostConfig");
    let eap = documents.iter().filter(|d| is_eap(d)).count();
    let profiles = documents.len() - eap;
    // Comparing every pair is quadratic; real scripts have a handful of each.
    if eap == 0 || eap.saturating_mul(profiles) > 10_000 {
        return;
    }
    let profile_texts: Vec<String> = documents
        .iter()
        .filter(|d| !is_eap(d))
        .map(|d| d.xml.clone())
        .collect();
    documents.retain(|doc| !(is_eap(doc) && profile_texts.iter().any(|p| p.contains(&doc.xml))));
}

/// The document of one profile the script builds, when the text is one.
fn profile_document(candidate: eval::Candidate, facts: &ScriptInfo) -> Option<Document> {
    let mut value = candidate.value;
    // A profile written already escaped for the WMI bridge (`&lt;VPNProfile&gt;…`).
    if super::unescape::holds_escaped_profile(value.as_str()) {
        value = unescape_text(&value);
    }
    let full = value.as_str();
    let trimmed = full.trim();
    let is_profile = trimmed.starts_with('<')
        && (trimmed.contains("<VPNProfile") || trimmed.contains("<EapHostConfig"));
    if !is_profile {
        return None;
    }
    let lead = full.len() - full.trim_start().len();
    let mut doc = Text::default();
    doc.append_range(&value, lead, lead + trimmed.len());
    let mut script = facts.clone();
    let mut literals = doc.literals.clone();
    literals.sort_by_key(|(span, _)| (span.start, span.end));
    literals.dedup();
    script.quoting = value.literals.first().map(|(_, q)| *q);
    script.literal_span = match (literals.first(), literals.iter().map(|(s, _)| s.end).max()) {
        (Some((first, _)), Some(end)) => Span::new(first.start, end),
        _ => Span::default(),
    };
    script.literals = literals;
    script.variable = candidate.variable;
    let mut unset: Vec<UnsetVariable> = doc
        .holes
        .iter()
        .filter_map(|hole| {
            let never_set = hole.origin.never_set.as_ref()?;
            Some(UnsetVariable {
                span: hole.reference,
                written: hole.written.clone(),
                suggestion: never_set.suggestion.clone(),
            })
        })
        .collect();
    unset.sort_by_key(|u| (u.span.start, u.span.end));
    unset.dedup_by_key(|u| u.span);
    script.unset = unset;
    script.unknowns = doc
        .holes
        .iter()
        .map(|hole| UnknownValue {
            span: hole.reference,
            document: Span::new(hole.range.start, hole.range.end),
            written: hole.written.clone(),
            why: hole.origin.why.clone(),
            origin: hole.origin.span,
            never_set: hole.origin.never_set.is_some(),
        })
        .collect();
    let mut wrapper = WrapperInfo::for_format(InputFormat::Powershell);
    wrapper.script = Some(Box::new(script));
    let (xml, map) = doc.text.into_parts();
    Some(Document { xml, map, wrapper })
}

/// Undoes XML entities outside the holes of `src`.
fn unescape_text(src: &Text) -> Text {
    let mut out = Text {
        literals: src.literals.clone(),
        ..Text::default()
    };
    let mut from = 0;
    for hole in &src.holes {
        let segment = &src.as_str()[from..hole.range.start];
        super::unescape::unescape_into(&mut out.text, segment, &|k| src.text.map.to_file(from + k));
        out.append_range(src, hole.range.start, hole.range.end);
        from = hole.range.end;
    }
    let segment = &src.as_str()[from..];
    super::unescape::unescape_into(&mut out.text, segment, &|k| src.text.map.to_file(from + k));
    out
}

/// What the script does around its profiles (the same for every profile of the script).
fn script_facts(text: &str) -> ScriptInfo {
    static ESCAPE_LT: OnceLock<Regex> = OnceLock::new();
    static ESCAPE_AMP: OnceLock<Regex> = OnceLock::new();
    static NAME: OnceLock<Regex> = OnceLock::new();
    static SPACES: OnceLock<Regex> = OnceLock::new();
    static SYSTEM: OnceLock<Regex> = OnceLock::new();
    let escape_lt = regex(
        &ESCAPE_LT,
        r#"(?i)(-replace\s*\(?\s*|\.Replace\(\s*)['"]<['"]\s*,\s*['"]&lt;['"]"#,
    );
    let escape_amp = regex(
        &ESCAPE_AMP,
        r#"(?i)((-replace\s*\(?\s*|\.Replace\(\s*)['"]{1,2}&['"]{1,2}\s*,\s*['"]{1,2}&amp;['"]{1,2})|SecurityElement\]::Escape|HtmlEncode|XmlEncode|EscapeXml"#,
    );
    let name = regex(
        &NAME,
        r#"(?i)(\$ProfileName\s*=\s*|-ProfileName\s+)(['"])([^'"\r\n]*)['"]"#,
    );
    let spaces = regex(
        &SPACES,
        r#"(?i)(-replace\s*\(?\s*|\.Replace\(\s*)['"]{1,2}(\s|\\s)['"]{1,2}\s*,\s*['"]{1,2}%20['"]{1,2}"#,
    );
    let system = regex(
        &SYSTEM,
        r"(?i)S-1-5-18|IsSystem\b|NT AUTHORITY\\SYSTEM|\bLocalSystem\b",
    );
    let profile_name = name.captures(text).and_then(|c| {
        let value = c.get(3)?;
        // `"$Company VPN"`: the name is only known when the script runs.
        if c.get(2).is_some_and(|q| q.as_str() == "\"") && value.as_str().contains('$') {
            return None;
        }
        Some(Property {
            name: "ProfileName".into(),
            value: value.as_str().to_owned(),
            span: Span::new(value.start(), value.end()),
        })
    });
    let lower = text.to_ascii_lowercase();
    let name_encoding = if ["escapedatastring", "urlencode", "escapeuristring"]
        .iter()
        .any(|k| lower.contains(k))
    {
        Some(NameEncoding::Full)
    } else if spaces.is_match(text) {
        Some(NameEncoding::SpacesOnly)
    } else {
        None
    };
    ScriptInfo {
        wmi_escape: escape_lt.find(text).map(|m| Span::new(m.start(), m.end())),
        wmi_escapes_ampersand: escape_amp.is_match(text),
        profile_name,
        name_encoding,
        user_context: lower
            .find("policyplatform_usercontext")
            .filter(|&at| !only_for_user_tunnels(text, at))
            .map(|at| Span::new(at, at + "PolicyPlatform_UserContext".len())),
        checks_system: system.is_match(text),
        ..Default::default()
    }
}

/// Whether the user-context option at `at` is set only for user tunnels: inside
/// `if (<not a device tunnel>) { … }` or in the `else` of `if (<device tunnel>) { … }`, where
/// the condition names the device tunnel (`$Xml.VPNProfile.DeviceTunnel -ne 'true'`,
/// `!$DeviceTunnel`). A script deploying either kind of profile decides at run time.
fn only_for_user_tunnels(text: &str, at: usize) -> bool {
    static IF: OnceLock<Regex> = OnceLock::new();
    let if_open = regex(&IF, r"(?i)\bif\s*\(");
    let bytes = text.as_bytes();
    let close_of = |open: usize, o: u8, c: u8| -> Option<usize> {
        let mut depth = 0usize;
        for (k, &b) in bytes.get(open..)?.iter().enumerate() {
            if b == o {
                depth += 1;
            } else if b == c {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + k);
                }
            }
        }
        None
    };
    let block_after = |from: usize| -> Option<(usize, usize)> {
        let open = lexer::skip_blank(text, from, true);
        (bytes.get(open) == Some(&b'{')).then_some(())?;
        Some((open, close_of(open, b'{', b'}')?))
    };
    let starts: Vec<usize> = if_open
        .find_iter(&text[..at])
        .map(|m| m.end() - 1)
        .collect();
    for &paren in starts.iter().rev().take(16) {
        let Some(close) = close_of(paren, b'(', b')') else {
            continue;
        };
        let condition = text[paren..close].to_ascii_lowercase();
        if !condition.contains("devicetunnel") {
            continue;
        }
        let negative = ["-ne", "-not", "!", "false"]
            .iter()
            .any(|k| condition.contains(k));
        let Some((open, end)) = block_after(close + 1) else {
            continue;
        };
        if open < at && at < end {
            return negative;
        }
        let rest = lexer::skip_blank(text, end + 1, true);
        if text[rest..].to_ascii_lowercase().starts_with("else") {
            if let Some((open, end)) = block_after(rest + 4) {
                if open < at && at < end {
                    return !negative;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_util::assert_exact;
    use crate::source::Quoting;

    #[test]
    fn user_context_set_only_for_user_tunnels_is_not_the_device_tunnels() {
        let guarded = "if ($X.VPNProfile.DeviceTunnel -ne 'true') {\n  $o.SetCustomOption('T', 'PolicyPlatform_UserContext', $false)\n}\n";
        assert!(script_facts(guarded).user_context.is_none());
        let in_else = "if ($DeviceTunnel) { $sid = 'S-1-5-18' } else { $o.SetCustomOption('T', 'PolicyPlatform_UserContext', $false) }";
        assert!(script_facts(in_else).user_context.is_none());
        // Set for a device tunnel, or whatever the profile: still reported.
        let wrong =
            "if ($DeviceTunnel) { $o.SetCustomOption('T', 'PolicyPlatform_UserContext', $false) }";
        assert!(script_facts(wrong).user_context.is_some());
        let other = "if ($Sid) { $o.SetCustomOption('T', 'PolicyPlatform_UserContext', $false) }";
        assert!(script_facts(other).user_context.is_some());
        // Unbalanced input does not panic.
        assert!(
            script_facts("if ((DeviceTunnel -ne 1 { PolicyPlatform_UserContext")
                .user_context
                .is_some()
        );
    }

    #[test]
    fn single_quoted_with_doubled_quotes() {
        let text =
            "$ProfileXML = '<VPNProfile><ProfileName>O''Brien VPN</ProfileName></VPNProfile>'\r\n";
        assert!(sniff(text, "x.txt"));
        let docs = extract(text);
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0].xml,
            "<VPNProfile><ProfileName>O'Brien VPN</ProfileName></VPNProfile>"
        );
        assert_exact(&docs[0], text, &[]);
        let script = docs[0].wrapper.script.as_ref().expect("script facts");
        assert_eq!(script.variable.as_deref(), Some("ProfileXML"));
        assert_eq!(script.quoting, Some(Quoting::Single));
    }

    /// The documents of `text`, checking that every byte maps back to the same character in
    /// the script (or to the backtick, quote or `&` of an escape).
    fn documents(text: &str) -> Vec<Document> {
        let docs = extract(text);
        for d in &docs {
            assert_exact(d, text, &['`', '\'', '&', '$']);
        }
        docs
    }

    fn unknowns(doc: &Document) -> Vec<(String, String)> {
        doc.wrapper
            .script
            .as_ref()
            .map(|s| {
                s.unknowns
                    .iter()
                    .map(|u| (u.written.clone(), u.why.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn here_strings_with_a_run_time_value_keep_a_hole() {
        let text = "<# deploys two profiles #>\n$Server = $env:VPNSERVER\n$A = @'\n<VPNProfile>\n  <AlwaysOn>true</AlwaysOn>\n</VPNProfile>\n'@\n$B = @\"\r\n<VPNProfile><Servers>$Server</Servers><DnsSuffix>a`$b</DnsSuffix></VPNProfile>\r\n\"@\r\n";
        let docs = documents(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].xml,
            "<VPNProfile>\n  <AlwaysOn>true</AlwaysOn>\n</VPNProfile>"
        );
        assert_eq!(
            docs[1].xml,
            "<VPNProfile><Servers>$Server</Servers><DnsSuffix>a$b</DnsSuffix></VPNProfile>"
        );
        let script = docs[1].wrapper.script.as_ref().expect("script");
        assert_eq!(script.quoting, Some(Quoting::DoubleHere));
        assert_eq!(
            unknowns(&docs[1]),
            vec![("$Server".into(), "an environment variable".into())]
        );
        let hole = &script.unknowns[0];
        assert_eq!(&text[hole.span.start..hole.span.end], "$Server");
        assert_eq!(
            &docs[1].xml[hole.document.start..hole.document.end],
            "$Server"
        );
        assert!(unknowns(&docs[0]).is_empty());
    }

    #[test]
    fn a_variable_never_set_is_remembered_with_the_nearest_name() {
        let text = "$VpnServer = 'vpn.contoso.com'\n$p = \"<VPNProfile><Servers>$VpnSever</Servers></VPNProfile>\"\n";
        let docs = documents(text);
        assert_eq!(
            xml_of(&docs),
            vec!["<VPNProfile><Servers>$VpnSever</Servers></VPNProfile>"]
        );
        let script = docs[0].wrapper.script.as_ref().expect("script");
        assert!(script.unknowns.iter().all(|u| u.never_set));
        assert_eq!(script.unset.len(), 1);
        assert_eq!(script.unset[0].written, "$VpnSever");
        assert_eq!(script.unset[0].suggestion.as_deref(), Some("$VpnServer"));
        // A script that dot-sources another may get the variable from it: not judged.
        let sourced = format!(". .\\Settings.ps1\n{text}");
        let docs = documents(&sourced);
        let script = docs[0].wrapper.script.as_ref().expect("script");
        assert!(script.unset.is_empty());
        assert_eq!(script.unknowns.len(), 1);
        assert!(!script.unknowns[0].never_set);
    }

    #[test]
    fn variables_assigned_literals_are_substituted_where_they_were_written() {
        let text = "$ProfileName = 'Contoso VPN'\n$srv = \"vpn.contoso.com\"\n$x = \"<VPNProfile><Servers>`\"a`\"</Servers>\" + $srv +\n  '</VPNProfile>'\n$x = $x -replace '<', '&lt;'\n# MDM_VPNv2_01\n";
        let docs = documents(text);
        assert_eq!(docs.len(), 1, "{:?}", xml_of(&docs));
        assert_eq!(
            docs[0].xml,
            "<VPNProfile><Servers>\"a\"</Servers>vpn.contoso.com</VPNProfile>"
        );
        let at = docs[0].xml.find("vpn.contoso").expect("server");
        assert_eq!(
            docs[0].map.to_file(at),
            text.find("vpn.contoso").expect("literal")
        );
        let script = docs[0].wrapper.script.as_ref().expect("script");
        assert!(script.unknowns.is_empty());
        assert_eq!(script.variable.as_deref(), Some("x"));
        assert_eq!(script.literals.len(), 3);
        assert!(script.wmi_escape.is_some());
        assert!(!script.wmi_escapes_ampersand);
        assert_eq!(
            script.profile_name.as_ref().map(|p| p.value.as_str()),
            Some("Contoso VPN")
        );
        assert_eq!(script.name_encoding, None);
    }

    fn xml_of(docs: &[Document]) -> Vec<&str> {
        docs.iter().map(|d| d.xml.as_str()).collect()
    }

    #[test]
    fn a_profile_completed_with_plus_equals_in_a_loop_is_one_document() {
        let text = r#"param([string]$Server = 'vpn.contoso.com', [Parameter(Mandatory)][string]$Suffix)
$Routes = @('10.10.0.0', '10.20.0.0')
$Dns = '10.10.0.10', '10.10.0.11'
$ProfileXML = '<VPNProfile><DnsSuffix>' + $Suffix + '</DnsSuffix><NativeProfile><Servers>' + $Server + '</Servers></NativeProfile>'
foreach ($Route in $Routes) {
    $ProfileXML += "<Route><Address>$Route</Address><PrefixSize>16</PrefixSize></Route>"
}
$ProfileXML += '<DomainNameInformation><DomainName>.corp.contoso.com</DomainName><DnsServers>{0}</DnsServers></DomainNameInformation>' -f ($Dns -join ',')
$ProfileXML += '</VPNProfile>'
if ($ProfileXML -match '<VPNProfile>') { Write-Host 'Found <VPNProfile> in the profile' }
"#;
        let docs = documents(text);
        assert_eq!(docs.len(), 1, "{:?}", xml_of(&docs));
        assert_eq!(
            docs[0].xml,
            "<VPNProfile><DnsSuffix>$Suffix</DnsSuffix><NativeProfile><Servers>vpn.contoso.com</Servers></NativeProfile><Route><Address>10.10.0.0</Address><PrefixSize>16</PrefixSize></Route><DomainNameInformation><DomainName>.corp.contoso.com</DomainName><DnsServers>10.10.0.10,10.10.0.11</DnsServers></DomainNameInformation></VPNProfile>"
        );
        assert_eq!(
            unknowns(&docs[0]),
            vec![(
                "$Suffix".into(),
                "a parameter without a default value".into()
            )]
        );
    }

    #[test]
    fn hash_tables_format_strings_and_string_builders() {
        let text = r#"$Routes = @(
    @{ Address = '10.1.0.0'; Prefix = 16 },
    @{ Address = '10.2.0.0'; Prefix = 16 }
)
$sb = New-Object System.Text.StringBuilder
[void]$sb.Append('<VPNProfile>')
foreach ($r in $Routes) { [void]$sb.Append("<Route><Address>$($r.Address)</Address><PrefixSize>$($r.Prefix)</PrefixSize></Route>") }
[void]$sb.AppendLine([string]::Format('<NativeProfile><Servers>{0}</Servers></NativeProfile>', 'vpn.contoso.com'))
[void]$sb.Append('</VPNProfile>')
$ProfileXML = $sb.ToString()
"#;
        let docs = extract(text);
        assert_eq!(docs.len(), 1, "{:?}", xml_of(&docs));
        assert_eq!(
            docs[0].xml,
            "<VPNProfile><Route><Address>10.1.0.0</Address><PrefixSize>16</PrefixSize></Route><NativeProfile><Servers>vpn.contoso.com</Servers></NativeProfile>\r\n</VPNProfile>"
        );
    }

    #[test]
    fn an_eap_configuration_spliced_into_the_profile_is_not_linted_twice() {
        let text = "$Eap = @'\n<EapHostConfig xmlns=\"http://www.microsoft.com/provisioning/EapHostConfig\"></EapHostConfig>\n'@\n$ProfileXML = @\"\n<VPNProfile><NativeProfile><Authentication><UserMethod>Eap</UserMethod><Eap><Configuration>$Eap</Configuration></Eap></Authentication></NativeProfile></VPNProfile>\n\"@\n";
        let docs = documents(text);
        assert_eq!(docs.len(), 1, "{:?}", xml_of(&docs));
        assert!(docs[0].xml.contains("<Configuration><EapHostConfig"));
        assert!(unknowns(&docs[0]).is_empty());
    }

    #[test]
    fn cmdlet_output_is_unknown_and_says_whose() {
        let text = "$Eap = Get-Content -Path .\\eap.xml -Raw\n$Name = Read-Host 'Name'\n$ProfileXML = \"<VPNProfile><ProfileName>$Name</ProfileName><Eap><Configuration>$Eap</Configuration></Eap></VPNProfile>\"\n";
        let docs = documents(text);
        assert_eq!(docs.len(), 1);
        assert_eq!(
            unknowns(&docs[0]),
            vec![
                (
                    "$Name".into(),
                    "typed in when the script runs (`Read-Host`)".into()
                ),
                ("$Eap".into(), "the output of `Get-Content`".into()),
            ]
        );
        let origin = docs[0].wrapper.script.as_ref().expect("script").unknowns[1].origin;
        assert_eq!(
            &text[origin.start..origin.end],
            "Get-Content -Path .\\eap.xml -Raw"
        );
    }

    #[test]
    fn branches_shape_the_profile_once_and_whole_alternatives_are_their_own() {
        let text = r#"$ProfileXML = '<VPNProfile>'
if ($DeviceTunnel) {
    $ProfileXML += '<DeviceTunnel>true</DeviceTunnel>'
} else {
    $ProfileXML += '<AlwaysOn>true</AlwaysOn>'
}
$ProfileXML += '</VPNProfile>'
if ($Kind -eq 'user') {
    $Other = '<VPNProfile><ProfileName>User</ProfileName></VPNProfile>'
} else {
    $Other = '<VPNProfile><ProfileName>Device</ProfileName></VPNProfile>'
}
"#;
        let docs = documents(text);
        assert_eq!(
            xml_of(&docs),
            vec![
                "<VPNProfile><DeviceTunnel>true</DeviceTunnel></VPNProfile>",
                "<VPNProfile><ProfileName>User</ProfileName></VPNProfile>",
                "<VPNProfile><ProfileName>Device</ProfileName></VPNProfile>",
            ]
        );
    }

    #[test]
    fn comparison_operands_and_messages_are_not_profiles() {
        let text = "$x = Get-Content .\\p.xml -Raw\nif ($x -notmatch '<VPNProfile>') { throw 'no <VPNProfile> root' }\nif ((Get-Content .\\p.xml) -match '<VPNProfile></VPNProfile>') { }\nWrite-Host \"Profile: <VPNProfile>$x</VPNProfile>\"\n";
        assert!(documents(text).is_empty(), "{:?}", xml_of(&documents(text)));
    }

    #[test]
    fn xml_writer_calls_are_replayed() {
        let text = r#"$w = New-Object System.Xml.XmlTextWriter($Path, $null)
$w.WriteStartElement('VPNProfile')
$w.WriteElementString('AlwaysOn', 'True')
$w.WriteStartElement('EapHostConfig', 'http://www.microsoft.com/provisioning/EapHostConfig')
$w.WriteStartElement('CAHashList')
$w.WriteAttributeString('Enabled', 'true')
$w.WriteEndElement()
$w.WriteElementString('Name', 'R&D')
$w.WriteEndElement()
$w.WriteEndElement()
$w.Close()
"#;
        let docs = extract(text);
        assert_eq!(
            xml_of(&docs),
            vec![
                r#"<VPNProfile><AlwaysOn>True</AlwaysOn><EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><CAHashList Enabled="true"/><Name>R&amp;D</Name></EapHostConfig></VPNProfile>"#
            ]
        );
        // Names and values map to their literals; markup to the call that writes it.
        let at = docs[0].xml.find("True").expect("value");
        assert_eq!(docs[0].map.to_file(at), text.find("True").expect("literal"));
        assert!(sniff(text, "x.txt"));
    }

    #[test]
    fn a_profile_written_to_a_file_line_by_line_is_assembled() {
        let text = "$f = \"$env:TEMP\\vpn.xml\"\nSet-Content -Path $f -Value '<VPNProfile>'\nAdd-Content -Path $f -Value '  <AlwaysOn>True</AlwaysOn>'\nAdd-Content $f '</VPNProfile>' -Encoding UTF8\n";
        let docs = extract(text);
        assert_eq!(
            xml_of(&docs),
            vec!["<VPNProfile>  <AlwaysOn>True</AlwaysOn>\n</VPNProfile>"]
        );
        let at = docs[0].xml.find("True").expect("value");
        assert_eq!(docs[0].map.to_file(at), text.find("True").expect("literal"));
    }

    #[test]
    fn a_profile_pasted_escaped_is_unescaped() {
        let text = "$ProfileXML = '&lt;VPNProfile&gt;&lt;AlwaysOn&gt;true&lt;/AlwaysOn&gt;&lt;/VPNProfile&gt;'\n";
        let docs = extract(text);
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0].xml,
            "<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>"
        );
        assert_exact(&docs[0], text, &['&']);
    }

    #[test]
    fn scripts_without_profiles_are_not_sniffed() {
        assert!(!sniff("$a = 1\nWrite-Host 'hello'\n", "a.ps1"));
        assert!(sniff("<# help #>\n$p = '<VPNProfile/>'", "a.txt"));
    }
}
