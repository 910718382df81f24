//! Byte offsets of a document ↔ LSP positions.
//!
//! LSP counts columns in UTF-16 code units unless client and server agreed on UTF-8 in
//! `initialize`; the library reports byte offsets. Lines break at LF, CRLF and a lone CR, as
//! in the protocol and in [`crate::span::line_breaks`].
//!
//! A profile pasted for Intune is often one long line, so a UTF-16 column is not found by
//! counting from the line start each time (quadratic in findings × line length): the UTF-16
//! length of the text is recorded every [`STEP`] bytes, and a column is the difference of two
//! such counts, each finished with a scan of at most [`STEP`] bytes.

use crate::span::line_breaks;
use lsp_types::{Position, Range};

/// The column unit negotiated with the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Bytes between two recorded UTF-16 counts.
const STEP: usize = 256;

/// Line starts and UTF-16 counts of one document text.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
    /// `(byte offset, UTF-16 units before it)` at char boundaries about every [`STEP`] bytes,
    /// starting with `(0, 0)`.
    checkpoints: Vec<(usize, usize)>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(line_breaks(text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = vec![(0, 0)];
        let mut units = 0;
        let mut next = STEP;
        for (at, c) in text.char_indices() {
            if at >= next {
                checkpoints.push((at, units));
                next = at + STEP;
            }
            units += c.len_utf16();
        }
        Lines {
            starts,
            checkpoints,
        }
    }

    /// UTF-16 units in `text[..offset]` (`offset` on a char boundary).
    fn units_before(&self, text: &str, offset: usize) -> usize {
        let at = self.checkpoints.partition_point(|&(o, _)| o <= offset);
        let (from, units) = self.checkpoints[at.saturating_sub(1)];
        units
            + text
                .get(from..offset)
                .map_or(0, |s| s.encode_utf16().count())
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => self.units_before(text, offset) - self.units_before(text, start),
        };
        Position::new(line as u32, character as u32)
    }

    /// The byte offset of a 1-based line and a 1-based column counted in characters (the
    /// library's [`crate::span::Position`]); clamped to the line.
    pub fn offset_of_char(&self, text: &str, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        let line_text = text.get(start..end).unwrap_or("");
        start
            + line_text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i)
    }

    pub fn range(&self, text: &str, start: usize, end: usize, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, start, encoding),
            self.position(text, end, encoding),
        )
    }

    /// The byte offset of a client position. A line past the end is the end of the text; a
    /// column past the end of its line is the line's end (as the protocol asks); a column
    /// inside a character is that character's start.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let next = self
            .starts
            .get(position.line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let line = text.get(start..next).unwrap_or("");
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        let wanted = position.character as usize;
        let mut at = match encoding {
            Encoding::Utf8 => (start + wanted).min(end),
            Encoding::Utf16 => {
                // Skip to the last checkpoint at or before the wanted column, then scan.
                let goal = self.units_before(text, start) + wanted;
                let first = self.checkpoints.partition_point(|&(o, _)| o <= start);
                let skip =
                    self.checkpoints[first..].partition_point(|&(o, u)| o < end && u <= goal);
                let (mut at, mut units) = match skip {
                    0 => (start, goal - wanted),
                    n => self.checkpoints[first + n - 1],
                };
                while at < end && units < goal {
                    let c = text[at..].chars().next().map_or(1, char::len_utf16);
                    units += c;
                    at += text[at..].chars().next().map_or(1, char::len_utf8);
                }
                if units > goal {
                    // The column falls inside a surrogate pair: the character's start.
                    at -= text[..at].chars().next_back().map_or(0, char::len_utf8);
                }
                at
            }
        };
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        let text = "<a>é😀x</a>\r\nb";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(
            lines.position(text, x, Encoding::Utf16),
            Position::new(0, 6)
        );
        assert_eq!(lines.position(text, x, Encoding::Utf8), Position::new(0, 9));
        assert_eq!(lines.offset(text, Position::new(0, 6), Encoding::Utf16), x);
        assert_eq!(lines.offset(text, Position::new(0, 9), Encoding::Utf8), x);
        let b = text.len() - 1;
        assert_eq!(
            lines.position(text, b, Encoding::Utf16),
            Position::new(1, 0)
        );
        assert_eq!(
            lines.offset(text, Position::new(0, 99), Encoding::Utf16),
            b - 2
        );
        assert_eq!(
            lines.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        // Inside the surrogate pair of 😀: its start.
        let smiley = text.find('😀').unwrap_or(0);
        assert_eq!(
            lines.offset(text, Position::new(0, 5), Encoding::Utf16),
            smiley
        );
    }

    /// Round trips on a long line of mixed text agree with counting from the line start.
    #[test]
    fn checkpoints_agree_with_counting() {
        let text = format!("x\n{}", "ab é 😀 <Servers>".repeat(500));
        let lines = Lines::new(&text);
        for (offset, _) in text.char_indices().step_by(7) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..offset].encode_utf16().count() as u32;
            let position = lines.position(&text, offset, Encoding::Utf16);
            assert_eq!(position.character, expected, "at {offset}");
            assert_eq!(lines.offset(&text, position, Encoding::Utf16), offset);
        }
    }
}
