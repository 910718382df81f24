//! XML entity un-escaping with a position map: used where a wrapper holds ProfileXML as
//! escaped text (SyncML `<Data>&lt;VPNProfile&gt;…`).

use super::posmap::MappedText;

/// The character an entity reference at the start of `text` stands for, and its length.
pub fn entity_at(text: &str) -> Option<(char, usize)> {
    let end = text.get(..text.len().min(12))?.find(';')?;
    let name = text.get(1..end)?;
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// Un-escapes `text` (whose byte `i` lies at file offset `to_file(i)`) into `out`; each
/// un-escaped character maps to the `&` of its entity. Unknown `&` sequences are copied.
pub fn unescape_into(out: &mut MappedText, text: &str, to_file: &dyn Fn(usize) -> usize) {
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with('&') {
            if let Some((c, len)) = entity_at(rest) {
                let mut buf = [0u8; 4];
                out.synthetic(c.encode_utf8(&mut buf), to_file(i));
                i += len;
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or('\u{fffd}');
        let len = c.len_utf8().min(rest.len());
        out.copy(&rest[..len], to_file(i));
        i += len;
    }
}

/// Whether `text` still holds an escaped VPNv2 or EAP document (`&lt;VPNProfile`...).
pub fn holds_escaped_profile(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("&lt;") && (text.contains("&lt;VPNProfile") || text.contains("&lt;EapHostConfig"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_map_to_their_ampersand() {
        let file = "x&lt;A&gt;é&#x41;&bogus;";
        let mut out = MappedText::new();
        unescape_into(&mut out, file, &|i| i);
        assert_eq!(out.text, "x<A>éA&bogus;");
        let map = &out.map;
        assert_eq!(map.to_file(1), 1); // '<' ← "&lt;"
        assert_eq!(map.to_file(2), 5); // 'A'
        assert_eq!(map.to_file(3), 6); // '>' ← "&gt;"
        assert_eq!(map.to_file(4), 10); // 'é'
        assert_eq!(map.to_file(6), 12); // 'A' ← "&#x41;"
        assert_eq!(map.to_file(7), 18); // '&' of "&bogus;"
    }
}
