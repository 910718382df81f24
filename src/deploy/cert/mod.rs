//! Certificates of a deployment (the RRAS server's, the NPS server's, the CAs they chain to),
//! read from the files people export them to: DER `.cer`, PEM `.crt`/`.pem` (one or a
//! bundle), PKCS#7 `.p7b` (DER or PEM). Only what the checks against a profile need is kept:
//! names, EKUs, CA flag, validity, key identifiers and the SHA-1 thumbprint Windows shows
//! and profiles carry (`<TrustedRootCA>`, `<IssuerHash>`).
//!
//! Parsing is x509-parser's; nothing here decodes ASN.1 by hand except the walk to the
//! certificate set of a PKCS#7 bundle, done with asn1-rs ([`pkcs7`]).

mod chain;
mod names;
mod pkcs7;

pub use chain::{chain, issuer_of};
pub use names::name_matches;

use sha1::{Digest, Sha1};
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::x509::X509Name;

/// Extended key usage "Server Authentication": what Windows requires of a VPN or NPS server
/// certificate (the client checks it for IKEv2 and for PEAP/EAP-TLS).
pub const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
/// Extended key usage "Client Authentication".
pub const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
/// Extended key usage "IP security IKE intermediate", which Microsoft's RRAS certificate
/// guidance adds next to Server Authentication for IKEv2.
pub const IKE_INTERMEDIATE: &str = "1.3.6.1.5.5.8.2.2";
/// Extended key usage "any purpose".
pub const ANY_EKU: &str = "2.5.29.37.0";

/// One certificate of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// Position in the file (0 for a single certificate; the order of a bundle).
    pub index: usize,
    /// The subject as Windows shows it: RFC 4514 order (most specific first,
    /// `CN=vpn.example.com, O=Example Corp`), values unescaped.
    pub subject: String,
    pub subject_cn: Option<String>,
    pub issuer: String,
    /// SAN dNSName entries.
    pub dns_names: Vec<String>,
    /// SAN iPAddress entries, printed (`192.0.2.10`, `2001:db8::1`).
    pub ip_addresses: Vec<String>,
    /// SHA-1 of the DER encoding, 40 upper-case hex digits: the thumbprint Windows shows.
    pub thumbprint_sha1: String,
    /// basicConstraints cA.
    pub is_ca: bool,
    /// Subject and issuer are the same name (a root, or a self-signed leaf).
    pub self_issued: bool,
    /// Extended key usages, dotted OIDs. Empty with `has_eku_extension == false`: any purpose.
    pub ekus: Vec<String>,
    pub has_eku_extension: bool,
    /// Validity, Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<Vec<u8>>,
}

impl Certificate {
    /// Whether the certificate may be used for `eku` (an EKU OID): listed, or listed as "any
    /// purpose", or no EKU extension at all.
    pub fn allows_eku(&self, eku: &str) -> bool {
        !self.has_eku_extension || self.ekus.iter().any(|have| have == eku || have == ANY_EKU)
    }
}

/// Why a certificate file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertError {
    #[error("line {line}: the PEM block `{label}` cannot be read: {message}")]
    Pem {
        line: usize,
        label: String,
        message: String,
    },
    #[error("line {line}: certificate {index} of the file cannot be read: {message}")]
    PemCertificate {
        line: usize,
        index: usize,
        message: String,
    },
    #[error("not a certificate or a PKCS#7 bundle (DER): {message}")]
    Der { message: String },
    #[error("certificate {index} of the PKCS#7 bundle cannot be read: {message}")]
    BundleCertificate { index: usize, message: String },
    #[error("the file holds no certificate")]
    NoCertificate,
}

/// Whether `bytes` is a certificate file: PEM text with a certificate or PKCS#7 block, or a
/// DER SEQUENCE that parses as a certificate or a PKCS#7 bundle.
pub fn looks_like(bytes: &[u8]) -> bool {
    if let Some(text) = pem_text(bytes) {
        return pem_blocks(&text).iter().any(|block| {
            matches!(
                block.label.as_str(),
                "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" | "PKCS7" | "CMS"
            )
        });
    }
    bytes.first() == Some(&0x30)
        && (x509_parser::parse_x509_certificate(bytes).is_ok()
            || pkcs7::certificates(bytes).is_ok())
}

/// Every certificate in `bytes`, in file order.
pub fn read(bytes: &[u8]) -> Result<Vec<Certificate>, CertError> {
    let mut found = Vec::new();
    if let Some(text) = pem_text(bytes) {
        for block in pem_blocks(&text) {
            read_pem_block(&text, &block, &mut found)?;
        }
    } else {
        match x509_parser::parse_x509_certificate(bytes) {
            Ok((_, certificate)) => found.push(summarise(0, &certificate)),
            Err(as_certificate) => {
                let ders = pkcs7::certificates(bytes).map_err(|as_pkcs7| CertError::Der {
                    message: format!("as a certificate: {as_certificate}; as PKCS#7: {as_pkcs7}"),
                })?;
                for (index, der) in ders.into_iter().enumerate() {
                    let certificate = parse(der)
                        .map_err(|message| CertError::BundleCertificate { index, message })?;
                    found.push(summarise(index, &certificate));
                }
            }
        }
    }
    if found.is_empty() {
        return Err(CertError::NoCertificate);
    }
    Ok(found)
}

fn parse(der: &[u8]) -> Result<X509Certificate<'_>, String> {
    x509_parser::parse_x509_certificate(der)
        .map(|(_, certificate)| certificate)
        .map_err(|e| e.to_string())
}

/// The text of a PEM file (UTF-8, with or without BOM, or UTF-16 as Windows tools may save
/// it), when it has a `-----BEGIN ` line.
fn pem_text(bytes: &[u8]) -> Option<String> {
    // A DER SEQUENCE as long as any certificate (long-form length): never text.
    if bytes.first() == Some(&0x30) && bytes.get(1).is_some_and(|&b| b >= 0x80) {
        return None;
    }
    let text = match crate::decode::DecodedText::decode(bytes) {
        Ok(decoded) => decoded.text,
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    text.contains("-----BEGIN ").then_some(text)
}

/// A `-----BEGIN LABEL-----` line of a PEM text.
struct PemBlock {
    label: String,
    /// Byte offset of the BEGIN line, and its 1-based line number.
    offset: usize,
    line: usize,
}

fn pem_blocks(text: &str) -> Vec<PemBlock> {
    let mut blocks = Vec::new();
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if let Some(rest) = line.trim_end().strip_prefix("-----BEGIN ") {
            blocks.push(PemBlock {
                label: rest.trim_end_matches('-').to_owned(),
                offset,
                line: number + 1,
            });
        }
        offset += line.len();
    }
    blocks
}

fn read_pem_block(
    text: &str,
    block: &PemBlock,
    found: &mut Vec<Certificate>,
) -> Result<(), CertError> {
    let is_certificate = matches!(
        block.label.as_str(),
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE"
    );
    let is_pkcs7 = matches!(block.label.as_str(), "PKCS7" | "CMS");
    if !is_certificate && !is_pkcs7 {
        // Keys, requests, CRLs next to the certificates: not ours to read.
        return Ok(());
    }
    let pem_error = |message: String| CertError::Pem {
        line: block.line,
        label: block.label.clone(),
        message,
    };
    let rest = text.get(block.offset..).unwrap_or("").as_bytes();
    let (_, pem) = x509_parser::pem::parse_x509_pem(rest).map_err(|e| pem_error(e.to_string()))?;
    if is_certificate {
        // An OpenSSL TRUSTED CERTIFICATE has trust settings after the certificate: ignored.
        let certificate = parse(&pem.contents).map_err(|message| CertError::PemCertificate {
            line: block.line,
            index: found.len(),
            message,
        })?;
        found.push(summarise(found.len(), &certificate));
    } else {
        let ders = pkcs7::certificates(&pem.contents).map_err(|e| pem_error(e.to_string()))?;
        for der in ders {
            let certificate = parse(der).map_err(|message| CertError::PemCertificate {
                line: block.line,
                index: found.len(),
                message,
            })?;
            found.push(summarise(found.len(), &certificate));
        }
    }
    Ok(())
}

fn summarise(index: usize, certificate: &X509Certificate<'_>) -> Certificate {
    let thumbprint_sha1 = Sha1::digest(certificate.as_raw())
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect();
    let mut dns_names = Vec::new();
    let mut ip_addresses = Vec::new();
    if let Ok(Some(san)) = certificate.subject_alternative_name() {
        for name in &san.value.general_names {
            match name {
                GeneralName::DNSName(dns) => dns_names.push((*dns).to_owned()),
                GeneralName::IPAddress(bytes) => ip_addresses.push(ip_address(bytes)),
                _ => {}
            }
        }
    }
    let (ekus, has_eku_extension) = match certificate.extended_key_usage() {
        Ok(Some(eku)) => (eku_oids(eku.value), true),
        Ok(None) => (Vec::new(), false),
        // A malformed EKU extension is there but grants nothing we can name.
        Err(_) => (Vec::new(), true),
    };
    let mut subject_key_id = None;
    let mut authority_key_id = None;
    for extension in certificate.extensions() {
        match extension.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(id) => subject_key_id = Some(id.0.to_vec()),
            ParsedExtension::AuthorityKeyIdentifier(aki) => {
                authority_key_id = aki.key_identifier.as_ref().map(|id| id.0.to_vec());
            }
            _ => {}
        }
    }
    Certificate {
        index,
        subject: distinguished_name(certificate.subject()),
        subject_cn: certificate
            .subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map(str::to_owned),
        issuer: distinguished_name(certificate.issuer()),
        dns_names,
        ip_addresses,
        thumbprint_sha1,
        is_ca: certificate.is_ca(),
        self_issued: certificate.subject().as_raw() == certificate.issuer().as_raw(),
        ekus,
        has_eku_extension,
        not_before: certificate.validity().not_before.timestamp(),
        not_after: certificate.validity().not_after.timestamp(),
        subject_key_id,
        authority_key_id,
    }
}

fn eku_oids(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
    let named = [
        (eku.server_auth, SERVER_AUTH),
        (eku.client_auth, CLIENT_AUTH),
        (eku.code_signing, "1.3.6.1.5.5.7.3.3"),
        (eku.email_protection, "1.3.6.1.5.5.7.3.4"),
        (eku.time_stamping, "1.3.6.1.5.5.7.3.8"),
        (eku.ocsp_signing, "1.3.6.1.5.5.7.3.9"),
        (eku.any, ANY_EKU),
    ];
    named
        .into_iter()
        .filter(|(present, _)| *present)
        .map(|(_, oid)| oid.to_owned())
        .chain(eku.other.iter().map(|oid| oid.to_id_string()))
        .collect()
}

fn ip_address(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string(),
        16 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(bytes);
            std::net::Ipv6Addr::from(octets).to_string()
        }
        _ => bytes.iter().map(|b| format!("{b:02X}")).collect(),
    }
}

/// A name the way Windows prints it: the last RDN first, `TYPE=value` joined by `, `
/// (multi-valued RDNs joined by ` + `). Values are not escaped (hence "RFC 4514-ish").
fn distinguished_name(name: &X509Name<'_>) -> String {
    let registry = x509_parser::objects::oid_registry();
    let mut parts: Vec<String> = name
        .iter()
        .map(|rdn| {
            rdn.iter()
                .map(|attribute| {
                    let oid = attribute.attr_type();
                    let label = if *oid == x509_parser::oid_registry::OID_PKCS9_EMAIL_ADDRESS {
                        "E".to_owned()
                    } else {
                        x509_parser::objects::oid2abbrev(oid, registry)
                            .map_or_else(|_| oid.to_id_string(), str::to_owned)
                    };
                    let value = attribute.as_str().map_or_else(
                        |_| {
                            let hex: String = attribute
                                .as_slice()
                                .iter()
                                .map(|b| format!("{b:02x}"))
                                .collect();
                            format!("#{hex}")
                        },
                        str::to_owned,
                    );
                    format!("{label}={value}")
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    parts.reverse();
    parts.join(", ")
}

#[cfg(test)]
mod tests;
