//! Lines of a log with their spans and 1-based numbers.

use crate::span::Span;

pub struct Line<'a> {
    /// The line without its `\n` / `\r\n`.
    pub text: &'a str,
    pub span: Span,
    pub number: usize,
}

/// Every line of `text` (a BOM at the start is left out of the first).
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut start = bom;
    let mut number = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let content_end = if end > start && text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        number += 1;
        let line = Line {
            text: &text[start..content_end],
            span: Span::new(start, content_end),
            number,
        };
        start = end + 1;
        Some(line)
    })
}

/// 1-based line number of byte `offset`, counting from a known (line, offset) pair forward so
/// that numbering a file's records in order stays linear.
pub fn advance(text: &str, from: (usize, usize), offset: usize) -> (usize, usize) {
    let (line, at) = from;
    let offset = offset.min(text.len()).max(at);
    let breaks = memchr::memchr_iter(b'\n', &text.as_bytes()[at..offset]).count();
    (line + breaks, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_drop_their_breaks() {
        let text = "\u{feff}a\r\nbb\n\nc";
        let all: Vec<(&str, usize)> = lines(text).map(|l| (l.text, l.number)).collect();
        assert_eq!(all, [("a", 1), ("bb", 2), ("", 3), ("c", 4)]);
        let second = lines(text).nth(1).map(|l| l.span);
        assert_eq!(second.map(|s| &text[s.start..s.end]), Some("bb"));
        // Byte 9 is the empty third line (the BOM takes three bytes).
        assert_eq!(advance(text, (1, 0), 9), (3, 9));
    }
}
