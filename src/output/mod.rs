//! Output formats: one emitter per file, all over the same [`FileReport`]s.

pub mod concise;
pub mod diff;
pub mod github;
pub mod human;
pub mod json;
pub mod sanitize;
pub mod sarif;

use crate::diagnostic::Severity;
use crate::lint::FileReport;

/// Bytes of a file's output collected before they are written, by the formats that write a
/// file of many findings as it is made.
pub(crate) const WRITTEN_AT: usize = 64 * 1024;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
}

impl OutputFormat {
    /// One document for programs (no summary line, no statistics, errors also on stderr).
    pub fn is_machine_readable(self) -> bool {
        matches!(self, OutputFormat::Json | OutputFormat::Sarif)
    }
}

/// When the human format uses colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    Always,
    Never,
}

/// A path (or any text) for a message line: control characters, bidi controls and `##vso[`
/// escaped (see [`sanitize`]), so a file name cannot start a new line in a CI log, run a
/// logging command or send escape sequences to a terminal.
pub fn display_path(path: &str) -> String {
    sanitize::line(path).into_owned()
}

/// Counts over a whole run, for summary lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Fixes applied (`--fix`) or that would be (`--diff`); absent when not fixing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<usize>,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut summary = Summary {
            files: reports.len(),
            ..Default::default()
        };
        for report in reports {
            summary.errors += report.count(Severity::Error);
            summary.warnings += report.count(Severity::Warning);
            summary.infos += report.count(Severity::Info);
        }
        summary
    }

    /// `Found 2 errors, 1 warning and 0 infos in 3 files.`
    pub fn line(&self, unreadable: usize) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let files = plural(self.files, "file");
        let mut line = if self.errors + self.warnings + self.infos == 0 {
            format!("No problems found in {files}.")
        } else {
            format!(
                "Found {}, {} and {} in {files}.",
                plural(self.errors, "error"),
                plural(self.warnings, "warning"),
                plural(self.infos, "info")
            )
        };
        if unreadable > 0 {
            let read = self.files.saturating_sub(unreadable);
            line = if read == 0 {
                format!("{} could not be read.", plural(unreadable, "file"))
            } else if self.errors + self.warnings + self.infos == 0 {
                format!(
                    "No problems found in {} that could be read; {} could not be read.",
                    plural(read, "file"),
                    plural(unreadable, "file")
                )
            } else {
                format!("{line} {} could not be read.", plural(unreadable, "file"))
            };
        }
        line
    }
}
