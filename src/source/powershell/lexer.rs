//! The lexical layer: string literals (with PowerShell's own un-escaping and a position map
//! back into the script), `$` expansions, comments and blanks.

use super::super::posmap::MappedText;
use super::super::Quoting;
use crate::span::Span;
use regex::Regex;
use std::cell::{Cell, OnceCell};
use std::ops::Range;
use std::sync::OnceLock;

/// PowerShell accepts typographic quotes as well (scripts pasted from web pages have them).
pub(super) fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

pub(super) fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

pub(super) fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|_| Regex::new("$^").expect("valid")))
}

/// One string literal of the script.
pub(super) struct Literal {
    pub quoting: Quoting,
    /// The whole literal, quotes included.
    pub span: Span,
    /// The string's value (PowerShell's escapes undone), `$` expansions left as written.
    pub content: MappedText,
    /// The `$` expansions: where in `content`, and where in the script.
    pub interpolations: Vec<Interpolation>,
}

/// A `$name`, `${name}` or `$( ... )` inside an expandable string.
#[derive(Debug, Clone)]
pub(super) struct Interpolation {
    /// Its bytes in the literal's content.
    pub content: Range<usize>,
    /// Its bytes in the script.
    pub span: Span,
}

/// `#` starts a comment only at the start of a token.
pub(super) fn at_token_start(text: &str, i: usize) -> bool {
    match text[..i].chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, ';' | '(' | '{' | '}' | ')'),
    }
}

/// Reads the string literal that starts at `at`, if one does.
pub(super) fn read_literal(script: &Script, at: usize) -> Option<Literal> {
    let text = script.text;
    let rest = &text[at..];
    let mut chars = rest.chars();
    let first = chars.next()?;
    if first == '@' {
        let quote = chars.next()?;
        if !(is_single_quote(quote) || is_double_quote(quote)) {
            return None;
        }
        let after = at + 1 + quote.len_utf8();
        // Only blanks may follow the opener on its line. Reading just those (instead of
        // searching for the end of the line first) keeps a run of `@''` without a line
        // break from reading the rest of the file at every opener.
        let blanks = text[after..]
            .find(|c: char| c == '\n' || !c.is_whitespace())
            .map(|e| after + e)?;
        if !text[blanks..].starts_with('\n') {
            return None;
        }
        let line_end = blanks;
        let content_start = line_end + 1;
        // The closing `'@` / `"@` starts a line.
        let mut search = content_start;
        let (content_end, close_end) = loop {
            let line_end = text[search..].find('\n').map_or(text.len(), |e| search + e);
            let line = &text[search..line_end];
            let trimmed = line.trim_start();
            let mut tc = trimmed.chars();
            let closes = tc.next().is_some_and(|c| {
                if is_single_quote(quote) {
                    is_single_quote(c)
                } else {
                    is_double_quote(c)
                }
            }) && tc.next() == Some('@');
            if closes {
                let mut end = search.saturating_sub(1).max(content_start);
                if text[..end].ends_with('\r') && end > content_start {
                    end -= 1;
                }
                let close_at = search + (line.len() - trimmed.len());
                break (
                    end,
                    close_at + trimmed.chars().take(2).map(char::len_utf8).sum::<usize>(),
                );
            }
            if line_end >= text.len() {
                // Unterminated: PowerShell fails to parse the script; the rest is the string
                // (reading on from the next character would be quadratic).
                break (text.len(), text.len());
            }
            search = line_end + 1;
        };
        let body = &text[content_start..content_end];
        return Some(if is_single_quote(quote) {
            let mut content = MappedText::new();
            content.copy(body, content_start);
            Literal {
                quoting: Quoting::SingleHere,
                span: Span::new(at, close_end),
                content,
                interpolations: Vec::new(),
            }
        } else {
            let (content, interpolations, _) = expandable(script, content_start, Some(content_end));
            Literal {
                quoting: Quoting::DoubleHere,
                span: Span::new(at, close_end),
                content,
                interpolations,
            }
        });
    }
    if is_single_quote(first) {
        let mut content = MappedText::new();
        let mut i = at + first.len_utf8();
        loop {
            let Some(c) = text[i..].chars().next() else {
                // Unterminated: the rest of the script is the string.
                return Some(Literal {
                    quoting: Quoting::Single,
                    span: Span::new(at, text.len()),
                    content,
                    interpolations: Vec::new(),
                });
            };
            let len = c.len_utf8();
            if is_single_quote(c) {
                // `''` is one quote.
                if text[i + len..].starts_with(is_single_quote) {
                    content.copy(&text[i..i + len], i);
                    i += len + text[i + len..].chars().next().map_or(0, char::len_utf8);
                    continue;
                }
                return Some(Literal {
                    quoting: Quoting::Single,
                    span: Span::new(at, i + len),
                    content,
                    interpolations: Vec::new(),
                });
            }
            content.copy(&text[i..i + len], i);
            i += len;
        }
    }
    if is_double_quote(first) {
        let (content, interpolations, end) = expandable(script, at + first.len_utf8(), None);
        return Some(Literal {
            quoting: Quoting::Double,
            span: Span::new(at, end),
            content,
            interpolations,
        });
    }
    None
}

/// Reads an expandable string body from `start`: up to `end` (here-string) or to the closing
/// quote. Returns the content, the `$` expansions, and the offset after the literal.
fn expandable(
    script: &Script,
    start: usize,
    end: Option<usize>,
) -> (MappedText, Vec<Interpolation>, usize) {
    let text = script.text;
    let mut content = MappedText::new();
    let mut interpolations = Vec::new();
    let limit = end.unwrap_or(text.len());
    let mut i = start;
    while i < limit {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if c == '`' {
            let Some(next) = text[i + len..].chars().next() else {
                break;
            };
            let decoded = match next {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '0' => '\0',
                'a' => '\u{7}',
                'b' => '\u{8}',
                'e' => '\u{1b}',
                'f' => '\u{c}',
                'v' => '\u{b}',
                other => other,
            };
            let mut buf = [0u8; 4];
            content.synthetic(decoded.encode_utf8(&mut buf), i);
            i += len + next.len_utf8();
            continue;
        }
        if end.is_none() && is_double_quote(c) {
            if text[i + len..].starts_with(is_double_quote) {
                content.copy(&text[i..i + len], i);
                i += len + text[i + len..].chars().next().map_or(0, char::len_utf8);
                continue;
            }
            return (content, interpolations, i + len);
        }
        if c == '$' {
            let var_end = script.variable_end(i).min(limit);
            if var_end > i + 1 {
                let at = content.len();
                content.copy(&text[i..var_end], i);
                interpolations.push(Interpolation {
                    content: at..content.len(),
                    span: Span::new(i, var_end),
                });
                i = var_end;
                continue;
            }
        }
        content.copy(&text[i..i + len], i);
        i += len;
    }
    (content, interpolations, limit)
}

/// The script text, with what is learnt about it once instead of at every `$`.
pub(super) struct Script<'a> {
    pub text: &'a str,
    /// `(open, close)` offsets of the parentheses of every `$( ... )`, by `open`; found in
    /// one pass on first use. Searching for the `)` from each `$(` read up to the look-ahead
    /// bound per `$`: a run of `$(` cost seconds per megabyte.
    subexpressions: OnceCell<Vec<(usize, usize)>>,
    /// The last search for a `}`: from where, and the first one found there (`None`: none up
    /// to the end). Expansions are read front to back, so a run of `${` searches once.
    next_brace: Cell<(usize, Option<usize>)>,
}

/// How far an expansion may reach: `${...}` and `$(...)` are short in real scripts, and a
/// `$(` whose `)` is further away is read as text.
const EXPANSION_LOOK_AHEAD: usize = 4096;

impl<'a> Script<'a> {
    pub fn new(text: &'a str) -> Self {
        Script {
            text,
            subexpressions: OnceCell::new(),
            next_brace: Cell::new((usize::MAX, None)),
        }
    }

    /// The offset of the `)` closing the `(` at `open` (which follows a `$`), counting every
    /// parenthesis in between.
    pub fn subexpression_close(&self, open: usize) -> Option<usize> {
        let pairs = self.subexpressions.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut open: Vec<(usize, bool)> = Vec::new();
            let mut pairs = Vec::new();
            for at in memchr::memchr2_iter(b'(', b')', bytes) {
                if bytes[at] == b'(' {
                    open.push((at, at > 0 && bytes[at - 1] == b'$'));
                } else if let Some((start, true)) = open.pop() {
                    pairs.push((start, at));
                }
            }
            pairs.sort_unstable();
            pairs
        });
        let i = pairs.binary_search_by_key(&open, |&(o, _)| o).ok()?;
        Some(pairs[i].1)
    }

    /// The first `}` at or after `from`.
    fn brace_from(&self, from: usize) -> Option<usize> {
        let (searched_from, found) = self.next_brace.get();
        if searched_from <= from && found.is_none_or(|f| f >= from) {
            return found;
        }
        let found = memchr::memchr(b'}', self.text.as_bytes().get(from..)?).map(|i| from + i);
        self.next_brace.set((from, found));
        found
    }

    /// End of a `$name`, `${name}` or `$( ... )` expansion starting at `at` (`at + 1` if none).
    pub fn variable_end(&self, at: usize) -> usize {
        let text = self.text;
        if text.as_bytes().get(at) != Some(&b'$') {
            // Not an expansion (a caller's mistake): the character at `at` alone.
            return at
                + text
                    .get(at..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(1, char::len_utf8);
        }
        let limit =
            crate::span::floor_char_boundary(text, (at + 1 + EXPANSION_LOOK_AHEAD).min(text.len()))
                .max(at + 1);
        let rest = &text[at + 1..limit];
        if rest.starts_with('{') {
            return self
                .brace_from(at + 1)
                .filter(|&close| close < limit)
                .map_or(at + 1, |close| close + 1);
        }
        if rest.starts_with('(') {
            return self
                .subexpression_close(at + 1)
                .filter(|&close| close < limit)
                .map_or(at + 1, |close| close + 1);
        }
        let len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | ':' | '?')))
            .map_or(rest.len(), |(k, _)| k);
        // `$env:` alone, or a trailing `:` is not part of the name.
        let name = rest[..len].trim_end_matches(':');
        if name.is_empty() || !name.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            return at + 1;
        }
        at + 1 + name.len()
    }
}

pub(super) fn skip_blank(text: &str, mut i: usize, newlines: bool) -> usize {
    loop {
        let rest = &text[i..];
        if rest.starts_with("`\r\n") {
            i += 3;
        } else if rest.starts_with("`\n") {
            i += 2;
        } else if rest.starts_with([' ', '\t']) || (newlines && rest.starts_with(['\r', '\n'])) {
            i += 1;
        } else {
            return i;
        }
    }
}
