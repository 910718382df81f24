//! The RRAS / PowerShell spellings of `CryptographySuite` values that differ from ProfileXML.
//!
//! `Set-VpnServerConfiguration -CustomPolicy` and `Add-VpnConnection` spell the ESP encryption
//! `GCMAES128`/`GCMAES256`; ProfileXML's `EncryptionMethod` wants `AES_GCM_128`/`AES_GCM_256`
//! (VPNv2 CSP; richardhicks/aovpn #15).

use crate::model::schema::edit_distance_capped;

/// The ProfileXML spelling for a value written the RRAS way, if that is what `raw` is.
pub fn cmdlet_spelling(element: &str, raw: &str) -> Option<&'static str> {
    if element != "EncryptionMethod" {
        return None;
    }
    let value = raw.trim().to_ascii_uppercase();
    [("GCMAES128", "AES_GCM_128"), ("GCMAES256", "AES_GCM_256")]
        .into_iter()
        .find(|(rras, _)| edit_distance_capped(&value, rras, 1) <= 1)
        .map(|(_, profile)| profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_rras_spellings_and_near_misses() {
        assert_eq!(
            cmdlet_spelling("EncryptionMethod", "GCMAES256"),
            Some("AES_GCM_256")
        );
        assert_eq!(
            cmdlet_spelling("EncryptionMethod", "GSMAES128"),
            Some("AES_GCM_128")
        );
        assert_eq!(cmdlet_spelling("EncryptionMethod", "AES256"), None);
        assert_eq!(
            cmdlet_spelling("CipherTransformConstants", "GCMAES256"),
            None
        );
    }
}
