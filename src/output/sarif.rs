//! SARIF 2.1.0 for GitHub code scanning and Azure DevOps.
//!
//! Validated with Microsoft's SARIF Multitool in CI (`.ci/run`). Choices that keep consumers
//! happy, from the anchors' bug trackers: regions are 1-based and always carry start and end
//! (codeql-action #1715: `startColumn` 0 is rejected), no empty objects (kube-score #698),
//! and `tool.driver.rules` always lists every rule with its help URI (shellcheck PR #2569).
//! Columns count Unicode code points (`columnKind`), byte offsets are into the original file.

use super::json::Pretty;
use crate::diagnostic::Severity;
use crate::lint::{FileDiagnostic, FileFix, FileLabel, FileReport};
use crate::meta::{first_sentence, RuleRef};
use crate::rules::registry::builtin_metas;
use crate::span::{Position, Span};
use serde_json::{json, Map, Value};
use std::borrow::Cow;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file path as a URI reference: relative paths stay relative (code scanning resolves them
/// against the checkout), absolute ones become `file:` URIs. A `\\` is a separator only on
/// Windows; elsewhere it is part of a file name and percent-encoded like any other byte.
pub fn uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let bytes = path.as_bytes();
    // `C:/x` (a Windows absolute path): its drive colon is kept.
    let drive =
        bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let mut encoded = String::with_capacity(path.len() + 8);
    for (i, b) in path.bytes().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                encoded.push(char::from(b));
            }
            b':' if drive && i == 1 => encoded.push(':'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                encoded.push('%');
                encoded.push(char::from(HEX[usize::from(b >> 4)]));
                encoded.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }
    if drive {
        format!("file:///{encoded}")
    } else if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

/// The "What it checks" section of a rule's page, or its summary.
fn full_description(meta: &RuleRef) -> String {
    let section = crate::docs::rule_page(meta.name()).and_then(|page| {
        let start = page.find("## What it checks")?;
        let body = &page[start + "## What it checks".len()..];
        let end = body.find("\n## ").unwrap_or(body.len());
        let text = body[..end].trim();
        (!text.is_empty()).then(|| text.to_owned())
    });
    section.unwrap_or_else(|| {
        meta.summary()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Help shown with an alert: a pointer to the rule page, and the page itself as Markdown
/// (code scanning renders `help.markdown` in the alert's details).
fn help(meta: &RuleRef, summary: &str) -> Value {
    let mut help = json!({"text": format!("{} See {}", first_sentence(summary), meta.url())});
    if let Some(page) = crate::docs::rule_page(meta.name()) {
        help["markdown"] = json!(page);
    }
    help
}

fn rule(meta: &RuleRef) -> Value {
    let summary = if meta.summary().trim().is_empty() {
        meta.name()
    } else {
        meta.summary()
    };
    let mut properties = Map::new();
    properties.insert("category".into(), json!(meta.category().as_str()));
    properties.insert("tags".into(), json!([meta.category().as_str()]));
    if !meta.predicts().is_empty() {
        properties.insert("predicts".into(), json!(meta.predicts()));
    }
    let mut rule = json!({
        "id": meta.code(),
        "shortDescription": {"text": first_sentence(summary)},
        "fullDescription": {"text": full_description(meta)},
        "helpUri": meta.url(),
        "help": help(meta, summary),
        "defaultConfiguration": {"level": level(meta.severity())},
        "properties": properties,
    });
    // SARIF1001: a `name` identical to the `id` must be omitted (tool diagnostics, policy
    // rules without a name).
    if meta.name() != meta.code() {
        rule["name"] = json!(meta.name());
    }
    rule
}

/// FNV-1a: a small stable hash (the standard library's hasher may change between releases).
fn fnv1a(text: &str) -> u64 {
    fnv1a_continue(FNV_OFFSET, text.as_bytes())
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `hash`'s input followed by `bytes`.
fn fnv1a_continue(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Identifies a finding across edits elsewhere in the file, like a baseline key: file, rule,
/// element path and the occurrence among findings with the same three, hashed as
/// `path NUL code NUL element NUL occurrence` (decimal). Code scanning uses it to keep
/// tracking an alert when lines above it move. `path_hash` is the hash of `path NUL`, the
/// same for every finding of the file (300,000 in a dump).
fn fingerprint(path_hash: u64, d: &FileDiagnostic, occurrence: usize) -> String {
    let element = d.element_path.as_deref().unwrap_or("");
    let mut hash = fnv1a_continue(path_hash, d.rule.code().as_bytes());
    hash = fnv1a_continue(hash, b"\0");
    hash = fnv1a_continue(hash, element.as_bytes());
    hash = fnv1a_continue(hash, b"\0");
    hash = fnv1a_continue(hash, itoa::Buffer::new().format(occurrence).as_bytes());
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(16);
    for i in (0..16).rev() {
        hex.push(char::from(HEX[((hash >> (4 * i)) & 0xf) as usize]));
    }
    hex
}

/// The text of `span`, with the parts that are secrets (see [`FileReport::secrets`]) shown
/// as `********`.
fn snippet_of(report: &FileReport, span: Span) -> Cow<'_, str> {
    let text = report.text.get(span.start..span.end).unwrap_or("");
    let overlapping = |s: &&Span| s.start < span.end && span.start < s.end;
    if !report.secrets.iter().any(|s| overlapping(&s)) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::new();
    let mut at = span.start;
    for secret in report.secrets.iter().filter(overlapping) {
        let start = secret.start.max(at);
        shown.push_str(report.text.get(at..start).unwrap_or(""));
        shown.push_str("********");
        at = secret.end.min(span.end).max(start);
    }
    shown.push_str(report.text.get(at..span.end).unwrap_or(""));
    Cow::Owned(shown)
}

/// The file a result is in: its URI (made once per file) and index in `artifacts`.
struct Artifact<'a> {
    uri: &'a str,
    index: usize,
    /// FNV-1a of the file's name and a NUL, where every fingerprint starts.
    path_hash: u64,
}

/// A region of the file: 1-based lines and columns, always with start and end, and the text
/// it covers (none for the region a fix deletes). Keys in sorted order, as in every object
/// written here.
fn write_region(json: &mut Pretty, start: Position, end: Position, snippet: &str) {
    json.open('{');
    json.key(true, "byteLength");
    json.number(end.offset.saturating_sub(start.offset));
    json.key(false, "byteOffset");
    json.number(start.offset);
    json.key(false, "endColumn");
    json.number(if end.line > start.line {
        end.column
    } else {
        end.column.max(start.column)
    });
    json.key(false, "endLine");
    json.number(end.line.max(start.line));
    if !snippet.is_empty() {
        json.key(false, "snippet");
        write_text(json, snippet);
    }
    json.key(false, "startColumn");
    json.number(start.column);
    json.key(false, "startLine");
    json.number(start.line);
    json.close('}');
}

/// `{"text": text}`: a message, a snippet, a description.
fn write_text(json: &mut Pretty, text: &str) {
    json.open('{');
    json.key(true, "text");
    json.string(text);
    json.close('}');
}

fn write_artifact_location(json: &mut Pretty, artifact: &Artifact) {
    json.open('{');
    json.key(true, "index");
    json.number(artifact.index);
    json.key(false, "uri");
    json.string(artifact.uri);
    json.close('}');
}

/// The `physicalLocation` member of a location (the key is written by the caller).
fn write_physical_location(
    json: &mut Pretty,
    artifact: &Artifact,
    start: Position,
    end: Position,
    snippet: &str,
) {
    json.open('{');
    json.key(true, "artifactLocation");
    write_artifact_location(json, artifact);
    json.key(false, "region");
    write_region(json, start, end, snippet);
    json.close('}');
}

/// One element of `relatedLocations`: a label, numbered from 1.
fn write_label(
    json: &mut Pretty,
    report: &FileReport,
    artifact: &Artifact,
    id: usize,
    label: &FileLabel,
) {
    json.open('{');
    json.key(true, "id");
    json.number(id);
    json.key(false, "message");
    write_text(json, &label.message);
    json.key(false, "physicalLocation");
    match label.path.as_deref().filter(|p| *p != report.path) {
        // In another file of the deployment (a server file, another profile): its own URI,
        // no snippet (its text is not at hand).
        Some(path) => {
            json.open('{');
            json.key(true, "artifactLocation");
            json.open('{');
            json.key(true, "uri");
            json.string(&uri(path));
            json.close('}');
            json.key(false, "region");
            write_region(json, label.start, label.end, "");
            json.close('}');
        }
        None => {
            let snippet = snippet_of(report, label.span);
            write_physical_location(json, artifact, label.start, label.end, &snippet);
        }
    }
    json.close('}');
}

/// The `fixes` member of a result: one fix with its replacements in this file.
fn write_fix(json: &mut Pretty, artifact: &Artifact, fix: &FileFix) {
    json.open('[');
    json.newline();
    json.open('{');
    json.key(true, "artifactChanges");
    json.open('[');
    json.newline();
    json.open('{');
    json.key(true, "artifactLocation");
    write_artifact_location(json, artifact);
    json.key(false, "replacements");
    json.array(&fix.edits, |json, edit| {
        json.open('{');
        json.key(true, "deletedRegion");
        write_region(json, edit.start, edit.end, "");
        json.key(false, "insertedContent");
        write_text(json, &edit.content);
        json.close('}');
    });
    json.close('}');
    json.close(']');
    json.key(false, "description");
    write_text(json, &fix.title);
    json.key(false, "properties");
    json.open('{');
    json.key(true, "applicability");
    json.string(fix.applicability.as_str());
    json.close('}');
    json.close('}');
    json.close(']');
}

/// One result, written as `serde_json::to_string_pretty` would write its value (keys sorted)
/// at the nesting of `json`. `message` is scratch space.
#[allow(clippy::too_many_arguments)]
fn write_result(
    json: &mut Pretty,
    d: &FileDiagnostic,
    report: &FileReport,
    artifact: &Artifact,
    rule_index: usize,
    occurrence: usize,
    message: &mut String,
) {
    json.open('{');
    let fix = d.fix.as_ref().filter(|f| !f.edits.is_empty());
    if let Some(fix) = fix {
        json.key(true, "fixes");
        write_fix(json, artifact, fix);
    }
    json.key(fix.is_none(), "level");
    json.string(level(d.severity));
    json.key(false, "locations");
    json.open('[');
    json.newline();
    json.open('{');
    if let Some(path) = &d.element_path {
        json.key(true, "logicalLocations");
        json.open('[');
        json.newline();
        json.open('{');
        json.key(true, "fullyQualifiedName");
        json.string(path);
        json.key(false, "kind");
        json.string("element");
        json.close('}');
        json.close(']');
    }
    json.key(d.element_path.is_none(), "physicalLocation");
    let snippet = snippet_of(report, d.span);
    write_physical_location(json, artifact, d.start, d.end, &snippet);
    json.close('}');
    json.close(']');
    json.key(false, "message");
    message.clear();
    message.push_str(&d.message);
    if let Some(help) = &d.help {
        message.push_str("\nHelp: ");
        message.push_str(help);
    }
    write_text(json, message);
    json.key(false, "partialFingerprints");
    json.open('{');
    json.key(true, "profileLintElement/v1");
    json.string(&fingerprint(artifact.path_hash, d, occurrence));
    json.close('}');
    if !d.labels.is_empty() {
        json.key(false, "relatedLocations");
        json.open('[');
        for (i, label) in d.labels.iter().enumerate() {
            if i > 0 {
                json.out.push(',');
            }
            json.newline();
            write_label(json, report, artifact, i + 1, label);
        }
        json.close(']');
    }
    json.key(false, "ruleId");
    json.string(d.rule.code());
    json.key(false, "ruleIndex");
    json.number(rule_index);
    json.close('}');
}

/// The SARIF log of one run, written one file at a time.
///
/// A run over a fleet (or one file with 300,000 findings) must not hold every report, nor a
/// `serde_json::Value` of every result (that was ~28 KB per finding): each file's results are
/// serialised as it comes, in path order, straight to the output, and only the artifacts,
/// notifications and rules that reported stay in memory. So `runs[0]` writes `results` first
/// and the members known only at the end (`artifacts`, `invocations`, `tool` with the policy
/// rules that reported) after them; key order is free in JSON and SARIF, and every member is
/// laid out as `serde_json::to_string_pretty` lays out its value.
pub struct SarifStream {
    /// Every built-in rule, the tool diagnostics, then the policy rules that reported.
    metas: Vec<RuleRef>,
    artifacts: Vec<Value>,
    notifications: Vec<Value>,
    /// Results written so far.
    count: usize,
    /// The first write that failed: the log is incomplete, nothing more is written.
    failed: Option<std::io::Error>,
}

impl Default for SarifStream {
    fn default() -> Self {
        SarifStream {
            metas: builtin_metas()
                .iter()
                .map(|m| RuleRef::Builtin(m))
                .collect(),
            artifacts: Vec::new(),
            notifications: Vec::new(),
            count: 0,
            failed: None,
        }
    }
}

/// Indentation of the elements of `runs[0].results`.
const RESULT_INDENT: &str = "        ";

/// Bytes of results collected before they are written out.
const WRITE_CHUNK: usize = 64 * 1024;

impl SarifStream {
    /// The start of the log, up to the opening bracket of `runs[0].results`.
    pub fn head() -> String {
        format!(
            "{{\n  \"$schema\": {},\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
            pretty(&json!(SCHEMA)),
        )
    }

    /// Writes one file's results to `out` (call in path order, after [`SarifStream::head`]);
    /// its text and findings can be dropped afterwards.
    pub fn add(&mut self, report: &FileReport, out: &mut dyn std::io::Write) {
        if let Some(error) = &report.error {
            self.notifications.push(json!({
                "level": "error",
                "message": {"text": format!("{}: {error}", report.path)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&report.path)}}}],
            }));
            return;
        }
        let index = self.artifacts.len();
        let mut artifact = json!({"location": {"uri": uri(&report.path)}});
        if let Some(format) = report.format {
            artifact["properties"] =
                json!({"format": format.name(), "documents": report.documents});
        }
        self.artifacts.push(artifact);
        let uri = uri(&report.path);
        let artifact = Artifact {
            uri: &uri,
            index,
            path_hash: fnv1a_continue(fnv1a(&report.path), b"\0"),
        };
        let mut seen: std::collections::HashMap<(&str, Option<&str>), usize> =
            std::collections::HashMap::new();
        // Rule indices by code: a dump has a few rules and hundreds of thousands of findings.
        let mut rule_indices: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::new();
        let mut json = Pretty {
            out: String::with_capacity(WRITE_CHUNK + 16 * 1024),
            indent: RESULT_INDENT.len(),
            sink: None,
        };
        let mut message = String::new();
        for d in &report.diagnostics {
            let rule_index = match rule_indices.get(d.rule.code()) {
                Some(&i) => i,
                None => {
                    let i = match self.metas.iter().position(|m| *m == d.rule) {
                        Some(i) => i,
                        None => {
                            self.metas.push(d.rule.clone());
                            self.metas.len() - 1
                        }
                    };
                    rule_indices.insert(d.rule.code(), i);
                    i
                }
            };
            let occurrence = seen
                .entry((d.rule.code(), d.element_path.as_deref()))
                .or_insert(0);
            json.out
                .push_str(if self.count == 0 { "\n" } else { ",\n" });
            json.out.push_str(RESULT_INDENT);
            write_result(
                &mut json,
                d,
                report,
                &artifact,
                rule_index,
                *occurrence,
                &mut message,
            );
            *occurrence += 1;
            self.count += 1;
            if json.out.len() >= WRITE_CHUNK {
                self.write(out, &json.out);
                json.out.clear();
            }
        }
        self.write(out, &json.out);
    }

    /// Writes `text` unless an earlier write failed (then the log is incomplete anyway).
    fn write(&mut self, out: &mut dyn std::io::Write, text: &str) {
        if self.failed.is_none() && !text.is_empty() {
            if let Err(error) = out.write_all(text.as_bytes()) {
                self.failed = Some(error);
            }
        }
    }

    /// Writes the rest of the log to `out` and flushes it; an error if any write of the log
    /// failed.
    pub fn finish(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        if let Some(error) = self.failed {
            return Err(error);
        }
        let rules: Vec<Value> = self.metas.iter().map(rule).collect();
        let mut invocation = json!({"executionSuccessful": self.notifications.is_empty()});
        if !self.notifications.is_empty() {
            invocation["toolExecutionNotifications"] = json!(self.notifications);
        }
        let tool = json!({
            "driver": {
                "name": "profile-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }
        });
        let member = |value: &Value| indent_tail(&pretty(value), "      ");
        let tail = format!(
            "{},\n      \"artifacts\": {},\n      \"invocations\": {},\n      \"tool\": {}\n    }}\n  ]\n}}\n",
            if self.count == 0 { "]" } else { "\n      ]" },
            member(&json!(self.artifacts)),
            member(&json!([invocation])),
            member(&tool)
        );
        out.write_all(tail.as_bytes())?;
        // Buffered output: the last bytes of the log may fail only now (a full disk).
        out.flush()
    }
}

/// Indents every line but the first (pretty JSON nested deeper). JSON strings never hold a
/// raw newline, so splitting on `\n` only splits between tokens.
fn indent_tail(text: &str, prefix: &str) -> String {
    text.replace('\n', &format!("\n{prefix}"))
}

/// Pretty JSON as `serde_json::to_string_pretty` writes it, with the `[` of `##vso[` in
/// strings written as `\u005b` (see [`super::sanitize`]).
fn pretty(value: &Value) -> String {
    use serde::Serialize;
    let mut bytes = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut bytes, SafeFormatter::default());
    if value.serialize(&mut serializer).is_err() {
        return "null".to_owned();
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// serde_json's pretty formatter, except that string fragments go through
/// [`super::sanitize::write_json_fragment`].
#[derive(Default)]
struct SafeFormatter(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if !fragment.contains('[') {
            return writer.write_all(fragment.as_bytes());
        }
        let mut safe = String::with_capacity(fragment.len() + 8);
        super::sanitize::write_json_fragment(&mut safe, fragment);
        writer.write_all(safe.as_bytes())
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// The SARIF log of one run over `reports`, as a value (tests and library users).
pub fn build(reports: &[FileReport]) -> Value {
    serde_json::from_str(&render(reports)).unwrap_or(Value::Null)
}

/// The SARIF log of one run over `reports`.
pub fn render(reports: &[FileReport]) -> String {
    let mut stream = SarifStream::default();
    let mut out = SarifStream::head().into_bytes();
    for report in reports {
        stream.add(report, &mut out);
    }
    // Writing to memory does not fail.
    if stream.finish(&mut out).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(uri("profiles/a b.xml"), "profiles/a%20b.xml");
        if cfg!(windows) {
            assert_eq!(uri("profiles\\x.xml"), "profiles/x.xml");
            assert_eq!(uri("C:\\VPN\\p.xml"), "file:///C:/VPN/p.xml");
        } else {
            // A Linux file name may hold a `\\`: it is not a separator there.
            assert_eq!(uri("profiles\\x.xml"), "profiles%5Cx.xml");
            assert_eq!(uri("C:/VPN/p.xml"), "file:///C:/VPN/p.xml");
        }
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("c:x.xml"), "c%3Ax.xml");
        assert_eq!(uri("/srv/p.xml"), "file:///srv/p.xml");
    }

    #[test]
    fn every_member_of_the_streamed_log_is_laid_out_as_serde_json_writes_it() {
        let options = crate::lint::LintOptions::default();
        let dump = "ProfileXML : <VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>\n".repeat(40);
        let reports = vec![
            crate::lint::lint_bytes("a dump.txt", dump.as_bytes(), &options),
            FileReport::unreadable("b.xml", "permission denied".into()),
            crate::lint::lint_bytes(
                "c.xml",
                b"<VPNProfile><AlwaysOn>##vso[x]</AlwaysOn>",
                &options,
            ),
        ];
        let out = render(&reports);
        let value: Value = serde_json::from_str(&out).expect("JSON");
        let run = &value["runs"][0];
        assert_eq!(run["results"].as_array().map(Vec::len), Some(81));
        // Results first (written as each file comes), then what is known only at the end; each
        // member byte for byte serde_json's layout of its value (keys sorted within it),
        // except for the `##vso[` opener, written with an escaped bracket.
        let member = |key: &str| {
            let text = serde_json::to_string_pretty(&run[key]).expect("JSON");
            text.replace('\n', "\n      ")
        };
        let reference = format!(
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": {},\n      \"artifacts\": {},\n      \"invocations\": {},\n      \"tool\": {}\n    }}\n  ]\n}}\n",
            member("results"),
            member("artifacts"),
            member("invocations"),
            member("tool"),
        );
        assert_eq!(out.replace("##vso\\u005b", "##vso["), reference);
        assert!(!out.contains("##vso["));
        // A log without results has an empty array, as serde_json writes it.
        let empty = render(&[FileReport::unreadable("b.xml", "denied".into())]);
        assert!(empty.contains("\"results\": [],\n"), "{empty}");
        assert!(serde_json::from_str::<Value>(&empty).is_ok());
    }

    /// A writer that fails after `room` bytes, as a full disk does.
    struct Full {
        room: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.room {
                return Err(std::io::Error::other("no space left"));
            }
            self.room -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_of_results_is_reported_by_finish() {
        let options = crate::lint::LintOptions::default();
        let dump = "ProfileXML : <VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>\n".repeat(400);
        let report = crate::lint::lint_bytes("dump.txt", dump.as_bytes(), &options);
        let mut stream = SarifStream::default();
        let mut out = Full { room: 100 * 1024 };
        stream.add(&report, &mut out);
        assert!(stream.finish(&mut Vec::new()).is_err());
    }

    #[test]
    fn fingerprints_hash_path_code_element_and_occurrence_as_before() {
        let options = crate::lint::LintOptions::default();
        let report = crate::lint::lint_bytes(
            "profiles/a.xml",
            b"<VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>",
            &options,
        );
        let d = &report.diagnostics[0];
        let path_hash = fnv1a_continue(fnv1a("profiles/a.xml"), b"\0");
        for occurrence in [0, 7, 12345] {
            // The formula of the first release: fingerprints must not change between versions.
            let written = format!(
                "profiles/a.xml\u{0}{}\u{0}{}\u{0}{occurrence}",
                d.rule.code(),
                d.element_path.as_deref().unwrap_or("")
            );
            assert_eq!(
                fingerprint(path_hash, d, occurrence),
                format!("{:016x}", fnv1a(&written))
            );
        }
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        // Test vectors of FNV-1a 64.
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
