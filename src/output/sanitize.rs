//! One escaping layer for every piece of text that reaches a terminal or a CI log: profile
//! text (values, source snippets), wrapper text (a SyncML `LocURI`, a WMI `InstanceID`, an
//! Intune `omaUri`, PowerShell comments), file names, messages and help texts.
//!
//! Profiles and file names come from pull requests, and the output of a CI job is read by
//! programs that act on it:
//!
//! - terminals run escape sequences (ESC, BEL, OSC 8 hyperlinks, clear screen);
//! - GitHub's runner and the Azure Pipelines agent read the log line by line with .NET
//!   `ReadLine()`, which also ends a line at a bare CR; a line whose first non-blank
//!   characters are `::` is a GitHub workflow command (`::add-mask::`, `::error`,
//!   `::stop-commands::`), and `##[` one of the older runner's and the agent's commands;
//! - the Azure Pipelines agent acts on `##vso[` *anywhere* in a line (`Command.TryParse`
//!   uses `IndexOf`), so a value quoted mid-sentence can set pipeline variables;
//! - bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) make text read
//!   differently from what it is ("Trojan Source", CVE-2021-42574).
//!
//! The escape is one visible form everywhere, `\u{1b}` (hexadecimal code point, as Rust
//! writes it):
//!
//! | what | human, concise, github | json, sarif |
//! |---|---|---|
//! | C0 controls, DEL, C1 controls | `\u{1b}`, `\u{7}`, `\u{85}` (TAB and LF kept where they are layout: messages and help of the human format) | JSON escapes (`\u001b`), exact data |
//! | a bare CR | `\u{d}` (in source snippets: drawn as the line break it is to XML, see `human.rs`) | `\r` |
//! | bidi overrides and isolates | `\u{202e}` | exact data |
//! | `##vso[` (any case) | `##vso\u{5b}` | `##vso\u005b`: JSON decodes it to the same text, the raw log line no longer holds `##vso[` |
//! | `::` or `##[` first on a line | `\u{3a}:`, `##\u{5b}` | cannot happen (JSON puts no text first on a line) |
//!
//! The GitHub format additionally escapes `%`, CR and LF the way the Actions toolkit does.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character must not reach a terminal or log as it is: C0 and C1 controls, DEL,
/// and the bidirectional overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Appends the visible escape of `c` (`\u{1b}`).
pub fn push_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// Whether the `[` at `at` of `text` ends an Azure Pipelines logging command opener
/// (`##vso[`, any case).
pub fn opens_vso_command(text: &str, at: usize) -> bool {
    at >= 5
        && text
            .as_bytes()
            .get(at - 5..at)
            .is_some_and(|before| before.eq_ignore_ascii_case(b"##vso"))
}

/// Text shown on one line (a path, a concise message, an error): every control character
/// escaped, LF and TAB too, and `##vso[` broken.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Text laid out by the format (messages and help of the human format): like [`line`], but
/// LF and TAB are kept as layout. Lines it starts are made safe by [`guard_lines`].
pub fn block(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, layout: bool) -> Cow<'_, str> {
    // Every character to escape has one of these bytes in its UTF-8 form (C0 controls and
    // DEL; C1 controls start with 0xC2; the bidi controls with 0xE2; `##vso[` has `[`). One
    // pass without early exit (which vectorises) clears most text.
    let suspect = text.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == 0x7f) | (b == 0xc2) | (b == 0xe2) | (b == b'[')
    });
    if !suspect {
        return Cow::Borrowed(text);
    }
    let needs = |i: usize, c: char| {
        (is_unsafe(c) && !(layout && matches!(c, '\n' | '\t')))
            || (c == '[' && opens_vso_command(text, i))
    };
    // Only characters starting with one of those bytes are looked at (all of them start a
    // character: ASCII or a lead byte), not every character: messages with a `—` or `…`
    // (0xE2) are common.
    let mut out: Option<String> = None;
    let mut copied = 0;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        if !((byte < 0x20) | (byte == 0x7f) | (byte == 0xc2) | (byte == 0xe2) | (byte == b'[')) {
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        if !needs(i, c) {
            continue;
        }
        let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
        out.push_str(text.get(copied..i).unwrap_or(""));
        push_escape(out, c);
        copied = i + c.len_utf8();
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(text.get(copied..).unwrap_or(""));
            Cow::Owned(out)
        }
    }
}

/// The last line of defence for rendered output: a line (ended by LF or CR) whose first
/// non-blank characters are `::` or `##[` gets its first bracket or colon escaped, and any
/// `##vso[` left is broken. Text that was escaped piece by piece passes unchanged, except
/// where the format itself put user text first on a line (a path in concise output, a help
/// text wrapped by the human format).
pub fn guard_lines(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut cuts: Vec<(usize, char)> = Vec::new();
    let mut line_start = 0;
    loop {
        let line_end = memchr::memchr2(b'\n', b'\r', &bytes[line_start..])
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let blank = line.len() - line.trim_start().len();
        let trimmed = &line[blank..];
        if trimmed.starts_with("::") {
            cuts.push((line_start + blank, ':'));
        } else if trimmed.starts_with("##[") {
            cuts.push((line_start + blank + 2, '['));
        }
        if line_end == text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    for found in memchr::memchr_iter(b'[', bytes) {
        if opens_vso_command(text, found) {
            cuts.push((found, '['));
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(text);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() + 8 * cuts.len());
    let mut copied = 0;
    for (at, c) in cuts {
        out.push_str(&text[copied..at]);
        push_escape(&mut out, c);
        copied = at + c.len_utf8();
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// A JSON string fragment (text between JSON escapes) with the `[` of every `##vso[` written
/// as `\u005b`: a JSON reader gets the exact text back, the raw line in a log holds no
/// logging command.
pub fn write_json_fragment(out: &mut String, fragment: &str) {
    let mut copied = 0;
    for found in memchr::memchr_iter(b'[', fragment.as_bytes()) {
        if opens_vso_command(fragment, found) {
            out.push_str(&fragment[copied..found]);
            out.push_str("\\u005b");
            copied = found + 1;
        }
    }
    out.push_str(&fragment[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character looked at, one by one: what `escape` must do, more slowly.
    fn escaped_char_by_char(text: &str, layout: bool) -> String {
        let mut out = String::new();
        for (i, c) in text.char_indices() {
            let keep = layout && matches!(c, '\n' | '\t');
            if (is_unsafe(c) && !keep) || (c == '[' && opens_vso_command(text, i)) {
                push_escape(&mut out, c);
            } else {
                out.push(c);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_looks_at_every_character_that_needs_it(
            text in "\\PC*|[\\x00-\\x7f]*|([a-z #\\[\\n\\t\\r\u{85}\u{9b}\u{202e}\u{2067}\u{2014}\u{2026}é]|##vso\\[|##VsO\\[)*"
        ) {
            proptest::prop_assert_eq!(line(&text).into_owned(), escaped_char_by_char(&text, false));
            proptest::prop_assert_eq!(block(&text).into_owned(), escaped_char_by_char(&text, true));
        }
    }

    #[test]
    fn controls_bidi_and_logging_commands_are_escaped() {
        assert_eq!(line("a\u{1b}[2Jb\u{7}"), "a\\u{1b}[2Jb\\u{7}");
        assert_eq!(line("x\r\ny\tz"), "x\\u{d}\\u{a}y\\u{9}z");
        assert_eq!(block("x\r\ny\tz"), "x\\u{d}\ny\tz");
        assert_eq!(
            line("\u{85}\u{7f}\u{202e}\u{2066}"),
            "\\u{85}\\u{7f}\\u{202e}\\u{2066}"
        );
        assert_eq!(
            line("set ##vso[task.setvariable] ##VSO[x]"),
            "set ##vso\\u{5b}task.setvariable] ##VSO\\u{5b}x]"
        );
        assert!(matches!(line("plain [text] é ::x"), Cow::Borrowed(_)));
    }

    #[test]
    fn commands_first_on_a_line_are_escaped() {
        assert_eq!(
            guard_lines("ok ::x\n  ::error a\r::add-mask::b\n##[group]\n"),
            "ok ::x\n  \\u{3a}:error a\r\\u{3a}:add-mask::b\n##\\u{5b}group]\n"
        );
        assert_eq!(guard_lines("a ##vso[x"), "a ##vso\\u{5b}x");
        assert!(matches!(
            guard_lines("fe80::1\n x ##vs[\n"),
            Cow::Borrowed(_)
        ));
        // Idempotent: escaped text is left alone.
        let once = guard_lines("::x ##vso[").into_owned();
        assert_eq!(guard_lines(&once), once);
    }

    #[test]
    fn json_fragments_break_vso_openers() {
        let mut out = String::new();
        write_json_fragment(&mut out, "a ##Vso[x] [y]");
        assert_eq!(out, "a ##Vso\\u005bx] [y]");
    }
}
