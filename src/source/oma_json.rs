//! OMA-URI settings exported from Intune as JSON (Graph `omaSettings`, as written by export
//! tools): objects with an `omaUri` and a `value` holding the ProfileXML as a JSON string, or
//! base64-encoded for `omaSettingStringXml`. Read as part of the `syncml` format, since the
//! facts (OMA-URI, payload) and the rules that check them are the same.

use super::posmap::MappedText;
use super::{Document, InputFormat, OmaItem, PayloadEscaping, WrapperInfo};
use crate::span::Span;

/// JSON that mentions `omaUri`.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    (t.starts_with('{') || t.starts_with('[')) && text.contains("\"omaUri\"")
}

/// A JSON string value: where its content is (without quotes) and its decoded text.
struct JsonString {
    span: Span,
    value: MappedText,
}

/// Reads the JSON string whose opening quote is at `at`; returns it and the offset after it.
fn read_string(text: &str, at: usize) -> Option<(JsonString, usize)> {
    let mut out = MappedText::new();
    let mut i = at + 1;
    loop {
        let c = text[i..].chars().next()?;
        match c {
            '"' => {
                return Some((
                    JsonString {
                        span: Span::new(at + 1, i),
                        value: out,
                    },
                    i + 1,
                ))
            }
            '\\' => {
                let esc = text[i + 1..].chars().next()?;
                let (decoded, len) = match esc {
                    'n' => ('\n', 2),
                    'r' => ('\r', 2),
                    't' => ('\t', 2),
                    'b' => ('\u{8}', 2),
                    'f' => ('\u{c}', 2),
                    'u' => {
                        let hex = text.get(i + 2..i + 6)?;
                        let unit = u16::from_str_radix(hex, 16).ok()?;
                        // A surrogate pair is two escapes.
                        if (0xD800..0xDC00).contains(&unit) && text[i + 6..].starts_with("\\u") {
                            let low = u16::from_str_radix(text.get(i + 8..i + 12)?, 16).ok()?;
                            let c = char::decode_utf16([unit, low]).next()?.ok()?;
                            (c, 12)
                        } else {
                            (char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}'), 6)
                        }
                    }
                    other => (other, 1 + other.len_utf8()),
                };
                let mut buf = [0u8; 4];
                out.synthetic(decoded.encode_utf8(&mut buf), i);
                i += len;
            }
            _ => {
                out.copy(&text[i..i + c.len_utf8()], i);
                i += c.len_utf8();
            }
        }
    }
}

/// Decodes base64 text mapped to the file; each decoded character maps to the start of the
/// 4-character group its first byte came from. `None` when it is not base64 of UTF-8 text.
fn base64_decode(src: &MappedText) -> Option<MappedText> {
    fn sextet(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        })
    }
    let symbols: Vec<(usize, u8)> = src
        .text
        .bytes()
        .enumerate()
        .filter(|(_, b)| !b.is_ascii_whitespace() && *b != b'=')
        .collect();
    if symbols.len() < 8 {
        return None;
    }
    let mut bytes = Vec::with_capacity(symbols.len() * 3 / 4);
    let mut origin = Vec::with_capacity(bytes.capacity());
    for group in symbols.chunks(4) {
        let mut acc = 0u32;
        for (_, b) in group {
            acc = (acc << 6) | sextet(*b)?;
        }
        acc <<= 6 * (4 - group.len() as u32);
        let produced = group.len().saturating_sub(1);
        let start = src.map.to_file(group[0].0);
        for k in 0..produced {
            bytes.push((acc >> (16 - 8 * k)) as u8);
            origin.push(start);
        }
    }
    let text = String::from_utf8(bytes).ok()?;
    let mut out = MappedText::new();
    for (i, c) in text.char_indices() {
        let mut buf = [0u8; 4];
        out.synthetic(c.encode_utf8(&mut buf), origin[i]);
    }
    Some(out)
}

/// The `omaUri` / `value` pairs of every JSON object, with their spans.
pub fn extract(text: &str) -> Vec<Document> {
    let mut documents = Vec::new();
    // One entry per open object: the last key read, and the `omaUri` and `value` strings.
    type Open = (
        Option<String>,
        Option<JsonString>,
        Option<JsonString>,
        usize,
    );
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        match c {
            '{' => {
                stack.push((None, None, None, i));
                i += 1;
            }
            '}' => {
                if let Some((_, Some(uri), Some(value), start)) = stack.pop() {
                    if let Some(doc) = document(uri, value, Span::new(start, start + 1)) {
                        documents.push(doc);
                    }
                }
                i += 1;
            }
            '"' => {
                let Some((string, end)) = read_string(text, i) else {
                    break;
                };
                let after = text[end..].trim_start();
                let is_key = after.starts_with(':');
                if let Some(top) = stack.last_mut() {
                    if is_key {
                        top.0 = Some(string.value.text.clone());
                    } else {
                        match top.0.as_deref() {
                            Some(k) if k.eq_ignore_ascii_case("omaUri") => top.1 = Some(string),
                            Some(k) if k.eq_ignore_ascii_case("value") => top.2 = Some(string),
                            _ => {}
                        }
                        top.0 = None;
                    }
                }
                i = end;
            }
            _ => i += c.len_utf8(),
        }
    }
    documents
}

fn document(uri: JsonString, value: JsonString, object: Span) -> Option<Document> {
    let profile = |t: &str| {
        let t = t.trim_start();
        t.starts_with('<') && (t.contains("<VPNProfile") || t.contains("<EapHostConfig"))
    };
    let mapped = if profile(&value.value.text) {
        value.value
    } else {
        let decoded = base64_decode(&value.value)?;
        if !profile(&decoded.text) {
            return None;
        }
        decoded
    };
    // Leading white space is not part of the document.
    let lead = mapped.text.len() - mapped.text.trim_start().len();
    let mut doc = MappedText::new();
    let mut k = lead;
    for c in mapped.text[lead..].trim_end().chars() {
        let mut buf = [0u8; 4];
        doc.copy(c.encode_utf8(&mut buf), mapped.map.to_file(k));
        k += c.len_utf8();
    }
    let mut wrapper = WrapperInfo::for_format(InputFormat::Syncml);
    wrapper.oma = Some(OmaItem {
        loc_uri: uri.value.text.clone(),
        loc_uri_span: uri.span,
        command: None,
        command_span: object,
        in_atomic: false,
        escaping: PayloadEscaping::Plain,
        data_span: value.span,
        escaping_span: value.span,
    });
    let (xml, map) = doc.into_parts();
    Some(Document { xml, map, wrapper })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_util::assert_exact;

    #[test]
    fn reads_string_and_base64_values() {
        let text = "{\r\n  \"displayName\": \"VPN\",\r\n  \"omaSettings\": [\r\n    {\r\n      \"omaUri\": \"./User/Vendor/MSFT/VPNv2/Contoso%20VPN/ProfileXML\",\r\n      \"value\": \"<VPNProfile><ProfileName>R\\u0026D \\\"VPN\\\"</ProfileName></VPNProfile>\"\r\n    },\r\n    { \"value\": \"PFZQTlByb2ZpbGU+PEFsd2F5c09uPnRydWU8L0Fsd2F5c09uPjwvVlBOUHJvZmlsZT4=\", \"omaUri\": \"./Device/Vendor/MSFT/VPNv2/B/ProfileXML\" }\r\n  ]\r\n}\r\n";
        assert!(sniff(text));
        let docs = extract(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].xml,
            "<VPNProfile><ProfileName>R&D \"VPN\"</ProfileName></VPNProfile>"
        );
        assert_exact(&docs[0], text, &['\\']);
        let oma = docs[0].wrapper.oma.as_ref().expect("OMA item");
        assert_eq!(
            oma.loc_uri,
            "./User/Vendor/MSFT/VPNv2/Contoso%20VPN/ProfileXML"
        );
        assert_eq!(
            &text[oma.loc_uri_span.start..oma.loc_uri_span.end],
            oma.loc_uri
        );
        assert_eq!(
            docs[1].xml,
            "<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>"
        );
        // Base64: every character maps into the encoded value.
        let value = text.find("PFZQ").unwrap_or(0);
        for (i, _) in docs[1].xml.char_indices() {
            let f = docs[1].map.to_file(i);
            assert!(f >= value && f < value + 68, "byte {i} maps to {f}");
        }
    }
}
