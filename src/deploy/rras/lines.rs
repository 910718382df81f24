//! The layout of a saved PowerShell dump, without knowing any cmdlet: `Key : value` properties
//! of `Format-List` (with their wrapped continuation lines), cells of a one-row table
//! (`Select-Object` output), and `reg query` value lines; everything else is skipped.
//!
//! Research notes server-side.md §2.5 describe the grammar. The parts that shape this code:
//! keys are padded to the record's longest key, so the colon sits in one column and a wrapped
//! value (or a multi-line value such as a certificate's `[Subject]`/`[Thumbprint]` dump)
//! continues on lines indented past that column; some outputs put a blank line between every
//! property, so blank lines end nothing; transcripts and `>` redirections add prompts,
//! `WARNING:` lines and transcript banners.

use crate::span::Span;

/// One line of the text, without its line break.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start().len()
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The span of `part`, a slice of this line.
    fn span_of(&self, part: &str) -> Span {
        let offset = part.as_ptr() as usize - self.text.as_ptr() as usize;
        Span::new(self.start + offset, self.start + offset + part.len())
    }
}

/// One piece of a dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item<'a> {
    /// `Key : value`, with the value's first line and its continuation lines (trimmed, empty
    /// ones left out; the first is kept even when empty, so that an empty value has a place).
    Property {
        key: &'a str,
        key_span: Span,
        lines: Vec<(&'a str, Span)>,
    },
    /// One cell of a table row under the column headed `column`.
    Cell {
        column: &'a str,
        column_span: Span,
        value: &'a str,
        span: Span,
    },
}

/// The items of `text`, in order.
pub(super) fn items(text: &str) -> Vec<Item<'_>> {
    let lines = split_lines(text);
    let mut items = Vec::new();
    // The property whose value may continue, and the column its colon is in.
    let mut open: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.is_blank() {
            continue;
        }
        if is_noise(line.text.trim()) {
            open = None;
            continue;
        }
        if let Some((index, colon)) = open {
            if line.indent() > colon {
                if let Some(Item::Property { lines: values, .. }) = items.get_mut(index) {
                    let value = line.text.trim();
                    values.push((value, line.span_of(value)));
                }
                continue;
            }
        }
        open = None;
        if let Some((item, colon)) = property(line) {
            open = Some((items.len(), colon));
            items.push(item);
            continue;
        }
        if let Some(item) = reg_query_value(line) {
            items.push(item);
            continue;
        }
        if let Some(next) = lines.get(i) {
            if let Some(columns) = table_columns(line, *next) {
                i += 1;
                i = table_rows(&lines, i, line, &columns, &mut items);
            }
        }
    }
    items
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let content = piece.strip_suffix('\n').unwrap_or(piece);
        let content = content.strip_suffix('\r').unwrap_or(content);
        lines.push(Line {
            text: content,
            start,
        });
        start += piece.len();
    }
    lines
}

/// Lines PowerShell adds around the output itself: stream messages, prompts, transcript
/// banners. (Transcript header lines such as `Username: CORP\admin` are left to be read as
/// properties of no interest.)
fn is_noise(trimmed: &str) -> bool {
    const STREAMS: [&str; 5] = ["WARNING:", "VERBOSE:", "DEBUG:", "INFORMATION:", "ERROR:"];
    let starts_with = |prefix: &str| {
        trimmed
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    STREAMS.iter().any(|prefix| starts_with(prefix))
        || (trimmed.starts_with("PS ") && trimmed.contains('>'))
        || trimmed.starts_with("PS>")
        || trimmed.starts_with(">>")
        || (trimmed.len() >= 3 && trimmed.bytes().all(|b| b == b'*'))
        || starts_with("Windows PowerShell transcript")
        || starts_with("PowerShell transcript")
        || starts_with("Transcript started")
        || starts_with("Transcript stopped")
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'(' | b')' | b'_' | b'-')
}

/// `Key : value` (a property line), with the column of its colon.
fn property(line: Line<'_>) -> Option<(Item<'_>, usize)> {
    let indent = line.indent();
    let rest = &line.text[indent..];
    let key_len = rest.bytes().take_while(|&b| is_key_byte(b)).count();
    let key = &rest[..key_len];
    if !key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let after_key = &rest[key_len..];
    let padding = after_key.len() - after_key.trim_start_matches([' ', '\t']).len();
    let after_padding = &after_key[padding..];
    let value = after_padding.strip_prefix(':')?;
    let colon = indent + key_len + padding;
    let value = value.trim();
    let value_span = if value.is_empty() {
        let at = line.start + (colon + 1).min(line.text.len());
        Span::new(at, at)
    } else {
        line.span_of(value)
    };
    Some((
        Item::Property {
            key,
            key_span: line.span_of(key),
            lines: vec![(value, value_span)],
        },
        colon,
    ))
}

/// A `Key : value` line with blanks before the colon, as only Format-List pads keys (a table
/// cell such as `C:\Windows` is not one).
fn padded_property(line: Line<'_>) -> bool {
    property(line).is_some_and(|(item, colon)| match item {
        Item::Property { key_span, .. } => colon + line.start > key_span.end,
        Item::Cell { .. } => false,
    })
}

/// `    IgnoreNoRevocationCheck    REG_DWORD    0x1`, a value line of `reg query`.
fn reg_query_value(line: Line<'_>) -> Option<Item<'_>> {
    if line.indent() == 0 {
        return None;
    }
    let mut words = line.text.split_whitespace();
    let key = words.next()?;
    let kind = words.next()?;
    let value = words.next()?;
    if !kind.starts_with("REG_") || words.next().is_some() || !key.bytes().all(is_key_byte) {
        return None;
    }
    Some(Item::Property {
        key,
        key_span: line.span_of(key),
        lines: vec![(value, line.span_of(value))],
    })
}

/// A table header: `header` is column names, `dashes` a run of dashes under each; the byte
/// range of every run, which is the width of its column.
fn table_columns<'a>(header: Line<'a>, dashes: Line<'a>) -> Option<Vec<(&'a str, usize, usize)>> {
    if !dashes.text.trim().bytes().all(|b| b == b'-' || b == b' ') {
        return None;
    }
    let mut runs = Vec::new();
    let bytes = dashes.text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'-' {
            let from = at;
            while at < bytes.len() && bytes[at] == b'-' {
                at += 1;
            }
            runs.push((from, at));
        } else {
            at += 1;
        }
    }
    // Every header word sits over its own run (right-aligned headers of number columns
    // do not start where the run starts).
    let mut columns = Vec::with_capacity(runs.len());
    let mut words = header.text.split_whitespace().peekable();
    for &(from, to) in &runs {
        let word = words.next()?;
        let offset = word.as_ptr() as usize - header.text.as_ptr() as usize;
        if offset < from || offset + word.len() > to || !word.bytes().all(is_key_byte) {
            return None;
        }
        columns.push((word, from, to));
    }
    (words.peek().is_none() && !columns.is_empty()).then_some(columns)
}

/// Reads the rows under a table header into cells; returns the index of the first line
/// after the table (a blank line or the end ends it).
fn table_rows<'a>(
    lines: &[Line<'a>],
    mut i: usize,
    header: Line<'a>,
    columns: &[(&'a str, usize, usize)],
    items: &mut Vec<Item<'a>>,
) -> usize {
    while let Some(row) = lines.get(i) {
        // A table ends at a blank line; a `Key : value` line right after it (no blank line
        // between, as when dumps are pasted together) starts the next output.
        if row.is_blank() || is_noise(row.text.trim()) || padded_property(*row) {
            break;
        }
        i += 1;
        for (k, &(column, from, _)) in columns.iter().enumerate() {
            let to = columns.get(k + 1).map_or(row.text.len(), |next| next.1);
            let from = crate::span::floor_char_boundary(row.text, from);
            let to = crate::span::floor_char_boundary(row.text, to).max(from);
            let cell = row.text[from..to].trim();
            if cell.is_empty() {
                continue;
            }
            items.push(Item::Cell {
                column,
                column_span: header.span_of(column),
                value: cell,
                span: row.span_of(cell),
            });
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_and_values(text: &str) -> Vec<(String, String)> {
        items(text)
            .into_iter()
            .map(|item| match item {
                Item::Property { key, lines, .. } => (
                    key.to_owned(),
                    lines.iter().map(|l| l.0).collect::<Vec<_>>().join("|"),
                ),
                Item::Cell { column, value, .. } => (format!("[{column}]"), value.to_owned()),
            })
            .collect()
    }

    #[test]
    fn padded_keys_empty_values_and_continuations() {
        let text = "UserAuthProtocolAccepted      : {EAP, Certificate}\r\n\
                    RootCertificateNameToAccept   :\r\n\
                    CertificateAdvertised         : [Subject]\r\n\
                    \x20                                 CN=vpn.example.com\r\n\
                    \r\n\
                    \x20                               [Thumbprint]\r\n\
                    \x20                                 0123\r\n";
        assert_eq!(
            keys_and_values(text),
            [
                (
                    "UserAuthProtocolAccepted".into(),
                    "{EAP, Certificate}".into()
                ),
                ("RootCertificateNameToAccept".into(), "".into()),
                (
                    "CertificateAdvertised".into(),
                    "[Subject]|CN=vpn.example.com|[Thumbprint]|0123".into()
                ),
            ]
        );
    }

    #[test]
    fn spans_point_at_the_value() {
        let text = "a\nDHGroup   : Group14  \n";
        let found = items(text);
        let Some(Item::Property {
            key_span, lines, ..
        }) = found.first()
        else {
            panic!("no property in {found:?}");
        };
        assert_eq!(&text[key_span.start..key_span.end], "DHGroup");
        assert_eq!(&text[lines[0].1.start..lines[0].1.end], "Group14");
    }

    #[test]
    fn noise_ends_a_value_and_is_skipped() {
        let text = "PS C:\\> Get-VpnServerConfiguration\n\
                    WARNING: restart the RemoteAccess service\n\
                    DHGroup : Group14\n\
                    **********************\n\
                    \x20         more\n";
        assert_eq!(
            keys_and_values(text),
            [("DHGroup".into(), "Group14".into())]
        );
    }

    #[test]
    fn tables_and_reg_query_lines() {
        let text = "\r\nIgnoreNoRevocationCheck\r\n-----------------------\r\n                      1\r\n\r\n\
                    HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\RasMan\\PPP\\EAP\\13\n\
                    \x20   NoRevocationCheck    REG_DWORD    0x0\n";
        assert_eq!(
            keys_and_values(text),
            [
                ("[IgnoreNoRevocationCheck]".into(), "1".into()),
                ("NoRevocationCheck".into(), "0x0".into()),
            ]
        );
        let then_a_list =
            "IgnoreNoRevocationCheck\n-----------------------\n1\nDHGroup : Group14\n";
        assert_eq!(
            keys_and_values(then_a_list),
            [
                ("[IgnoreNoRevocationCheck]".into(), "1".into()),
                ("DHGroup".into(), "Group14".into()),
            ]
        );
        let two = "   Id Name\n   -- ----\n    7 x\n";
        assert_eq!(
            keys_and_values(two),
            [("[Id]".into(), "7".into()), ("[Name]".into(), "x".into())]
        );
    }

    #[test]
    fn prose_is_not_a_table_or_a_property() {
        assert!(items("Hello world\n-----\nx y\n").is_empty());
        assert!(items("# EncryptionMethod : AES\n$x = 1\n").is_empty());
    }
}
