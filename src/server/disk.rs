//! The encoding of the file behind a document, for `file-encoding` (M013).
//!
//! The editor sends Unicode text, which the server lints as UTF-8; M013 is about the bytes on
//! disk (a UTF-16 export, a script saved with a byte-order mark for Windows PowerShell 5.1, a
//! windows-1252 file that declares it). When the file on disk decodes to the document's text
//! in another form, the text is encoded that way again and M013's findings are taken from a
//! lint of those bytes, placed by line and column (the same text, so the same lines).

use super::linting;
use super::position::Lines;
use crate::decode::{encode_like, DecodedText, Encoding};
use crate::lint::{FileDiagnostic, FileReport, LintOptions};
use std::path::Path;

const RULE: &str = "file-encoding";

/// How the file was stored, when it is not plain UTF-8.
#[derive(Debug, Clone)]
pub struct DiskForm {
    encoding: Encoding,
    /// The file's first bytes (its byte-order mark, if any).
    head: Vec<u8>,
}

/// The form of the file at `path` if it holds `text` in another encoding than plain UTF-8.
pub fn form_of(path: &Path, text: &str, cap: u64) -> Option<DiskForm> {
    let crate::files::Capped::Bytes(bytes) = crate::files::read_capped(path, cap).ok()? else {
        return None;
    };
    if bytes == text.as_bytes() {
        return None;
    }
    let decoded = DecodedText::decode(&bytes).ok()?;
    (decoded.text == text && decoded.encoding != Encoding::Utf8).then(|| DiskForm {
        encoding: decoded.encoding,
        head: bytes.iter().take(4).copied().collect(),
    })
}

/// Replaces the M013 findings of `report` (a lint of `text` as UTF-8) by those of `text`
/// stored as `form`.
pub fn replace_encoding_findings(
    report: &mut FileReport,
    name: &str,
    text: &str,
    lines: &Lines,
    form: &DiskForm,
    options: &LintOptions,
) {
    let Some(bytes) = encode_like(&form.head, form.encoding, text) else {
        return;
    };
    let Ok(stored) = linting::guarded(|| crate::lint::lint_bytes(name, &bytes, options)) else {
        return;
    };
    report.diagnostics.retain(|d| d.rule.name() != RULE);
    for mut d in stored
        .diagnostics
        .into_iter()
        .filter(|d| d.rule.name() == RULE)
    {
        place(&mut d, text, lines);
        report.diagnostics.push(d);
    }
    report
        .diagnostics
        .sort_by_key(|d| (d.start.offset, d.end.offset));
}

/// Byte offsets of `text` for a finding placed in other bytes holding the same text.
fn place(d: &mut FileDiagnostic, text: &str, lines: &Lines) {
    d.start.offset = lines.offset_of_char(text, d.start.line, d.start.column);
    d.end.offset = lines.offset_of_char(text, d.end.line, d.end.column);
    for label in &mut d.labels {
        label.start.offset = lines.offset_of_char(text, label.start.line, label.start.column);
        label.end.offset = lines.offset_of_char(text, label.end.line, label.end.column);
    }
    // Its edits were made for the other bytes; the finding is about storage anyway.
    d.fix = None;
}
