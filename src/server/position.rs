//! Byte offsets of a document ↔ LSP positions.
//!
//! LSP counts columns in UTF-16 code units unless client and server agreed on UTF-8 in
//! `initialize`; the library reports byte offsets. Lines break at LF, CRLF and a lone CR, as
//! in the protocol and in [`crate::span::line_breaks`].

use crate::span::line_breaks;
use lsp_types::{Position, Range};

/// The column unit negotiated with the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Line starts of one document text.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(line_breaks(text.as_bytes()).map(|i| i + 1));
        Lines { starts }
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let before = text.get(start..offset).unwrap_or("");
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, start: usize, end: usize, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, start, encoding),
            self.position(text, end, encoding),
        )
    }

    /// The byte offset of a client position. A line past the end is the end of the text; a
    /// column past the end of its line is the line's end (as the protocol asks).
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let line = text.get(start..end).unwrap_or("");
        let line = line.trim_end_matches(['\n', '\r']);
        let wanted = position.character as usize;
        let mut units = 0;
        for (at, c) in line.char_indices() {
            if units >= wanted {
                return start + at;
            }
            units += match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        start + line.len()
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
    }
}
