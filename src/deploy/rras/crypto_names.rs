//! The six IKEv2 crypto settings under the names ProfileXML and RRAS give them, and the one
//! normalisation that lets a profile's value be compared with a server's.
//!
//! Both sides name the same algorithms with the same words except two: ProfileXML's
//! `EncryptionMethod` spells GCM `AES_GCM_128`/`AES_GCM_256` where RRAS (and the client cmdlet
//! `Set-VpnConnectionIPsecConfiguration`) says `GCMAES128`/`GCMAES256`, and ProfileXML's
//! `IntegrityCheckMethod` says `SHA196` where RRAS says `SHA1` (VPNv2 CSP reference against
//! `Set-VpnServerConfiguration`; research notes server-side.md §2.3). Nothing else is mapped: a
//! guess at equivalence would hide a real 13868 policy mismatch.

/// One of the six settings of an IKEv2 custom policy (main mode: encryption, integrity, DH
/// group; quick mode: cipher transform, authentication transform, PFS group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CryptoField {
    EncryptionMethod,
    IntegrityCheckMethod,
    DhGroup,
    CipherTransform,
    AuthenticationTransform,
    PfsGroup,
}

impl CryptoField {
    pub const ALL: [CryptoField; 6] = [
        CryptoField::EncryptionMethod,
        CryptoField::IntegrityCheckMethod,
        CryptoField::DhGroup,
        CryptoField::CipherTransform,
        CryptoField::AuthenticationTransform,
        CryptoField::PfsGroup,
    ];

    /// The child element of ProfileXML's `<CryptographySuite>`.
    pub fn profile_element(self) -> &'static str {
        match self {
            CryptoField::EncryptionMethod => "EncryptionMethod",
            CryptoField::IntegrityCheckMethod => "IntegrityCheckMethod",
            CryptoField::DhGroup => "DHGroup",
            CryptoField::CipherTransform => "CipherTransformConstants",
            CryptoField::AuthenticationTransform => "AuthenticationTransformConstants",
            CryptoField::PfsGroup => "PfsGroup",
        }
    }

    /// The label `Get-VpnServerConfiguration` prints (compare it case-insensitively: the
    /// cmdlet parameter is `-PfsGroup`, the output label `PFSgroup`).
    pub fn rras_key(self) -> &'static str {
        match self {
            CryptoField::EncryptionMethod => "EncryptionMethod",
            CryptoField::IntegrityCheckMethod => "IntegrityCheckMethod",
            CryptoField::DhGroup => "DHGroup",
            CryptoField::CipherTransform => "CipherTransformConstants",
            CryptoField::AuthenticationTransform => "AuthenticationTransformConstants",
            CryptoField::PfsGroup => "PFSgroup",
        }
    }

    /// The field whose RRAS label is `key` (any case).
    pub fn from_rras_key(key: &str) -> Option<CryptoField> {
        CryptoField::ALL
            .into_iter()
            .find(|field| field.rras_key().eq_ignore_ascii_case(key))
    }
}

/// `value` in the form both sides compare equal in: trimmed, upper case, and the two
/// ProfileXML spellings that differ from RRAS's replaced by RRAS's.
pub fn normalise(field: CryptoField, value: &str) -> String {
    let upper = value.trim().to_ascii_uppercase();
    let mapped = match (field, upper.as_str()) {
        (CryptoField::EncryptionMethod, "AES_GCM_128") => "GCMAES128",
        (CryptoField::EncryptionMethod, "AES_GCM_256") => "GCMAES256",
        (CryptoField::IntegrityCheckMethod, "SHA196") => "SHA1",
        _ => return upper,
    };
    mapped.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcm_and_sha1_spellings_meet() {
        assert_eq!(
            normalise(CryptoField::EncryptionMethod, " aes_gcm_128 "),
            normalise(CryptoField::EncryptionMethod, "GCMAES128")
        );
        assert_eq!(
            normalise(CryptoField::EncryptionMethod, "AES_GCM_256"),
            "GCMAES256"
        );
        assert_eq!(
            normalise(CryptoField::IntegrityCheckMethod, "SHA196"),
            normalise(CryptoField::IntegrityCheckMethod, "sha1")
        );
    }

    #[test]
    fn nothing_else_is_mapped() {
        // SHA196 is a real, different value of the authentication transform.
        assert_eq!(
            normalise(CryptoField::AuthenticationTransform, "SHA196"),
            "SHA196"
        );
        assert_ne!(
            normalise(CryptoField::CipherTransform, "AES_GCM_128"),
            normalise(CryptoField::CipherTransform, "GCMAES128")
        );
        assert_ne!(
            normalise(CryptoField::EncryptionMethod, "AES128"),
            normalise(CryptoField::EncryptionMethod, "GCMAES128")
        );
        assert_eq!(normalise(CryptoField::DhGroup, "group14"), "GROUP14");
    }

    #[test]
    fn rras_labels_are_found_in_any_case() {
        assert_eq!(
            CryptoField::from_rras_key("PfsGroup"),
            Some(CryptoField::PfsGroup)
        );
        assert_eq!(
            CryptoField::from_rras_key("dhgroup"),
            Some(CryptoField::DhGroup)
        );
        assert_eq!(CryptoField::from_rras_key("EncryptionType"), None);
        assert_eq!(CryptoField::PfsGroup.profile_element(), "PfsGroup");
    }
}
