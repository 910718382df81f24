//! Byte ranges and the line index used to turn them into line/column positions.

use serde::Serialize;

/// A half-open byte range `start..end` into one text (which text depends on the stage:
/// the reconstructed XML document inside rules, the decoded file at output time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// For the span of an element in `text`, the span of its start tag (`<Name ...>`): a
    /// short place to point at when a finding is about the element as a whole.
    pub fn start_tag(&self, text: &str) -> Span {
        Span::new(
            self.start,
            start_tag_end(text, self.start).min(self.end.max(self.start)),
        )
    }
}

/// Byte offset just past the `>` that closes the tag beginning at `start` (quotes respected).
pub fn start_tag_end(text: &str, start: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (i, b) in text.as_bytes().iter().enumerate().skip(start) {
        match (quote, *b) {
            (Some(q), c) if c == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(*b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    text.len()
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A 1-based line and column (columns count Unicode scalar values), plus the byte offset
/// into the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// Start offsets of every line of a text, built once per file so that positions are
/// computed without rescanning the text for each diagnostic.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        LineIndex { line_starts }
    }

    /// 0-based line number holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(0)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based (line, column) of byte `offset` in `text`; the column counts characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, column)
    }

    /// Byte offset of a 1-based (row, col) position as reported by roxmltree.
    pub fn offset_of(&self, text: &str, row: usize, col: usize) -> usize {
        let line = row.saturating_sub(1).min(self.line_count() - 1);
        let start = self.line_start(line);
        let rest = text.get(start..).unwrap_or("");
        rest.char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(col.saturating_sub(1))
            .map_or_else(
                || start + rest.find('\n').unwrap_or(rest.len()),
                |(i, _)| start + i,
            )
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary at or above `offset`.
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\r\nçé<x/>\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 4), (2, 1));
        // 'ç' and 'é' are two bytes each: '<' is the third character of line 2.
        assert_eq!(idx.line_col(text, 8), (2, 3));
        assert_eq!(idx.offset_of(text, 2, 3), 8);
    }
}
