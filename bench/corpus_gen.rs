//! Deterministic generator of realistic VPNv2 profiles for the benchmark.
//!
//! Shared by `examples/gen_corpus.rs` (writes files for `bench/run.sh`) and `benches/lint.rs`
//! (in-memory samples for `cargo bench`). No dependency: a fixed-seed xorshift generator, so
//! the same seed always gives the same corpus and figures can be compared between runs.
//!
//! The mix follows what real fleets contain: user tunnels (PEAP-TLS or EAP-TLS, often with
//! Conditional Access EKU filtering), device tunnels (IKEv2, machine certificate), a few plug-in
//! profiles, many routes, DNS and traffic-filter rules, comments, CRLF line ends, some UTF-16 LE
//! files as PowerShell 5.1 writes them, and about one in eight with a defect a rule reports.

#![allow(dead_code)]

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// One generated file: a relative name and its bytes.
pub struct Generated {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Internal DNS domains and the public domain of each organisation's VPN gateway (the gateway
/// is outside the NRPT namespace, as it must be).
const DOMAINS: &[(&str, &str)] = &[
    ("corp.fabrikam-ltd.net", "fabrikam-remote.com"),
    ("ad.northwind-traders.com", "northwind-gw.net"),
    ("hq.woodgrove-bank.org", "woodgrove-access.com"),
    ("int.tailspin-toys.co.uk", "tailspin-vpn.co.uk"),
];

fn hex(rng: &mut Rng, bytes: usize, spaced: bool) -> String {
    let mut out = String::new();
    for i in 0..bytes {
        if spaced && i > 0 {
            out.push(' ');
        }
        out.push_str(&format!("{:02x}", rng.below(256)));
    }
    out
}

struct Writer {
    text: String,
    newline: &'static str,
    depth: usize,
}

impl Writer {
    fn line(&mut self, content: &str) {
        for _ in 0..self.depth {
            self.text.push_str("  ");
        }
        self.text.push_str(content);
        self.text.push_str(self.newline);
    }
    fn open(&mut self, tag: &str) {
        self.line(&format!("<{tag}>"));
        self.depth += 1;
    }
    fn close(&mut self, tag: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(&format!("</{tag}>"));
    }
    fn leaf(&mut self, tag: &str, value: &str) {
        self.line(&format!("<{tag}>{value}</{tag}>"));
    }
}

/// Which defect (if any) a profile carries; each is reported by an existing rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Defect {
    None,
    UpperCaseBoolean,
    NoProfileKind,
    BrokenXml,
    HttpsNamespace,
    BadThumbprint,
    LegacyProtocol,
}

fn eap_tls_body(w: &mut Writer, rng: &mut Rng, server: &str, root: &str, defect: Defect) {
    w.line(
        r#"<EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1">"#,
    );
    w.depth += 1;
    w.open("CredentialsSource");
    w.open("CertificateStore");
    w.leaf("SimpleCertSelection", "true");
    w.close("CertificateStore");
    w.close("CredentialsSource");
    w.open("ServerValidation");
    w.leaf("DisableUserPromptForServerValidation", "true");
    w.leaf("ServerNames", server);
    let thumb = if defect == Defect::BadThumbprint {
        format!("\u{200e}{root}")
    } else {
        root.to_string()
    };
    w.leaf("TrustedRootCA", &thumb);
    w.close("ServerValidation");
    w.leaf("DifferentUsername", "false");
    w.line(r#"<PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation>"#);
    w.line(r#"<AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName>"#);
    {
        // A client-certificate filter (issuer and Client Authentication EKU), as recommended.
        w.line(r#"<TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">"#);
        w.depth += 1;
        w.line(r#"<FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3">"#);
        w.depth += 1;
        w.line(r#"<CAHashList Enabled="true">"#);
        w.depth += 1;
        w.leaf("IssuerHash", &hex(rng, 20, true));
        w.close("CAHashList");
        w.open("EKUMapping");
        w.open("EKUMap");
        w.leaf("EKUName", "Client Authentication");
        w.leaf("EKUOID", "1.3.6.1.5.5.7.3.2");
        w.close("EKUMap");
        w.close("EKUMapping");
        w.line(r#"<ClientAuthEKUList Enabled="true">"#);
        w.depth += 1;
        w.open("EKUMapInList");
        w.leaf("EKUName", "Client Authentication");
        w.close("EKUMapInList");
        w.close("ClientAuthEKUList");
        w.close("FilteringInfo");
        w.close("TLSExtensions");
    }
    w.close("EapType");
}

fn eap_config(w: &mut Writer, rng: &mut Rng, domain: &str, defect: Defect, peap: bool) {
    let server = format!("nps{}.{domain}", rng.below(4) + 1);
    let root = hex(rng, 20, true);
    let ns = if defect == Defect::HttpsNamespace {
        "https"
    } else {
        "http"
    };
    w.line(&format!(
        r#"<EapHostConfig xmlns="{ns}://www.microsoft.com/provisioning/EapHostConfig">"#
    ));
    w.depth += 1;
    w.open("EapMethod");
    let outer = if peap { "25" } else { "13" };
    for (tag, value) in [
        ("Type", outer),
        ("VendorId", "0"),
        ("VendorType", "0"),
        ("AuthorId", "0"),
    ] {
        w.line(&format!(
            r#"<{tag} xmlns="http://www.microsoft.com/provisioning/EapCommon">{value}</{tag}>"#
        ));
    }
    w.close("EapMethod");
    w.line(r#"<Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig">"#);
    w.depth += 1;
    w.line(r#"<Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1">"#);
    w.depth += 1;
    w.leaf("Type", outer);
    if peap {
        w.line(r#"<EapType xmlns="http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV1">"#);
        w.depth += 1;
        w.open("ServerValidation");
        w.leaf("DisableUserPromptForServerValidation", "true");
        w.leaf("ServerNames", &server);
        w.leaf("TrustedRootCA", &root);
        w.close("ServerValidation");
        w.leaf("FastReconnect", "true");
        w.leaf("InnerEapOptional", "false");
        w.line(
            r#"<Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1">"#,
        );
        w.depth += 1;
        w.leaf("Type", "13");
        eap_tls_body(w, rng, &server, &root, defect);
        w.close("Eap");
        w.leaf("EnableQuarantineChecks", "false");
        w.leaf("RequireCryptoBinding", "false");
        w.open("PeapExtensions");
        w.line(r#"<PerformServerValidation xmlns="http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV2">true</PerformServerValidation>"#);
        w.line(r#"<AcceptServerName xmlns="http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV2">true</AcceptServerName>"#);
        w.close("PeapExtensions");
        w.close("EapType");
    } else {
        eap_tls_body(w, rng, &server, &root, defect);
    }
    w.close("Eap");
    w.close("Config");
    w.close("EapHostConfig");
}

/// Generates profile number `index` of the corpus for `seed`.
pub fn profile(seed: u64, index: u64) -> Generated {
    let mut rng = Rng::new(seed ^ (index.wrapping_mul(0xD6E8_FEB8_6659_FD93)));
    let defect = if rng.chance(12) {
        match rng.below(6) {
            0 => Defect::UpperCaseBoolean,
            1 => Defect::NoProfileKind,
            2 => Defect::BrokenXml,
            3 => Defect::HttpsNamespace,
            4 => Defect::BadThumbprint,
            _ => Defect::LegacyProtocol,
        }
    } else {
        Defect::None
    };
    let kind = match rng.below(10) {
        0..=5 => "user",
        6..=8 => "device",
        _ => "plugin",
    };
    // Sizes spread over 2–20 KiB, more small ones than large ones, as in real fleets.
    let target = 2048 + (rng.below(18 * 1024) * rng.below(1024) / 1024) as usize;
    let (domain, public) = DOMAINS[rng.below(DOMAINS.len() as u64) as usize];
    let force_tunnel = kind == "user" && rng.chance(10);
    let mut w = Writer {
        text: String::with_capacity(target + 4096),
        newline: if rng.chance(40) { "\r\n" } else { "\n" },
        depth: 0,
    };
    if rng.chance(50) {
        w.line(r#"<?xml version="1.0" encoding="utf-8"?>"#);
    }
    if rng.chance(60) {
        w.line(&format!("<!-- Always On VPN {kind} tunnel for {domain}; generated for profile-lint benchmarks (#{index}) -->"));
    }
    w.open("VPNProfile");
    let always_on = if defect == Defect::UpperCaseBoolean {
        "True"
    } else {
        "true"
    };
    w.leaf("AlwaysOn", always_on);
    w.leaf("DnsSuffix", domain);
    w.leaf("TrustedNetworkDetection", domain);
    if kind == "device" {
        w.leaf("DeviceTunnel", "true");
        w.leaf("RegisterDNS", "true");
    }
    if kind == "user" && rng.chance(50) {
        w.leaf("RememberCredentials", "true");
    }
    if defect != Defect::NoProfileKind {
        if kind == "plugin" {
            w.open("PluginProfile");
            w.leaf("ServerUrlList", &format!("vpn.{public}"));
            w.leaf(
                "PluginPackageFamilyName",
                "Microsoft.AzureVpn_8wekyb3d8bbwe",
            );
            w.line("<CustomConfiguration>&lt;azvpnprofile&gt;&lt;/azvpnprofile&gt;</CustomConfiguration>");
            w.close("PluginProfile");
        } else {
            w.open("NativeProfile");
            w.leaf("Servers", &format!("vpn.{public};vpn.{public}"));
            w.leaf(
                "RoutingPolicyType",
                if force_tunnel {
                    "ForceTunnel"
                } else {
                    "SplitTunnel"
                },
            );
            let protocol = if defect == Defect::LegacyProtocol {
                "PPTP"
            } else if kind == "device" {
                "IKEv2"
            } else {
                rng.pick(&["IKEv2", "Automatic", "SSTP"])
            };
            w.leaf("NativeProtocolType", protocol);
            w.open("Authentication");
            if kind == "device" {
                w.leaf("MachineMethod", "Certificate");
            } else {
                w.leaf("UserMethod", "Eap");
                w.leaf("MachineMethod", "Eap");
                w.open("Eap");
                w.open("Configuration");
                let peap = rng.chance(70);
                eap_config(&mut w, &mut rng, domain, defect, peap);
                w.close("Configuration");
                w.close("Eap");
            }
            w.close("Authentication");
            if protocol == "IKEv2" {
                w.open("CryptographySuite");
                w.leaf("AuthenticationTransformConstants", "GCMAES128");
                w.leaf("CipherTransformConstants", "GCMAES128");
                w.leaf("PfsGroup", "ECP256");
                w.leaf("DHGroup", "ECP256");
                w.leaf("IntegrityCheckMethod", "SHA256");
                w.leaf("EncryptionMethod", "AES_GCM_128");
                w.close("CryptographySuite");
            }
            w.leaf("DisableClassBasedDefaultRoute", "true");
            w.close("NativeProfile");
        }
    }
    for i in 0..rng.below(4) {
        w.open("DomainNameInformation");
        w.leaf(
            "DomainName",
            &format!(".{}{}", if i == 0 { "" } else { "sub." }, domain),
        );
        w.leaf(
            "DnsServers",
            &format!("10.0.0.{},10.0.1.{}", 10 + i, 10 + i),
        );
        w.close("DomainNameInformation");
    }
    if kind == "user" && rng.chance(3) {
        w.open("TrafficFilter");
        w.leaf("Protocol", "6");
        w.leaf("RemotePortRanges", "443,8443");
        w.leaf("RemoteAddressRanges", "10.0.0.0-10.255.255.255");
        w.close("TrafficFilter");
    }
    // Routes fill the profile up to its target size.
    // At least one route (a split tunnel needs one); device tunnels reach a few
    // infrastructure hosts (/32); force tunnels list only exclusions.
    let mut route = 0u64;
    while route == 0 || w.text.len() + 120 < target {
        if route % 16 == 0 && rng.chance(30) {
            w.line(&format!("<!-- site {} -->", route / 16 + 1));
        }
        w.open("Route");
        if kind == "device" || rng.chance(85) {
            // A network address: no host bits set under its prefix, as real routes are.
            let prefix = if kind == "device" {
                32
            } else {
                16 + rng.below(9)
            };
            let raw = (10u32 << 24) | (rng.below(1 << 24) as u32);
            let network = raw & (u32::MAX << (32 - prefix));
            let [a, b, c, d] = network.to_be_bytes();
            w.leaf("Address", &format!("{a}.{b}.{c}.{d}"));
            w.leaf("PrefixSize", &prefix.to_string());
        } else {
            w.leaf("Address", &format!("2001:db8:{:x}::", rng.below(0xffff)));
            w.leaf("PrefixSize", "48");
        }
        if force_tunnel {
            w.leaf("ExclusionRoute", "true");
        }
        w.leaf("Metric", "1");
        w.close("Route");
        route += 1;
    }
    if defect == Defect::BrokenXml {
        // A truncated paste: the end of the document is missing.
        let cut = w.text.len() * 3 / 4;
        let cut = (0..=cut)
            .rev()
            .find(|&i| w.text.is_char_boundary(i))
            .unwrap_or(0);
        w.text.truncate(cut);
    } else {
        w.close("VPNProfile");
    }
    let (bytes, utf16) = if rng.chance(5) {
        // Windows PowerShell 5.1 `Out-File` writes UTF-16 LE with a BOM.
        let mut bytes = vec![0xFF, 0xFE];
        for unit in w.text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        (bytes, true)
    } else {
        (w.text.into_bytes(), false)
    };
    let name = format!(
        "{:03}/{kind}-{index:05}{}.xml",
        index / 100,
        if utf16 { "-utf16" } else { "" }
    );
    Generated { name, bytes }
}
