//! Linting with fixes applied: lint, apply every applicable fix, re-lint, and repeat until
//! nothing more applies (bounded). Works on bytes in memory; writing files is the caller's
//! job (the command line writes atomically, a language server sends edits).

use super::{apply_fixes, lint_bytes, FileFix, FileReport, LintOptions};
use crate::decode::encode_like;
use crate::fix::Applicability;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixSettings {
    /// Also apply fixes that change what the profile means (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
}

/// Rounds of lint-and-fix before giving up: a fix that brings back the finding it fixed (or
/// two fixes that undo each other) must not loop forever.
pub const MAX_ROUNDS: usize = 10;

/// The outcome of fixing one file.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The findings of the last lint: of the fixed text when something was fixed.
    pub report: FileReport,
    /// The fixed file, encoded like the original; `None` when nothing was fixed.
    pub bytes: Option<Vec<u8>>,
    /// How many fixes were applied over all rounds.
    pub applied: usize,
    /// Why fixes that were found were not applied (one line each).
    pub notes: Vec<String>,
}

/// Lints `bytes` and applies the fixes `settings` allow until none applies.
pub fn lint_and_fix(
    path: &str,
    bytes: &[u8],
    options: &LintOptions,
    settings: FixSettings,
) -> Fixed {
    let mut current: Option<Vec<u8>> = None;
    let mut applied = 0;
    let mut notes = Vec::new();
    // Every path through a round returns once nothing more applies, or in round MAX_ROUNDS.
    let mut round = 0;
    loop {
        let input = current.as_deref().unwrap_or(bytes);
        let report = lint_bytes(path, input, options);
        let allowed = |applicability: Applicability| {
            applicability == Applicability::Safe || settings.unsafe_fixes
        };
        let candidates: Vec<FileFix> = report
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_deref().cloned())
            .filter(|f| allowed(f.applicability))
            .collect();
        let not_here: Vec<&str> = candidates
            .iter()
            .filter_map(|f| f.not_applicable.as_deref())
            .collect();
        if let Some(why) = not_here.first() {
            // Said once, for the first round (later rounds see the same wrapper).
            if round == 0 {
                notes.push(format!("{} fix(es) not applied: {why}", not_here.len()));
            }
        }
        let edits: Vec<&FileFix> = candidates.iter().filter(|f| !f.edits.is_empty()).collect();
        let done = |notes: Vec<String>, report: FileReport, bytes: Option<Vec<u8>>| Fixed {
            report,
            bytes,
            applied,
            notes,
        };
        if edits.is_empty() {
            return done(notes, report, current);
        }
        // The other rules could not run on a document that is not well-formed: fixing what
        // little was checked could make a broken file worse, so it is left as it is.
        if report
            .diagnostics
            .iter()
            .any(|d| d.rule.name() == "xml-syntax")
        {
            notes.push(format!(
                "{} fix(es) not applied: the file is not well-formed XML; fix the syntax error first",
                edits.len()
            ));
            return done(notes, report, current);
        }
        if round == MAX_ROUNDS {
            notes.push(format!(
                "{} fix(es) still apply after {MAX_ROUNDS} rounds of fixing; they were not applied (please report this)",
                edits.len()
            ));
            return done(notes, report, current);
        }
        let (text, count) = apply_fixes(&report.text, edits.iter().copied());
        let encoded = report
            .encoding
            .and_then(|encoding| encode_like(bytes, encoding, &text));
        let Some(encoded) = encoded else {
            // A character the file's code page has no byte for is never written lossily.
            let encoding = report.encoding.map_or("unknown", |e| e.label());
            notes.push(format!(
                "{} fix(es) not applied: the fixed text cannot be written back in the file's encoding ({encoding}); save the file as UTF-8 first",
                edits.len()
            ));
            return done(notes, report, current);
        };
        applied += count;
        current = Some(encoded);
        round += 1;
    }
}
