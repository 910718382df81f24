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

/// How a certificate thumbprint is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThumbprintShape {
    /// `d2 d3 8e …` lower-case byte pairs with single spaces: what Windows exports.
    Canonical,
    /// 20 bytes of hex, but contiguous, upper-case or unevenly spaced; `normalised` is the
    /// canonical spelling.
    Unusual { normalised: String },
    /// Not a SHA-1 thumbprint: wrong length (e.g. 32 bytes = SHA-256) or non-hex characters.
    Invalid { reason: String },
}

/// Classifies an EAP thumbprint (`TrustedRootCA`, `IssuerHash`).
pub fn thumbprint_shape(text: &str) -> ThumbprintShape {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return ThumbprintShape::Invalid {
            reason: "it is empty".into(),
        };
    }
    if let Some(bad) = trimmed
        .chars()
        .find(|c| !c.is_ascii_hexdigit() && *c != ' ')
    {
        return ThumbprintShape::Invalid {
            reason: if bad == ':' {
                "it is written with `:` separators".into()
            } else {
                format!("it contains `{}`, which is not a hex digit", bad.escape_default())
            },
        };
    }
    let digits: String = trimmed.chars().filter(|c| *c != ' ').collect();
    if digits.len() != 40 {
        let bytes = digits.len() / 2;
        return ThumbprintShape::Invalid {
            reason: if digits.len() == 64 {
                "it has 32 bytes (a SHA-256 hash); Windows matches the 20-byte SHA-1 thumbprint".into()
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
    fn oids() {
        assert!(is_oid("1.3.6.1.4.1.311.87"));
        assert!(is_oid("1.3.6.1.4.1.311.*"));
        assert!(!is_oid("This is my Eku"));
        assert!(!is_oid("1..3"));
    }
}
