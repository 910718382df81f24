//! Properties of fixing, over profiles with injected defects that have fixes (mis-cased
//! booleans, https namespaces, invisible characters, cmdlet crypto spellings, thumbprints with
//! spaces, NRPT names without their dot): fixing is idempotent, never makes a well-formed
//! document ill-formed, and leaves every byte outside its edits alone.

use profile_lint::lint::{lint_and_fix, lint_bytes, FixSettings, LintOptions};
use proptest::prelude::*;

const BASE: &str = r#"<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <DnsSuffix>corp.lakeside.example</DnsSuffix>
  <NativeProfile>
    <Servers>vpn.lakeside.example</Servers>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap>
        <Configuration>
          <EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
            <EapMethod><Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type><VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId><VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType><AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId></EapMethod>
            <Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
              <Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type>
                <EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1">
                  <CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource>
                  <ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps.lakeside.example</ServerNames><TrustedRootCA>5a 1b 3c 4d 5e 6f 70 81 92 a3 b4 c5 d6 e7 f8 09 1a 2b 3c 4d</TrustedRootCA></ServerValidation>
                  <DifferentUsername>false</DifferentUsername><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName>
                </EapType>
              </Eap>
            </Config>
          </EapHostConfig>
        </Configuration>
      </Eap>
    </Authentication>
    <CryptographySuite>
      <AuthenticationTransformConstants>GCMAES128</AuthenticationTransformConstants>
      <CipherTransformConstants>GCMAES128</CipherTransformConstants>
      <PfsGroup>ECP256</PfsGroup>
      <DHGroup>ECP256</DHGroup>
      <IntegrityCheckMethod>SHA256</IntegrityCheckMethod>
      <EncryptionMethod>AES_GCM_128</EncryptionMethod>
    </CryptographySuite>
  </NativeProfile>
  <DomainNameInformation><DomainName>.corp.lakeside.example</DomainName><DnsServers>10.0.0.10,10.0.0.11</DnsServers></DomainNameInformation>
  <TrustedNetworkDetection>corp.lakeside.example</TrustedNetworkDetection>
</VPNProfile>
"#;

/// Defects with fixes, as (what the base says, what the defect writes instead).
const DEFECTS: &[(&str, &str)] = &[
    ("<AlwaysOn>true</AlwaysOn>", "<AlwaysOn>True</AlwaysOn>"),
    ("<SimpleCertSelection>true", "<SimpleCertSelection>TRUE"),
    ("<DifferentUsername>false", "<DifferentUsername>False"),
    (
        "<EapHostConfig xmlns=\"http://",
        "<EapHostConfig xmlns=\"https://",
    ),
    (
        "vpn.lakeside.example</Servers>",
        "vpn.lake\u{200B}side.example</Servers>",
    ),
    (
        "<EncryptionMethod>AES_GCM_128",
        "<EncryptionMethod>GCMAES128",
    ),
    ("<DomainName>.corp", "<DomainName>corp"),
    (
        "<DnsServers>10.0.0.10,10.0.0.11",
        "<DnsServers>10.0.0.10;10.0.0.11",
    ),
    (
        "<RoutingPolicyType>SplitTunnel",
        "<RoutingPolicyType>splittunnel",
    ),
];

fn with_defects(mask: u16) -> String {
    let mut text = BASE.to_owned();
    for (i, (from, to)) in DEFECTS.iter().enumerate() {
        if mask & (1 << i) != 0 {
            text = text.replacen(from, to, 1);
        }
    }
    text
}

fn well_formed(text: &str) -> bool {
    roxmltree::Document::parse(text).is_ok()
}

#[test]
fn every_defect_is_present_in_the_base_once() {
    for (from, _) in DEFECTS {
        assert_eq!(BASE.matches(from).count(), 1, "{from}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fixing_is_idempotent_and_keeps_the_document_well_formed(mask in 0u16..(1 << DEFECTS.len()), crlf in any::<bool>(), unsafe_fixes in any::<bool>()) {
        let mut text = with_defects(mask);
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let options = LintOptions::default();
        let settings = FixSettings { unsafe_fixes };
        let fixed = lint_and_fix("p.xml", text.as_bytes(), &options, settings);
        let once = fixed.bytes.clone().unwrap_or_else(|| text.clone().into_bytes());
        let once_text = String::from_utf8(once.clone()).expect("UTF-8 in, UTF-8 out");
        prop_assert!(well_formed(&once_text), "fixing broke the document:\n{once_text}");
        prop_assert_eq!(once_text.matches("\r\n").count(), text.matches("\r\n").count());
        let again = lint_and_fix("p.xml", &once, &options, settings);
        prop_assert!(again.bytes.is_none(), "a second --fix changed the file again");
        // The fixed text reports none of the fixed defects' rules that have safe fixes.
        let report = lint_bytes("p.xml", &once, &options);
        for d in &report.diagnostics {
            if let Some(fix) = &d.fix {
                prop_assert!(fix.edits.is_empty() || (!unsafe_fixes && fix.applicability.as_str() == "unsafe"),
                    "{} still has an applicable fix: {}", d.rule.name(), d.message);
            }
        }
    }
}
