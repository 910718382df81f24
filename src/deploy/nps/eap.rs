//! EAP values of a settings object: `msNPAllowedEapType` (which EAP methods the policy allows)
//! and `msEAPConfiguration` (each method's server settings: the NPS certificate and, for PEAP,
//! the inner methods). Neither is documented by Microsoft; the readings follow
//! `research/server-side.md` §1.8–1.9 and say how sure they are ([`BlobLayout`]).

use super::values::{decode_hex, u32_at, Value};
use super::{BlobLayout, EapConfig, EapType};

const PEAP: u32 = 25;
const EAP_TLS: u32 = 13;
/// Inner methods PEAP can carry on NPS (EAP-TLS, EAP-MSCHAPv2, TEAP).
const INNER_METHODS: [u32; 3] = [13, 26, 55];

/// Length of the one PEAP blob layout seen in real exports and renewal scripts.
const PEAP_KNOWN_LEN: usize = 76;
/// Byte offset of the certificate-hash length word, and of the hash itself, in a PEAP blob.
const PEAP_HASH_LEN_AT: usize = 32;
const PEAP_HASH_AT: usize = 36;
/// In the 76-byte layout: the number of inner methods and the (only) inner method's type.
const PEAP_INNER_COUNT_AT: usize = 60;
const PEAP_INNER_TYPE_AT: usize = 68;
/// Where inner-method entries may start (after the thumbprint).
const PEAP_ENTRIES_FROM: usize = 56;
/// In an EAP-TLS blob: the hash-length word and the hash (a renewal script's offset 80 in hex).
const TLS_HASH_LEN_AT: usize = 36;
const TLS_HASH_AT: usize = 40;
const SHA1_LEN: usize = 20;

/// Reads one `msNPAllowedEapType` value: 16 bytes, the type as a little-endian u32 then 12
/// bytes that are zero for IETF methods.
pub fn read_allowed_type(value: &Value) -> Result<EapType, String> {
    let bytes = decode_hex(&value.text)
        .ok_or_else(|| "msNPAllowedEapType is not hex; ignored".to_string())?;
    let code = u32_at(&bytes, 0)
        .ok_or_else(|| "msNPAllowedEapType is shorter than 4 bytes; ignored".to_string())?;
    Ok(EapType {
        code,
        span: value.span,
        vendor_blob: bytes.iter().skip(4).any(|&b| b != 0),
    })
}

/// Reads one `msEAPConfiguration` value; the note says what could not be read.
pub fn read_config(value: &Value) -> Result<(EapConfig, Option<String>), String> {
    let bytes = decode_hex(&value.text)
        .ok_or_else(|| "msEAPConfiguration is not hex; ignored".to_string())?;
    let outer_type = u32_at(&bytes, 0)
        .ok_or_else(|| "msEAPConfiguration is shorter than 4 bytes; ignored".to_string())?;
    let (thumbprint, inner_methods, layout, note) = match outer_type {
        PEAP => read_peap(&bytes),
        EAP_TLS => read_eap_tls(&bytes),
        other => (
            None,
            Vec::new(),
            BlobLayout::Unknown,
            Some(format!(
                "msEAPConfiguration for EAP type {other}: layout not known, only the type was read"
            )),
        ),
    };
    Ok((
        EapConfig {
            outer_type,
            span: value.span,
            thumbprint,
            inner_methods,
            layout,
        },
        note,
    ))
}

type Reading = (Option<String>, Vec<u32>, BlobLayout, Option<String>);

fn read_peap(bytes: &[u8]) -> Reading {
    let thumbprint = hash_at(bytes, PEAP_HASH_LEN_AT, PEAP_HASH_AT);
    if bytes.len() == PEAP_KNOWN_LEN
        && thumbprint.is_some()
        && u32_at(bytes, PEAP_INNER_COUNT_AT) == Some(1)
    {
        let inner = u32_at(bytes, PEAP_INNER_TYPE_AT).into_iter().collect();
        return (thumbprint, inner, BlobLayout::Known, None);
    }
    // Other shapes (inner EAP-TLS carries its own settings, so its blob is longer): look for
    // an inner type right after a word that could be its entry's size.
    let inner = scan_inner_methods(bytes);
    if thumbprint.is_none() && inner.is_empty() {
        let note = format!(
            "PEAP msEAPConfiguration of {} bytes: layout not known, certificate and inner methods not read",
            bytes.len()
        );
        return (None, inner, BlobLayout::Unknown, Some(note));
    }
    let note = format!(
        "PEAP msEAPConfiguration of {} bytes is not the 76-byte layout seen in real exports: certificate and inner methods inferred",
        bytes.len()
    );
    (thumbprint, inner, BlobLayout::Inferred, Some(note))
}

/// 4-byte-aligned words after the thumbprint that name an inner method and follow a size
/// word that fits in the rest of the blob.
fn scan_inner_methods(bytes: &[u8]) -> Vec<u32> {
    let mut found = Vec::new();
    let mut at = PEAP_ENTRIES_FROM + 4;
    while let Some(word) = u32_at(bytes, at) {
        let size = u32_at(bytes, at - 4).unwrap_or(0) as usize;
        let fits = size >= 4 && size <= bytes.len() - (at - 4);
        if fits && INNER_METHODS.contains(&word) && !found.contains(&word) {
            found.push(word);
        }
        at += 4;
    }
    found
}

fn read_eap_tls(bytes: &[u8]) -> Reading {
    match hash_at(bytes, TLS_HASH_LEN_AT, TLS_HASH_AT) {
        Some(thumbprint) => (Some(thumbprint), Vec::new(), BlobLayout::Known, None),
        None => (
            None,
            Vec::new(),
            BlobLayout::Unknown,
            Some(format!(
                "EAP-TLS msEAPConfiguration of {} bytes has no 20-byte certificate hash at byte 40: layout not known",
                bytes.len()
            )),
        ),
    }
}

/// The SHA-1 hash at `hash_at`, when the word at `len_at` says 20 bytes follow.
fn hash_at(bytes: &[u8], len_at: usize, hash_at: usize) -> Option<String> {
    if u32_at(bytes, len_at)? as usize != SHA1_LEN {
        return None;
    }
    let hash = bytes.get(hash_at..hash_at + SHA1_LEN)?;
    Some(hash.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn value(hex: &str) -> Value {
        Value {
            text: hex.to_string(),
            span: Span::new(0, hex.len()),
        }
    }

    /// Builds a PEAP blob in the 76-byte layout of §1.9 (our own values).
    fn peap_blob(thumb: &str, inner: u32) -> String {
        let words = |ws: &[u32]| ws.iter().map(|w| hex_le(*w)).collect::<String>();
        format!(
            "{}{}{}{thumb}{}",
            hex_le(25),
            "00".repeat(12),
            words(&[56, 2, 56, 1, 20]),
            words(&[1, 1, 16, inner, 0])
        )
    }

    fn hex_le(w: u32) -> String {
        w.to_le_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn allowed_type_reads_the_first_word() {
        let eap = read_allowed_type(&value("19000000000000000000000000000000")).unwrap();
        assert_eq!((eap.code, eap.vendor_blob), (25, false));
        let vendor = read_allowed_type(&value("fe000000 37130000 01000000 00000000")).unwrap();
        assert_eq!((vendor.code, vendor.vendor_blob), (254, true));
        assert!(read_allowed_type(&value("1900")).is_err());
        assert!(read_allowed_type(&value("nothex")).is_err());
    }

    #[test]
    fn the_76_byte_peap_layout_is_known() {
        let thumb = "00112233445566778899aabbccddeeff01234567";
        let (config, note) = read_config(&value(&peap_blob(thumb, 26))).unwrap();
        assert_eq!(config.outer_type, 25);
        assert_eq!(config.thumbprint.as_deref(), Some(thumb));
        assert_eq!(config.inner_methods, vec![26]);
        assert_eq!(config.layout, BlobLayout::Known);
        assert_eq!(note, None);
    }

    #[test]
    fn a_longer_peap_blob_is_inferred() {
        let thumb = "aa".repeat(20);
        let mut blob = peap_blob(&thumb, 13);
        blob.push_str(&"00".repeat(24));
        let (config, note) = read_config(&value(&blob)).unwrap();
        assert_eq!(config.inner_methods, vec![13]);
        assert_eq!(config.thumbprint.as_deref(), Some(thumb.as_str()));
        assert_eq!(config.layout, BlobLayout::Inferred);
        assert!(note.is_some());
    }

    #[test]
    fn eap_tls_thumbprint_sits_at_byte_40() {
        let thumb = "0f".repeat(20);
        // Header (16 bytes), five words up to byte 36, the hash length, then the hash.
        let blob = format!(
            "{}{}{}{}{}{thumb}",
            hex_le(13),
            "00".repeat(12),
            hex_le(44),
            hex_le(0).repeat(4),
            hex_le(20)
        );
        let (config, _) = read_config(&value(&blob)).unwrap();
        assert_eq!(config.outer_type, 13);
        assert_eq!(config.thumbprint.as_deref(), Some(thumb.as_str()));
        assert_eq!(config.layout, BlobLayout::Known);
    }

    #[test]
    fn short_or_odd_blobs_never_panic() {
        for hex in [
            "",
            "19",
            "19000000",
            "0d000000",
            "2b000000ffffffff",
            "1900000000000000000000000000000014000000",
        ] {
            let _ = read_config(&value(hex));
        }
        let (config, note) = read_config(&value("19000000")).unwrap();
        assert_eq!(config.layout, BlobLayout::Unknown);
        assert!(note.is_some());
    }
}
