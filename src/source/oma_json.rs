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
                    // A malformed escape stands for U+FFFD and reading goes on: giving up on
                    // the string stopped the whole file (a bad escape in a display name hid
                    // every profile after it), where JSON readers differ anyway.
                    'u' => match hex_unit(text, i + 2) {
                        None => ('\u{fffd}', 2),
                        // A surrogate pair is two escapes.
                        Some(high @ 0xD800..=0xDBFF) => match text
                            .get(i + 6..)
                            .and_then(|rest| rest.strip_prefix("\\u"))
                            .and(hex_unit(text, i + 8))
                        {
                            Some(low @ 0xDC00..=0xDFFF) => {
                                let c = char::decode_utf16([high, low])
                                    .next()
                                    .and_then(Result::ok)
                                    .unwrap_or('\u{fffd}');
                                (c, 12)
                            }
                            _ => ('\u{fffd}', 6),
                        },
                        Some(unit) => (char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}'), 6),
                    },
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

/// The UTF-16 unit written as four hex digits at `at`.
fn hex_unit(text: &str, at: usize) -> Option<u16> {
    let hex = text.get(at..at + 4)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
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

/// What was read so far in one JSON object: the last key, and the `omaUri` and `value`.
#[derive(Default)]
struct Object {
    key: Option<String>,
    uri: Option<JsonString>,
    value: Option<JsonString>,
}

/// The `omaUri` / `value` pairs of every JSON object, with their spans.
pub fn extract(text: &str) -> Vec<Document> {
    let mut documents = Vec::new();
    // Where each open object starts. Only this is kept for every `{`: a flood of `{` (8 MB of
    // them) then costs a word per brace instead of a frame of strings per brace (1.3 GB).
    let mut starts: Vec<usize> = Vec::new();
    // The open objects that have strings in them, innermost last, each with its depth (its
    // index in `starts`).
    let mut objects: Vec<(usize, Object)> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        match c {
            '{' => {
                starts.push(i);
                i += 1;
            }
            '}' => {
                if let Some(start) = starts.pop() {
                    if objects
                        .last()
                        .is_some_and(|(depth, _)| *depth == starts.len())
                    {
                        if let Some((_, object)) = objects.pop() {
                            if let (Some(uri), Some(value)) = (object.uri, object.value) {
                                if let Some(doc) = document(uri, value, Span::new(start, start + 1))
                                {
                                    documents.push(doc);
                                }
                            }
                        }
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
                if let Some(depth) = starts.len().checked_sub(1) {
                    if objects.last().is_none_or(|(d, _)| *d != depth) {
                        objects.push((depth, Object::default()));
                    }
                    if let Some((_, top)) = objects.last_mut() {
                        if is_key {
                            top.key = Some(string.value.text.clone());
                        } else {
                            match top.key.as_deref() {
                                Some(k) if k.eq_ignore_ascii_case("omaUri") => {
                                    top.uri = Some(string)
                                }
                                Some(k) if k.eq_ignore_ascii_case("value") => {
                                    top.value = Some(string)
                                }
                                _ => {}
                            }
                            top.key = None;
                        }
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
    wrapper.oma = Some(Box::new(OmaItem {
        loc_uri: uri.value.text.clone(),
        loc_uri_span: uri.span,
        command: None,
        command_span: object,
        in_atomic: false,
        escaping: PayloadEscaping::Plain,
        data_span: value.span,
        escaping_span: value.span,
    }));
    let (xml, map) = doc.into_parts();
    Some(Document { xml, map, wrapper })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_util::assert_exact;

    #[test]
    fn bad_escapes_do_not_stop_the_reading() {
        let profile = "{\"omaUri\": \"./Device/Vendor/MSFT/VPNv2/A/ProfileXML\", \"value\": \"<VPNProfile/>\"}";
        for bad in ["\\ud83d\\u0041", "\\uZZZZ", "\\u12", "\\ud800\\uD800"] {
            let text = format!("{{\"displayName\": \"VPN {bad}\", \"omaSettings\": [{profile}]}}");
            let docs = extract(&text);
            assert_eq!(docs.len(), 1, "{text}");
            assert_eq!(docs[0].xml, "<VPNProfile/>");
        }
        let mut out = String::new();
        let text = "\"a\\ud83d\\u0041b\\ud83d\\ude00\"";
        if let Some((s, _)) = read_string(text, 0) {
            out = s.value.text;
        }
        assert_eq!(out, "a\u{fffd}Ab\u{1f600}");
    }

    #[test]
    fn nested_and_unbalanced_braces() {
        let text = "{{{\"x\": {\"omaUri\": \"./Device/Vendor/MSFT/VPNv2/A/ProfileXML\", \"y\": {}, \"value\": \"<VPNProfile/>\"}}}}}}";
        assert_eq!(extract(text).len(), 1);
        assert_eq!(extract(&"{".repeat(100_000)).len(), 0);
    }

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
