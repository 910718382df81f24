//! The JSON format: one document with a `version` field (SPEC §5). Fields may be added; the
//! ones here never change meaning.

use super::Summary;
use crate::lint::FileReport;
use crate::span::Position;
use serde::Serialize;

pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct JsonOutput<'a> {
    pub version: u32,
    pub tool: Tool,
    pub files: Vec<JsonFile<'a>>,
    pub summary: Summary,
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

const TOOL: Tool = Tool {
    name: "profile-lint",
    version: env!("CARGO_PKG_VERSION"),
};

#[derive(Serialize)]
pub struct JsonFile<'a> {
    pub path: &'a str,
    /// `xml`, `wmi`, `powershell`, `syncml`; `null` when the format was not recognised.
    pub format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    pub documents: usize,
    /// Per document of a wrapper format: where it starts and what the wrapper says about it
    /// (WMI properties, OMA-URI, script variable). Absent for plain XML files.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub sources: &'a [crate::lint::DocumentSource],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<Vec<JsonDiagnostic<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub category: &'static str,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub predicts: &'static [&'static str],
    pub url: String,
    pub start: Position,
    pub end: Position,
    pub labels: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
pub struct JsonLabel<'a> {
    pub message: &'a str,
    pub start: Position,
    pub end: Position,
}

pub fn build(reports: &[FileReport]) -> JsonOutput<'_> {
    JsonOutput {
        version: JSON_VERSION,
        tool: TOOL,
        files: reports.iter().map(file).collect(),
        summary: Summary::of(reports),
    }
}

fn file(report: &FileReport) -> JsonFile<'_> {
    JsonFile {
        path: &report.path,
        format: report.format.map(|f| f.name()),
        encoding: report.encoding.map(|e| e.label()),
        documents: report.documents,
        sources: &report.wrappers,
        diagnostics: report.error.is_none().then(|| {
            report
                .diagnostics
                .iter()
                .map(|d| JsonDiagnostic {
                    code: d.rule.code,
                    name: d.rule.name,
                    severity: d.severity.as_str(),
                    category: d.rule.category.as_str(),
                    message: &d.message,
                    help: d.help.as_deref(),
                    predicts: d.rule.predicts,
                    url: d.rule.url(),
                    start: d.start,
                    end: d.end,
                    labels: d
                        .labels
                        .iter()
                        .map(|l| JsonLabel {
                            message: &l.message,
                            start: l.start,
                            end: l.end,
                        })
                        .collect(),
                })
                .collect()
        }),
        error: report.error.as_deref(),
    }
}

pub fn render(reports: &[FileReport]) -> String {
    let mut text = serde_json::to_string_pretty(&build(reports)).unwrap_or_else(|e| {
        format!("{{\"version\":{JSON_VERSION},\"error\":\"cannot serialise output: {e}\"}}")
    });
    text.push('\n');
    text
}

/// Writes the same document as [`render`] one file at a time, so that a run over thousands of
/// files never holds more than one file's report (SPEC §8: memory independent of file count).
/// The pieces concatenate to exactly what [`render`] returns for the same reports.
#[derive(Debug, Default)]
pub struct JsonStream {
    files: usize,
}

impl JsonStream {
    /// Everything before the first file.
    pub fn head(&self) -> String {
        let tool = TOOL;
        format!(
            "{{\n  \"version\": {JSON_VERSION},\n  \"tool\": {},\n  \"files\": [",
            indent_tail(&pretty(&tool), "  ")
        )
    }

    /// One element of the `files` array, without the separator (see [`JsonStream::separator`]).
    /// Needs no state, so it can be built on any thread.
    pub fn entry(report: &FileReport) -> String {
        let body = pretty(&file(report));
        let mut out = String::with_capacity(body.len() + body.len() / 8 + 8);
        // Every line indented by four spaces; the newlines found with `memchr` (this runs for
        // every file, and splitting the text line by line was a visible cost; SPEC §8).
        out.push_str("    ");
        let mut start = 0;
        for newline in memchr::memchr_iter(b'\n', body.as_bytes()) {
            out.push_str(&body[start..=newline]);
            out.push_str("    ");
            start = newline + 1;
        }
        out.push_str(&body[start..]);
        out
    }

    /// What goes before the next entry.
    pub fn separator(&mut self) -> &'static str {
        self.files += 1;
        if self.files == 1 {
            "\n"
        } else {
            ",\n"
        }
    }

    /// Everything after the last file.
    pub fn tail(&self, summary: &Summary) -> String {
        let close = if self.files == 0 { "]" } else { "\n  ]" };
        format!(
            "{close},\n  \"summary\": {}\n}}\n",
            indent_tail(&pretty(summary), "  ")
        )
    }
}

fn pretty<T: Serialize>(value: &T) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("\"cannot serialise: {e}\""))
}

/// Indents every line but the first (pretty JSON nested one level deeper). JSON strings never
/// hold a raw newline, so splitting on `\n` only splits between tokens.
fn indent_tail(text: &str, prefix: &str) -> String {
    text.replace('\n', &format!("\n{prefix}"))
}

#[cfg(test)]
mod stream_tests {
    use super::*;
    use crate::lint::{lint_bytes, LintOptions};

    fn streamed(reports: &[FileReport]) -> String {
        let mut stream = JsonStream::default();
        let mut out = stream.head();
        for report in reports {
            out.push_str(stream.separator());
            out.push_str(&JsonStream::entry(report));
        }
        out.push_str(&stream.tail(&Summary::of(reports)));
        out
    }

    #[test]
    fn streamed_json_is_identical_to_the_whole_document() {
        let options = LintOptions::default();
        let a = lint_bytes(
            "a.xml",
            b"<VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>",
            &options,
        );
        let b = lint_bytes("b.xml", b"<VPNProfile><broken", &options);
        let c = FileReport::unreadable("c.xml", "permission denied".into());
        for reports in [vec![], vec![a.clone()], vec![a, b, c]] {
            assert_eq!(streamed(&reports), render(&reports));
        }
    }
}
