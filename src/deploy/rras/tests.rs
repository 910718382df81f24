use super::*;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/deploy")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    crate::decode::DecodedText::decode(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .text
}

fn at(text: &str, span: Span) -> &str {
    text.get(span.start..span.end)
        .unwrap_or("<not a char range>")
}

fn auth_of(dump: &RrasDump) -> &AuthProtocols {
    dump.auth.as_ref().expect("a Get-VpnAuthProtocol record")
}

fn ipsec_of(dump: &RrasDump) -> &IpsecPolicy {
    dump.ipsec.as_ref().expect("an IPsec configuration record")
}

#[test]
fn auth_dump_with_eap() {
    let text = fixture("rras-auth-eap.txt");
    assert!(looks_like(&text));
    let dump = parse(&text);
    let auth = auth_of(&dump);
    let accepted = auth
        .user_accepted
        .as_ref()
        .expect("UserAuthProtocolAccepted");
    assert_eq!(accepted.items, ["EAP", "Certificate"]);
    assert_eq!(at(&text, accepted.span), "{EAP, Certificate}");
    assert_eq!(accepted.contains("eap"), Some(true));
    assert_eq!(accepted.contains("MsChapv2"), Some(false));
    let advertised = auth.tunnel_advertised.as_ref().expect("advertised");
    assert_eq!(advertised.text, "Certificates");
    let root = auth.root_certificate.as_ref().expect("root line");
    assert!(!root.set && root.thumbprint.is_none());
    assert!(!auth.certificate_advertised.as_ref().expect("line").set);
    assert!(at(&text, auth.span).starts_with("UserAuthProtocolAccepted"));
    assert!(at(&text, auth.span).ends_with("CertificateAdvertised         :"));
    assert_eq!((dump.ipsec, dump.revocation), (None, None));
    assert!(dump.notes.is_empty(), "{:?}", dump.notes);
}

/// The root certificate a device-tunnel server restricts machine certificates to, printed
/// as a .NET certificate dump: its thumbprint is the one of testdata/deploy/certs/root-ca.cer.
#[test]
fn auth_dump_certificate_only_with_root_certificate() {
    let text = fixture("rras-auth-certificate-only.txt");
    assert!(looks_like(&text));
    let dump = parse(&text);
    let auth = auth_of(&dump);
    let accepted = auth.user_accepted.as_ref().expect("accepted");
    assert_eq!(accepted.items, ["Certificate"]);
    assert_eq!(accepted.contains("EAP"), Some(false));
    let root = auth.root_certificate.as_ref().expect("root");
    assert!(root.set);
    let thumbprints = fixture("certs/thumbprints.txt");
    let root_ca = thumbprints
        .lines()
        .find_map(|line| line.strip_prefix("root-ca.cer 0 "))
        .expect("root-ca.cer in thumbprints.txt");
    assert_eq!(root.thumbprint.as_deref(), Some(root_ca));
    assert_eq!(
        root.subject.as_deref(),
        Some("CN=Example Root CA, O=Example Corp, C=US")
    );
    assert!(at(&text, root.span).starts_with("[Subject]"));
    assert!(at(&text, root.span).ends_with(root_ca));
    let advertised = auth.certificate_advertised.as_ref().expect("advertised");
    assert!(advertised.set && advertised.thumbprint.is_none());
    assert_eq!(at(&text, advertised.span), "{48, 130, 5, 18...}");
}

#[test]
fn truncated_list_leaves_absent_items_undetermined() {
    let text = fixture("rras-auth-truncated.txt");
    let dump = parse(&text);
    let accepted = auth_of(&dump).user_accepted.clone().expect("accepted");
    assert!(accepted.truncated);
    assert_eq!(accepted.items, ["EAP", "MsChapv2", "Certificate", "Chap"]);
    assert_eq!(accepted.contains("Chap"), Some(true));
    assert_eq!(accepted.contains("PAP"), None);
}

#[test]
fn custom_ipsec_policy() {
    let text = fixture("rras-ipsec-custom.txt");
    assert!(looks_like(&text));
    let dump = parse(&text);
    let ipsec = ipsec_of(&dump);
    assert_eq!(ipsec.custom_policy, Some(true));
    let printed: Vec<(CryptoField, &str)> = CryptoField::ALL
        .into_iter()
        .filter_map(|field| Some((field, ipsec.value(field)?.text.as_str())))
        .collect();
    assert_eq!(
        printed,
        [
            (CryptoField::EncryptionMethod, "GCMAES256"),
            (CryptoField::IntegrityCheckMethod, "SHA384"),
            (CryptoField::DhGroup, "ECP384"),
            (CryptoField::CipherTransform, "GCMAES256"),
            (CryptoField::AuthenticationTransform, "GCMAES256"),
            (CryptoField::PfsGroup, "ECP384"),
        ]
    );
    let encryption = ipsec.encryption_method.as_ref().expect("encryption");
    assert_eq!(at(&text, encryption.span), "GCMAES256");
    // The profile's spelling of the same algorithm meets the server's.
    assert_eq!(
        normalise(CryptoField::EncryptionMethod, "AES_GCM_256"),
        normalise(CryptoField::EncryptionMethod, &encryption.text)
    );
    assert!(at(&text, ipsec.span).starts_with("AuthenticationTransformConstants"));
    assert!(at(&text, ipsec.span).ends_with("SstpPorts                        : 64"));
    assert_eq!(dump.auth, None);
}

#[test]
fn default_ipsec_policy_prints_no_crypto() {
    let text = fixture("rras-ipsec-default.txt");
    assert!(looks_like(&text));
    let dump = parse(&text);
    let ipsec = ipsec_of(&dump);
    assert_eq!(ipsec.custom_policy, None);
    assert!(CryptoField::ALL
        .into_iter()
        .all(|field| ipsec.value(field).is_none()));
}

#[test]
fn custom_policy_false_is_recorded() {
    let dump = parse("CustomPolicy : False\nIkev2Ports   : 5\n");
    assert_eq!(ipsec_of(&dump).custom_policy, Some(false));
    let dump = parse("CustomPolicy : maybe\n");
    assert_eq!(ipsec_of(&dump).custom_policy, None);
    assert_eq!(dump.notes.len(), 1);
}

#[test]
fn keys_compare_in_any_case() {
    let dump = parse("PfsGroup : PFS2048\ndhgroup  : Group14\n");
    let ipsec = ipsec_of(&dump);
    assert_eq!(
        ipsec.pfs_group.as_ref().map(|v| v.text.as_str()),
        Some("PFS2048")
    );
    assert_eq!(
        ipsec.dh_group.as_ref().map(|v| v.text.as_str()),
        Some("Group14")
    );
}

#[test]
fn utf16_dump_as_windows_powershell_writes_it() {
    let bytes = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/deploy/rras-auth-utf16.txt"),
    )
    .expect("fixture");
    assert_eq!(&bytes[..2], b"\xFF\xFE");
    let text = fixture("rras-auth-utf16.txt");
    assert!(text.contains("\r\n"));
    assert!(looks_like(&text));
    let dump = parse(&text);
    let accepted = auth_of(&dump).user_accepted.clone().expect("accepted");
    assert_eq!(accepted.items, ["EAP"]);
    assert_eq!(at(&text, accepted.span), "{EAP}");
}

/// A transcript holding both cmdlets, with a prompt, a WARNING, blank lines between every
/// property and a list wrapped over two lines.
#[test]
fn both_dumps_in_a_noisy_transcript() {
    let text = fixture("rras-both-with-noise.txt");
    assert!(looks_like(&text));
    let dump = parse(&text);
    let accepted = auth_of(&dump).user_accepted.clone().expect("accepted");
    assert_eq!(accepted.items, ["EAP", "MsChapv2", "Certificate"]);
    assert!(at(&text, accepted.span).starts_with("{EAP, MsChapv2,"));
    assert!(at(&text, accepted.span).ends_with("Certificate}"));
    let ipsec = ipsec_of(&dump);
    assert_eq!(ipsec.custom_policy, Some(true));
    assert_eq!(
        ipsec.pfs_group.as_ref().map(|v| v.text.as_str()),
        Some("ECP256")
    );
    assert_eq!(
        ipsec.encryption_method.as_ref().map(|v| v.text.as_str()),
        Some("GCMAES128")
    );
    assert!(dump.notes.is_empty(), "{:?}", dump.notes);
}

#[test]
fn revocation_table_and_other_forms() {
    let text = fixture("revocationcheck.txt");
    assert!(looks_like(&text));
    let dump = parse(&text);
    let revocation = dump.revocation.as_ref().expect("revocation");
    let (value, span) = revocation.ignore_no_revocation_check.expect("value");
    assert_eq!((value, at(&text, span)), (1, "1"));
    assert_eq!(revocation.no_revocation_check, None);

    let listed = "PSPath                  : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\RasMan\\PPP\\EAP\\13\n\
                  IgnoreNoRevocationCheck : 1\n\
                  NoRevocationCheck       : 0\n";
    let dump = parse(listed);
    let revocation = dump.revocation.expect("revocation");
    assert_eq!(revocation.ignore_no_revocation_check.map(|v| v.0), Some(1));
    assert_eq!(revocation.no_revocation_check.map(|v| v.0), Some(0));

    let reg = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\RasMan\\PPP\\EAP\\13\r\n\
               \x20   IgnoreNoRevocationCheck    REG_DWORD    0x1\r\n";
    assert!(looks_like(reg));
    let revocation = parse(reg).revocation.expect("revocation");
    assert_eq!(revocation.ignore_no_revocation_check.map(|v| v.0), Some(1));

    let dump = parse("IgnoreNoRevocationCheck : yes\n");
    assert_eq!(dump.notes.len(), 1);
}

#[test]
fn format_table_output_is_read_too() {
    let text = "PS> Get-VpnAuthProtocol | Format-Table UserAuthProtocolAccepted, TunnelAuthProtocolsAdvertised\n\n\
                UserAuthProtocolAccepted TunnelAuthProtocolsAdvertised\n\
                ------------------------ -----------------------------\n\
                {EAP, Certificate}       Certificates\n";
    assert!(looks_like(text));
    let dump = parse(text);
    let auth = auth_of(&dump);
    let accepted = auth.user_accepted.as_ref().expect("accepted");
    assert_eq!(accepted.items, ["EAP", "Certificate"]);
    assert_eq!(at(text, accepted.span), "{EAP, Certificate}");
    assert_eq!(
        auth.tunnel_advertised.as_ref().map(|v| v.text.as_str()),
        Some("Certificates")
    );
}

#[test]
fn a_second_record_of_the_same_cmdlet_is_noted_and_left_out() {
    let text = "CustomPolicy     : True\nEncryptionMethod : AES256\n\n\
                CustomPolicy     : True\nEncryptionMethod : DES3\n";
    let dump = parse(text);
    let ipsec = ipsec_of(&dump);
    assert_eq!(
        ipsec.encryption_method.as_ref().map(|v| v.text.as_str()),
        Some("AES256")
    );
    assert_eq!(dump.notes.len(), 1);
    let (span, note) = &dump.notes[0];
    assert_eq!(at(text, *span), "CustomPolicy");
    assert!(span.start > 0 && note.contains("second"), "{note}");
}

#[test]
fn not_an_rras_dump() {
    for name in [
        "sources/wmi-two-instances.txt",
        "sources/cim-format-table.txt",
        "sources/profile-user.xml",
        "sources/profile-device.xml",
        "sources/powershell-here-string.ps1",
        "sources/profilexml-two-lines.txt",
    ] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("testdata")
            .join(name);
        let bytes = std::fs::read(&path).expect("fixture");
        let text = crate::decode::DecodedText::decode(&bytes)
            .expect("decodes")
            .text;
        assert!(!looks_like(&text), "{name}");
    }
    let wmi = "InstanceID       : Contoso%20VPN\nProfileXML       : <VPNProfile/>\nEncryptionMethod : AES128\n";
    assert!(!looks_like(wmi));
    let script = "Set-VpnServerConfiguration -CustomPolicy -EncryptionMethod GCMAES128 `\n    -DHGroup Group14\n# EncryptionMethod : GCMAES128\n";
    assert!(!looks_like(script));
    let yaml = "EncryptionMethod: AES128\nDHGroup: Group14\n";
    assert!(!looks_like(yaml));
    let client = "Name                  : Contoso VPN\nServerAddress         : vpn.example.com\nEncryptionLevel       : Required\n";
    assert!(!looks_like(client));
    assert!(!looks_like(""));
    assert!(!looks_like("EncryptionType : RequireEncryption\n"));
}

#[test]
fn a_large_dump_is_read_in_linear_time() {
    let record = fixture("rras-both-with-noise.txt");
    let mut text = String::with_capacity(10 * 1024 * 1024 + record.len());
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&record);
    }
    let started = std::time::Instant::now();
    let dump = parse(&text);
    assert!(looks_like(&text));
    let elapsed = started.elapsed();
    eprintln!("10 MB dump: parse + looks_like {elapsed:?}");
    assert!(dump.auth.is_some());
    // Unoptimised test builds on a shared two-core machine: a generous bound that still
    // catches quadratic behaviour (which would take minutes).
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
    // A long wrapped value (one key, a million continuation lines) too.
    let long = format!(
        "UserAuthProtocolAccepted : {{EAP,\n{}}}\n",
        "                           Chap,\n".repeat(300_000)
    );
    let started = std::time::Instant::now();
    let dump = parse(&long);
    assert_eq!(
        auth_of(&dump).user_accepted.as_ref().map(|l| l.items.len()),
        Some(300_001)
    );
    assert!(started.elapsed().as_secs() < 20);
}

fn check_spans(text: &str, dump: &RrasDump) {
    let mut spans: Vec<Span> = dump.notes.iter().map(|n| n.0).collect();
    if let Some(auth) = &dump.auth {
        spans.push(auth.span);
        spans.extend(auth.user_accepted.as_ref().map(|v| v.span));
        spans.extend(auth.tunnel_advertised.as_ref().map(|v| v.span));
        spans.extend(auth.root_certificate.as_ref().map(|v| v.span));
        spans.extend(auth.certificate_advertised.as_ref().map(|v| v.span));
    }
    if let Some(ipsec) = &dump.ipsec {
        spans.push(ipsec.span);
        spans.extend(
            CryptoField::ALL
                .iter()
                .filter_map(|f| ipsec.value(*f).map(|v| v.span)),
        );
    }
    if let Some(revocation) = &dump.revocation {
        spans.push(revocation.span);
        spans.extend(revocation.ignore_no_revocation_check.map(|v| v.1));
        spans.extend(revocation.no_revocation_check.map(|v| v.1));
    }
    for span in spans {
        assert!(text.get(span.start..span.end).is_some(), "{span:?}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Any text: no panic, and every span is a char range of the text.
    #[test]
    fn never_panics_on_any_text(text in "(?s).{0,400}") {
        let dump = parse(&text);
        let _ = looks_like(&text);
        check_spans(&text, &dump);
    }

    /// Fixtures with pieces cut out, repeated and spliced in: no panic, spans in range.
    #[test]
    fn never_panics_on_mutated_dumps(
        which in 0usize..7,
        cuts in proptest::collection::vec((0usize..4000, 0usize..40, "[ :{},.\\-\r\n\tA-Za-z0-9\u{e9}\u{2026}]{0,12}"), 0..8),
    ) {
        let names = [
            "rras-auth-eap.txt",
            "rras-auth-certificate-only.txt",
            "rras-auth-truncated.txt",
            "rras-ipsec-custom.txt",
            "rras-ipsec-default.txt",
            "rras-both-with-noise.txt",
            "revocationcheck.txt",
        ];
        let mut text = fixture(names[which]);
        for (at, len, insert) in cuts {
            let start = crate::span::floor_char_boundary(&text, at.min(text.len()));
            let end = crate::span::floor_char_boundary(&text, (start + len).min(text.len())).max(start);
            text.replace_range(start..end, &insert);
        }
        let dump = parse(&text);
        let _ = looks_like(&text);
        check_spans(&text, &dump);
    }
}
