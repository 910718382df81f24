//! The client error codes that `profile-lint explain` knows, kept as data.
//!
//! Sources: Microsoft's "Routing and Remote Access error codes" page, the Windows SDK headers
//! `raserror.h` / `mprerror.h` / `winerror.h`, and "Troubleshoot Always On VPN"
//! (learn.microsoft.com/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/troubleshoot-always-on-vpn).
//! Meanings and causes are our paraphrases.
//!
//! Which rules catch an error is *not* listed here: it comes from the rules' own metadata. A
//! rule predicts an error when one of its `predicts` entries starts with the error's `code` (or
//! one of its spellings), e.g. `"812"` or `"798 (no certificate can be used with EAP)"`.

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
        server_side: "The NPS network policy (EAP types, constraints), NPS revocation settings and the RRAS authentication settings; the NPS event log shows the reason code.",
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
        server_side: "Which root issued the NPS server certificate.",
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
        server_side: "The RRAS/gateway certificate (subject, SAN, EKU, chain) and RRAS's machine-certificate settings.",
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
        server_side: "The RRAS custom IPsec policy (`Get-VpnServerConfiguration`).",
    },
    ClientError {
        code: "0x80070040",
        aliases: &["ERROR_NETNAME_DELETED"],
        symbol: "ERROR_NETNAME_DELETED",
        title: "The specified network name is no longer available",
        meaning: "A generic network error; for Always On VPN Microsoft names one cause.",
        causes: &["the VPN server certificate lacks the Server Authentication EKU"],
        server_side: "Only the VPN server certificate shows it (its EKUs); nothing in the profile predicts it.",
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
        server_side: "The chain of the NPS/RRAS certificate and the roots deployed to clients.",
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
        code: "0x87D101F4",
        aliases: &[],
        symbol: "",
        title: "Intune: the device could not apply the custom ProfileXML setting (MDM event 404)",
        meaning: "Windows could not parse or apply the XML Intune delivered.",
        causes: &[
            "XML that is not well-formed",
            "element names copied from CSP node paths",
            "invisible characters pasted into values",
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

    /// Whether a rule's `predicts` entry names this error: its first word is the code.
    pub fn predicted_by(&self, entry: &str) -> bool {
        let first = entry
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ':' | ';'))
            .next()
            .unwrap_or("");
        !first.is_empty() && self.matches(first)
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
    fn spellings_are_consistent() {
        for error in CLIENT_ERRORS {
            for spelling in error.spellings() {
                assert!(error.matches(&spelling), "{} / {spelling}", error.code);
            }
        }
    }
}
