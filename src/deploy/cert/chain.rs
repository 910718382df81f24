//! Linking certificates to their issuers within the files given (no signature check, no
//! store lookup): enough to say which root a server certificate chains to, and so whether a
//! profile's `<TrustedRootCA>` thumbprint names that root.

use super::Certificate;

/// Chains longer than this are not built (real AOVPN chains have two or three certificates).
const MAX_DEPTH: usize = 10;

/// The certificate in `pool` that issued `cert`: matched by key identifier (the certificate's
/// authority key ID equals the issuer's subject key ID) when both are present, as Windows
/// chain building prefers; else by name (issuer == subject). A self-issued certificate is
/// its own issuer only through the same test, so a root finds itself.
pub fn issuer_of<'a>(cert: &Certificate, pool: &'a [Certificate]) -> Option<&'a Certificate> {
    let by_key =
        |candidate: &&Certificate| match (&cert.authority_key_id, &candidate.subject_key_id) {
            (Some(aki), Some(ski)) => Some(aki == ski),
            _ => None,
        };
    pool.iter()
        .find(|candidate| by_key(candidate) == Some(true))
        .or_else(|| {
            pool.iter()
                .find(|candidate| by_key(candidate).is_none() && candidate.subject == cert.issuer)
        })
}

/// `leaf`, its issuer, that one's issuer, … up to a self-issued root or the first certificate
/// whose issuer is not in `pool`. Stops at a loop and after [`MAX_DEPTH`] certificates.
pub fn chain<'a>(leaf: &'a Certificate, pool: &'a [Certificate]) -> Vec<&'a Certificate> {
    let mut chain = vec![leaf];
    let mut current = leaf;
    while chain.len() < MAX_DEPTH && !current.self_issued {
        let Some(issuer) = issuer_of(current, pool) else {
            break;
        };
        if chain.iter().any(|seen| same(seen, issuer)) {
            break;
        }
        chain.push(issuer);
        current = issuer;
    }
    chain
}

fn same(a: &Certificate, b: &Certificate) -> bool {
    a.thumbprint_sha1 == b.thumbprint_sha1
}
