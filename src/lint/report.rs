//! What the linter says about one file: findings placed in the file, with their fixes.

use crate::decode::Encoding;
use crate::fix::Applicability;
use crate::meta::{RuleRef, Severity};
use crate::source::InputFormat;
use crate::span::{Position, Span};

/// A diagnostic placed in the file: spans in decoded-text coordinates plus full positions.
#[derive(Debug, Clone)]
pub struct FileDiagnostic {
    pub rule: RuleRef,
    pub severity: Severity,
    pub message: crate::diagnostic::Text,
    pub help: Option<crate::diagnostic::Text>,
    /// Span in the decoded text (what the human renderer draws on).
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub labels: Vec<FileLabel>,
    /// Local names from the root to the element holding the primary span
    /// (`VPNProfile/NativeProfile/Servers`); `None` outside any element. Baselines key on it.
    /// Shared: the findings of a file are at a handful of paths (a dump of 150,000 profiles
    /// has 300,000 findings at two).
    pub element_path: Option<std::sync::Arc<str>>,
    /// Boxed: most findings have none, and a fleet of dumps holds hundreds of thousands.
    pub fix: Option<Box<FileFix>>,
}

#[derive(Debug, Clone)]
pub struct FileLabel {
    pub message: String,
    /// The other file the label is in (a server file, another profile); `None`: this file.
    pub path: Option<std::sync::Arc<str>>,
    pub span: Span,
    pub start: Position,
    pub end: Position,
}

/// A fix placed in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    pub title: String,
    pub applicability: Applicability,
    /// Sorted, non-overlapping; empty when the fix cannot be applied in this file.
    pub edits: Vec<FileEdit>,
    /// Why the fix cannot be applied in this file (a WMI dump is a command's output, not a
    /// source; a wrapper escapes the text differently than profile-lint would).
    pub not_applicable: Option<std::borrow::Cow<'static, str>>,
}

/// One replacement in the file: `span` of the decoded text becomes `content` (already
/// escaped for the wrapper it stands in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub content: String,
}

/// Everything the linter says about one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub format: Option<InputFormat>,
    pub encoding: Option<Encoding>,
    pub documents: usize,
    /// How the file's profiles reach the device (detected, or stated by the configuration).
    pub deployment: crate::meta::Deployment,
    /// The decoded text, for drawing snippets.
    pub text: String,
    pub diagnostics: Vec<FileDiagnostic>,
    /// Set when the file could not be read at all (then there are no diagnostics).
    pub error: Option<String>,
    /// What the wrapper said about each document (WMI `InstanceID`/`ParentID`, the OMA-URI,
    /// the script variable); empty for plain XML files.
    pub wrappers: Vec<DocumentSource>,
    /// Spans of the decoded text that hold secrets (the text of `L2tpPsk` elements): the
    /// human format shows `********` there in its snippets.
    pub secrets: Vec<Span>,
    /// Set when the file is a server-side file of a deployment (an NPS export, an RRAS dump,
    /// certificates, an NPS log) rather than profiles.
    pub server: Option<crate::deploy::ServerKind>,
}

/// Where one document of a file came from, for the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentSource {
    /// Where the document starts in the file.
    pub start: Position,
    /// Wrapper properties (`InstanceID`, `ParentID`, ... of a WMI instance).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub properties: std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oma_uri: Option<String>,
    /// The PowerShell variable the profile string is assigned to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
}

impl FileReport {
    /// An empty report of a file that was read; the pipeline fills it in.
    pub fn new(path: &str) -> Self {
        FileReport {
            path: path.to_owned(),
            format: None,
            encoding: None,
            documents: 0,
            deployment: crate::meta::Deployment::Unknown,
            text: String::new(),
            diagnostics: Vec::new(),
            error: None,
            wrappers: Vec::new(),
            secrets: Vec::new(),
            server: None,
        }
    }

    /// The report of a file that could not be read at all.
    pub fn unreadable(path: &str, error: String) -> Self {
        FileReport {
            error: Some(error),
            ..FileReport::new(path)
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// `text` (a file's decoded text) with the edits of `fixes` applied, and how many fixes were
/// applied. Fixes are taken in order of their first edit; one that overlaps an edit already
/// taken waits for the next round (re-lint and fix again), so the result never depends on
/// which of two conflicting fixes a rule produced first.
pub fn apply_fixes<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = &'a FileFix>,
) -> (String, usize) {
    let mut fixes: Vec<&FileFix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| f.edits.first().map(|e| (e.span.start, e.span.end)));
    let mut taken: Vec<&FileEdit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let clashes = fix.edits.iter().any(|edit| {
            taken.iter().any(|t| {
                edit.span.start < t.span.end && t.span.start < edit.span.end
                    || (edit.span.is_empty() || t.span.is_empty())
                        && edit.span.start == t.span.start
            }) || text.get(edit.span.start..edit.span.end).is_none()
        });
        if !clashes {
            taken.extend(&fix.edits);
            applied += 1;
        }
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in taken {
        out.push_str(text.get(at..edit.span.start).unwrap_or(""));
        out.push_str(&edit.content);
        at = edit.span.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    (out, applied)
}
