//! The reader against the hand-written fixtures in `testdata/deploy/` and, when present, the
//! two real exports kept outside the repository (`/work/shared/corpus/nps`).

use super::*;

fn fixture(name: &str) -> String {
    let path = format!("{}/testdata/deploy/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> (String, NpsConfig) {
    let text = fixture(name);
    let config = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    (text, config)
}

fn names(policies: &[NetworkPolicy]) -> Vec<&str> {
    policies.iter().map(|policy| policy.name.as_str()).collect()
}

fn at(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

#[test]
fn sniff_accepts_exports_and_nothing_else() {
    for name in [
        "nps-aovpn-peap-tls.xml",
        "nps-peap-mschapv2.xml",
        "nps-eap-tls.xml",
        "nps-crp-override.xml",
        "nps-vpn-deny-only.xml",
    ] {
        assert!(looks_like(&fixture(name)), "{name}");
    }
    let with_bom = format!("\u{feff}{}", fixture("nps-eap-tls.xml"));
    assert!(looks_like(&with_bom));
    for other in [
        "<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>",
        "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody/></SyncML>",
        // The right root, but no datatypes namespace / no service object.
        "<Root><Children><Microsoft_Internet_Authentication_Service/></Children></Root>",
        "<Root xmlns:dt=\"urn:schemas-microsoft-com:datatypes\"><Children/></Root>",
        "<RootCause xmlns:dt=\"urn:schemas-microsoft-com:datatypes\">Microsoft_Internet_Authentication_Service</RootCause>",
        "$profile = '<Root>'",
        "",
    ] {
        assert!(!looks_like(other), "{other}");
    }
}

#[test]
fn aovpn_export_reads_policy_peap_inner_tls_and_client() {
    let (text, config) = read("nps-aovpn-peap-tls.xml");
    assert_eq!(
        names(&config.network_policies),
        [
            "Always On VPN Users",
            "Connections to Microsoft Routing and Remote Access server",
            "Connections to other access servers"
        ]
    );
    let vpn = &config.network_policies[0];
    assert!(vpn.enabled && !vpn.sequence_tie);
    assert_eq!(vpn.sequence, 1);
    assert_eq!(
        at(&text, vpn.span),
        r#"<Always_On_VPN_Users name="Always On VPN Users">"#
    );
    assert_eq!(vpn.conditions.len(), 2);
    assert_eq!(
        vpn.conditions[0].kind,
        ConditionKind::Match {
            attribute: "NAS-Port-Type".into(),
            pattern: "^5$".into()
        }
    );
    assert!(
        matches!(&vpn.conditions[1].kind, ConditionKind::Groups { function, sids } if function == "NTGROUPS" && sids.len() == 1)
    );
    assert_eq!(
        at(&text, vpn.conditions[0].span),
        r#"MATCH("NAS-Port-Type=^5$")"#
    );
    assert!(targets_vpn(vpn));
    assert_eq!(
        evaluate_all(&vpn.conditions, &RequestFacts::rras_vpn()),
        Tri::Unknown
    );

    let settings = vpn.settings.as_ref().expect("paired");
    assert_eq!(vpn.paired_by, Some(Pairing::SameName));
    assert_eq!(settings.allow_access, Some(true));
    assert_eq!(
        settings
            .auth_types
            .iter()
            .map(|a| a.code)
            .collect::<Vec<_>>(),
        [5]
    );
    assert!(settings.allows_eap_type(25) && !settings.allows_eap_type(13));
    let peap = settings.eap_config(25).expect("PEAP settings");
    assert_eq!(peap.inner_methods, [13]);
    assert_eq!(peap.layout, BlobLayout::Inferred);
    assert_eq!(
        peap.thumbprint.as_deref(),
        Some("5a17c0de5a17c0de5a17c0de5a17c0de5a17c0de")
    );
    assert!(
        at(&text, peap.span).starts_with("19000000") && at(&text, peap.span).ends_with("000000")
    );
    assert_eq!(settings.service_type, Some(2));
    assert!(config
        .notes
        .iter()
        .any(|(span, note)| *span == peap.span && note.contains("inferred")));

    assert_eq!(
        config.network_policies[1]
            .settings
            .as_ref()
            .and_then(|s| s.allow_access),
        Some(false)
    );
    assert_eq!(
        names(&config.request_policies),
        ["Use Windows authentication for all users"]
    );
    let crp = &config.request_policies[0];
    assert!(crp.enabled, "no Policy_Enabled counts as enabled");
    assert_eq!(crp.settings.as_ref().and_then(|s| s.auth_provider), Some(1));

    assert_eq!(config.radius_clients.len(), 1);
    let client = &config.radius_clients[0];
    assert_eq!(
        (client.name.as_str(), client.address.as_str()),
        ("VPN gateway 1", "10.20.0.5")
    );
    assert!(client.enabled && !client.require_signature && !client.secret_from_template);
    assert_eq!(
        client.secret_chars,
        Some("FAKE-fixture-secret-not-real".len())
    );
    assert!(config.holds_secrets);
    // The secret itself is nowhere in what the reader returns.
    let everything = format!(
        "{config:?} {}",
        serde_json::to_string(&config).unwrap_or_default()
    );
    assert!(!everything.contains("FAKE-fixture-secret"));

    let accounting = config.accounting.as_ref().expect("accounting");
    assert_eq!(accounting.log_format, Some(65535));
    assert_eq!(accounting.log_authentication_packets, Some(true));
    assert_eq!(
        accounting.log_file_directory.as_deref(),
        Some(r"D:\NPSLogs")
    );
    assert_eq!(accounting.new_log_frequency, Some(1));
}

#[test]
fn peap_with_inner_mschapv2_is_the_known_layout() {
    let (text, config) = read("nps-peap-mschapv2.xml");
    let policy = &config.network_policies[0];
    // The tag is stale; the name attribute is what counts.
    assert_eq!(policy.name, "VPN password users");
    assert_eq!(
        at(&text, policy.conditions[0].span),
        r#"MATCH("NAS-Port-Type=^5$")"#
    );
    let settings = policy.settings.as_ref().expect("paired");
    assert_eq!(settings.eap_types.len(), 1);
    assert_eq!(
        (
            settings.eap_types[0].code,
            settings.eap_types[0].vendor_blob
        ),
        (25, false)
    );
    let peap = settings.eap_config(25).expect("PEAP settings");
    assert_eq!(peap.layout, BlobLayout::Known);
    assert_eq!(peap.inner_methods, [26]);
    assert_eq!(
        peap.thumbprint.as_deref(),
        Some("c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00")
    );
    assert!(config.radius_clients.is_empty());
    assert!(
        !config.holds_secrets,
        "the schema's Shared_Secret definition is not a secret"
    );
    assert!(config.notes.is_empty(), "{:?}", config.notes);
}

#[test]
fn eap_tls_ties_and_action_pairing() {
    let (_, config) = read("nps-eap-tls.xml");
    assert_eq!(
        names(&config.network_policies),
        ["Wired guests", "VPN certificate users", "Lab VPN (renamed)"]
    );
    let ties: Vec<bool> = config
        .network_policies
        .iter()
        .map(|p| p.sequence_tie)
        .collect();
    assert_eq!(ties, [false, true, true]);
    let certificate = &config.network_policies[1];
    let settings = certificate.settings.as_ref().expect("paired");
    let tls = settings.eap_config(13).expect("EAP-TLS settings");
    assert_eq!(tls.layout, BlobLayout::Known);
    assert_eq!(
        tls.thumbprint.as_deref(),
        Some("decafbaddecafbaddecafbaddecafbaddecafbad")
    );
    assert!(tls.inner_methods.is_empty());
    assert_eq!(settings.allowed_port_types, [5]);
    assert!(
        matches!(&certificate.conditions[0].kind, ConditionKind::Groups { function, .. } if function == "USERNTGROUPS")
    );
    assert!(targets_vpn(certificate));

    let renamed = &config.network_policies[2];
    assert!(!renamed.enabled);
    assert_eq!(renamed.paired_by, Some(Pairing::Action));
    assert_eq!(
        renamed.settings.as_ref().map(|s| s.name.as_str()),
        Some("Lab VPN")
    );
    assert!(config
        .notes
        .iter()
        .any(|(span, note)| *span == renamed.span && note.contains("msNPAction")));
    assert!(!config.holds_secrets);
    assert!(config.accounting.is_none());
}

#[test]
fn request_policy_overrides_authentication() {
    let (_, config) = read("nps-crp-override.xml");
    assert_eq!(
        names(&config.request_policies),
        ["VPN requests", "Forward wireless"]
    );
    let vpn = &config.request_policies[0];
    assert!(targets_vpn(vpn));
    let settings = vpn.settings.as_ref().expect("paired");
    assert_eq!(settings.override_auth, Some(true));
    assert_eq!(settings.auth_provider, Some(1));
    assert!(settings.allows_auth_type(4) && !settings.allows_auth_type(5));
    let forward = config.request_policies[1]
        .settings
        .as_ref()
        .expect("paired");
    assert_eq!(forward.auth_provider, Some(2));
    assert_eq!(forward.auth_provider_name.as_deref(), Some("Campus RADIUS"));
    assert!(!targets_vpn(&config.request_policies[1]));
    assert!(
        config.holds_secrets,
        "a remote RADIUS server's secret counts"
    );
}

#[test]
fn the_only_vpn_policy_denies() {
    let (_, config) = read("nps-vpn-deny-only.xml");
    let vpn = RequestFacts::rras_vpn();
    let first_match: Vec<&NetworkPolicy> = config
        .network_policies
        .iter()
        .filter(|policy| policy.enabled && evaluate_all(&policy.conditions, &vpn) == Tri::True)
        .collect();
    assert_eq!(
        names(&first_match.iter().map(|p| (*p).clone()).collect::<Vec<_>>()),
        ["Connections to Microsoft Routing and Remote Access server"]
    );
    assert_eq!(
        first_match[0]
            .settings
            .as_ref()
            .and_then(|s| s.allow_access),
        Some(false)
    );
    let wireless = &config.network_policies[0];
    assert_eq!(evaluate_all(&wireless.conditions, &vpn), Tri::False);
    // TIMEOFDAY is not evaluated offline.
    assert_eq!(
        evaluate_all(&config.network_policies[2].conditions, &vpn),
        Tri::Unknown
    );
}

#[test]
fn not_an_export_is_an_error_with_a_place() {
    let broken = "<Root xmlns:dt=\"urn:schemas-microsoft-com:datatypes\">\n<Children>\n</Root>";
    let error = parse(broken).expect_err("not well-formed");
    assert!(error.message.contains("not well-formed"));
    assert!(error.span.start > 0 && error.span.start <= broken.len());
    let profile = "<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>";
    let error = parse(profile).expect_err("not an export");
    assert_eq!(error.span, Span::new(0, "<VPNProfile>".len()));
    let empty_root = "<Root xmlns:dt=\"urn:schemas-microsoft-com:datatypes\"><Children/></Root>";
    assert!(parse(empty_root).is_err());
}

#[test]
fn malformed_values_become_notes() {
    let text = r#"<Root xmlns:dt="urn:schemas-microsoft-com:datatypes"><Children>
<Microsoft_Internet_Authentication_Service name="Microsoft_Internet_Authentication_Service"><Children>
<NetworkPolicy name="NetworkPolicy"><Children>
  <P name="P"><Properties><Policy_Enabled dt:dt="boolean">maybe</Policy_Enabled><msNPSequence dt:dt="int">first</msNPSequence><msNPConstraint dt:dt="string">MATCH(</msNPConstraint></Properties></P>
  <Q name="Q"><Properties><msNPSequence dt:dt="int">1</msNPSequence></Properties></Q>
</Children></NetworkPolicy>
<RadiusProfiles name="RadiusProfiles"><Children>
  <P name="P"><Properties>
    <msNPAllowDialin dt:dt="boolean">2</msNPAllowDialin>
    <msNPAuthenticationType2 dt:dt="int">five</msNPAuthenticationType2>
    <msNPAllowedEapType dt:dt="bin.hex">19xx</msNPAllowedEapType>
    <msNPAllowedEapType dt:dt="bin.hex">19</msNPAllowedEapType>
    <msEAPConfiguration dt:dt="bin.hex">2b000000</msEAPConfiguration>
    <msEAPConfiguration dt:dt="bin.hex"/>
  </Properties></P>
</Children></RadiusProfiles>
</Children></Microsoft_Internet_Authentication_Service></Children></Root>"#;
    let config = parse(text).expect("an export");
    assert_eq!(names(&config.network_policies), ["Q", "P"]);
    let p = &config.network_policies[1];
    assert!(p.enabled);
    assert_eq!(p.sequence, i64::MAX);
    assert_eq!(p.conditions[0].kind, ConditionKind::Unknown);
    let settings = p.settings.as_ref().expect("paired");
    assert_eq!(settings.allow_access, None);
    assert!(settings.auth_types.is_empty() && settings.eap_types.is_empty());
    assert_eq!(settings.eap_configs.len(), 1);
    assert_eq!(settings.eap_configs[0].layout, BlobLayout::Unknown);
    assert!(config.network_policies[0].settings.is_none());
    // enabled, sequence, dial-in, auth type, two EAP types, two blobs, Q unpaired.
    assert_eq!(config.notes.len(), 9, "{:#?}", config.notes);
}

#[test]
fn ten_thousand_policies_read_in_linear_time() {
    let mut text = String::from(
        "<Root xmlns:dt=\"urn:schemas-microsoft-com:datatypes\"><Children><Microsoft_Internet_Authentication_Service name=\"Microsoft_Internet_Authentication_Service\"><Children><NetworkPolicy name=\"NetworkPolicy\"><Children>\n",
    );
    let count = 10_000;
    for i in 0..count {
        text.push_str(&format!("<P name=\"p{i}\"><Properties><Policy_Enabled dt:dt=\"boolean\">1</Policy_Enabled><msNPAction dt:dt=\"string\">p{i}</msNPAction><msNPConstraint dt:dt=\"string\">MATCH(\"NAS-Port-Type=^5$\")</msNPConstraint><msNPConstraint dt:dt=\"string\">NTGROUPS(\"S-1-5-21-1-2-3-{i}\")</msNPConstraint><msNPSequence dt:dt=\"int\">{}</msNPSequence></Properties></P>\n", count - i));
    }
    text.push_str(
        "</Children></NetworkPolicy><RadiusProfiles name=\"RadiusProfiles\"><Children>\n",
    );
    for i in 0..count {
        text.push_str(&format!("<P name=\"p{i}\"><Properties><msNPAllowDialin dt:dt=\"boolean\">1</msNPAllowDialin><msNPAuthenticationType2 dt:dt=\"int\">5</msNPAuthenticationType2><msNPAllowedEapType dt:dt=\"bin.hex\">19000000000000000000000000000000</msNPAllowedEapType></Properties></P>\n"));
    }
    text.push_str("</Children></RadiusProfiles></Children></Microsoft_Internet_Authentication_Service></Children></Root>");
    let started = std::time::Instant::now();
    let config = parse(&text).expect("an export");
    let vpn = RequestFacts::rras_vpn();
    let targeting = config
        .network_policies
        .iter()
        .filter(|p| targets_vpn(p))
        .count();
    let unknown = config
        .network_policies
        .iter()
        .filter(|p| evaluate_all(&p.conditions, &vpn) == Tri::Unknown)
        .count();
    let elapsed = started.elapsed();
    eprintln!(
        "{count} policies read and evaluated in {elapsed:?} ({} bytes)",
        text.len()
    );
    assert_eq!(config.network_policies.len(), count);
    assert_eq!(config.network_policies[0].name, format!("p{}", count - 1));
    assert!(config.network_policies.iter().all(|p| p.settings.is_some()));
    assert_eq!((targeting, unknown), (count, count));
    // Generous for an unoptimised build on a shared machine; release takes a fraction of this.
    assert!(elapsed.as_secs() < 10, "{elapsed:?}");
}

/// The two real exports (no licence: kept outside the repository and only read from there).
mod corpus {
    use super::*;

    const DIRECTORY: &str = "/work/shared/corpus/nps";

    fn corpus(name: &str) -> Option<String> {
        let path = format!("{DIRECTORY}/{name}");
        match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(_) => {
                eprintln!("skipped: {path} is not on this machine");
                None
            }
        }
    }

    #[test]
    fn minyugu_export_with_peap_thumbprint() {
        let Some(text) = corpus("minyugu-00scripts__ias.xml") else {
            return;
        };
        assert!(looks_like(&text));
        let config = parse(&text).expect("parses");
        assert!(config.notes.is_empty(), "{:?}", config.notes);
        assert_eq!(config.network_policies.len(), 9);
        assert_eq!(config.request_policies.len(), 1);
        assert!(config.radius_clients.is_empty());
        assert!(!config.holds_secrets);
        assert!(config.network_policies.iter().all(|p| p.settings.is_some()));
        // Five script-made policies and the RRAS default share sequence 1.
        assert_eq!(
            config
                .network_policies
                .iter()
                .filter(|p| p.sequence == 1)
                .count(),
            6
        );
        assert!(config
            .network_policies
            .iter()
            .filter(|p| p.sequence == 1)
            .all(|p| p.sequence_tie));
        let peap: Vec<&EapConfig> = config
            .network_policies
            .iter()
            .filter_map(|p| p.settings.as_ref())
            .flat_map(|s| s.eap_configs.iter())
            .collect();
        assert_eq!(peap.len(), 6);
        let thumbprint = peap[0].thumbprint.clone().expect("thumbprint");
        assert_eq!(thumbprint.len(), 40);
        assert!(thumbprint
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        // The thumbprint is where the renewal scripts splice it: hex 72..112 of the blob.
        assert!(text.contains(&thumbprint));
        for config in &peap {
            assert_eq!((config.outer_type, config.layout), (25, BlobLayout::Known));
            assert_eq!(config.inner_methods, [26]);
            assert_eq!(config.thumbprint.as_deref(), Some(thumbprint.as_str()));
        }
        let rras = config
            .network_policies
            .iter()
            .find(|p| p.name == "Connections to Microsoft Routing and Remote Access server")
            .expect("default RRAS policy");
        assert!(targets_vpn(rras));
        assert_eq!(
            rras.settings.as_ref().and_then(|s| s.allow_access),
            Some(false)
        );
        assert_eq!(
            config.accounting.as_ref().and_then(|a| a.log_format),
            Some(65535)
        );
    }

    #[test]
    fn just_rodriguez_export_with_clients_and_secrets() {
        let Some(text) = corpus("justRodriguez-NPS_Project__NPS_config.xml") else {
            return;
        };
        assert!(looks_like(&text));
        let config = parse(&text).expect("parses");
        assert!(config.notes.is_empty(), "{:?}", config.notes);
        assert_eq!(config.network_policies.len(), 7);
        assert_eq!(config.request_policies.len(), 6);
        assert_eq!(config.radius_clients.len(), 6);
        assert!(config.holds_secrets);
        assert!(config
            .radius_clients
            .iter()
            .all(|c| c.enabled && c.secret_chars.is_some()));
        // Renamed policies: the settings follow the name, not the stale msNPAction.
        assert!(config
            .network_policies
            .iter()
            .all(|p| p.paired_by == Some(Pairing::SameName)));
        assert!(config
            .request_policies
            .iter()
            .all(|p| { p.settings.as_ref().and_then(|s| s.override_auth) == Some(true) }));
        assert_eq!(
            config.network_policies.last().map(|p| p.name.as_str()),
            Some("Implicit Deny")
        );
        assert!(config.network_policies.iter().all(|p| !targets_vpn(p)));
        assert_eq!(
            config.accounting.as_ref().and_then(|a| a.log_format),
            Some(1)
        );
        // No secret of the file leaks into the model.
        let everything = format!("{config:?}");
        let secrets: Vec<&str> = text
            .split("<Shared_Secret ")
            .skip(1)
            .filter_map(|rest| {
                rest.split_once('>')
                    .and_then(|(_, value)| value.split_once('<'))
            })
            .map(|(secret, _)| secret.trim())
            .filter(|secret| !secret.is_empty())
            .collect();
        assert_eq!(secrets.len(), 6);
        assert!(secrets.iter().all(|secret| !everything.contains(secret)));
    }
}
