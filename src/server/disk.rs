//! Documents whose file is not stored as plain UTF-8.
//!
//! The editor sends Unicode text; the server lints it as UTF-8 bytes. That is what the file
//! holds in most cases, but not for a UTF-16 export (`Out-File`), a script saved with a
//! byte-order mark for Windows PowerShell 5.1, or a windows-1252 profile that declares its
//! encoding (read as UTF-8 bytes under that declaration, `é` would become `Ã©`). When the file
//! on disk decodes to the document's text in such a form, the text is encoded that way again
//! and those bytes are linted, as `profile-lint FILE` would; findings and fixes are placed in
//! the editor's text by line and column (the same text, so the same lines and characters).

use super::linting;
use super::position::Lines;
use crate::decode::{encode_like, DecodedText, Encoding};
use crate::lint::{FileDiagnostic, FileReport, LintOptions};
use crate::span::Position;
use std::path::Path;

/// How the file stores the text, when not as plain UTF-8.
#[derive(Debug, Clone)]
pub struct DiskForm {
    encoding: Encoding,
    /// The file's first bytes (its byte-order mark, if any).
    head: Vec<u8>,
}

impl DiskForm {
    /// `text` as the file would store it (`None` when a character has no byte there).
    pub fn encode(&self, text: &str) -> Option<Vec<u8>> {
        encode_like(&self.head, self.encoding, text)
    }
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

/// Lints `text` stored as `form`, with every position placed in `text`; `None` when the text
/// cannot be stored that way (then it is linted as UTF-8).
pub fn lint_stored(
    name: &str,
    text: &str,
    lines: &Lines,
    form: &DiskForm,
    options: &LintOptions,
) -> Option<Result<FileReport, String>> {
    let bytes = form.encode(text)?;
    let linted = linting::guarded(|| crate::lint::lint_bytes(name, &bytes, options));
    Some(linted.map(|mut report| {
        for d in &mut report.diagnostics {
            place(d, text, lines);
        }
        report
    }))
}

/// Byte offsets of `text` for a finding placed in other bytes holding the same text.
fn place(d: &mut FileDiagnostic, text: &str, lines: &Lines) {
    let at = |p: &Position| lines.offset_of_char(text, p.line, p.column);
    d.start.offset = at(&d.start);
    d.end.offset = at(&d.end);
    for label in &mut d.labels {
        label.start.offset = at(&label.start);
        label.end.offset = at(&label.end);
    }
    if let Some(fix) = &mut d.fix {
        for edit in &mut fix.edits {
            edit.start.offset = at(&edit.start);
            edit.end.offset = at(&edit.end);
        }
    }
}
