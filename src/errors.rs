//! The client error codes that `profile-lint explain` knows, kept as data.
//!
//! Sources: Microsoft's "Routing and Remote Access error codes" page (the `raserror.h` table,
//! 6xx–8xx), "System error codes 12000–15999" (the IKE codes 138xx) and "COM error codes
//! (Security and Setup)" (`CERT_E_*`, `CRYPT_E_*`), i.e. the Windows SDK headers `raserror.h` /
//! `mprerror.h` / `winerror.h`; "Troubleshoot Always On VPN"
//! (learn.microsoft.com/troubleshoot/windows-server/networking/troubleshoot-always-on-vpn) for
//! 800, 809, 812, 13801, 13806, 0x80070040, 0x800B0109 and "Oops"; Intune's own status texts for
//! 0x87D1xxxx as administrators quote them in MicrosoftDocs issues; Richard Hicks' Always On VPN
//! troubleshooting posts for 691 (SSTP), 0x800B0101 and 0x80092013 (SSTP certificate checks).
//! Meanings and causes are our paraphrases; a cause we inferred rather than read says so.
//!
//! Which rules catch an error is *not* listed here: it comes from the rules' own metadata. A
//! rule predicts an error when one of its `predicts` entries starts with the error's `code` (or
//! one of its spellings), e.g. `"812"` or `"798 (no certificate can be used with EAP)"`, or
//! names the channel that reports it first: `"Intune 0x87d1fde8"`.
//!
//! A test (`every_code_the_rules_cite_is_known`) reads the rules' sources and pages: a rule that
//! cites a code missing here fails it.

/// One client-side error or symptom.
#[derive(Debug)]
pub struct ClientError {
    /// The spelling rules' `predicts` entries start with: `"812"`, `"0x800B0109"`, `"Oops"`.
    pub code: &'static str,
    /// Other words that name it (symbol names, short forms); numeric forms (hex, HRESULT,
    /// decimal of a hex code, signed) are derived from `code` and need not be listed.
    pub aliases: &'static [&'static str],
    /// Windows' symbol for the code, where there is one.
    pub symbol: &'static str,
    pub title: &'static str,
    pub meaning: &'static str,
    pub causes: &'static [&'static str],
    /// What only the server side (or the certificates) can show, for errors no profile rule
    /// catches on its own.
    pub server_side: &'static str,
}

pub static CLIENT_ERRORS: &[ClientError] = &[
    ClientError {
        code: "691",
        aliases: &["ERROR_AUTHENTICATION_FAILURE"],
        symbol: "ERROR_AUTHENTICATION_FAILURE",
        title: "Access was denied: the user name or password (or the authentication protocol) was not accepted",
        meaning: "The server side rejected the authentication. On an SSTP connection this is what an NPS or RRAS rejection looks like; IKEv2 reports the same rejection as 812.",
        causes: &[
            "SSTP: the NPS network policy does not allow the profile's EAP type or PEAP inner method (the 812 causes, seen over SSTP)",
            "RRAS on Windows Server 2012 R2 with TLS 1.0 disabled breaks EAP certificate authentication (reported; IKEv2 clients get 812)",
            "password-based methods: a wrong password, or an account that may not sign in",
        ],
        server_side: "The NPS event log and accounting log name the policy that rejected the request and its reason code.",
    },
    ClientError {
        code: "720",
        aliases: &["ERROR_PPP_NO_PROTOCOLS_CONFIGURED"],
        symbol: "ERROR_PPP_NO_PROTOCOLS_CONFIGURED",
        title: "No PPP control protocol could be set up for the connection",
        meaning: "Authentication succeeded, but client and server could not set up IPv4 or IPv6 over the tunnel; the reported Always On VPN cases are a VPN server that could not give the client an address.",
        causes: &[
            "the RRAS static address pool is exhausted or too small for the number of connections (reported)",
            "RRAS assigns addresses from DHCP and no DHCP server answers, or its scope is full (reported)",
            "IPv4 (or IPv6) routing for remote-access clients is not enabled on RRAS (reported)",
        ],
        server_side: "The RRAS address assignment (static pool or DHCP) and its RemoteAccess events; nothing in the profile predicts it.",
    },
    ClientError {
        code: "768",
        aliases: &["ERROR_FAILED_TO_ENCRYPT"],
        symbol: "ERROR_FAILED_TO_ENCRYPT",
        title: "The connection failed because the data could not be encrypted",
        meaning: "Client and server could not set up encryption of the tunnel's data. An error of the older tunnel types (PPTP, L2TP); we found no Always On VPN report of it with IKEv2 or SSTP. Not to be confused with the 768-bit Diffie-Hellman groups (`Group1`, `PFS1`) that `crypto-weak-algorithms` reports.",
        causes: &[
            "`NativeProtocolType` PPTP or L2TP (rule T009 `legacy-protocol`) against a server whose encryption requirements the client does not meet (inferred from the error's meaning)",
        ],
        server_side: "The RRAS encryption settings for PPTP and L2TP.",
    },
    ClientError {
        code: "789",
        aliases: &["ERROR_OAKLEY_GENERAL_PROCESSING"],
        symbol: "ERROR_OAKLEY_GENERAL_PROCESSING",
        title: "The L2TP connection failed because the security layer hit a processing error in its first negotiation with the remote computer",
        meaning: "L2TP/IPsec only: the IPsec negotiation that protects the L2TP tunnel failed at its start. An Always On VPN profile meets it only with `NativeProtocolType` L2TP, or Automatic falling back to L2TP.",
        causes: &[
            "`NativeProtocolType` L2TP (rule T009 `legacy-protocol`) with a pre-shared key or machine certificate the server does not accept",
            "IKE traffic (UDP 500/4500) blocked or altered on the way to the server",
        ],
        server_side: "The server's L2TP/IPsec settings (pre-shared key, certificates); IKEv2 and SSTP connections never report it.",
    },
    ClientError {
        code: "798",
        aliases: &["ERROR_NO_EAPTLS_CERTIFICATE"],
        symbol: "ERROR_NO_EAPTLS_CERTIFICATE",
        title: "A certificate could not be found that can be used with this Extensible Authentication Protocol",
        meaning: "EAP-TLS found no client certificate that passes the profile's certificate filters.",
        causes: &[
            "the EKU filter names an EKU that is not defined, or a wrong OID (e.g. the Entra ID conditional-access OID mistyped)",
            "the issuer filter (`CAHashList`) lists CAs that did not issue the user's certificate, or removes the Entra ID certificate",
            "the user has no client-authentication certificate yet (enrolment not finished)",
        ],
        server_side: "Certificate enrolment (Intune SCEP/PKCS, auto-enrolment) decides whether the user has a matching certificate at all.",
    },
    ClientError {
        code: "800",
        aliases: &["ERROR_AUTOMATIC_VPN_FAILED"],
        symbol: "ERROR_AUTOMATIC_VPN_FAILED",
        title: "The remote connection was not made because the attempted VPN tunnels failed",
        meaning: "Every tunnel type Windows tried failed; with `NativeProtocolType` Automatic the last failure hides the real one.",
        causes: &[
            "`NativeProtocolType` Automatic: pin the protocol to see the real error",
            "the VPN server is unreachable (name, firewall, UDP 500/4500 or TCP 443 blocked)",
        ],
        server_side: "Reachability of the VPN server and the protocols RRAS (or the gateway) accepts.",
    },
    ClientError {
        code: "809",
        aliases: &["ERROR_VPN_TIMEOUT"],
        symbol: "ERROR_VPN_TIMEOUT",
        title: "The network connection between your computer and the VPN server could not be established because the remote server is not responding",
        meaning: "The VPN server did not answer the IKEv2 (or SSTP) negotiation.",
        causes: &[
            "UDP 500/4500 blocked on the way to the server",
            "IKE fragmentation disabled or fragments dropped by a firewall (certificate authentication makes IKE messages large)",
            "a wrong `Servers` entry (scheme, port, typo) or a name that resolves to the wrong address",
        ],
        server_side: "Mostly network: firewalls and NAT between client and server, and the server's IKEv2 fragmentation setting.",
    },
    ClientError {
        code: "812",
        aliases: &["ERROR_SERVER_POLICY"],
        symbol: "ERROR_SERVER_POLICY",
        title: "The connection was prevented because of a policy configured on your RAS/VPN server",
        meaning: "The server's authentication method does not match the one configured in the profile, or an NPS policy rejected the request.",
        causes: &[
            "the NPS network policy does not allow the profile's EAP type or PEAP inner method (e.g. NPS wants a certificate, the profile sends EAP-MSCHAPv2)",
            "`UserMethod` MSChapv2 on an IKEv2 profile",
            "device compliance enabled on a profile that does not authenticate with a certificate",
            "Entra ID conditional access: NPS lacks `IgnoreNoRevocationCheck` (NPS reason code 258)",
            "RRAS accepts other authentication protocols than the profile uses (RemoteAccess event 20276)",
        ],
        server_side: "Group membership and time-of-day conditions decide which NPS policy a user reaches (profile-lint treats them as unknown); the NPS log shows the policy and reason code of each rejection (`profile-lint explain --nps-log FILE`).",
    },
    ClientError {
        code: "853",
        aliases: &["ERROR_EAP_USER_CERT_INVALID"],
        symbol: "ERROR_EAP_USER_CERT_INVALID",
        title: "The user certificate is not valid for EAP",
        meaning: "The client-side certificate check failed during EAP-TLS.",
        causes: &[
            "Windows 11 compares `ServerNames` with the NPS certificate case-sensitively (upper-case letters in `ServerNames`)",
            "the issuing CA of the user certificate is not in the NTAuth store",
        ],
        server_side: "The NTAuth store (`certutil -viewstore -enterprise NTAuth`) and the NPS server certificate's names.",
    },
    ClientError {
        code: "857",
        aliases: &["ERROR_EAP_SERVER_CERT_INVALID"],
        symbol: "ERROR_EAP_SERVER_CERT_INVALID",
        title: "Authentication failed because the certificate the client uses to authenticate the server is not valid",
        meaning: "EAP server validation refused the NPS server's certificate: its name is not one the profile expects, or it is not usable as a server certificate.",
        causes: &[
            "`ServerNames` does not name the NPS certificate (its SAN DNS names)",
            "the NPS certificate lacks the Server Authentication EKU",
        ],
        server_side: "Which certificate the network policy's PEAP or EAP-TLS settings select; give it (`--cert`) with the NPS export (`--server`) for `servernames-nps-cert-mismatch` and `nps-cert-no-server-auth`.",
    },
    ClientError {
        code: "858",
        aliases: &["ERROR_EAP_SERVER_CERT_EXPIRED"],
        symbol: "ERROR_EAP_SERVER_CERT_EXPIRED",
        title: "Authentication failed because the certificate the client uses to authenticate the server has expired",
        meaning: "EAP server validation failed: the NPS server's certificate is past its validity period.",
        causes: &[
            "the NPS certificate was not renewed",
            "the certificate was renewed, but the network policy's PEAP or EAP-TLS settings still select the old one",
        ],
        server_side: "The NPS server certificate's validity and which certificate the network policy's EAP settings select.",
    },
    ClientError {
        code: "864",
        aliases: &["ERROR_EAP_SERVER_ROOT_CERT_NOT_FOUND"],
        symbol: "ERROR_EAP_SERVER_ROOT_CERT_NOT_FOUND",
        title: "The certificate of the authentication server's root CA was not found",
        meaning: "The root of the NPS server certificate is not among the roots the profile trusts.",
        causes: &[
            "a `TrustedRootCA` thumbprint that is mistyped, in the wrong format, or holds an invisible character",
            "the thumbprint of the issuing (intermediate) CA instead of the root",
            "the root certificate is not installed on the client",
        ],
        server_side: "Which roots the client trusts (its certificate store); give the NPS certificate and its chain (`--cert`) with the NPS export for `trusted-root-not-nps-chain`.",
    },
    ClientError {
        code: "868",
        aliases: &["ERROR_DNSNAME_NOT_RESOLVABLE"],
        symbol: "ERROR_DNSNAME_NOT_RESOLVABLE",
        title: "The remote connection was not made because the VPN server's name did not resolve",
        meaning: "The DNS lookup of the `Servers` entry failed, so no tunnel was even attempted. With `NativeProtocolType` Automatic it may surface as 800 instead.",
        causes: &[
            "a `Servers` entry that is not a bare host name (scheme, port, path, whitespace): Windows looks the whole text up as a name",
            "a misspelled name, or one that exists only in internal DNS",
            "the client has no working DNS (no Internet yet, captive portal)",
        ],
        server_side: "The public DNS record of the VPN server name.",
    },
    ClientError {
        code: "930",
        aliases: &["ERROR_AUTH_SERVER_TIMEOUT"],
        symbol: "ERROR_AUTH_SERVER_TIMEOUT",
        title: "The authentication server did not respond to authentication requests in a timely fashion",
        meaning: "A server-side error (RRAS logs it): the NPS server RRAS forwards to did not answer; the client sees the connection fail.",
        causes: &[
            "NPS does not know the VPN server as a RADIUS client and silently discards its requests",
            "NPS is unreachable from RRAS (firewall, wrong address, UDP 1812 blocked)",
        ],
        server_side: "RRAS's RADIUS server list (`Get-RemoteAccessRadius`) and NPS's RADIUS clients; with the NPS export given, `nps-no-radius-client` checks the latter.",
    },
    ClientError {
        code: "13801",
        aliases: &["ERROR_IPSEC_IKE_AUTH_FAIL"],
        symbol: "ERROR_IPSEC_IKE_AUTH_FAIL",
        title: "IKE authentication credentials are unacceptable",
        meaning: "One side of the IKEv2 exchange rejected the other's certificate.",
        causes: &[
            "the name in `Servers` is not in the VPN server certificate (e.g. an IP address is dialled)",
            "the VPN server certificate lacks the Server Authentication EKU, is expired or untrusted",
            "RRAS rejects the machine certificate (`RootCertificateNameToAccept`, missing EKU)",
        ],
        server_side: "Whether the client trusts the RRAS certificate's root and can reach its revocation list; give the RRAS certificate (`--cert`) for `servers-cert-name-mismatch`.",
    },
    ClientError {
        code: "13806",
        aliases: &["ERROR_IPSEC_IKE_NO_CERT"],
        symbol: "ERROR_IPSEC_IKE_NO_CERT",
        title: "IKE failed to find a valid machine certificate",
        meaning: "The device tunnel (or machine-certificate authentication) found no usable computer certificate.",
        causes: &[
            "a device tunnel configured with user authentication or without `MachineMethod` Certificate",
            "no computer certificate with the Client Authentication EKU and a private key in the local machine store",
        ],
        server_side: "The computer certificate on the client and the root RRAS accepts.",
    },
    ClientError {
        code: "13868",
        aliases: &["ERROR_IPSEC_IKE_POLICY_MATCH"],
        symbol: "ERROR_IPSEC_IKE_POLICY_MATCH",
        title: "Policy match error",
        meaning: "Client and server share no IKEv2/IPsec proposal.",
        causes: &[
            "`CryptographySuite` differs from the RRAS custom IPsec policy",
            "`CryptographySuite` values written in the RRAS/PowerShell spelling or misspelled",
            "`CryptographySuite` together with `NativeProtocolType` Automatic (applied wrongly)",
            "no `CryptographySuite` while the server was hardened (the client offers weak defaults)",
        ],
        server_side: "The proposals of a server without a custom policy (not documented); give `Get-VpnServerConfiguration` output (`--server`) for `crypto-server-mismatch`.",
    },
    ClientError {
        code: "0x80070040",
        aliases: &["ERROR_NETNAME_DELETED"],
        symbol: "ERROR_NETNAME_DELETED",
        title: "The specified network name is no longer available",
        meaning: "A generic network error; for Always On VPN Microsoft names one cause.",
        causes: &["the VPN server certificate lacks the Server Authentication EKU"],
        server_side: "The VPN server certificate's EKUs: give the certificate (`--cert`) and `servers-cert-name-mismatch` checks them; nothing in the profile alone predicts it.",
    },
    ClientError {
        code: "0x80070057",
        aliases: &["E_INVALIDARG", "The parameter is incorrect"],
        symbol: "E_INVALIDARG",
        title: "The parameter is incorrect",
        meaning: "The MDM bridge (WMI or Intune) rejected the ProfileXML as a whole.",
        causes: &[
            "a profile without the elements its kind requires (`NativeProfile` without `Servers` or `Authentication`, both or neither of `NativeProfile`/`PluginProfile`)",
        ],
        server_side: "",
    },
    ClientError {
        code: "0x800B0101",
        aliases: &["CERT_E_EXPIRED"],
        symbol: "CERT_E_EXPIRED",
        title: "A required certificate is not within its validity period",
        meaning: "Certificate validation failed on the validity dates: a certificate in the chain has expired or is not valid yet by the client's clock. RasClient event 20227 shows it as -2146762495.",
        causes: &[
            "SSTP: the VPN server's TLS certificate has expired (reported)",
            "the client's clock is wrong",
        ],
        server_side: "The validity period of the RRAS/gateway TLS certificate and of its issuing CAs.",
    },
    ClientError {
        code: "0x800B0109",
        aliases: &["CERT_E_UNTRUSTEDROOT"],
        symbol: "CERT_E_UNTRUSTEDROOT",
        title: "A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider",
        meaning: "The server's certificate chain ends in a root the client does not trust.",
        causes: &[
            "a `TrustedRootCA` thumbprint that does not match the root (wrong format, invisible character, intermediate CA)",
            "the enterprise root is not installed on the client (not domain-joined, or not deployed by Intune)",
        ],
        server_side: "The roots deployed to clients; give the NPS export and the NPS certificate with its chain (`--server`, `--cert`) for `trusted-root-not-nps-chain` and `trusted-root-not-a-root`.",
    },
    ClientError {
        code: "0x800B010F",
        aliases: &["CERT_E_CN_NO_MATCH"],
        symbol: "CERT_E_CN_NO_MATCH",
        title: "The certificate's name does not match the name it was checked against",
        meaning: "The VPN server's certificate does not carry the name the client dialled. SSTP reports it as this code; IKEv2 reports the same mismatch as 13801.",
        causes: &[
            "a `Servers` entry that is an IP address while the certificate names a DNS name",
            "a `Servers` name that is not in the certificate's subject or subject alternative names (an alias or load-balancer name)",
        ],
        server_side: "The names (subject, subject alternative names) in the RRAS/gateway TLS certificate.",
    },
    ClientError {
        code: "0x80092013",
        aliases: &["CRYPT_E_REVOCATION_OFFLINE"],
        symbol: "CRYPT_E_REVOCATION_OFFLINE",
        title: "Revocation could not be checked because the revocation server was offline",
        meaning: "The client could not fetch the CRL (or reach the OCSP responder) for a certificate it validates. An SSTP client checks the VPN server's TLS certificate this way and does not connect when the check cannot be made.",
        causes: &[
            "the VPN server's TLS certificate comes from an internal CA whose CRL is not published on the Internet (reported)",
            "the CRL has expired and no new one was published, or a proxy or firewall blocks the CRL address",
        ],
        server_side: "The CRL distribution points in the VPN server certificate and whether clients on the Internet can reach them.",
    },
    ClientError {
        code: "0x87D101F4",
        aliases: &["Syncml(500)"],
        symbol: "",
        title: "Intune: the device could not apply the custom ProfileXML setting (MDM event 404)",
        meaning: "The device answered the SyncML command with status 500 (an unexpected condition kept it from carrying the command out); for ProfileXML, Windows could not parse or apply the XML Intune delivered.",
        causes: &[
            "XML that is not well-formed",
            "element names copied from CSP node paths",
            "invisible characters pasted into values",
        ],
        server_side: "",
    },
    ClientError {
        code: "0x87D1FDE8",
        aliases: &["Remediation failed"],
        symbol: "",
        title: "Intune: Remediation failed",
        meaning: "Intune sent the custom setting, but the device did not confirm it: the command on the OMA-URI failed, or Intune could not read the value back. Intune also shows it for some settings that did apply, so check the device before changing the profile.",
        causes: &[
            "an OMA-URI without the `./Device` or `./User` scope, or with the wrong one (reported for other CSPs; same OMA-URI mechanics)",
            "stray carriage returns in an XML value (reported for another Intune XML setting)",
            "a reporting error only: the device's DeviceManagement-Enterprise-Diagnostics-Provider Admin log shows whether the setting applied",
        ],
        server_side: "",
    },
    ClientError {
        code: "Oops",
        aliases: &["Oops - you can't get to this yet", "oops-you-cant-get-to-this-yet"],
        symbol: "",
        title: "\"Oops - you can't get to this yet\" (Entra ID conditional access)",
        meaning: "Entra ID refused the conditional-access certificate (device not compliant), or the client used another certificate than the conditional-access one; the prompt may loop while the connection succeeds with the other certificate.",
        causes: &[
            "device compliance enabled without the EKU filter for 1.3.6.1.4.1.311.87",
            "device compliance on a profile that does not authenticate with a user certificate",
            "NPS accepts any client certificate, so the on-premises certificate bypasses conditional access",
        ],
        server_side: "The device's compliance state in Intune, the conditional-access policy for the \"VPN Server\" app, and whether NPS is restricted to the Entra ID certificate.",
    },
];

/// Words a `predicts` entry may put before the code: who reports it (`"Intune 0x87d1fde8"`).
const CHANNELS: &[&str] = &["Intune", "MDM", "WMI"];

/// The numeric value of a key written as decimal (`812`), hex (`0x32C`, `0x8007032C`) or as a
/// signed 32-bit number (`-2147023572`).
fn numeric(key: &str) -> Option<u32> {
    let key = key.trim();
    if let Some(hex) = key.strip_prefix("0x").or_else(|| key.strip_prefix("0X")) {
        return u32::from_str_radix(hex, 16).ok();
    }
    if let Some(negative) = key.strip_prefix('-') {
        let value: i64 = negative.parse().ok()?;
        return u32::try_from((1i64 << 32) - value).ok();
    }
    key.parse().ok()
}

impl ClientError {
    /// The values this error has as a number: the code itself, and for a Win32 code also its
    /// HRESULT (`0x8007xxxx`); for an HRESULT of a Win32 code also the plain code.
    fn numbers(&self) -> Vec<u32> {
        let Some(value) = numeric(self.code) else {
            return Vec::new();
        };
        let mut out = vec![value];
        if value < 0x1_0000 {
            out.push(0x8007_0000 | value);
        } else if value & 0xFFFF_0000 == 0x8007_0000 {
            out.push(value & 0xFFFF);
        }
        out
    }

    /// Whether `key` names this error (case-insensitive; numbers in any of their forms).
    pub fn matches(&self, key: &str) -> bool {
        let key = key.trim();
        if key.eq_ignore_ascii_case(self.code)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(key))
        {
            return true;
        }
        numeric(key).is_some_and(|n| self.numbers().contains(&n))
    }

    /// Whether a rule's `predicts` entry names this error: its first word is the code, or the
    /// first word names the channel that reports it and the second is the code
    /// (`"Intune 0x87d1fde8"`).
    pub fn predicted_by(&self, entry: &str) -> bool {
        let mut words = entry
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ':' | ';'))
            .filter(|w| !w.is_empty());
        let Some(first) = words.next() else {
            return false;
        };
        if self.matches(first) {
            return true;
        }
        CHANNELS.iter().any(|c| c.eq_ignore_ascii_case(first))
            && words.next().is_some_and(|second| self.matches(second))
    }

    /// Other ways to write the code (`0x32C`, `0x8007032C`, `-2147023572`).
    pub fn spellings(&self) -> Vec<String> {
        let Some(value) = numeric(self.code) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if value < 0x1_0000 {
            out.push(format!("0x{value:X}"));
            let hresult = 0x8007_0000 | value;
            out.push(format!("0x{hresult:08X}"));
            out.push(format!("{}", i64::from(hresult) - (1i64 << 32)));
        } else {
            if value & 0xFFFF_0000 == 0x8007_0000 {
                out.push((value & 0xFFFF).to_string());
            }
            out.push(value.to_string());
            if value >= 0x8000_0000 {
                out.push(format!("{}", i64::from(value) - (1i64 << 32)));
            }
        }
        out
    }
}

/// The error a key names (`812`, `0x80070040`, `2147942464`, `oops`).
pub fn find_error(key: &str) -> Option<&'static ClientError> {
    CLIENT_ERRORS.iter().find(|e| e.matches(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_errors_in_every_spelling() {
        assert_eq!(find_error("812").map(|e| e.code), Some("812"));
        assert_eq!(find_error("0x32c").map(|e| e.code), Some("812"));
        assert_eq!(find_error("0x8007032C").map(|e| e.code), Some("812"));
        assert_eq!(find_error("-2147024084").map(|e| e.code), Some("812"));
        assert_eq!(find_error("0x80070040").map(|e| e.code), Some("0x80070040"));
        assert_eq!(find_error("64").map(|e| e.code), Some("0x80070040"));
        assert_eq!(find_error("2147942464").map(|e| e.code), Some("0x80070040"));
        assert_eq!(find_error("0x800b0109").map(|e| e.code), Some("0x800B0109"));
        assert_eq!(
            find_error("-2146762487").map(|e| e.code),
            Some("0x800B0109")
        );
        assert_eq!(find_error("OOPS").map(|e| e.code), Some("Oops"));
        assert_eq!(find_error("13868").map(|e| e.code), Some("13868"));
        assert!(find_error("12345").is_none());
        assert!(find_error("").is_none());
    }

    #[test]
    fn predicts_entries_match_on_their_first_word() {
        let e812 = find_error("812").expect("812 is in the table");
        assert!(e812.predicted_by("812"));
        assert!(e812.predicted_by("812 (auth method mismatch)"));
        assert!(!e812.predicted_by("device tunnel never connects"));
        let oops = find_error("oops").expect("Oops is in the table");
        assert!(oops.predicted_by("Oops - you can't get to this yet"));
    }

    /// Every error either has a rule that predicts it, or says what only the server shows.
    #[test]
    fn every_error_is_caught_or_explained() {
        for error in CLIENT_ERRORS {
            let caught = crate::rules::all_rules()
                .iter()
                .any(|r| r.meta().predicts.iter().any(|p| error.predicted_by(p)));
            assert!(
                caught || !error.server_side.is_empty(),
                "{}: no rule predicts it and no server-side note",
                error.code
            );
        }
    }

    /// `predicts` entries that mention a known code start with it, so `explain` finds them.
    #[test]
    fn predicts_entries_start_with_their_code() {
        for rule in crate::rules::all_rules() {
            for entry in rule.meta().predicts {
                for word in entry.split(|c: char| !c.is_ascii_alphanumeric()) {
                    let named = CLIENT_ERRORS
                        .iter()
                        .find(|e| word.len() >= 3 && e.code != "Oops" && e.matches(word));
                    if let Some(error) = named {
                        assert!(
                            error.predicted_by(entry),
                            "{}: predicts entry `{entry}` mentions {} but does not start with it",
                            rule.meta().code,
                            error.code
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn predicts_entries_may_name_the_channel_first() {
        let remediation = find_error("0x87d1fde8").expect("0x87D1FDE8 is in the table");
        assert!(remediation.predicted_by("Intune 0x87d1fde8"));
        assert!(remediation.predicted_by("Intune 0x87d1fde8 (Remediation failed)"));
        assert!(!remediation.predicted_by("profile applies, then Intune 0x87d1fde8"));
        let e812 = find_error("812").expect("812 is in the table");
        assert!(
            !e812.predicted_by("Oops 812"),
            "only a channel may come first"
        );
    }

    /// The contents of the string literals in Rust source: escapes resolved, line
    /// continuations joined; comments, char literals and lifetimes skipped.
    fn string_literals(source: &str) -> Vec<String> {
        let chars: Vec<char> = source.chars().collect();
        let ident = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
        let mut literals = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '/' if chars.get(i + 1) == Some(&'/') => {
                    while i < chars.len() && chars[i] != '\n' {
                        i += 1;
                    }
                }
                '/' if chars.get(i + 1) == Some(&'*') => {
                    let mut depth = 0;
                    while i < chars.len() {
                        if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                            depth += 1;
                            i += 2;
                        } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            i += 1;
                        }
                    }
                }
                '\'' => {
                    if chars.get(i + 1) == Some(&'\\') {
                        // An escaped char literal ('\'', '\n', '\u{..}'): up to its closing quote.
                        i += 3;
                        while i < chars.len() && chars[i] != '\'' {
                            i += 1;
                        }
                        i += 1;
                    } else if chars.get(i + 2) == Some(&'\'') {
                        i += 3;
                    } else {
                        i += 1; // a lifetime
                    }
                }
                'r' if !ident(i.checked_sub(1).and_then(|j| chars.get(j)))
                    || (i >= 1
                        && chars[i - 1] == 'b'
                        && !ident(i.checked_sub(2).and_then(|j| chars.get(j)))) =>
                {
                    let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
                    if chars.get(i + 1 + hashes) != Some(&'"') {
                        i += 1;
                        continue;
                    }
                    let start = i + 2 + hashes;
                    let mut end = start;
                    while end < chars.len()
                        && !(chars[end] == '"'
                            && chars[end + 1..].iter().take_while(|c| **c == '#').count() >= hashes)
                    {
                        end += 1;
                    }
                    literals.push(chars[start..end.min(chars.len())].iter().collect());
                    i = end + 1 + hashes;
                }
                '"' => {
                    let mut text = String::new();
                    i += 1;
                    while i < chars.len() && chars[i] != '"' {
                        if chars[i] == '\\' {
                            i += 1;
                            match chars.get(i) {
                                Some('\n') => {
                                    while chars.get(i + 1).is_some_and(|c| c.is_whitespace()) {
                                        i += 1;
                                    }
                                }
                                Some('n' | 't' | 'r') => text.push(' '),
                                Some(c) => text.push(*c),
                                None => {}
                            }
                        } else {
                            text.push(chars[i]);
                        }
                        i += 1;
                    }
                    literals.push(text);
                    i += 1;
                }
                _ => i += 1,
            }
        }
        literals
    }

    /// The error codes a text cites: an 8-digit hex code anywhere (`0x800B010F`), and 3–5 digit
    /// numbers right after "error" or "errors" (optionally "code"), also in short lists
    /// ("errors 691 and 812", "error 809/800"). Nothing else counts, so ports, EAP types, OIDs,
    /// key sizes ("768-bit") and years are not mistaken for codes.
    fn cited_codes(text: &str) -> Vec<String> {
        static HEX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"\b0[xX][0-9A-Fa-f]{8}\b").expect("valid regex")
        });
        static AFTER_ERROR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(
                r"(?i)\berrors?\s+(?:code\s+)?(\d{3,5}(?:\s*(?:/|,|\sand\s|\sor\s)\s*\d{3,5})*)\b",
            )
            .expect("valid regex")
        });
        static NUMBER: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"\d{3,5}").expect("valid regex"));
        let mut codes: Vec<String> = HEX.find_iter(text).map(|m| m.as_str().to_owned()).collect();
        for list in AFTER_ERROR.captures_iter(text) {
            codes.extend(NUMBER.find_iter(&list[1]).map(|m| m.as_str().to_owned()));
        }
        codes
    }

    /// The word of a `predicts` entry that links it to an error: the first, or the second
    /// after a channel name (`"Intune 0x87d1fde8"`); `None` when that word is not a number.
    fn leading_code(entry: &str) -> Option<&str> {
        let mut words = entry
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ':' | ';'))
            .filter(|w| !w.is_empty());
        let first = words.next()?;
        let word = if CHANNELS.iter().any(|c| c.eq_ignore_ascii_case(first)) {
            words.next()?
        } else {
            first
        };
        numeric(word).map(|_| word)
    }

    #[test]
    fn cited_codes_are_error_codes_only() {
        let text = "fails with error 12345 (0xDEADBEEF); errors 691 and 812, error 809/800; \
                    Error code 853; 768-bit MODP, UDP port 4500, EAP type 13, OID \
                    1.3.6.1.4.1.311.87, Windows 11 22H2 (2021), error 123456, 0x14";
        assert_eq!(
            cited_codes(text),
            ["0xDEADBEEF", "12345", "691", "812", "809", "800", "853"]
        );
        assert_eq!(leading_code("868"), Some("868"));
        assert_eq!(
            leading_code("13868 against a hardened server"),
            Some("13868")
        );
        assert_eq!(leading_code("Intune 0x87d1fde8"), Some("0x87d1fde8"));
        assert_eq!(leading_code("MDM event 404"), None);
        assert_eq!(leading_code("Oops - you can't get to this yet"), None);
    }

    #[test]
    fn string_literals_skip_comments_and_chars() {
        let source = r##"
            // "error 111" in a comment
            /* "error 222" /* nested */ still a comment */
            let quote = '"'; let escaped = '\''; fn f<'a>(x: &'a str) {}
            let message = "fails with error 333 \
                           and \"error 444\"";
            let raw = r#"error "555""#;
        "##;
        let literals = string_literals(source);
        assert_eq!(
            literals,
            ["fails with error 333 and \"error 444\"", "error \"555\""]
        );
    }

    /// Every error code the rules cite is one `explain` knows: codes in their `predicts`
    /// metadata, in the string literals of their sources (messages, help texts, summaries) and
    /// in their pages (`rules/*.md`, which `explain` prints). A rule that cites a new code fails
    /// here until the code is added to `CLIENT_ERRORS`.
    #[test]
    fn every_code_the_rules_cite_is_known() {
        let mut unknown = Vec::new();
        for rule in crate::rules::all_rules() {
            let meta = rule.meta();
            for entry in meta.predicts {
                if let Some(code) = leading_code(entry) {
                    match find_error(code) {
                        Some(error) => assert!(
                            error.predicted_by(entry),
                            "{}: `{entry}` does not link to {}",
                            meta.code,
                            error.code
                        ),
                        None => unknown.push(format!("{code} (predicts of {})", meta.code)),
                    }
                }
            }
        }

        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let relative = |path: &std::path::Path| {
            path.strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string()
        };
        let mut sources = Vec::new();
        let mut dirs = vec![root.join("src/rules")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src/rules is readable") {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    sources.push(path);
                }
            }
        }
        assert!(
            sources.len() > 50,
            "found only {} rule sources",
            sources.len()
        );
        for path in &sources {
            let text = std::fs::read_to_string(path).expect("rule source is readable");
            for literal in string_literals(&text) {
                for code in cited_codes(&literal) {
                    if find_error(&code).is_none() {
                        unknown.push(format!("{code} ({})", relative(path)));
                    }
                }
            }
        }
        let pages = std::fs::read_dir(root.join("rules")).expect("rules/ is readable");
        for entry in pages {
            let path = entry.expect("directory entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).expect("rule page is readable");
                for code in cited_codes(&text) {
                    if find_error(&code).is_none() {
                        unknown.push(format!("{code} ({})", relative(&path)));
                    }
                }
            }
        }
        unknown.sort();
        unknown.dedup();
        assert!(
            unknown.is_empty(),
            "error codes cited by rules that `explain` does not know (add them to CLIENT_ERRORS):\n{}",
            unknown.join("\n")
        );
    }

    #[test]
    fn spellings_are_consistent() {
        for error in CLIENT_ERRORS {
            for spelling in error.spellings() {
                assert!(error.matches(&spelling), "{} / {spelling}", error.code);
            }
        }
    }
}
