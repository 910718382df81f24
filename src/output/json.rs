//! The JSON format: one document with a `version` field. Fields may be added; the
//! ones here never change meaning.

use super::Summary;
use crate::lint::FileReport;
use crate::span::Position;
use serde::Serialize;

pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

const TOOL: Tool = Tool {
    name: "profile-lint",
    version: env!("CARGO_PKG_VERSION"),
};

/// The whole document for these reports (what a streamed run writes piece by piece).
pub fn render(reports: &[FileReport]) -> String {
    let mut stream = JsonStream::default();
    let mut out = stream.head();
    for report in reports {
        out.push_str(stream.separator());
        out.push_str(&JsonStream::entry(report));
    }
    out.push_str(&stream.tail(&Summary::of(reports)));
    out
}

/// Writes the same document as [`render`] one file at a time, so that a run over thousands of
/// files never holds more than one file's report (memory independent of the file count).
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
        let mut json = Pretty {
            out: String::with_capacity(512 + 1024 * report.diagnostics.len()),
            indent: 4,
            sink: None,
        };
        json.out.push_str("    ");
        json.file(report);
        json.out
    }

    /// [`JsonStream::entry`] written to `out` as it is made, a few kilobytes at a time: one
    /// file with 300,000 findings is 320 MB of JSON, which must not be held whole
    /// (docs/hostile-round2.md, #17).
    pub fn write_entry(report: &FileReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut json = Pretty {
            out: String::with_capacity(2 * SPILL_AT),
            indent: 4,
            sink: Some(Sink { out, failed: None }),
        };
        json.out.push_str("    ");
        json.file(report);
        json.spill(0);
        match json.sink.and_then(|sink| sink.failed) {
            Some(error) => Err(error),
            None => Ok(()),
        }
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
    let text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("\"cannot serialise: {e}\""));
    // Wrapper sources hold text from the file: no `##vso[` in the raw output either. (A `[`
    // outside strings never follows `##vso`, so the whole text can be passed.)
    let mut safe = String::with_capacity(text.len());
    super::sanitize::write_json_fragment(&mut safe, &text);
    safe
}

/// A pretty-printer with exactly the layout of `serde_json::to_string_pretty` (two spaces per
/// level, `[]` for an empty array), written by hand for the files array: it runs for every
/// file of a fleet, and serde's generic formatter was a tenth of a whole run
/// (docs/performance.md). The tests hold it to serde_json's output.
pub(super) struct Pretty<'w> {
    pub(super) out: String,
    /// Spaces before the current level.
    pub(super) indent: usize,
    /// Where `out` goes once it holds [`SPILL_AT`] bytes; `None`: it is kept whole.
    pub(super) sink: Option<Sink<'w>>,
}

/// A writer that `Pretty` empties its buffer into, and the first error it gave (the rest of
/// the entry is then not written).
pub(super) struct Sink<'w> {
    out: &'w mut dyn std::io::Write,
    failed: Option<std::io::Error>,
}

/// Bytes of an entry collected before they are written to the sink.
const SPILL_AT: usize = 64 * 1024;

/// The members of a finding that depend only on its rule and severity (`code` to `category`,
/// and `predicts` and `url`), laid out once per rule of a file: a dump can have 300,000 findings
/// of two rules, and writing these members was a third of writing the JSON.
#[derive(Default)]
struct RuleMembers {
    known: Vec<RuleMemberText>,
}

struct RuleMemberText {
    /// Compared by code (rule codes are unique in a run).
    rule: crate::meta::RuleRef,
    severity: crate::diagnostic::Severity,
    indent: usize,
    /// From the opening brace to `"message": `.
    head: String,
    /// From the comma after `help` to the end of `url`.
    tail: String,
}

impl RuleMembers {
    fn of(&mut self, d: &crate::lint::FileDiagnostic, indent: usize) -> &RuleMemberText {
        let found = self
            .known
            .iter()
            .position(|m| m.rule == d.rule && m.severity == d.severity && m.indent == indent);
        let index = match found {
            Some(index) => index,
            None => {
                self.known.push(RuleMemberText::new(d, indent));
                self.known.len() - 1
            }
        };
        &self.known[index]
    }
}

impl RuleMemberText {
    fn new(d: &crate::lint::FileDiagnostic, indent: usize) -> RuleMemberText {
        let mut json = Pretty {
            out: String::new(),
            indent,
            sink: None,
        };
        json.open('{');
        json.key(true, "code");
        json.string(d.rule.code());
        json.key(false, "name");
        json.string(d.rule.name());
        json.key(false, "severity");
        json.string(d.severity.as_str());
        json.key(false, "category");
        json.string(d.rule.category().as_str());
        json.key(false, "message");
        let head = std::mem::take(&mut json.out);
        json.key(false, "predicts");
        json.array(d.rule.predicts(), |json, text| json.string(text));
        json.key(false, "url");
        json.string(&d.rule.url());
        RuleMemberText {
            rule: d.rule.clone(),
            severity: d.severity,
            indent,
            head,
            tail: json.out,
        }
    }
}

impl Pretty<'_> {
    /// Writes the buffer to the sink when it holds at least `at` bytes.
    fn spill(&mut self, at: usize) {
        let Some(sink) = &mut self.sink else { return };
        if self.out.len() < at {
            return;
        }
        if sink.failed.is_none() {
            if let Err(error) = sink.out.write_all(self.out.as_bytes()) {
                sink.failed = Some(error);
            }
        }
        self.out.clear();
    }

    fn file(&mut self, report: &FileReport) {
        self.open('{');
        self.key(true, "path");
        self.string(&report.path);
        self.key(false, "format");
        self.optional(report.format.map(|f| f.name()));
        if let Some(kind) = report.server {
            self.key(false, "server_input");
            self.string(kind.as_str());
        }
        if let Some(encoding) = report.encoding {
            self.key(false, "encoding");
            self.string(encoding.label());
        }
        self.key(false, "documents");
        self.number(report.documents);
        if report.deployment != crate::meta::Deployment::Unknown {
            self.key(false, "deployment");
            self.string(report.deployment.as_str());
        }
        if !report.wrappers.is_empty() {
            // Only wrapper formats have sources, but a dump has one per instance (150,000).
            self.key(false, "sources");
            self.array(&report.wrappers, Self::source);
        }
        if report.error.is_none() {
            self.key(false, "diagnostics");
            let mut members = RuleMembers::default();
            self.array(&report.diagnostics, |json, d| {
                json.diagnostic(d, &mut members)
            });
        }
        if let Some(error) = &report.error {
            self.key(false, "error");
            self.string(error);
        }
        self.close('}');
    }

    /// Where a document of a wrapper format starts, and what the wrapper says about it; the
    /// layout serde gives [`crate::lint::DocumentSource`].
    fn source(&mut self, source: &crate::lint::DocumentSource) {
        self.open('{');
        self.key(true, "start");
        self.position(source.start);
        if !source.properties.is_empty() {
            self.key(false, "properties");
            self.open('{');
            for (i, (name, value)) in source.properties.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                self.newline();
                // Names come from the file: escaped like any string.
                self.string(name);
                self.out.push_str(": ");
                self.string(value);
            }
            self.close('}');
        }
        if let Some(oma_uri) = &source.oma_uri {
            self.key(false, "oma_uri");
            self.string(oma_uri);
        }
        if let Some(variable) = &source.variable {
            self.key(false, "variable");
            self.string(variable);
        }
        self.close('}');
    }

    fn diagnostic(&mut self, d: &crate::lint::FileDiagnostic, members: &mut RuleMembers) {
        let members = members.of(d, self.indent);
        self.out.push_str(&members.head);
        // The head opened the finding's object.
        self.indent += 2;
        self.string(&d.message);
        self.key(false, "help");
        self.optional(d.help.as_deref());
        self.out.push_str(&members.tail);
        self.key(false, "start");
        self.position(d.start);
        self.key(false, "end");
        self.position(d.end);
        self.key(false, "labels");
        self.array(&d.labels, |json, label| {
            json.open('{');
            json.key(true, "message");
            json.string(&label.message);
            if let Some(path) = &label.path {
                json.key(false, "path");
                json.string(path);
            }
            json.key(false, "start");
            json.position(label.start);
            json.key(false, "end");
            json.position(label.end);
            json.close('}');
        });
        if let Some(fix) = &d.fix {
            self.key(false, "fix");
            self.fix(fix);
        }
        self.close('}');
    }

    /// A fix: its title, applicability, and edits in the same positions as findings; or why
    /// it cannot be applied in this file (then `edits` is empty).
    fn fix(&mut self, fix: &crate::lint::FileFix) {
        self.open('{');
        self.key(true, "title");
        self.string(&fix.title);
        self.key(false, "applicability");
        self.string(fix.applicability.as_str());
        self.key(false, "edits");
        self.array(&fix.edits, |json, edit| {
            json.open('{');
            json.key(true, "start");
            json.position(edit.start);
            json.key(false, "end");
            json.position(edit.end);
            json.key(false, "content");
            json.string(&edit.content);
            json.close('}');
        });
        if let Some(why) = &fix.not_applicable {
            self.key(false, "not_applicable");
            self.string(why);
        }
        self.close('}');
    }

    fn position(&mut self, position: Position) {
        self.open('{');
        self.key(true, "line");
        self.number(position.line);
        self.key(false, "column");
        self.number(position.column);
        self.key(false, "offset");
        self.number(position.offset);
        self.close('}');
    }

    pub(super) fn array<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        if items.is_empty() {
            self.out.push_str("[]");
            return;
        }
        self.open('[');
        for (i, value) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.newline();
            item(self, value);
            self.spill(SPILL_AT);
        }
        self.close(']');
    }

    pub(super) fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.indent += 2;
    }

    pub(super) fn close(&mut self, bracket: char) {
        self.indent -= 2;
        self.newline();
        self.out.push(bracket);
    }

    pub(super) fn newline(&mut self) {
        const SPACES: &str = "                                ";
        self.out.push('\n');
        match SPACES.get(..self.indent) {
            Some(spaces) => self.out.push_str(spaces),
            None => self.out.extend(std::iter::repeat_n(' ', self.indent)),
        }
    }

    pub(super) fn key(&mut self, first: bool, key: &str) {
        if !first {
            self.out.push(',');
        }
        self.newline();
        // Keys are this file's own identifiers: nothing to escape.
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\": ");
    }

    pub(super) fn optional(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.string(text),
            None => self.out.push_str("null"),
        }
    }

    pub(super) fn number(&mut self, n: usize) {
        // `write!` costs more than the rest of a position; itoa is what serde_json uses.
        self.out.push_str(itoa::Buffer::new().format(n));
    }

    /// A JSON string, escaped as serde_json escapes (`"`, `\\` and control characters), and
    /// with the `[` of `##vso[` written as `\u005b` (see [`super::sanitize`]).
    pub(super) fn string(&mut self, text: &str) {
        self.out.push('"');
        let bytes = text.as_bytes();
        // Most strings need no escape: one pass without early exit (which vectorises), then
        // a single copy.
        let (needs_escape, rare_control) = bytes.iter().fold((false, false), |(any, rare), &b| {
            (
                any | (b < 0x20) | (b == b'"') | (b == b'\\'),
                rare | ((b < 0x20) & (b != b'\n')),
            )
        });
        if !needs_escape {
            super::sanitize::write_json_fragment(&mut self.out, text);
            self.out.push('"');
            return;
        }
        if !rare_control {
            // Line breaks and quotes only (a SARIF message is `message\nHelp: help`): found
            // with memchr, not byte by byte.
            let mut start = 0;
            for i in memchr::memchr3_iter(b'\n', b'"', b'\\', bytes) {
                super::sanitize::write_json_fragment(&mut self.out, &text[start..i]);
                self.out.push_str(match bytes.get(i) {
                    Some(b'\n') => "\\n",
                    Some(b'"') => "\\\"",
                    _ => "\\\\",
                });
                start = i + 1;
            }
            super::sanitize::write_json_fragment(&mut self.out, &text[start..]);
            self.out.push('"');
            return;
        }
        let mut start = 0;
        for (i, &byte) in bytes.iter().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0x00..=0x1f => "",
                _ => continue,
            };
            // Runs between escapes are copied whole; they end at ASCII bytes, so at char
            // boundaries.
            super::sanitize::write_json_fragment(&mut self.out, &text[start..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(byte >> 4)]));
                self.out.push(char::from(HEX[usize::from(byte & 0xf)]));
            } else {
                self.out.push_str(escape);
            }
            start = i + 1;
        }
        super::sanitize::write_json_fragment(&mut self.out, &text[start..]);
        self.out.push('"');
    }
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

    // What `render` wrote before it was written by hand: serde_json's pretty printer over
    // these structs. The hand-written writer must match it byte for byte.
    #[derive(Serialize)]
    struct JsonOutput<'a> {
        version: u32,
        tool: Tool,
        files: Vec<JsonFile<'a>>,
        summary: Summary,
    }

    #[derive(Serialize)]
    struct JsonFile<'a> {
        path: &'a str,
        /// `xml`, `wmi`, `powershell`, `syncml`; `null` when the format was not recognised.
        format: Option<&'static str>,
        /// What a server-side file of a deployment is (`nps-export`, `rras-dump`,
        /// `certificates`, `nps-log`); absent for profiles.
        #[serde(skip_serializing_if = "Option::is_none")]
        server_input: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        encoding: Option<&'static str>,
        documents: usize,
        /// How the profiles reach the device; absent when unknown.
        #[serde(skip_serializing_if = "Option::is_none")]
        deployment: Option<&'static str>,
        /// Per document of a wrapper format: where it starts and what the wrapper says about it
        /// (WMI properties, OMA-URI, script variable). Absent for plain XML files.
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        sources: &'a [crate::lint::DocumentSource],
        #[serde(skip_serializing_if = "Option::is_none")]
        diagnostics: Option<Vec<JsonDiagnostic<'a>>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<&'a str>,
    }

    #[derive(Serialize)]
    struct JsonDiagnostic<'a> {
        code: &'a str,
        name: &'a str,
        severity: &'static str,
        category: &'static str,
        message: &'a str,
        help: Option<&'a str>,
        predicts: &'a [&'static str],
        url: String,
        start: Position,
        end: Position,
        labels: Vec<JsonLabel<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        fix: Option<JsonFix<'a>>,
    }

    #[derive(Serialize)]
    struct JsonFix<'a> {
        title: &'a str,
        applicability: &'static str,
        edits: Vec<JsonEdit<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        not_applicable: Option<&'a str>,
    }

    #[derive(Serialize)]
    struct JsonEdit<'a> {
        start: Position,
        end: Position,
        content: &'a str,
    }

    #[derive(Serialize)]
    struct JsonLabel<'a> {
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        path: Option<&'a str>,
        start: Position,
        end: Position,
    }

    fn build(reports: &[FileReport]) -> JsonOutput<'_> {
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
            server_input: report.server.map(|k| k.as_str()),
            encoding: report.encoding.map(|e| e.label()),
            documents: report.documents,
            deployment: (report.deployment != crate::meta::Deployment::Unknown)
                .then(|| report.deployment.as_str()),
            sources: &report.wrappers,
            diagnostics: report.error.is_none().then(|| {
                report
                    .diagnostics
                    .iter()
                    .map(|d| JsonDiagnostic {
                        code: d.rule.code(),
                        name: d.rule.name(),
                        severity: d.severity.as_str(),
                        category: d.rule.category().as_str(),
                        message: &d.message,
                        help: d.help.as_deref(),
                        predicts: d.rule.predicts(),
                        url: d.rule.url(),
                        start: d.start,
                        end: d.end,
                        labels: d
                            .labels
                            .iter()
                            .map(|l| JsonLabel {
                                message: &l.message,
                                path: l.path.as_deref(),
                                start: l.start,
                                end: l.end,
                            })
                            .collect(),
                        fix: d.fix.as_ref().map(|f| JsonFix {
                            title: &f.title,
                            applicability: f.applicability.as_str(),
                            edits: f
                                .edits
                                .iter()
                                .map(|e| JsonEdit {
                                    start: e.start,
                                    end: e.end,
                                    content: &e.content,
                                })
                                .collect(),
                            not_applicable: f.not_applicable.as_deref(),
                        }),
                    })
                    .collect()
            }),
            error: report.error.as_deref(),
        }
    }

    fn reference(reports: &[FileReport]) -> String {
        safe(serde_json::to_string_pretty(&build(reports)).expect("serialises") + "\n")
    }

    /// serde_json's text with `##vso[` broken as the writer breaks it.
    fn safe(text: String) -> String {
        let mut out = String::new();
        super::super::sanitize::write_json_fragment(&mut out, &text);
        out
    }

    #[test]
    fn hand_written_json_is_what_serde_json_writes() {
        let options = LintOptions::default();
        let a = lint_bytes(
            "a.xml",
            b"<VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>",
            &options,
        );
        let b = lint_bytes(
            "b\"\\\u{1}\u{7f}é##vso[x.xml",
            b"<VPNProfile><broken",
            &options,
        );
        let c = FileReport::unreadable("c.xml", "permission denied\n\t".into());
        let wmi = lint_bytes(
            "d.txt",
            b"InstanceID : AOVPN\nProfileXML : <VPNProfile><AlwaysOn>yes</AlwaysOn></VPNProfile>\n",
            &options,
        );
        // Thousands of findings: the entry is written in many pieces.
        let dump = "ProfileXML : <VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>\n".repeat(2000);
        let big = lint_bytes("e.txt", dump.as_bytes(), &options);
        for report in [&a, &b, &c, &wmi, &big] {
            let mut written = Vec::new();
            JsonStream::write_entry(report, &mut written).expect("written");
            assert_eq!(
                String::from_utf8(written).ok(),
                Some(JsonStream::entry(report))
            );
        }
        // The members of a rule laid out once and reused: one rule at two severities (a
        // padded `true` is a warning), each several times.
        let mixed = lint_bytes(
            "f.txt",
            "ProfileXML : <VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>\nProfileXML : <VPNProfile><AlwaysOn> true </AlwaysOn></VPNProfile>\n"
                .repeat(3)
                .as_bytes(),
            &options,
        );
        assert!(mixed
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Warning));
        for reports in [
            vec![],
            vec![a.clone()],
            vec![a, b, c, wmi],
            vec![mixed, big],
        ] {
            assert_eq!(render(&reports), reference(&reports));
        }
    }

    proptest::proptest! {
        #[test]
        // The third kind has line breaks, quotes and backslashes but no other control
        // character (the memchr path), and `##vso[` openers.
        fn strings_are_escaped_as_serde_json_escapes_them(text in "\\PC*|[\\x00-\\x7f]*|([a-z #\\[\\n\"\\\\é]|##vso\\[)*") {
            let mut json = Pretty { out: String::new(), indent: 0, sink: None };
            json.string(&text);
            proptest::prop_assert_eq!(json.out, safe(serde_json::to_string(&text).expect("string")));
        }
    }
}
