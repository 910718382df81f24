//! The certificates of a PKCS#7 (CMS) SignedData bundle, the `.p7b` that Windows' certificate
//! export and `openssl crl2pkcs7` write.
//!
//! x509-parser reads certificates but not PKCS#7. RustCrypto's `cms` crate would, but brings a
//! second ASN.1 stack (`der`, `spki`, `x509-cert`) next to the asn1-rs one x509-parser already
//! uses, for one field. So the bundle is walked with asn1-rs' generic `Any` down to the
//! `certificates [0] IMPLICIT` set (RFC 5652 §5.1) and each certificate's bytes are handed to
//! x509-parser. BER is accepted for the envelope (some tools write indefinite lengths there).

use x509_parser::asn1_rs::{Any, Class, FromBer, Oid, Tag};

/// id-signedData, 1.2.840.113549.1.7.2.
const SIGNED_DATA: &[u64] = &[1, 2, 840, 113549, 1, 7, 2];

/// Why the bytes are not a PKCS#7 bundle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Pkcs7Error {
    #[error("{0}")]
    Asn1(String),
    #[error("expected {0}")]
    Shape(&'static str),
    #[error("a PKCS#7 {0}, not SignedData (a certificate bundle)")]
    NotSignedData(String),
}

impl From<x509_parser::nom::Err<x509_parser::asn1_rs::Error>> for Pkcs7Error {
    fn from(e: x509_parser::nom::Err<x509_parser::asn1_rs::Error>) -> Self {
        Pkcs7Error::Asn1(e.to_string())
    }
}

/// The DER of each certificate in the bundle's certificate set, in order (empty when the
/// bundle has no certificate set).
pub fn certificates(bytes: &[u8]) -> Result<Vec<&[u8]>, Pkcs7Error> {
    // ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
    let (_, content_info) = Any::from_ber(bytes)?;
    expect(&content_info, Class::Universal, Tag::Sequence, "a SEQUENCE")?;
    let (rest, content_type) = Oid::from_ber(content_info.data)?;
    let signed_data_oid = Oid::from(SIGNED_DATA).map_err(|_| Pkcs7Error::Shape("an OID"))?;
    if content_type != signed_data_oid {
        return Err(Pkcs7Error::NotSignedData(content_type.to_id_string()));
    }
    let (_, explicit) = Any::from_ber(rest)?;
    expect(&explicit, Class::ContextSpecific, Tag(0), "content [0]")?;
    // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE,
    //   certificates [0] IMPLICIT CertificateSet OPTIONAL, crls [1] OPTIONAL, signerInfos SET }
    let (_, signed_data) = Any::from_ber(explicit.data)?;
    expect(&signed_data, Class::Universal, Tag::Sequence, "SignedData")?;
    let mut fields = signed_data.data;
    for _ in 0..3 {
        (fields, _) = Any::from_ber(fields)?;
    }
    if fields.is_empty() {
        return Ok(Vec::new());
    }
    let (_, set) = Any::from_ber(fields)?;
    if set.class() != Class::ContextSpecific || set.tag() != Tag(0) {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    let mut remaining = set.data;
    while !remaining.is_empty() {
        let (rest, choice) = Any::from_ber(remaining)?;
        // CertificateChoices: a plain Certificate is a SEQUENCE; the other choices
        // (attribute certificates, [n]-tagged) are not certificates a server presents.
        if choice.class() == Class::Universal && choice.tag() == Tag::Sequence {
            found.push(&remaining[..remaining.len() - rest.len()]);
        }
        remaining = rest;
    }
    Ok(found)
}

fn expect(any: &Any<'_>, class: Class, tag: Tag, what: &'static str) -> Result<(), Pkcs7Error> {
    if any.class() == class && any.tag() == tag {
        Ok(())
    } else {
        Err(Pkcs7Error::Shape(what))
    }
}
