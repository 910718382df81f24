//! Turning the bytes of a file into text: UTF-8 (with or without BOM), UTF-16 LE/BE, and the
//! single-byte code pages ISO-8859-1 and windows-1252.
//!
//! Windows PowerShell 5.1 `Out-File` writes UTF-16 LE with a BOM and `Set-Content` writes the
//! "ANSI" code page (windows-1252 on Western systems), so real exports arrive in all of them.
//! Without a byte-order mark the XML declaration's `encoding=` is honoured, as XML parsers do;
//! bytes that are not UTF-8 and declare nothing else are read as windows-1252.
//! The decoded text keeps a map back to byte offsets in the original file, so that JSON and SARIF
//! positions are offsets into what the user gave us, not into our copy.

mod declaration;
mod single_byte;

pub use declaration::{declared_encoding, Declared};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// ISO-8859-1, as the XML declaration said.
    Latin1,
    /// windows-1252, declared or recognised.
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Latin1 => "ISO-8859-1",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// One byte per character (ISO-8859-1, windows-1252).
    pub fn is_single_byte(self) -> bool {
        matches!(self, Encoding::Latin1 | Encoding::Windows1252)
    }

    pub fn is_utf16(self) -> bool {
        matches!(self, Encoding::Utf16Le | Encoding::Utf16Be)
    }
}

/// A file's text with the encoding it was read in.
#[derive(Debug, Clone)]
pub struct DecodedText {
    pub text: String,
    pub encoding: Encoding,
    /// How the encoding was chosen.
    pub chosen_by: ChosenBy,
    offsets: OffsetMap,
}

/// How the encoding of a file was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChosenBy {
    /// Its byte-order mark (or the zero bytes of BOM-less UTF-16).
    Bom,
    /// The `encoding=` of its XML declaration. `also_utf8`: the bytes are valid UTF-8 with
    /// non-ASCII characters too, so the declaration most likely lies about a UTF-8 file.
    Declaration { also_utf8: bool },
    /// Neither: UTF-8, the XML default.
    Default,
    /// The bytes are not UTF-8 and nothing names another encoding: read as windows-1252.
    Guessed,
}

/// Maps byte offsets of the decoded text to byte offsets in the original file. Kept apart
/// from the text so that the text can be handed on (a plain XML file becomes its one
/// document without a copy) while positions are still placed.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// Length of the byte-order mark that was removed.
    bom_len: usize,
    /// How text offsets relate to file offsets.
    kind: MapKind,
    /// The length of the text as decoded (the map describes that text, not later edits).
    text_len: usize,
    original_len: usize,
}

#[derive(Debug, Clone)]
enum MapKind {
    /// UTF-8: the file after the byte-order mark, byte for byte.
    Verbatim,
    /// UTF-16: original byte offset of each char of the text, indexed by char start; stored
    /// as (text offset, original offset) pairs in increasing order.
    Utf16(Vec<(usize, usize)>),
    /// Single-byte code page: see [`single_byte::anchors`].
    SingleByte(Vec<(usize, usize, u8)>),
}

/// Why bytes could not be decoded; the position is a byte offset into the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 { offset: usize, text_before: usize },
    #[error("invalid UTF-16 at byte {offset} (unpaired surrogate)")]
    InvalidUtf16 { offset: usize },
    #[error("odd number of bytes in a UTF-16 file")]
    OddUtf16Length { offset: usize },
    #[error("UTF-32 {} (byte-order mark {bom}) is not supported", if *little_endian { "LE" } else { "BE" })]
    Utf32 {
        little_endian: bool,
        bom: &'static str,
    },
}

impl DecodeError {
    pub fn offset(&self) -> usize {
        match self {
            DecodeError::InvalidUtf8 { offset, .. }
            | DecodeError::InvalidUtf16 { offset }
            | DecodeError::OddUtf16Length { offset } => *offset,
            DecodeError::Utf32 { .. } => 0,
        }
    }
}

impl DecodedText {
    /// Decodes `bytes`, choosing the encoding from the BOM (or, without a BOM, from the
    /// zero-byte pattern of UTF-16 text that starts with `<` or whitespace).
    pub fn decode(bytes: &[u8]) -> Result<DecodedText, DecodeError> {
        // Before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one, and read as UTF-16
        // the file became text full of NULs, reported as "not a profile" instead of as UTF-32.
        if bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00]) {
            return Err(DecodeError::Utf32 {
                little_endian: true,
                bom: "FF FE 00 00",
            });
        }
        if bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) {
            return Err(DecodeError::Utf32 {
                little_endian: false,
                bom: "00 00 FE FF",
            });
        }
        if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            return Self::utf8(rest, 3, Encoding::Utf8Bom, bytes.len());
        }
        if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
            return Self::utf16(rest, 2, true, bytes.len());
        }
        if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
            return Self::utf16(rest, 2, false, bytes.len());
        }
        // BOM-less UTF-16 is rare but recognisable: ASCII text with every other byte zero. With
        // an odd length it is still UTF-16 (cut short), reported as such: read as UTF-8 it was
        // text full of NULs.
        if bytes.len() >= 4 {
            if bytes[1] == 0 && bytes[3] == 0 && bytes[0] != 0 && bytes[2] != 0 {
                return Self::utf16(bytes, 0, true, bytes.len());
            }
            if bytes[0] == 0 && bytes[2] == 0 && bytes[1] != 0 && bytes[3] != 0 {
                return Self::utf16(bytes, 0, false, bytes.len());
            }
        }
        let declared = declared_encoding(bytes).map(|(value, _)| Declared::of(value));
        match declared {
            Some(Declared::Latin1) => {
                let also_utf8 = !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
                let text = single_byte::decode_latin1(bytes);
                return Ok(Self::single_byte(text, Encoding::Latin1, also_utf8, bytes));
            }
            Some(Declared::Windows1252) => {
                let also_utf8 = !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
                let text = single_byte::decode_windows_1252(bytes);
                return Ok(Self::single_byte(
                    text,
                    Encoding::Windows1252,
                    also_utf8,
                    bytes,
                ));
            }
            _ => {}
        }
        match Self::utf8(bytes, 0, Encoding::Utf8, bytes.len()) {
            Ok(mut decoded) => {
                if declared.is_some_and(|d| d != Declared::Other) {
                    decoded.chosen_by = ChosenBy::Declaration { also_utf8: false };
                }
                Ok(decoded)
            }
            Err(DecodeError::InvalidUtf8 { offset, .. })
                if single_byte::plausible_windows_1252(bytes, offset) =>
            {
                let text = single_byte::decode_windows_1252(bytes);
                let mut decoded = Self::single_byte(text, Encoding::Windows1252, false, bytes);
                decoded.chosen_by = ChosenBy::Guessed;
                Ok(decoded)
            }
            Err(error) => Err(error),
        }
    }

    fn single_byte(text: String, encoding: Encoding, also_utf8: bool, bytes: &[u8]) -> Self {
        DecodedText {
            offsets: OffsetMap {
                bom_len: 0,
                kind: MapKind::SingleByte(single_byte::anchors(&text, 0)),
                text_len: text.len(),
                original_len: bytes.len(),
            },
            text,
            encoding,
            chosen_by: ChosenBy::Declaration { also_utf8 },
        }
    }

    fn utf8(
        body: &[u8],
        bom_len: usize,
        encoding: Encoding,
        original_len: usize,
    ) -> Result<DecodedText, DecodeError> {
        match std::str::from_utf8(body) {
            Ok(text) => Ok(DecodedText {
                text: text.to_owned(),
                encoding,
                chosen_by: if bom_len > 0 {
                    ChosenBy::Bom
                } else {
                    ChosenBy::Default
                },
                offsets: OffsetMap {
                    bom_len,
                    kind: MapKind::Verbatim,
                    text_len: text.len(),
                    original_len,
                },
            }),
            Err(e) => Err(DecodeError::InvalidUtf8 {
                offset: bom_len + e.valid_up_to(),
                text_before: e.valid_up_to(),
            }),
        }
    }

    fn utf16(
        body: &[u8],
        bom_len: usize,
        little_endian: bool,
        original_len: usize,
    ) -> Result<DecodedText, DecodeError> {
        if body.len() % 2 != 0 {
            return Err(DecodeError::OddUtf16Length {
                offset: bom_len + body.len() - 1,
            });
        }
        let mut units = body.chunks_exact(2).map(|pair| {
            if little_endian {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            }
        });
        let mut text = String::with_capacity(body.len() / 2);
        let mut map = Vec::with_capacity(body.len() / 2);
        // Decoded by hand rather than with `char::decode_utf16`: whether that iterator was
        // inlined here changed with unrelated edits, and with it the cost of every UTF-16 file.
        let mut unit_index = 0usize;
        while let Some(unit) = units.next() {
            let decoded = match unit {
                0xD800..=0xDBFF => match units.next() {
                    Some(low @ 0xDC00..=0xDFFF) => char::from_u32(
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
                    ),
                    _ => None,
                },
                // `None` for a low surrogate without its high one.
                _ => char::from_u32(u32::from(unit)),
            };
            let Some(c) = decoded else {
                return Err(DecodeError::InvalidUtf16 {
                    offset: bom_len + unit_index * 2,
                });
            };
            map.push((text.len(), bom_len + unit_index * 2));
            text.push(c);
            unit_index += c.len_utf16();
        }
        Ok(DecodedText {
            offsets: OffsetMap {
                bom_len,
                kind: MapKind::Utf16(map),
                text_len: text.len(),
                original_len,
            },
            text,
            chosen_by: ChosenBy::Bom,
            encoding: if little_endian {
                Encoding::Utf16Le
            } else {
                Encoding::Utf16Be
            },
        })
    }

    pub fn has_bom(&self) -> bool {
        self.offsets.bom_len > 0
    }

    /// Byte offset in the original file of byte `offset` of the decoded text.
    pub fn original_offset(&self, offset: usize) -> usize {
        self.offsets.original_offset(offset)
    }

    /// The map from offsets of `text` back to the file.
    pub fn offsets(&self) -> &OffsetMap {
        &self.offsets
    }

    /// The text and the map of its offsets back to the file, apart.
    pub fn into_parts(self) -> (String, OffsetMap) {
        (self.text, self.offsets)
    }
}

/// `text` encoded the way `original` (the bytes it was decoded from) was: the same encoding,
/// with a byte-order mark exactly when the original had one. Line endings and everything
/// else are the text's own. `None` when the result would not decode back to `text`.
pub fn encode_like(original: &[u8], encoding: Encoding, text: &str) -> Option<Vec<u8>> {
    let bom: &[u8] = match encoding {
        Encoding::Utf8 => &[],
        Encoding::Utf8Bom => &[0xEF, 0xBB, 0xBF],
        Encoding::Utf16Le if original.starts_with(&[0xFF, 0xFE]) => &[0xFF, 0xFE],
        Encoding::Utf16Be if original.starts_with(&[0xFE, 0xFF]) => &[0xFE, 0xFF],
        Encoding::Utf16Le | Encoding::Utf16Be | Encoding::Latin1 | Encoding::Windows1252 => &[],
    };
    let mut bytes =
        Vec::with_capacity(bom.len() + text.len() * if encoding.is_utf16() { 2 } else { 1 });
    bytes.extend_from_slice(bom);
    match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => bytes.extend_from_slice(text.as_bytes()),
        Encoding::Utf16Le => text
            .encode_utf16()
            .for_each(|u| bytes.extend_from_slice(&u.to_le_bytes())),
        Encoding::Utf16Be => text
            .encode_utf16()
            .for_each(|u| bytes.extend_from_slice(&u.to_be_bytes())),
        // `None` for a character the code page has no byte for: never write it lossily.
        Encoding::Latin1 | Encoding::Windows1252 => {
            bytes.extend(encode_single_byte(encoding, text)?)
        }
    }
    // A BOM-less text whose first characters make it sniff differently (UTF-16 detected by
    // its zero bytes) must still read back as the same text. A windows-1252 text that a fix
    // left all ASCII reads back as UTF-8: the same bytes either way.
    let round_trip = DecodedText::decode(&bytes).ok()?;
    let same_encoding =
        round_trip.encoding == encoding || (encoding.is_single_byte() && bytes.is_ascii());
    (round_trip.text == text && same_encoding).then_some(bytes)
}

/// `text` in a single-byte encoding, `None` when a character has no byte there (or
/// `encoding` is not single-byte).
pub fn encode_single_byte(encoding: Encoding, text: &str) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Latin1 => single_byte::encode_latin1(text),
        Encoding::Windows1252 => single_byte::encode_windows_1252(text),
        _ => None,
    }
}

/// The character of one byte in windows-1252.
pub fn decode_windows_1252_byte(byte: u8) -> char {
    single_byte::decode_windows_1252(&[byte])
        .chars()
        .next()
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

impl OffsetMap {
    /// Byte offset in the original file of byte `offset` of the decoded text.
    pub fn original_offset(&self, offset: usize) -> usize {
        match &self.kind {
            MapKind::Verbatim => (self.bom_len + offset).min(self.original_len),
            _ if offset >= self.text_len => self.original_len,
            MapKind::Utf16(map) => match map.binary_search_by_key(&offset, |&(t, _)| t) {
                Ok(i) => map[i].1,
                Err(i) => map[i.saturating_sub(1)].1,
            },
            MapKind::SingleByte(anchors) => {
                single_byte::original_offset(anchors, self.bom_len, offset)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_like_the_original_keeps_encoding_and_bom() {
        let samples: [&[u8]; 5] = [
            b"<a>\r\nx</a>",
            b"\xEF\xBB\xBF<a>x</a>",
            b"\xFF\xFE<\0a\0>\0",
            b"\xFE\xFF\0<\0a\0>",
            b"<\0a\0>\0x\0",
        ];
        for original in samples {
            let decoded = DecodedText::decode(original).expect("decodes");
            let text = decoded.text.replace('a', "b");
            let bytes = encode_like(original, decoded.encoding, &text).expect("encodes");
            let again = DecodedText::decode(&bytes).expect("decodes again");
            assert_eq!(
                (again.text.as_str(), again.encoding),
                (text.as_str(), decoded.encoding)
            );
            assert_eq!(again.has_bom(), decoded.has_bom(), "{original:?}");
        }
    }

    #[test]
    fn utf16le_offsets_point_into_the_original_bytes() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<a>é</a>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = DecodedText::decode(&bytes).expect("valid UTF-16");
        assert_eq!(decoded.text, "<a>é</a>");
        assert_eq!(decoded.encoding, Encoding::Utf16Le);
        assert_eq!(decoded.original_offset(0), 2);
        // 'é' is bytes 3..5 in the text and the 4th UTF-16 unit in the file.
        assert_eq!(decoded.original_offset(3), 8);
        assert_eq!(decoded.original_offset(5), 10);
        assert_eq!(decoded.original_offset(decoded.text.len()), bytes.len());
    }

    #[test]
    fn utf8_bom_shifts_offsets() {
        let decoded = DecodedText::decode(b"\xEF\xBB\xBF<a/>").expect("valid");
        assert_eq!(decoded.text, "<a/>");
        assert_eq!(decoded.original_offset(1), 4);
    }

    #[test]
    fn invalid_utf8_reports_the_offset() {
        // Valid UTF-8 (`é`) before the bad byte: a damaged UTF-8 file, not an ANSI one.
        let err = DecodedText::decode(b"<a>\xC3\xA9\xFF</a>").unwrap_err();
        assert_eq!(err.offset(), 5);
        let err = DecodedText::decode(b"<a>\x01\xFF</a>").unwrap_err();
        assert_eq!(err.offset(), 4);
    }

    #[test]
    fn ansi_text_is_read_as_windows_1252_or_as_declared() {
        let guessed = DecodedText::decode(b"<a>M\xFCnchen \x96 Nord</a>").expect("ANSI");
        assert_eq!(guessed.text, "<a>München – Nord</a>");
        assert_eq!(
            (guessed.encoding, guessed.chosen_by),
            (Encoding::Windows1252, ChosenBy::Guessed)
        );
        // `\x96` is after `ü` (1 byte in the file, 2 in the text).
        let dash = guessed.text.find('–').unwrap_or_default();
        assert_eq!(guessed.original_offset(dash), 11);
        let end = guessed.text.len();
        assert_eq!(guessed.original_offset(end), 21);

        let latin1 = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\x96</a>";
        let declared = DecodedText::decode(latin1).expect("Latin-1");
        assert_eq!(declared.encoding, Encoding::Latin1);
        assert!(
            declared.text.contains('\u{96}'),
            "Latin-1 is byte = code point"
        );

        // A UTF-8 file that declares Latin-1 is read as the declaration says, and marked.
        let lying = "<?xml version='1.0' encoding='latin1'?><a>é</a>".as_bytes();
        let decoded = DecodedText::decode(lying).expect("Latin-1");
        assert!(decoded.text.contains("Ã©"));
        assert_eq!(decoded.chosen_by, ChosenBy::Declaration { also_utf8: true });
        // Declared UTF-8 that is not: still read (as windows-1252), for the rule to report.
        let wrong = b"<?xml version='1.0' encoding='utf-8'?><a>\xE9</a>";
        let decoded = DecodedText::decode(wrong).expect("ANSI");
        assert_eq!(decoded.chosen_by, ChosenBy::Guessed);
    }

    #[test]
    fn single_byte_text_is_encoded_back_byte_for_byte_or_not_at_all() {
        let original = b"<?xml version='1.0' encoding='windows-1252'?><a>\x80 \xE9</a>\r\n";
        let decoded = DecodedText::decode(original).expect("decodes");
        let same = encode_like(original, decoded.encoding, &decoded.text);
        assert_eq!(same.as_deref(), Some(&original[..]));
        // A character windows-1252 cannot hold: refused, never written as `?`.
        let text = decoded.text.replace('é', "Ω");
        assert_eq!(encode_like(original, decoded.encoding, &text), None);
        // A guessed ANSI file that a fix leaves all ASCII is written as those ASCII bytes.
        let guessed = b"<a>\xE9</a>";
        let decoded = DecodedText::decode(guessed).expect("decodes");
        let ascii = encode_like(guessed, decoded.encoding, "<a>e</a>");
        assert_eq!(ascii.as_deref(), Some(&b"<a>e</a>"[..]));
    }

    #[test]
    fn utf32_and_odd_utf16_are_named() {
        let err = DecodedText::decode(b"\xFF\xFE\0\0<\0\0\0").unwrap_err();
        assert_eq!(
            err.to_string(),
            "UTF-32 LE (byte-order mark FF FE 00 00) is not supported"
        );
        let err = DecodedText::decode(b"\0\0\xFE\xFF\0\0\0<").unwrap_err();
        assert!(err.to_string().starts_with("UTF-32 BE"), "{err}");
        let err = DecodedText::decode(b"<\0a\0>").unwrap_err();
        assert_eq!(err, DecodeError::OddUtf16Length { offset: 4 });
        // An empty UTF-16 LE file with a BOM is still UTF-16.
        assert!(DecodedText::decode(b"\xFF\xFE").is_ok());
    }

    #[test]
    fn unpaired_surrogate_is_an_error() {
        let bytes = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00];
        assert!(DecodedText::decode(&bytes).is_err());
    }
}
