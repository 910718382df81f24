//! Damage that is not at a line break: tokens fused or split when someone joined the
//! wrapped lines of a dump by hand (`<EapHostConfigxmlns=`, `xml ns=`), repaired where the
//! repair is unambiguous.

use super::lexer::{is_name_char, is_name_start};
use crate::source::posmap::MappedText;
use crate::source::{is_known_element, DamageKind};
use crate::span::Span;

/// A repair of damage inside a line: replace `at..end` with `insert` (a space inserted where
/// tokens were fused, a space deleted where a name was split, a pasted character put back).
/// `token` is the damaged text to point at.
#[derive(Debug, Clone)]
pub(super) struct Repair {
    pub(super) kind: DamageKind,
    pub(super) at: usize,
    pub(super) end: usize,
    pub(super) insert: String,
    pub(super) token: Span,
}

impl Repair {
    fn fused(at: usize, token: Span) -> Self {
        Repair {
            kind: DamageKind::Fused,
            at,
            end: at,
            insert: " ".into(),
            token,
        }
    }

    fn split(at: usize, end: usize, token: Span) -> Self {
        Repair {
            kind: DamageKind::Split,
            at,
            end,
            insert: String::new(),
            token,
        }
    }

    fn pasted(at: usize, end: usize, insert: impl Into<String>) -> Self {
        Repair {
            kind: DamageKind::Pasted,
            at,
            end,
            insert: insert.into(),
            token: Span::new(at, end),
        }
    }

    pub(super) fn replacement_of(&self, text: &str) -> String {
        let before = text.get(self.token.start..self.at).unwrap_or("");
        let after = text.get(self.end..self.token.end).unwrap_or("");
        format!("{before}{}{after}", self.insert)
    }
}

/// Typographic quotes that mail and word processors put in place of `"` and `'`.
fn is_typographic_quote(c: char) -> bool {
    matches!(
        c,
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' | '\u{2018}' | '\u{2019}'
    )
}

/// Non-breaking and other Unicode spaces that are not XML white space.
fn is_pasted_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Pasted spaces in `text[from..to]` (the blanks between two parts of a tag).
fn pasted_spaces(text: &str, from: usize, to: usize, out: &mut Vec<Repair>) {
    for (k, c) in text[from..to].char_indices() {
        if is_pasted_space(c) {
            out.push(Repair::pasted(from + k, from + k + c.len_utf8(), " "));
        }
    }
}

fn name_at(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| !is_name_char(*c))
        .map_or(text.len(), |(i, _)| at + i)
}

fn skip_ws(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(i, _)| at + i)
}

/// Fused tokens (`<EapHostConfigxmlns="`: a known element name run into an attribute) and
/// split tokens (`xml ns="`, `</EKU Name>`) in the tags of `text`.
pub(super) fn find_repairs(text: &str) -> Vec<Repair> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find('<') {
        let lt = i + found;
        let rest = &text[lt..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(text.len(), |e| lt + e + 3);
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            i = rest.find("]]>").map_or(text.len(), |e| lt + e + 3);
            continue;
        }
        let end_tag = rest.starts_with("</");
        let name_start = lt + if end_tag { 2 } else { 1 };
        if !text[name_start..].starts_with(is_name_start) {
            i = lt + 1;
            continue;
        }
        let name_end = name_at(text, name_start);
        let name = &text[name_start..name_end];
        let next = skip_ws(text, name_end);
        let mut attributes_from = name_end;
        // `<KnownNameattr=`: split off the longest known element name.
        if !end_tag && text[name_end..].starts_with('=') && !is_known_element(name) {
            // The longest known element name, else whatever precedes an `xmlns` that was
            // run into an unknown element's name (`<AzVpnProfilexmlns:i=`).
            let known = (1..name.len())
                .rev()
                .filter(|&k| name.is_char_boundary(k))
                .find(|&k| is_known_element(&name[..k]))
                .or_else(|| name.rfind("xmlns").filter(|&k| k > 0));
            if let Some(k) = known {
                attributes_from = name_start + k;
                out.push(Repair::fused(name_start + k, Span::new(lt, name_end + 1)));
            }
        }
        // `<EKU Name>` / `</EKU Name>`: a name cut in two.
        if next > name_end && !is_known_element(name) && text[next..].starts_with(is_name_start) {
            let second_end = name_at(text, next);
            let joined = format!("{name}{}", &text[next..second_end]);
            let after = skip_ws(text, second_end);
            if is_known_element(&joined) && !text[after..].starts_with('=') {
                out.push(Repair::split(name_end, next, Span::new(lt, second_end)));
            }
        }
        if !end_tag {
            scan_attributes(text, attributes_from, &mut out);
        }
        i = lt + 1;
    }
    out
}

/// Attributes of one start tag from `at`: an attribute name followed by another name and
/// then `=` (`xml ns="..."`) was split by a space.
fn scan_attributes(text: &str, mut at: usize, out: &mut Vec<Repair>) {
    loop {
        let blank = at;
        at = skip_ws(text, at);
        pasted_spaces(text, blank, at, out);
        if at >= text.len() || !text[at..].starts_with(is_name_start) {
            return;
        }
        let first_end = name_at(text, at);
        let after = skip_ws(text, first_end);
        if text[after..].starts_with('=') {
            pasted_spaces(text, first_end, after, out);
            let value = skip_ws(text, after + 1);
            let Some(q) = text[value..].chars().next() else {
                return;
            };
            let close = if q == '"' || q == '\'' {
                let Some(close) = text[value + 1..].find(q).map(|c| value + 1 + c) else {
                    return;
                };
                safe_links(text, value + 1, close, out);
                close
            } else if is_typographic_quote(q) {
                // `xmlns=”http://…”`: a mail program replaced the quotes.
                let Some(close) = text[value + q.len_utf8()..]
                    .char_indices()
                    .find(|&(_, c)| is_typographic_quote(c) || c == '"')
                    .map(|(k, _)| value + q.len_utf8() + k)
                else {
                    return;
                };
                out.push(Repair::pasted(value, value + q.len_utf8(), "\""));
                let closing = text[close..].chars().next().unwrap_or('"');
                if closing != '"' {
                    out.push(Repair::pasted(close, close + closing.len_utf8(), "\""));
                }
                close
            } else {
                return;
            };
            at = close + text[close..].chars().next().map_or(1, char::len_utf8);
            // `"xmlns:a="`: the next attribute was run into the closing quote.
            if text[at..].starts_with(is_name_start) {
                let next_end = name_at(text, at);
                if text[next_end..].starts_with('=') {
                    out.push(Repair::fused(at, Span::new(at - 1, next_end + 1)));
                }
            }
            continue;
        }
        if after > first_end && text[after..].starts_with(is_name_start) {
            let second_end = name_at(text, after);
            let then = skip_ws(text, second_end);
            if text[then..].starts_with('=') {
                out.push(Repair::split(first_end, after, Span::new(at, second_end)));
                at = second_end;
                continue;
            }
        }
        return;
    }
}

/// An attribute value (`text[from..to]`) that Outlook's Safe Links rewrote
/// (`https://….safelinks.protection.outlook.com/?url=http%3A%2F%2F…&data=…`): the original
/// URL is the `url` parameter.
fn safe_links(text: &str, from: usize, to: usize, out: &mut Vec<Repair>) {
    let value = &text[from..to];
    if !value.contains(".safelinks.protection.outlook.com/") {
        return;
    }
    let Some(start) = value.find("url=").map(|k| k + 4) else {
        return;
    };
    let end = value[start..].find('&').map_or(value.len(), |k| start + k);
    let decoded = percent_decode(&value[start..end]);
    // A URL, not something that would break the attribute.
    if decoded.starts_with("http") && !decoded.contains(['"', '<', '>', '&']) {
        out.push(Repair::pasted(from, to, decoded));
    }
}
/// `%3A%2F%2F` → `://` (invalid escapes are kept as they are).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Applies the repairs to the mapped text (inserted text maps to where it stands in).
pub(super) fn apply(mapped: &MappedText, repairs: &[Repair]) -> MappedText {
    if repairs.is_empty() {
        return mapped.clone();
    }
    let mut sorted: Vec<&Repair> = repairs.iter().collect();
    sorted.sort_by_key(|r| (r.at, r.end));
    let mut out = MappedText::new();
    let text = &mapped.text;
    let mut i = 0;
    let copy = |out: &mut MappedText, from: usize, to: usize| {
        let mut k = from;
        for c in text[from..to].chars() {
            let mut buf = [0u8; 4];
            out.copy(c.encode_utf8(&mut buf), mapped.map.to_file(k));
            k += c.len_utf8();
        }
    };
    for r in sorted {
        if r.at < i || r.end > text.len() {
            continue;
        }
        copy(&mut out, i, r.at);
        out.synthetic(&r.insert, mapped.map.to_file(r.at));
        i = r.end;
    }
    copy(&mut out, i, text.len());
    out
}
