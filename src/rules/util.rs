//! Value checks shared by several rules (thumbprints, OIDs, invisible characters, host names,
//! IP literals, list entries).

use crate::model::Leaf;
use crate::span::Span;
use std::net::IpAddr;

/// Characters of a value quoted in a message before it is cut: messages quote names and
/// values so the user can find them, and a hostile file can make one of them megabytes long
/// (the whole output line, and the CI log, would be that one value).
pub const QUOTED_CHARS: usize = 100;

/// `value` for quoting in a message: whole up to [`QUOTED_CHARS`] characters, else its first
/// characters and `…`.
pub fn shorten(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]).into(),
        None => value.into(),
    }
}

/// Characters that do not print but change a value: direction marks (added when a thumbprint
/// is copied from the Windows certificate dialog), zero-width characters, no-break space,
/// and a byte-order mark that is not at the start of the file.
pub fn invisible_characters(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    // Every invisible character is outside ASCII, and most values are pure ASCII: one
    // vectorised check instead of decoding every character.
    let text = if text.is_ascii() { "" } else { text };
    text.char_indices().filter(|(_, c)| is_invisible(*c))
}

pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{00A0}' | '\u{FEFF}' | '\u{00AD}'
    )
}

pub fn char_name(c: char) -> &'static str {
    match c {
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (BOM)",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{2060}' => "WORD JOINER",
        _ => "invisible formatting character",
    }
}

/// A dotted-decimal OID such as `1.3.6.1.4.1.311.87` (a trailing `.*` wildcard is accepted:
/// the Windows UI allows it).
pub fn is_oid(text: &str) -> bool {
    let text = text.strip_suffix(".*").unwrap_or(text);
    let arcs: Vec<&str> = text.split('.').collect();
    arcs.len() >= 2
        && arcs
            .iter()
            .all(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()))
}

/// A value that is a PowerShell variable (`$RootCAThumbprint`, `${Hash}`, `$($cfg.Root)`):
/// EAP XML built inside a double-quoted PowerShell string gets its real value at run time, so
/// value-format rules cannot judge it (`powershell-interpolated-profile` reports the string).
pub fn is_script_variable(text: &str) -> bool {
    let Some(rest) = text.trim().strip_prefix('$') else {
        return false;
    };
    if let Some(inner) = rest.strip_prefix('(') {
        return inner.ends_with(')');
    }
    if let Some(inner) = rest.strip_prefix('{') {
        return inner.ends_with('}') && inner.len() > 1;
    }
    !rest.is_empty()
        && rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.'))
}

/// How a certificate thumbprint is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThumbprintShape {
    /// `d2 d3 8e …` lower-case byte pairs with single spaces: what Windows exports.
    Canonical,
    /// 20 bytes of hex, but contiguous, upper-case or unevenly spaced; `normalised` is the
    /// canonical spelling.
    Unusual { normalised: String },
    /// Not a SHA-1 thumbprint: wrong length (e.g. 32 bytes = SHA-256) or non-hex characters.
    /// `normalised` is set when the value is 20 bytes written with other separators
    /// (`3F:9A:…`, `3f-9a-…` as certificate tools print them), so the fix can be given.
    Invalid {
        reason: String,
        normalised: Option<String>,
    },
}

/// Classifies an EAP thumbprint (`TrustedRootCA`, `IssuerHash`).
pub fn thumbprint_shape(text: &str) -> ThumbprintShape {
    let trimmed = text.trim();
    if is_canonical_thumbprint(trimmed) {
        return ThumbprintShape::Canonical;
    }
    if trimmed.is_empty() {
        return ThumbprintShape::Invalid {
            reason: "it is empty".into(),
            normalised: None,
        };
    }
    if let Some(bad) = trimmed
        .chars()
        .find(|c| !c.is_ascii_hexdigit() && *c != ' ')
    {
        let separated: Vec<&str> = trimmed.split([':', '-', ' ']).collect();
        let bytes_with_separator = matches!(bad, ':' | '-')
            && separated.len() == 20
            && separated
                .iter()
                .all(|b| b.len() == 2 && b.chars().all(|c| c.is_ascii_hexdigit()));
        return ThumbprintShape::Invalid {
            normalised: bytes_with_separator.then(|| canonical_thumbprint(&separated.concat())),
            reason: if matches!(bad, ':' | '-') {
                format!("it is written with `{bad}` separators")
            } else {
                format!(
                    "it contains `{}`, which is not a hex digit",
                    bad.escape_default()
                )
            },
        };
    }
    let digits: String = trimmed.chars().filter(|c| *c != ' ').collect();
    if digits.len() != 40 {
        let bytes = digits.len() / 2;
        return ThumbprintShape::Invalid {
            normalised: None,
            reason: if digits.len() == 64 {
                "it has 32 bytes (a SHA-256 hash); Windows matches the 20-byte SHA-1 thumbprint"
                    .into()
            } else if digits.len() % 2 == 1 {
                format!("it has {} hex digits, an odd number", digits.len())
            } else {
                format!("it has {bytes} bytes; a SHA-1 thumbprint has 20")
            },
        };
    }
    // Pairs must not be split across spaces ("d2d 38e...").
    if trimmed.split(' ').any(|group| group.len() % 2 == 1) {
        return ThumbprintShape::Invalid {
            reason: "its spaces split hex byte pairs".into(),
            normalised: None,
        };
    }
    let normalised = canonical_thumbprint(&digits);
    if trimmed == normalised {
        ThumbprintShape::Canonical
    } else {
        ThumbprintShape::Unusual { normalised }
    }
}

/// `text` is already `d2 d3 8e …` (20 lower-case byte pairs, single spaces): what
/// [`thumbprint_shape`] calls canonical, checked without building the canonical spelling
/// (most thumbprints in a fleet are exported this way).
fn is_canonical_thumbprint(text: &str) -> bool {
    text.len() == 59
        && text.bytes().enumerate().all(|(i, b)| {
            if i % 3 == 2 {
                b == b' '
            } else {
                matches!(b, b'0'..=b'9' | b'a'..=b'f')
            }
        })
}

/// `D2D38EBA…` → `d2 d3 8e ba …`.
pub fn canonical_thumbprint(hex_digits: &str) -> String {
    let lower = hex_digits.to_ascii_lowercase();
    lower
        .as_bytes()
        .chunks(2)
        .map(|pair| std::str::from_utf8(pair).unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `ServerNames` re-joined the way Windows reads it: names separated by `;` with nothing else.
/// Splits on `;`, `,` and any whitespace, drops surrounding double quotes and empty parts.
/// (network-access.md: multiple NPS names are separated by `;`; an entry with `*` is a regex.)
pub fn rejoin_server_names(text: &str) -> String {
    text.split(|c: char| c == ';' || c == ',' || c.is_whitespace())
        .map(|name| name.trim_matches('"'))
        .filter(|name| !name.is_empty())
        .collect::<Vec<_>>()
        .join(";")
}

/// `ServerNames` in lower case. A letter right after `\` is a regex escape (`\D`, `\S`), whose
/// meaning changes with its case, so it is kept.
pub fn lowercase_server_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            out.push(c);
            escaped = false;
        } else {
            escaped = c == '\\';
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// One entry of a separated list value, with its byte range inside the value's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListEntry<'a> {
    /// The entry exactly as written (not trimmed).
    pub raw: &'a str,
    /// Byte offset of `raw` inside the whole text.
    pub offset: usize,
}

impl<'a> ListEntry<'a> {
    pub fn trimmed(&self) -> &'a str {
        self.raw.trim()
    }

    /// Byte range of the trimmed entry inside the whole text.
    pub fn trimmed_range(&self) -> std::ops::Range<usize> {
        let leading = self.raw.len() - self.raw.trim_start().len();
        let start = self.offset + leading;
        start..start + self.raw.trim().len()
    }
}

/// Splits `text` on `separator`, keeping every entry's offset (empty entries included, so
/// that `a,,b` shows its empty middle entry).
pub fn split_entries(text: &str, separator: char) -> Vec<ListEntry<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split(separator) {
        out.push(ListEntry { raw, offset });
        offset += raw.len() + separator.len_utf8();
    }
    out
}

/// The span of `range` (byte offsets into `leaf.text`) in the document. When the text was
/// transformed on the way in (entities, CDATA), offsets do not map one to one, and the span of
/// the whole value is returned instead.
pub fn span_in_leaf(leaf: &Leaf, range: std::ops::Range<usize>) -> Span {
    if leaf.value_span.len() == leaf.text.len() && range.end <= leaf.text.len() {
        Span::new(
            leaf.value_span.start + range.start,
            leaf.value_span.start + range.end,
        )
    } else {
        leaf.trimmed_span()
    }
}

/// An IP address literal: dotted IPv4 (`203.0.113.10`), or IPv6 with or without brackets
/// (`2001:db8::1`, `[2001:db8::1]`).
pub fn ip_literal(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    let inner = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    inner.parse().ok()
}

/// Text that looks like an IPv4 address but is not a valid one (`10.0.0.256`, `10.0.0`),
/// so that it is not mistaken for a host name with numeric labels.
pub fn looks_like_ipv4(text: &str) -> bool {
    let text = text.trim().trim_end_matches('.');
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// Why `text` is not a DNS host name (RFC 1123 labels: letters, digits and `-`, 1–63
/// characters each, not starting or ending with `-`; 253 characters at most; one trailing `.`
/// allowed). `None` when it is one. Underscores are tolerated: Windows resolves them and
/// internal zones use them. IP literals are not host names (check [`ip_literal`] first).
pub fn host_name_problem(text: &str) -> Option<String> {
    if text.is_empty() {
        return Some("it is empty".into());
    }
    // Most names hold only letters, digits, `-`, `_` and `.`: none of the checks for
    // whitespace, schemes, paths and ports below can find anything in them.
    let plain = text.bytes().all(|b| is_label_byte(b) || b == b'.');
    // The common case, a valid plain name, is confirmed in one pass without building a message
    // (this runs for every server, suffix and NRPT name of every profile).
    if plain && is_valid_plain_name(text) {
        return None;
    }
    describe_host_name_problem(text, plain)
}

fn is_label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Whether `text`, made only of label bytes and dots, is a valid host name: what
/// [`describe_host_name_problem`] accepts, checked in one pass over the bytes.
fn is_valid_plain_name(text: &str) -> bool {
    let name = text.strip_suffix('.').unwrap_or(text).as_bytes();
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    name.split(|b| *b == b'.').all(|label| {
        (1..=63).contains(&label.len())
            && label.first() != Some(&b'-')
            && label.last() != Some(&b'-')
    })
}

/// The message of [`host_name_problem`]; `plain` when `text` holds only label bytes and dots.
fn describe_host_name_problem(text: &str, plain: bool) -> Option<String> {
    let allowed = is_label_byte;
    if !plain {
        // Most names are ASCII: their bytes are their characters, searched without decoding
        // (this runs for every host name of every profile). `char::is_whitespace` on ASCII is
        // exactly U+0009–U+000D and the space.
        let whitespace = if text.is_ascii() {
            text.bytes()
                .find(|b| matches!(b, b'\t'..=b'\r' | b' '))
                .map(char::from)
        } else {
            text.chars().find(|c| c.is_whitespace())
        };
        if let Some(c) = whitespace {
            return Some(if c == ' ' {
                "it contains a space".into()
            } else {
                format!(
                    "it contains the whitespace character `{}`",
                    c.escape_default()
                )
            });
        }
        if text.contains("://") {
            return Some("it is a URL (it has a scheme such as `https://`)".into());
        }
        if let Some(i) = text.find('/') {
            return Some(format!("it contains a path (`{}`)", &text[i..]));
        }
        if let Some((_, port)) = text.rsplit_once(':') {
            if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
                return Some(format!("it carries a port (`:{port}`)"));
            }
        }
    }
    let name = text.strip_suffix('.').unwrap_or(text);
    if name.len() > 253 {
        return Some(format!(
            "it is {} characters long; a DNS name has at most 253",
            name.len()
        ));
    }
    if name.split('.').any(str::is_empty) {
        return Some(if name.starts_with('.') {
            "it starts with `.`".into()
        } else {
            "it has an empty label (`..`)".into()
        });
    }
    for label in name.split('.') {
        if plain || label.bytes().all(allowed) {
            // Nothing to find below: skip decoding the label's characters.
        } else if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Some(format!(
                "it contains `{}`, which is not allowed in a host name",
                c.escape_default()
            ));
        }
        if label.len() > 63 {
            return Some(format!("the label `{label}` is longer than 63 characters"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!("the label `{label}` starts or ends with `-`"));
        }
    }
    None
}

/// `host` is `domain` or a name inside it (case-insensitive; a leading or trailing `.` on
/// `host` is ignored, so NRPT suffixes such as `.corp.contoso.com` match too).
pub fn is_in_domain(host: &str, domain: &str) -> bool {
    let host = host.trim().trim_start_matches('.').trim_end_matches('.');
    // Compared as bytes, ASCII case-insensitively, without allocating (this runs for every
    // host name of every profile against every documentation domain).
    let (host, domain) = (host.as_bytes(), domain.as_bytes());
    if host.len() == domain.len() {
        return host.eq_ignore_ascii_case(domain);
    }
    match host.len().checked_sub(domain.len() + 1) {
        Some(dot) => host[dot] == b'.' && host[dot + 1..].eq_ignore_ascii_case(domain),
        None => false,
    }
}

/// Values that Microsoft's ProfileXML / EAP samples ship as placeholders, with where they come
/// from. Compared case-insensitively; thumbprints ignoring spaces. A profile holding one was
/// copied without being filled in.
const DOC_SAMPLE_VALUES: &[(&str, &str)] = &[
    (
        "HelloServer",
        "the proxy server of Microsoft's ProfileXML samples",
    ),
    (
        "Helloworld.Com",
        "the proxy auto-configuration URL of Microsoft's ProfileXML samples",
    ),
    (
        "This is my Eku",
        "the `Sso/Eku` placeholder of Microsoft's ProfileXML samples",
    ),
    (
        "This is my issuer hash",
        "the `Sso/IssuerHash` placeholder of Microsoft's ProfileXML samples",
    ),
    (
        "testServer.VPN.com",
        "the server of Microsoft's native ProfileXML sample",
    ),
    (
        "ffffffffffffffffffffffffffffffffffffffff",
        "the all-`ff` thumbprint of Microsoft's EAP certificate-filtering sample",
    ),
    (
        "d2d38eba60caa1c12055a2e1c83b15ad450110c2",
        "a root thumbprint from Microsoft's ProfileXML samples",
    ),
    (
        "d17697cc206ed26e1a51f5bb96e9356d6d610b74",
        "a root thumbprint from Microsoft's ProfileXML samples",
    ),
];

/// Where `text` comes from, if it is a placeholder value of Microsoft's samples (see
/// `doc-sample-placeholder`). Rules that check the format of these elements declare that
/// rule in `superseded_by`.
pub fn doc_sample_value(text: &str) -> Option<&'static str> {
    let trimmed = text.trim();
    DOC_SAMPLE_VALUES
        .iter()
        .find(|(sample, _)| {
            sample.eq_ignore_ascii_case(trimmed) || eq_ignoring_spaces(sample, trimmed)
        })
        .map(|(_, source)| *source)
}

/// `sample` equals `text` with its spaces removed, ASCII case-insensitively (without building
/// the squeezed copy: this runs for every value the placeholder rule reads).
fn eq_ignoring_spaces(sample: &str, text: &str) -> bool {
    let mut squeezed = text.bytes().filter(|b| *b != b' ');
    sample
        .bytes()
        .all(|s| squeezed.next().is_some_and(|t| t.eq_ignore_ascii_case(&s)))
        && squeezed.next().is_none()
}

/// Domains reserved for documentation (RFC 2606) or used as Microsoft's example company.
pub const DOCUMENTATION_DOMAINS: &[&str] =
    &["contoso.com", "example.com", "example.net", "example.org"];

/// A thumbprint as Windows compares it: its hex digits only (spaces, colons and invisible
/// characters dropped), upper case as certificates show it.
pub fn thumbprint_hex(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbprints() {
        let canonical = "d2 d3 8e ba 60 ca a1 c1 20 55 a2 e1 c8 3b 15 ad 45 01 10 c2";
        assert_eq!(thumbprint_shape(canonical), ThumbprintShape::Canonical);
        assert_eq!(
            thumbprint_shape(&format!("{canonical} ")),
            ThumbprintShape::Canonical
        );
        assert!(matches!(
            thumbprint_shape("D2D38EBA60CAA1C12055A2E1C83B15AD450110C2"),
            ThumbprintShape::Unusual { .. }
        ));
        assert!(matches!(
            thumbprint_shape("d2:d3"),
            ThumbprintShape::Invalid { .. }
        ));
        assert!(matches!(
            thumbprint_shape(&"ab".repeat(32)),
            ThumbprintShape::Invalid { .. }
        ));
    }

    #[test]
    fn script_variables() {
        assert!(is_script_variable("$RootCAThumbprint"));
        assert!(is_script_variable(" $EkuOID "));
        assert!(is_script_variable("${Root Hash}"));
        assert!(is_script_variable("$($Config.RootHash)"));
        assert!(!is_script_variable("3f 2a 91"));
        assert!(!is_script_variable("$"));
        assert!(!is_script_variable("$3f2a"));
    }

    #[test]
    fn oids() {
        assert!(is_oid("1.3.6.1.4.1.311.87"));
        assert!(is_oid("1.3.6.1.4.1.311.*"));
        assert!(!is_oid("This is my Eku"));
        assert!(!is_oid("1..3"));
    }

    #[test]
    fn server_names() {
        assert_eq!(
            rejoin_server_names("\"nps1.example.com\",\"nps2.example.com\""),
            "nps1.example.com;nps2.example.com"
        );
        assert_eq!(
            rejoin_server_names(" nps1.example.com; nps2.example.com\r\n nps3.example.com"),
            "nps1.example.com;nps2.example.com;nps3.example.com"
        );
        assert_eq!(
            lowercase_server_names("NPS\\D*.Example.com"),
            "nps\\D*.example.com"
        );
    }

    proptest::proptest! {
        /// The one-pass check of plain names agrees with the full one that explains problems.
        #[test]
        fn plain_names_fast_path_agrees(text in "[a-z0-9_.-]{0,70}|[a-z-]{60,70}(\\.[a-z]{1,3}){0,2}") {
            let plain = text.bytes().all(|b| is_label_byte(b) || b == b'.');
            proptest::prop_assert_eq!(
                is_valid_plain_name(&text),
                describe_host_name_problem(&text, plain).is_none()
            );
        }
    }

    #[test]
    fn host_names() {
        assert_eq!(host_name_problem("vpn.example.net"), None);
        assert_eq!(host_name_problem("vpn.example.net."), None);
        assert_eq!(host_name_problem("vpn_gw.corp.local"), None);
        assert!(host_name_problem("https://vpn.example.net").is_some());
        assert!(host_name_problem("vpn.example.net/path").is_some());
        assert!(host_name_problem("vpn.example.net:443").is_some());
        assert!(host_name_problem("contoso..com").is_some());
        assert!(host_name_problem("vpn .example.net").is_some());
        assert!(host_name_problem("-vpn.example.net").is_some());
        assert!(host_name_problem("**Your FQDN**").is_some());
    }

    #[test]
    fn ip_literals() {
        assert!(ip_literal("203.0.113.10").is_some());
        assert!(ip_literal("[2001:db8::1]").is_some());
        assert!(ip_literal("2001:db8::1").is_some());
        assert!(ip_literal("vpn.example.net").is_none());
        assert!(ip_literal("10.0.0.256").is_none());
        assert!(looks_like_ipv4("10.0.0.256"));
        assert!(!looks_like_ipv4("vpn1.example.net"));
    }

    #[test]
    fn entries_keep_offsets() {
        let entries = split_entries("a.example, b.example", ',');
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].trimmed(), "b.example");
        assert_eq!(entries[1].trimmed_range(), 11..20);
    }

    #[test]
    fn domains() {
        assert!(is_in_domain("vpn.example.net", "example.net"));
        assert!(is_in_domain(".corp.contoso.com", "contoso.com"));
        assert!(is_in_domain("EXAMPLE.NET.", "example.net"));
        assert!(!is_in_domain("notexample.net", "example.net"));
    }
}
