//! SARIF 2.1.0 for GitHub code scanning and Azure DevOps.
//!
//! Validated with Microsoft's SARIF Multitool in CI (`.ci/run`). Choices that keep consumers
//! happy, from the anchors' bug trackers: regions are 1-based and always carry start and end
//! (codeql-action #1715: `startColumn` 0 is rejected), no empty objects (kube-score #698),
//! and `tool.driver.rules` always lists every rule with its help URI (shellcheck PR #2569).
//! Columns count Unicode code points (`columnKind`), byte offsets are into the original file.

use crate::diagnostic::Severity;
use crate::lint::{FileDiagnostic, FileReport};
use crate::meta::{first_sentence, RuleRef};
use crate::rules::registry::builtin_metas;
use crate::span::Position;
use serde_json::{json, Map, Value};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file path as a URI reference: relative paths stay relative (code scanning resolves them
/// against the checkout), absolute ones become `file:` URIs.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    // `C:/x` (a Windows absolute path): its drive colon is kept.
    let drive =
        bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let encoded: String = path
        .bytes()
        .enumerate()
        .map(|(i, b)| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            b':' if drive && i == 1 => ":".into(),
            _ => format!("%{b:02X}"),
        })
        .collect();
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

fn region(start: Position, end: Position, snippet: &str) -> Value {
    let mut region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line.max(start.line),
        "endColumn": if end.line > start.line { end.column } else { end.column.max(start.column) },
        "byteOffset": start.offset,
        "byteLength": end.offset.saturating_sub(start.offset),
    });
    if !snippet.is_empty() {
        region["snippet"] = json!({"text": snippet});
    }
    region
}

fn location(index: usize, path: &str, start: Position, end: Position, snippet: &str) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(path), "index": index},
            "region": region(start, end, snippet),
        }
    })
}

/// FNV-1a: a small stable hash (the standard library's hasher may change between releases).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Identifies a finding across edits elsewhere in the file, like a baseline key: file, rule,
/// element path and the occurrence among findings with the same three. Code scanning uses it
/// to keep tracking an alert when lines above it move.
fn fingerprint(path: &str, d: &FileDiagnostic, occurrence: usize) -> String {
    let element = d.element_path.as_deref().unwrap_or("");
    format!(
        "{:016x}",
        fnv1a(&format!(
            "{path}\u{0}{}\u{0}{element}\u{0}{occurrence}",
            d.rule.code()
        ))
    )
}

fn result(
    d: &FileDiagnostic,
    report: &FileReport,
    artifact: usize,
    rule_index: usize,
    occurrence: usize,
) -> Value {
    let snippet = report.text.get(d.span.start..d.span.end).unwrap_or("");
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nHelp: ");
        message.push_str(help);
    }
    let mut primary = location(artifact, &report.path, d.start, d.end, snippet);
    if let Some(path) = &d.element_path {
        primary["logicalLocations"] = json!([{"fullyQualifiedName": path, "kind": "element"}]);
    }
    let mut result = json!({
        "ruleId": d.rule.code(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": {"text": message},
        "locations": [primary],
        "partialFingerprints": {"profileLintElement/v1": fingerprint(&report.path, d, occurrence)},
    });
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let snippet = report.text.get(l.span.start..l.span.end).unwrap_or("");
                let mut loc = location(artifact, &report.path, l.start, l.end, snippet);
                loc["id"] = json!(i + 1);
                loc["message"] = json!({"text": l.message});
                loc
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
    if let Some(fix) = d.fix.as_ref().filter(|f| !f.edits.is_empty()) {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(e.start, e.end, ""),
                    "insertedContent": {"text": e.content},
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": {"text": fix.title},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri(&report.path), "index": artifact},
                "replacements": replacements,
            }],
            "properties": {"applicability": fix.applicability.as_str()},
        }]);
    }
    result
}

/// The SARIF log of one run over `reports`.
pub fn build(reports: &[FileReport]) -> Value {
    // Every built-in rule, the tool diagnostics, then the policy rules that reported.
    let mut metas: Vec<RuleRef> = builtin_metas()
        .iter()
        .map(|m| RuleRef::Builtin(m))
        .collect();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        if !metas.contains(&d.rule) {
            metas.push(d.rule.clone());
        }
    }
    let rules: Vec<Value> = metas.iter().map(rule).collect();
    let mut artifacts = Vec::new();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for report in reports {
        if let Some(error) = &report.error {
            notifications.push(json!({
                "level": "error",
                "message": {"text": format!("{}: {error}", report.path)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&report.path)}}}],
            }));
            continue;
        }
        let index = artifacts.len();
        let mut artifact = json!({"location": {"uri": uri(&report.path)}});
        if let Some(format) = report.format {
            artifact["properties"] =
                json!({"format": format.name(), "documents": report.documents});
        }
        artifacts.push(artifact);
        let mut seen: std::collections::HashMap<(&str, Option<&str>), usize> =
            std::collections::HashMap::new();
        for d in &report.diagnostics {
            let rule_index = metas.iter().position(|m| *m == d.rule).unwrap_or(0);
            let occurrence = seen
                .entry((d.rule.code(), d.element_path.as_deref()))
                .or_insert(0);
            results.push(result(d, report, index, rule_index, *occurrence));
            *occurrence += 1;
        }
    }
    let mut invocation = json!({"executionSuccessful": notifications.is_empty()});
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = json!(notifications);
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "profile-lint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "invocations": [invocation],
            "artifacts": artifacts,
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

pub fn render(reports: &[FileReport]) -> String {
    let mut text = serde_json::to_string_pretty(&build(reports)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(uri("profiles/a b.xml"), "profiles/a%20b.xml");
        assert_eq!(uri("profiles\\x.xml"), "profiles/x.xml");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("c:x.xml"), "c%3Ax.xml");
        assert_eq!(uri("/srv/p.xml"), "file:///srv/p.xml");
        assert_eq!(uri("C:\\VPN\\p.xml"), "file:///C:/VPN/p.xml");
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        // Test vectors of FNV-1a 64.
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
