//! Damage that is not at a line break: tokens fused or split when someone joined the
//! wrapped lines of a dump by hand (`<EapHostConfigxmlns=`, `xml ns=`), repaired where the
//! repair is unambiguous.

use super::lexer::{is_name_char, is_name_start};
use crate::source::posmap::MappedText;
use crate::source::{is_known_element, DamageKind};
use crate::span::Span;

/// A repair of damage inside a line: insert a space at `at` (fused), or delete `at..end`
/// (split). `token` is the damaged text to point at.
#[derive(Debug, Clone, Copy)]
pub(super) struct Repair {
    pub(super) kind: DamageKind,
    pub(super) at: usize,
    pub(super) end: usize,
    pub(super) token: Span,
}

impl Repair {
    pub(super) fn replacement_of(&self, text: &str) -> String {
        let before = text.get(self.token.start..self.at).unwrap_or("");
        let after = text.get(self.end..self.token.end).unwrap_or("");
        match self.kind {
            DamageKind::Fused => format!(
                "{before} {}",
                text.get(self.at..self.token.end).unwrap_or("")
            ),
            _ => format!("{before}{after}"),
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
        let mut attributes_from = next;
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
                out.push(Repair {
                    kind: DamageKind::Fused,
                    at: name_start + k,
                    end: name_start + k,
                    token: Span::new(lt, name_end + 1),
                });
            }
        }
        // `<EKU Name>` / `</EKU Name>`: a name cut in two.
        if next > name_end && !is_known_element(name) && text[next..].starts_with(is_name_start) {
            let second_end = name_at(text, next);
            let joined = format!("{name}{}", &text[next..second_end]);
            let after = skip_ws(text, second_end);
            if is_known_element(&joined) && !text[after..].starts_with('=') {
                out.push(Repair {
                    kind: DamageKind::Split,
                    at: name_end,
                    end: next,
                    token: Span::new(lt, second_end),
                });
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
        at = skip_ws(text, at);
        if at >= text.len() || !text[at..].starts_with(is_name_start) {
            return;
        }
        let first_end = name_at(text, at);
        let after = skip_ws(text, first_end);
        if text[after..].starts_with('=') {
            // Skip the value.
            let value = skip_ws(text, after + 1);
            let Some(q) = text[value..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
            else {
                return;
            };
            match text[value + 1..].find(q) {
                Some(close) => at = value + 1 + close + 1,
                None => return,
            }
            // `"xmlns:a="`: the next attribute was run into the closing quote.
            if text[at..].starts_with(is_name_start) {
                let next_end = name_at(text, at);
                if text[next_end..].starts_with('=') {
                    out.push(Repair {
                        kind: DamageKind::Fused,
                        at,
                        end: at,
                        token: Span::new(at - 1, next_end + 1),
                    });
                }
            }
            continue;
        }
        if after > first_end && text[after..].starts_with(is_name_start) {
            let second_end = name_at(text, after);
            let then = skip_ws(text, second_end);
            if text[then..].starts_with('=') {
                out.push(Repair {
                    kind: DamageKind::Split,
                    at: first_end,
                    end: after,
                    token: Span::new(at, second_end),
                });
                at = second_end;
                continue;
            }
        }
        return;
    }
}

/// Applies the repairs to the mapped text (inserted spaces map to the fusion point).
pub(super) fn apply(mapped: &MappedText, repairs: &[Repair]) -> MappedText {
    if repairs.is_empty() {
        return mapped.clone();
    }
    let mut sorted: Vec<&Repair> = repairs.iter().collect();
    sorted.sort_by_key(|r| r.at);
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
        if r.at < i {
            continue;
        }
        copy(&mut out, i, r.at);
        match r.kind {
            DamageKind::Fused => {
                out.synthetic(" ", mapped.map.to_file(r.at));
                i = r.at;
            }
            _ => i = r.end,
        }
    }
    copy(&mut out, i, text.len());
    out
}
