//! The `encoding=` of an XML declaration, read from the raw bytes before anything is decoded
//! (the declaration is ASCII in every encoding profile-lint reads without a byte-order mark).
//!
//! One parser serves both the decoder, which honours the declaration as XML parsers on Windows
//! do (XML 1.0 §4.3.3: without a byte-order mark the declaration names the encoding), and
//! `file-encoding`, which reports where it disagrees with the bytes.

use std::ops::Range;

/// What an `encoding=` value names, as far as profile-lint is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared {
    Utf8,
    Utf16,
    /// ISO-8859-1 (Latin-1): every byte is the character of the same number.
    Latin1,
    /// windows-1252, the "ANSI" code page of Western Windows systems.
    Windows1252,
    /// US-ASCII: a subset of UTF-8.
    Ascii,
    /// Anything else (another code page, a misspelling): not honoured.
    Other,
}

impl Declared {
    /// Classifies a declared name; labels as the WHATWG Encoding Standard and IANA spell them.
    pub fn of(value: &str) -> Declared {
        let name = value.trim().to_ascii_lowercase().replace('_', "-");
        match name.as_str() {
            "utf-8" | "utf8" | "unicode-1-1-utf-8" => Declared::Utf8,
            "utf-16" | "utf-16le" | "utf-16be" | "utf-16-le" | "utf-16-be" | "unicode"
            | "ucs-2" | "iso-10646-ucs-2" => Declared::Utf16,
            "iso-8859-1" | "iso8859-1" | "iso-8859-1:1987" | "latin1" | "l1" | "cp819"
            | "ibm819" | "iso-ir-100" | "csisolatin1" => Declared::Latin1,
            "windows-1252" | "cp1252" | "x-cp1252" | "ms-ansi" => Declared::Windows1252,
            "us-ascii" | "ascii" | "iso646-us" | "ansi-x3.4-1968" => Declared::Ascii,
            _ => Declared::Other,
        }
    }
}

/// The `encoding` pseudo-attribute of an XML declaration at the very start of `bytes` (after
/// a UTF-8 byte-order mark, if any): the value and its byte range in `bytes`.
pub fn declared_encoding(bytes: &[u8]) -> Option<(&str, Range<usize>)> {
    let lead = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let rest = bytes.get(lead..)?;
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = memchr::memmem::find(rest, b"?>")?;
    let decl = &rest[..end];
    // ` encoding` as an attribute name (after whitespace), not inside another value.
    let at = decl
        .windows(9)
        .position(|w| w[0].is_ascii_whitespace() && &w[1..] == b"encoding")?
        + 9;
    let mut i = at;
    while decl.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if decl.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while decl.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    let quote = *decl.get(i).filter(|q| **q == b'"' || **q == b'\'')?;
    let start = i + 1;
    let len = decl.get(start..)?.iter().position(|&b| b == quote)?;
    let value = std::str::from_utf8(&decl[start..start + len]).ok()?;
    Some((value, lead + start..lead + start + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_value_and_where_it_is() {
        let text = b"<?xml version=\"1.0\" encoding = 'ISO-8859-1' ?>\n<VPNProfile/>";
        let (value, range) = declared_encoding(text).expect("declared");
        assert_eq!(value, "ISO-8859-1");
        assert_eq!(&text[range], b"ISO-8859-1");
        assert_eq!(Declared::of(value), Declared::Latin1);
        assert_eq!(Declared::of("Windows-1252"), Declared::Windows1252);
        assert_eq!(Declared::of("UTF_8"), Declared::Utf8);
        assert_eq!(Declared::of("Shift_JIS"), Declared::Other);
    }

    #[test]
    fn only_a_declaration_at_the_start_counts() {
        assert!(declared_encoding(b"<VPNProfile encoding=\"latin1\"/>").is_none());
        assert!(declared_encoding(b" <?xml version=\"1.0\" encoding=\"latin1\"?>").is_none());
        assert!(declared_encoding(b"<?xml version=\"1.0\"?>").is_none());
        // Unterminated: no value rather than a guess.
        assert!(declared_encoding(b"<?xml version=\"1.0\" encoding=\"latin1?>").is_none());
        let with_bom = b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>";
        let (_, range) = declared_encoding(with_bom).expect("declared");
        assert_eq!(&with_bom[range], b"utf-8");
    }
}
