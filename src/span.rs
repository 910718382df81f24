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

/// Offsets of the bytes that end a line: every LF, and every CR not followed by an LF. A lone
/// CR is a line break to XML (it is normalised to LF before parsing) and to the editors people
/// open the file in, so files saved with classic Mac line ends get real line numbers.
pub fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(move |&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
}

/// How many line breaks (see [`line_breaks`]) are in `bytes[from..to]`; a CR just before
/// `to` is judged by the byte after it.
pub fn count_line_breaks(bytes: &[u8], from: usize, to: usize) -> usize {
    let to = to.min(bytes.len());
    let from = from.min(to);
    memchr::memchr2_iter(b'\n', b'\r', &bytes[from..to])
        .filter(|&i| bytes[from + i] == b'\n' || bytes.get(from + i + 1) != Some(&b'\n'))
        .count()
}

/// Where the line holding byte `offset` starts.
pub fn line_start_before(bytes: &[u8], offset: usize) -> usize {
    let mut end = offset.min(bytes.len());
    while let Some(i) = memchr::memrchr2(b'\n', b'\r', &bytes[..end]) {
        if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
            return i + 1;
        }
        // The CR of a CRLF whose LF is at `offset`: not a line break of its own.
        end = i;
    }
    0
}

/// Start offsets of every line of a text, built once per file so that positions are
/// computed without rescanning the text for each diagnostic.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Character counts at fixed steps, built on the first column asked for in a long line.
    columns: std::sync::OnceLock<CharCounts>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(line_breaks(text.as_bytes()).map(|i| i + 1));
        LineIndex {
            line_starts,
            columns: std::sync::OnceLock::new(),
        }
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

    /// 1-based (line, column) of byte `offset` in `text` (the text the index was built
    /// from); the column counts characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = if offset - start <= CharCounts::STEP {
            text.get(start..offset).map_or(0, |s| s.chars().count())
        } else {
            // Counting from the line start for every position is quadratic in a long line
            // holding many findings (a profile on one line, a flattened dump).
            let counts = self.columns.get_or_init(|| CharCounts::new(text));
            counts.chars_before(text, offset) - counts.chars_before(text, start)
        };
        (line + 1, column + 1)
    }

    /// Byte offset of a 1-based (row, col) position as reported by roxmltree, which counts
    /// rows at LF only (not at a lone CR, as this index does).
    pub fn offset_of(&self, text: &str, row: usize, col: usize) -> usize {
        let start = if row <= 1 {
            0
        } else {
            memchr::memchr_iter(b'\n', text.as_bytes())
                .nth(row - 2)
                .map_or_else(
                    || memchr::memrchr(b'\n', text.as_bytes()).map_or(0, |i| i + 1),
                    |i| i + 1,
                )
        };
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

/// How many characters come before every [`CharCounts::STEP`]-th byte of a text: the
/// character count before any offset is then one lookup and at most one step of counting.
#[derive(Debug, Clone)]
pub struct CharCounts {
    /// `before[k]`: characters in `text[..k * STEP]` (UTF-8 lead bytes, so the step need not
    /// fall on a character boundary).
    before: Vec<usize>,
}

impl CharCounts {
    pub const STEP: usize = 256;

    pub fn new(text: &str) -> Self {
        let mut before = Vec::with_capacity(text.len() / Self::STEP + 1);
        let mut total = 0;
        before.push(0);
        for chunk in text.as_bytes().chunks(Self::STEP) {
            total += count_lead_bytes(chunk);
            before.push(total);
        }
        CharCounts { before }
    }

    /// Characters in `text[..offset]`, for an `offset` on a character boundary.
    pub fn chars_before(&self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        let step = offset / Self::STEP;
        let from = step * Self::STEP;
        self.before.get(step).copied().unwrap_or(0)
            + text
                .as_bytes()
                .get(from..offset)
                .map_or(0, count_lead_bytes)
    }
}

/// Characters in UTF-8 bytes: every byte that is not a continuation byte starts one.
fn count_lead_bytes(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
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

    #[test]
    fn a_lone_cr_ends_a_line_for_positions_but_not_for_the_parser() {
        let text = "<a>\r<b/>\r\n<c/>\r";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(text, 4), (2, 1));
        // `\r\n` is one line break.
        assert_eq!(idx.line_col(text, 10), (3, 1));
        // roxmltree counts rows at LF only: row 2 starts after the `\n`.
        assert_eq!(idx.offset_of(text, 1, 5), 4);
        assert_eq!(idx.offset_of(text, 2, 1), 10);
    }

    #[test]
    fn columns_in_long_lines_are_counted_exactly() {
        let line: String = "aé€😀".repeat(500);
        let text = format!("x\n{line}\n{line}");
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(7) {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[start..offset].chars().count() + 1;
            assert_eq!(idx.line_col(&text, offset).1, expected, "at {offset}");
        }
    }
}
