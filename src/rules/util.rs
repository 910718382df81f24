//! Value checks shared by several rules (thumbprints, OIDs, invisible characters).

/// Characters that do not print but change a value: direction marks (added when a thumbprint
/// is copied from the Windows certificate dialog), zero-width characters, no-break space,
/// and a byte-order mark that is not at the start of the file.
pub fn invisible_characters(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
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
}
