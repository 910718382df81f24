//! NPS reason codes, RADIUS packet types and NPS authentication types, in our own short
//! wording (`research/server-side.md` §1.7, §3.3, §3.5). The hint says what a code usually
//! means in an Always On VPN deployment (RRAS + NPS with PEAP or EAP-TLS).

use serde::Serialize;

/// One reason code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: u32,
    pub meaning: &'static str,
    /// What it usually points at in an Always On VPN deployment.
    pub hint: Option<&'static str>,
}

const fn plain(code: u32, meaning: &'static str) -> Reason {
    Reason {
        code,
        meaning,
        hint: None,
    }
}

const fn hinted(code: u32, meaning: &'static str, hint: &'static str) -> Reason {
    Reason {
        code,
        meaning,
        hint: Some(hint),
    }
}

/// Sorted by code; gaps are Microsoft's.
const REASONS: &[Reason] = &[
    plain(0, "success: authenticated and authorised"),
    plain(1, "internal NPS error"),
    plain(2, "NPS lacks the access rights to process the request"),
    plain(3, "malformed Access-Request from the RADIUS client"),
    plain(4, "the Active Directory global catalog cannot be reached"),
    plain(5, "no domain controller is reachable for the user's domain"),
    plain(6, "NPS is unavailable (low memory, or an account lookup failed)"),
    hinted(7, "the domain in the user name does not exist", "a certificate identity whose UPN suffix NPS cannot resolve (our inference)"),
    plain(8, "the user account does not exist"),
    hinted(9, "discarded by an NPS extension DLL", "an extension such as an MFA adapter installed on NPS (our inference)"),
    plain(10, "an NPS extension DLL failed"),
    hinted(16, "the credentials do not match (wrong password, or a certificate that maps to no account)", "also reported with certificate EAP after an NPS update and with TPM key problems"),
    plain(17, "the password change failed"),
    plain(18, "NPS does not support the authentication method"),
    plain(19, "no reversibly encrypted password is stored (needed by CHAP)"),
    plain(20, "LAN Manager authentication is disabled"),
    plain(21, "rejected by an NPS extension DLL"),
    hinted(22, "the server cannot process the EAP type the client proposed", "the EAP type is not enabled in the matching policy, NPS has no usable certificate for PEAP/EAP-TLS, or a TLS version is disabled; the client shows 812"),
    hinted(23, "an error occurred during EAP processing", "often a certificate problem on the client or on NPS"),
    plain(32, "NPS only authenticates local accounts (not a domain member)"),
    plain(33, "the password must be changed"),
    plain(34, "the account is disabled"),
    plain(35, "the account has expired"),
    plain(36, "the account is locked out"),
    plain(37, "outside the account's allowed logon hours"),
    plain(38, "an account restriction applies (for example, blank passwords are not allowed)"),
    hinted(48, "no network policy matched the request", "the VPN policy's conditions (group membership, NAS-Port-Type) were not met, or it is disabled or ordered after another"),
    hinted(49, "no connection request policy matched the request", "no connection request policy covers requests from the VPN server"),
    plain(64, "remote access account lockout is in effect"),
    hinted(65, "network access permission is denied (the policy denies access, or the account's dial-in setting does)", "the request fell through to the built-in \"Connections to Microsoft Routing and Remote Access server\" deny policy"),
    hinted(66, "the matching policy does not allow the authentication method the client used", "PEAP against EAP-TLS, the wrong PEAP inner method, or MS-CHAPv2 not allowed: the client shows 812"),
    plain(67, "the Calling-Station-ID is not permitted"),
    plain(68, "outside the policy's permitted dial-in hours"),
    plain(69, "the Called-Station-ID is not permitted"),
    plain(70, "the NAS-Port-Type is not permitted by the policy's constraint"),
    plain(71, "another policy restriction was not met (meaning known from the symbol only)"),
    plain(72, "a password change was requested but the policy does not allow it"),
    hinted(73, "the certificate's purposes (EKU) are missing or unsuitable", "the client certificate lacks the Client Authentication EKU"),
    plain(80, "no record (symbol only; meaning not documented)"),
    plain(96, "session timeout (symbol only; meaning not documented)"),
    plain(97, "unexpected request (symbol only; meaning not documented)"),
    hinted(112, "the remote RADIUS server did not process the request", "a connection request policy forwards VPN requests to another server"),
    plain(113, "forwarding to a remote RADIUS server group that does not exist"),
    plain(115, "the proxy did not forward a message that is neither access nor accounting"),
    plain(116, "socket error in the proxy while forwarding"),
    plain(117, "the remote RADIUS server did not answer"),
    plain(118, "malformed reply from the remote RADIUS server"),
    plain(256, "the client certificate is revoked"),
    plain(257, "the revocation check cannot run (a function or library is missing)"),
    hinted(258, "the revocation status of the certificate could not be checked", "Entra ID conditional-access certificates have no CRL: NPS needs IgnoreNoRevocationCheck; the client shows 812"),
    plain(259, "the CA that publishes the revocation list cannot be reached"),
    hinted(260, "the message was altered (hash mismatch)", "usually a shared-secret mismatch between RRAS and NPS (our inference)"),
    plain(261, "the account database (Active Directory or local) cannot be reached"),
    hinted(262, "the message is incomplete; its signature (Message-Authenticator) was not verified", "Message-Authenticator settings or a secret mismatch between RRAS and NPS (our inference)"),
    plain(263, "incomplete credentials were received"),
    plain(264, "the clocks of NPS and the client differ too much"),
    hinted(265, "the client certificate chains to a root NPS does not trust", "the issuing root is missing from NPS's trusted roots or from NTAuth"),
    plain(266, "unexpected or badly formatted message"),
    plain(267, "the client certificate lacks the Client Authentication purpose"),
    plain(268, "the client certificate has expired"),
    hinted(269, "NPS and the client share no TLS algorithm", "TLS or cipher hardening on NPS or on the client"),
    plain(270, "the policy requires a smart card but other credentials were used"),
    plain(271, "NPS was shutting down or restarting"),
    plain(272, "the certificate maps to more than one account"),
    plain(273, "trust verification failed: unknown provider"),
    plain(274, "trust verification failed: action not supported"),
    plain(275, "trust verification failed: form not supported"),
    plain(276, "trust verification failed: the EAP binary is not signed"),
    plain(277, "trust verification failed: the EAP binary's signature is not trusted"),
    plain(278, "the certificate has expired"),
    plain(279, "the validity periods in the chain are not nested correctly"),
    plain(280, "the certificate was not issued by a valid CA"),
    plain(281, "the chain is longer than a path-length constraint allows"),
    plain(282, "the certificate has an unknown critical extension"),
    plain(283, "the certificate lacks the Client Authentication application policy"),
    plain(284, "the issuer name does not match the parent certificate"),
    plain(285, "the certificate is missing or malformed"),
    hinted(286, "the issuing CA is not trusted by NPS", "the client certificate's CA is not in NPS's trusted stores"),
    hinted(287, "the certificate does not chain to an enterprise root NPS trusts", "the client certificate's root is not trusted by NPS"),
    plain(288, "unspecified trust failure"),
    plain(289, "the certificate is revoked"),
    plain(290, "a test root is not trusted"),
    hinted(291, "the revocation list cannot be located or read", "NPS cannot reach the CRL distribution point"),
    plain(292, "the user name does not match the certificate's common name"),
    plain(293, "the certificate lacks the Client Authentication purpose"),
    plain(294, "the certificate is explicitly marked untrusted"),
    hinted(295, "the issuing CA is not trusted by NPS", "the client certificate's CA is not in NPS's trusted stores"),
    plain(296, "the certificate lacks the Client Authentication purpose"),
    plain(297, "the certificate has no valid name"),
    plain(298, "no valid UPN in the certificate, or the user name does not match it"),
    plain(299, "messages arrived out of sequence during verification"),
    plain(300, "the certificate is malformed; EAP finds no credential in it"),
    plain(301, "an invalid PEAP cryptobinding was received (possible man in the middle)"),
    plain(302, "the required PEAP cryptobinding is missing"),
];

/// The reason code's meaning, when NPS documents it.
pub fn reason(code: u32) -> Option<Reason> {
    REASONS
        .binary_search_by_key(&code, |reason| reason.code)
        .ok()
        .map(|index| REASONS[index])
}

/// RADIUS packet types (RFC 2865/5997) as logged in `Packet-Type`.
pub fn packet_type_name(code: u32) -> Option<&'static str> {
    Some(match code {
        1 => "Access-Request",
        2 => "Access-Accept",
        3 => "Access-Reject",
        4 => "Accounting-Request",
        5 => "Accounting-Response",
        11 => "Access-Challenge",
        12 => "Status-Server",
        13 => "Status-Client",
        _ => return None,
    })
}

/// NPS authentication types: `msNPAuthenticationType2` in the export and `Authentication-Type`
/// in the logs use the same numbers.
pub fn auth_type_name(code: u32) -> Option<&'static str> {
    Some(match code {
        1 => "PAP",
        2 => "CHAP",
        3 => "MS-CHAP",
        4 => "MS-CHAP v2",
        5 => "EAP",
        6 => "ARAP",
        7 => "Unauthenticated",
        8 => "Extension",
        9 => "MS-CHAP with password change",
        10 => "MS-CHAP v2 with password change",
        11 => "PEAP",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_so_lookups_work() {
        assert!(REASONS.windows(2).all(|pair| pair[0].code < pair[1].code));
        assert!(REASONS.iter().all(|reason| !reason.meaning.is_empty()));
    }

    #[test]
    fn the_codes_behind_error_812() {
        let method = reason(66).expect("documented");
        assert!(method.meaning.contains("authentication method"));
        assert!(method.hint.is_some_and(|hint| hint.contains("812")));
        assert_eq!(reason(65).map(|r| r.code), Some(65));
        assert!(reason(48).is_some() && reason(258).is_some() && reason(302).is_some());
        assert_eq!(reason(11), None);
        assert_eq!(reason(303), None);
    }

    #[test]
    fn packet_and_auth_type_names() {
        assert_eq!(packet_type_name(3), Some("Access-Reject"));
        assert_eq!(packet_type_name(6), None);
        assert_eq!(auth_type_name(5), Some("EAP"));
        assert_eq!(auth_type_name(11), Some("PEAP"));
        assert_eq!(auth_type_name(0), None);
    }
}
