//! Single-byte code pages: ISO-8859-1 and windows-1252 (Windows' "ANSI" on Western systems,
//! what Windows PowerShell 5.1 `Set-Content` and `Add-Content` write by default).
//!
//! Each byte of the file is one character, but a non-ASCII character is 2 or 3 bytes of the
//! decoded (UTF-8) text, so the decoded text keeps anchors at its non-ASCII characters to
//! place every position on the exact byte of the file.

/// ISO-8859-1 is decoded by hand, byte = code point, as Windows (code page 28591) and .NET do;
/// `encoding_rs` follows the Encoding Standard, which reads the label as windows-1252.
pub fn decode_latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

pub fn decode_windows_1252(bytes: &[u8]) -> String {
    // Every byte has a mapping in the Encoding Standard's windows-1252 (the five bytes Windows
    // leaves undefined become the C1 controls of the same number), so this never fails.
    let (text, _had_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    text.into_owned()
}

pub fn encode_latin1(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}

pub fn encode_windows_1252(text: &str) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

/// Whether bytes that are not UTF-8 read as windows-1252 *text*: no NUL or other control
/// bytes besides tab and line breaks, none of the five bytes windows-1252 leaves undefined,
/// and only ASCII before the first byte that is not UTF-8 (a file that is valid UTF-8 up to a
/// broken sequence is a damaged UTF-8 file, not an ANSI one). A binary file named `.xml`
/// stays "not valid text".
pub fn plausible_windows_1252(bytes: &[u8], first_invalid_utf8: usize) -> bool {
    let text_byte = |b: u8| !matches!(b, 0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F | 0x81 | 0x8D | 0x8F | 0x90 | 0x9D);
    bytes
        .get(..first_invalid_utf8)
        .is_some_and(<[u8]>::is_ascii)
        && bytes.iter().all(|&b| text_byte(b))
}

/// Anchors of a single-byte text: for each non-ASCII character, its offset in the decoded
/// text, its offset in the file and its length in the decoded text. Between anchors text and
/// file advance together (ASCII is one byte in both).
pub fn anchors(text: &str, bom_len: usize) -> Vec<(usize, usize, u8)> {
    let mut anchors = Vec::new();
    let mut file = bom_len;
    let mut last_text = 0;
    for (at, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
        file += at - last_text;
        anchors.push((at, file, c.len_utf8() as u8));
        file += 1;
        last_text = at + c.len_utf8();
    }
    anchors
}

/// The file offset of text offset `offset`, given the [`anchors`] of the text.
pub fn original_offset(anchors: &[(usize, usize, u8)], bom_len: usize, offset: usize) -> usize {
    let index = match anchors.binary_search_by_key(&offset, |&(t, _, _)| t) {
        Ok(i) => i,
        Err(0) => return bom_len + offset,
        Err(i) => i - 1,
    };
    let (text, file, len) = anchors[index];
    let after = text + usize::from(len);
    if offset < after {
        // Inside the character: its one byte.
        file
    } else {
        file + 1 + (offset - after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_character_maps_to_its_one_byte() {
        let bytes = b"<a>Z\xFCrich \x80 5</a>";
        let text = decode_windows_1252(bytes);
        assert_eq!(text, "<a>Zürich € 5</a>");
        let anchors = anchors(&text, 0);
        for (at, c) in text.char_indices() {
            let file = original_offset(&anchors, 0, at);
            let back = decode_windows_1252(&bytes[file..file + 1]);
            assert_eq!(back.chars().next(), Some(c), "text offset {at}");
        }
        assert_eq!(original_offset(&anchors, 0, text.len()), bytes.len());
        // Inside a multi-byte character: the character's byte.
        let euro = text.find('€').unwrap_or_default();
        assert_eq!(original_offset(&anchors, 0, euro + 1), 10);
    }

    #[test]
    fn latin1_is_byte_for_code_point_and_round_trips() {
        let bytes: Vec<u8> = (0u8..=255).collect();
        let text = decode_latin1(&bytes);
        assert_eq!(text.chars().count(), 256);
        assert_eq!(encode_latin1(&text), Some(bytes));
        assert_eq!(encode_latin1("€"), None);
    }

    #[test]
    fn windows_1252_round_trips_and_refuses_what_it_cannot_write() {
        let bytes: Vec<u8> = (0x20u8..=0xFF).collect();
        let text = decode_windows_1252(&bytes);
        assert_eq!(encode_windows_1252(&text), Some(bytes));
        assert_eq!(encode_windows_1252("Ω"), None);
    }

    #[test]
    fn binary_and_broken_utf8_are_not_taken_for_ansi() {
        assert!(plausible_windows_1252(b"<a>Gr\xFC\xDFe</a>\r\n", 5));
        assert!(!plausible_windows_1252(b"<a>\x00\x01\xFF</a>", 5));
        // Valid UTF-8 (`é`) before the broken byte: a damaged UTF-8 file.
        assert!(!plausible_windows_1252(b"<a>\xC3\xA9\xFF</a>", 5));
        assert!(!plausible_windows_1252(b"<a>\x81</a>", 3));
    }
}
