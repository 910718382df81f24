//! Reading one printed value: a PowerShell collection `{a, b...}`, a certificate property, a
//! boolean, a registry number.

use super::{CertificateProperty, ListValue, Value};

/// `{EAP, Certificate}`; `{EAP, MsChapv2, Certificate, Chap...}` when PowerShell cut the list
/// at `$FormatEnumerationLimit` (default 4; PowerShell 7 may print `…`). A value without
/// braces is read as a comma-separated list too (one item, for a scalar).
pub(super) fn list(value: &Value) -> ListValue {
    let mut inner = value.text.trim();
    inner = inner.strip_prefix('{').unwrap_or(inner);
    inner = inner.strip_suffix('}').unwrap_or(inner).trim_end();
    let mut truncated = false;
    for ellipsis in ["...", "\u{2026}"] {
        if let Some(shorter) = inner.strip_suffix(ellipsis) {
            inner = shorter;
            truncated = true;
            break;
        }
    }
    ListValue {
        items: inner
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect(),
        truncated,
        span: value.span,
    }
}

/// A certificate-valued property (`RootCertificateNameToAccept`, `CertificateAdvertised`).
/// How PowerShell prints a set one is not documented (a byte list `{48, 130, ...}` or the
/// multi-line `[Subject]`/`[Thumbprint]` dump of a .NET certificate; research notes §2.1,
/// inferred), so only what can be recognised is taken: set or empty, a 40-hex thumbprint, a
/// subject.
pub(super) fn certificate(value: &Value, lines: &[&str]) -> CertificateProperty {
    let text = value.text.trim();
    let set = !(text.is_empty() || text == "{}");
    let thumbprint = lines.iter().find_map(|line| {
        line.split(|c: char| !c.is_ascii_alphanumeric())
            .find(|word| word.len() == 40 && word.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(str::to_ascii_uppercase)
    });
    let subject = lines
        .iter()
        .position(|line| line.eq_ignore_ascii_case("[Subject]"))
        .and_then(|at| lines.get(at + 1))
        .filter(|next| !next.starts_with('['))
        .map(|next| (*next).to_owned())
        .or_else(|| {
            lines.iter().find_map(|line| {
                let at = line.find("CN=").or_else(|| line.find("cn="))?;
                Some(line[at..].trim().to_owned())
            })
        });
    CertificateProperty {
        set,
        thumbprint,
        subject,
        span: value.span,
    }
}

/// `True` / `False` as PowerShell prints booleans.
pub(super) fn boolean(text: &str) -> Option<bool> {
    match text.trim() {
        t if t.eq_ignore_ascii_case("true") || t == "$true" || t == "1" => Some(true),
        t if t.eq_ignore_ascii_case("false") || t == "$false" || t == "0" => Some(false),
        _ => None,
    }
}

/// A registry DWORD as `Get-ItemProperty` (`1`) or `reg query` (`0x1`) prints it.
pub(super) fn dword(text: &str) -> Option<u32> {
    let text = text.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn value(text: &str) -> Value {
        Value {
            text: text.to_owned(),
            span: Span::new(0, text.len()),
        }
    }

    #[test]
    fn lists_and_their_truncation() {
        let full = list(&value("{EAP, Certificate}"));
        assert_eq!(full.items, ["EAP", "Certificate"]);
        assert!(!full.truncated);
        let cut = list(&value("{EAP, MsChapv2, Certificate, Chap...}"));
        assert_eq!(cut.items, ["EAP", "MsChapv2", "Certificate", "Chap"]);
        assert!(cut.truncated);
        assert!(list(&value("{EAP, Chap\u{2026}}")).truncated);
        assert_eq!(list(&value("Certificates")).items, ["Certificates"]);
        assert!(list(&value("{}")).items.is_empty());
    }

    #[test]
    fn certificate_properties() {
        let lines = [
            "[Subject]",
            "CN=AOVPN Root CA, DC=corp",
            "[Thumbprint]",
            "0123456789abcdef0123456789abcdef01234567",
        ];
        let cert = certificate(&value("[Subject] CN=AOVPN Root CA"), &lines);
        assert!(cert.set);
        assert_eq!(
            cert.thumbprint.as_deref(),
            Some("0123456789ABCDEF0123456789ABCDEF01234567")
        );
        assert_eq!(cert.subject.as_deref(), Some("CN=AOVPN Root CA, DC=corp"));
        let bytes = certificate(&value("{48, 130, 3, 112...}"), &["{48, 130, 3, 112...}"]);
        assert!(bytes.set && bytes.thumbprint.is_none() && bytes.subject.is_none());
        assert!(!certificate(&value(""), &[""]).set);
    }

    #[test]
    fn booleans_and_dwords() {
        assert_eq!(boolean("True"), Some(true));
        assert_eq!(boolean(" false"), Some(false));
        assert_eq!(boolean("yes"), None);
        assert_eq!(dword("0x00000001"), Some(1));
        assert_eq!(dword("1"), Some(1));
        assert_eq!(dword("one"), None);
    }
}
