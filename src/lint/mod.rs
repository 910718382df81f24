//! The pipeline for one file: decode, extract documents, run the engine on each, and place
//! every diagnostic (and its fix) in the original file.
//!
//! One job per module: [`options`] (what to run), [`engine`] (one document), [`supersede`]
//! (overlap between rules), [`place`] (positions and fixes in the file), [`report`] (what
//! comes out), [`fixing`] (lint, fix, re-lint), [`unknown`] (values a script only gets when
//! it runs are not judged).

pub(crate) mod engine;
mod fixing;
mod options;
pub(crate) mod place;
mod report;
pub(crate) mod scope;
mod supersede;
mod unknown;

pub use crate::selection::{ResolvedRules, RuleSelection};
pub use engine::{lint_document, lint_document_with_paths};
pub use fixing::{lint_and_fix, FixSettings, Fixed, MAX_ROUNDS};
pub use options::LintOptions;
pub use report::{
    apply_fixes, DocumentSource, FileDiagnostic, FileEdit, FileFix, FileLabel, FileReport,
};
pub use scope::facts_of_file;

use crate::decode::DecodedText;
use crate::diagnostic::{Coordinates, Diagnostic};
use crate::meta::RuleMeta;
use crate::rules::find_rule_meta;
use crate::rules::registry::{INPUT_TOO_LARGE, UNRECOGNIZED_INPUT};
use crate::source::{self, InputFormat};
use crate::span::{Position, Span};
use place::Placer;

/// Lints the bytes of one file. `path` is only used for reporting and to break ties when
/// sniffing the format.
pub fn lint_bytes(path: &str, bytes: &[u8], options: &LintOptions) -> FileReport {
    let mut report = FileReport::new(path);
    if bytes.len() as u64 > options.max_file_size {
        return input_too_large(path, bytes.len() as u64, options);
    }
    if let Some(read) = crate::deploy::ServerFile::read(path, bytes) {
        return server_file(report, bytes, read, options);
    }
    let decoded = match DecodedText::decode(bytes) {
        Ok(decoded) => decoded,
        Err(error) => return undecodable(report, bytes, &error, options),
    };
    report.encoding = Some(decoded.encoding);
    let format = options
        .input_format
        .or_else(|| source::sniff(&decoded.text, path));
    let Some(format) = format else {
        let message = if bytes.is_empty() {
            "the file is empty"
        } else if decoded.text.is_empty() {
            "the file holds only a byte-order mark and no text"
        } else if decoded.text.trim().is_empty() {
            "the file holds only whitespace"
        } else {
            "the file is not a ProfileXML document, a Get-WmiObject/Get-CimInstance dump, a PowerShell script or a SyncML payload"
        };
        let placer = Placer::new(&decoded.text, decoded.offsets());
        let finding = match source::find_format_table(&decoded.text) {
            Some(table) => format_table_finding(&table, options),
            None => file_finding(
                &UNRECOGNIZED_INPUT,
                message,
                "pass --input-format to read it as a given format",
                options,
            ),
        };
        report
            .diagnostics
            .extend(finding.map(|(d, severity)| placer.diagnostic(d, None, severity)));
        drop(placer);
        report.text = decoded.text;
        return report;
    };
    report.format = Some(format);
    let encoding = source::FileEncoding {
        encoding: decoded.encoding,
        bom: decoded.has_bom(),
        chosen_by: decoded.chosen_by,
    };
    let (text, offsets) = decoded.into_parts();
    // A plain XML file is its one document: the text moves into it instead of being copied
    // (files are linted by the thousand), and back into the report at the end.
    let (mut extraction, text) = match format {
        InputFormat::Xml => source::extract_xml(text),
        _ => (source::extract(&text, format), Some(text)),
    };
    report.documents = extraction.documents.len();
    if let Some(stated) = options.deployment {
        extraction.set_deployment(stated, None);
    }
    report.deployment = extraction.deployment;
    for document in &mut extraction.documents {
        document.wrapper.encoding = Some(encoding);
    }
    // When the file's text is kept apart from its documents, each document is dropped as soon
    // as it is linted: a dump of 150,000 instances does not hold them all until the end.
    let owned = if text.is_some() {
        std::mem::take(&mut extraction.documents)
    } else {
        Vec::new()
    };
    let file_text = match &text {
        Some(text) => text.as_str(),
        None => extraction.documents.first().map_or("", |d| d.xml.as_str()),
    };
    let documents: &[source::Document] = if text.is_some() {
        &owned
    } else {
        &extraction.documents
    };
    let placer = Placer::new(file_text, &offsets);
    // Several profiles in one XML text are listed like a wrapper's documents.
    if format != InputFormat::Xml || documents.len() > 1 {
        report.wrappers = documents
            .iter()
            .map(|doc| DocumentSource {
                start: placer.position(doc.map.to_file(0)),
                properties: doc
                    .wrapper
                    .properties
                    .iter()
                    .map(|p| (p.name.clone(), p.value.clone()))
                    .collect(),
                oma_uri: doc.wrapper.oma.as_ref().map(|o| o.loc_uri.clone()),
                variable: doc.wrapper.script.as_ref().and_then(|s| s.variable.clone()),
            })
            .collect();
    }
    if documents.is_empty() {
        // Read as a format but nothing was in it: "no problems" would be false.
        let message = if format == InputFormat::Syncml && file_text.contains("MSFT/VPNv2") {
            "this payload sets VPNv2 settings node by node, with no `ProfileXML` node; profile-lint checks ProfileXML only, so nothing in it was checked".to_owned()
        } else {
            format!(
                "no profile was found in this file read as {}",
                format.describe()
            )
        };
        let help = if options.input_format.is_some() {
            "check --input-format: without it the format is detected from the content"
        } else {
            "the profile string may be built at run time or read from another file"
        };
        let table = (format == InputFormat::Wmi)
            .then(|| source::find_format_table(file_text))
            .flatten();
        let finding = match table {
            Some(table) => format_table_finding(&table, options),
            None => file_finding(&UNRECOGNIZED_INPUT, &message, help, options),
        };
        report
            .diagnostics
            .extend(finding.map(|(d, severity)| placer.diagnostic(d, None, severity)));
    }
    let scopes = scope::Scopes::of_file(path, documents, &placer, options.site.as_deref());
    let mut findings = Findings::default();
    let lint_one = |document: &source::Document,
                    placer: &Placer,
                    paths: &mut ElementPaths,
                    findings: &mut Findings| {
        let scope = scopes.of(document);
        lint_placed(document, placer, options, scope.as_ref(), paths, findings);
    };
    // Not on a thread of rayon's pool: there the run already lints files in parallel, and a
    // worker waiting in this file's `fold` could pick up one of the run's worker loops
    // (`parallel::for_each_in_order`), which may wait for this very file to be written.
    if text.is_some()
        && owned.len() >= 2 * DOCUMENTS_PER_TASK
        && rayon::current_num_threads() > 1
        && rayon::current_thread_index().is_none()
    {
        // Many documents (a fleet's dump): linted on every core, a window of documents at a
        // time whose findings are appended in file order (windows, not the whole file at
        // once, so that the tasks' findings and the file's are never all in memory together).
        // Each document is dropped once linted.
        // Measured on two cores (docs/hostile-round2.md part 5): 150,000 instances 2.1 -> 1.4 s
        // for JSON; each thread's malloc arena costs ~12 MB more at the peak (163 -> 175 MB).
        use rayon::prelude::*;
        let shared = placer.sharing();
        let window = DOCUMENTS_PER_TASK * rayon::current_num_threads();
        let mut owned = owned;
        owned.reverse();
        while !owned.is_empty() {
            let batch: Vec<source::Document> = (0..window).map_while(|_| owned.pop()).collect();
            give_back_emptied(&mut owned);
            let runs: Vec<Findings> = batch
                .into_par_iter()
                .with_min_len(DOCUMENTS_PER_TASK)
                .fold(
                    || {
                        (
                            shared.placer(),
                            ElementPaths::default(),
                            Findings::default(),
                        )
                    },
                    |(placer, mut paths, mut findings), document| {
                        lint_one(&document, &placer, &mut paths, &mut findings);
                        (placer, paths, findings)
                    },
                )
                .map(|(_, _, findings)| findings)
                .collect();
            for run in runs {
                findings.append(run);
            }
        }
    } else if text.is_some() {
        // In file order, each document dropped once linted, and the vector that held them
        // given back as it empties (150,000 documents are 23 MB of `Document`s alone).
        let mut paths = ElementPaths::default();
        let mut owned = owned;
        owned.reverse();
        while let Some(document) = owned.pop() {
            lint_one(&document, &placer, &mut paths, &mut findings);
            give_back_emptied(&mut owned);
        }
    } else {
        let mut paths = ElementPaths::default();
        for document in &extraction.documents {
            lint_one(document, &placer, &mut paths, &mut findings);
        }
    }
    findings.append_to(&mut report);
    // Unstable (no buffer of half the findings) but total: equal keys are equal findings.
    // Each document's findings are in order already (see `lint_placed`): the sort only
    // checks that the documents' runs follow each other.
    report.diagnostics.sort_unstable_by(file_order);
    // A script that uses one variable in two places of a profile (the same thumbprint as
    // PEAP's and EAP-TLS's `TrustedRootCA`) gets the same finding twice at its one literal.
    report.diagnostics.dedup_by(|a, b| {
        a.start.offset == b.start.offset
            && a.end.offset == b.end.offset
            && a.rule == b.rule
            && a.message == b.message
    });
    drop(placer);
    report.text = match text {
        Some(text) => text,
        None => extraction
            .documents
            .pop()
            .map(|d| d.xml)
            .unwrap_or_default(),
    };
    report
}

/// The report of a server-side file: what it is, and why it cannot be read when it cannot.
/// Its content is checked by the rules of the profiles it applies to, not here.
fn server_file(
    mut report: FileReport,
    bytes: &[u8],
    read: Result<crate::deploy::ServerFile, crate::deploy::server::Unreadable>,
    options: &LintOptions,
) -> FileReport {
    match read {
        Ok(file) => report.server = Some(file.kind()),
        Err(unreadable) => {
            report.server = Some(unreadable.kind);
            let Ok(decoded) = DecodedText::decode(bytes) else {
                report.error = Some(format!(
                    "cannot read {}: {}",
                    unreadable.kind.describe(),
                    unreadable.message
                ));
                return report;
            };
            let placer = Placer::new(&decoded.text, decoded.offsets());
            let message = format!(
                "this looks like {} but cannot be read: {}",
                unreadable.kind.describe(),
                unreadable.message
            );
            let finding = file_finding(
                &UNRECOGNIZED_INPUT,
                &message,
                "export the file again (`netsh nps export filename=nps.xml exportPSK=YES`, `Get-VpnAuthProtocol > rras.txt`) and give it unchanged",
                options,
            );
            report.diagnostics.extend(finding.map(|(mut d, severity)| {
                d.span = unreadable.span;
                placer.diagnostic(d, None, severity)
            }));
            drop(placer);
            report.encoding = Some(decoded.encoding);
            report.text = decoded.text;
        }
    }
    report
}

/// The element paths of a file's findings, each kept once.
#[derive(Default)]
struct ElementPaths(std::collections::HashSet<std::sync::Arc<str>>);

impl ElementPaths {
    fn share(&mut self, path: String) -> std::sync::Arc<str> {
        if let Some(shared) = self.0.get(path.as_str()) {
            return shared.clone();
        }
        let shared: std::sync::Arc<str> = path.into();
        self.0.insert(shared.clone());
        shared
    }
}

/// Gives back the memory of a vector of documents as it is emptied from the end (150,000
/// documents are 23 MB of `Document`s alone).
fn give_back_emptied(owned: &mut Vec<source::Document>) {
    if owned.capacity() > 1024 && owned.len() < owned.capacity() / 4 {
        owned.shrink_to(owned.len() * 2);
    }
}

/// Documents per parallel task when a file has many (see [`lint_bytes`]): enough that a task
/// outweighs handing it over, few enough that the cores share a large dump evenly.
const DOCUMENTS_PER_TASK: usize = 1024;

/// The placed findings of some of a file's documents, and the spans of their secrets.
#[derive(Default)]
struct Findings {
    diagnostics: Vec<FileDiagnostic>,
    secrets: Vec<Span>,
}

impl Findings {
    /// Appends `later`'s findings, moving its vectors instead when there is nothing yet (a
    /// copy would hold a large file's findings twice).
    fn append(&mut self, later: Findings) {
        join(&mut self.diagnostics, later.diagnostics);
        join(&mut self.secrets, later.secrets);
    }

    fn append_to(self, report: &mut FileReport) {
        join(&mut report.diagnostics, self.diagnostics);
        join(&mut report.secrets, self.secrets);
    }
}

fn join<T>(to: &mut Vec<T>, mut more: Vec<T>) {
    if to.is_empty() {
        *to = more;
    } else {
        to.append(&mut more);
    }
}

/// Lints one document and places its findings (and the spans of its secrets) in the file.
fn lint_placed(
    document: &source::Document,
    placer: &Placer,
    options: &LintOptions,
    scope: Option<&crate::deploy::Scope>,
    paths: &mut ElementPaths,
    findings: &mut Findings,
) {
    let (diagnostics, secrets) = engine::lint_document_and_secrets(document, options, scope);
    findings.secrets.extend(
        secrets
            .into_iter()
            .map(|span| placer.span(place::to_file(document, span))),
    );
    let before = findings.diagnostics.len();
    for (d, element_path) in diagnostics {
        let severity = options.rules.state(&d.rule).severity.unwrap_or(d.severity);
        let mut placed = placer.diagnostic(d, Some(document), severity);
        placed.element_path = element_path.map(|path| paths.share(path));
        findings.diagnostics.push(placed);
    }
    // Sorted here, a few at a time: sorting a large dump's findings all at once at the end
    // cost more than writing them out.
    if let Some(added) = findings.diagnostics.get_mut(before..) {
        added.sort_unstable_by(file_order);
    }
}

/// The order of findings in a report: by place, then rule and message (a total order: equal
/// keys are equal findings).
fn file_order(a: &FileDiagnostic, b: &FileDiagnostic) -> std::cmp::Ordering {
    (a.start.offset, a.end.offset, a.rule.code(), &a.message).cmp(&(
        b.start.offset,
        b.end.offset,
        b.rule.code(),
        &b.message,
    ))
}

/// The report of a file that is not valid text in any encoding profile-lint reads: an
/// `xml-syntax` finding at the first bad byte, drawn on the valid prefix.
fn undecodable(
    mut report: FileReport,
    bytes: &[u8],
    error: &crate::decode::DecodeError,
    options: &LintOptions,
) -> FileReport {
    let lossy = String::from_utf8_lossy(bytes).into_owned();
    let Ok(decoded) = DecodedText::decode(lossy.as_bytes()) else {
        report.error = Some(format!("the file is not valid text: {error}"));
        return report;
    };
    report.encoding = Some(decoded.encoding);
    let placer = Placer::new(&decoded.text, decoded.offsets());
    let offset = match error {
        crate::decode::DecodeError::InvalidUtf8 { text_before, .. } => *text_before,
        _ => 0,
    };
    if let Some(meta) = find_rule_meta("xml-syntax") {
        let mut d = Diagnostic::new(
            meta,
            Span::new(offset, offset + 1),
            format!("the file is not valid text: {error}"),
        );
        d.help("save the file as UTF-8 (or UTF-16 with a byte-order mark)");
        d.coordinates = Coordinates::File;
        let severity = options
            .rules
            .state(&d.rule)
            .severity
            .unwrap_or(meta.severity);
        let mut placed = placer.diagnostic(d, None, severity);
        // The offset in the original bytes is exact; the decoded copy is lossy.
        placed.start.offset = error.offset();
        placed.end.offset = error.offset() + 1;
        report.diagnostics.push(placed);
    }
    drop(placer);
    report.text = decoded.text;
    report
}

/// A finding about the whole file (at its start), with its configured severity; `None` when
/// its rule is off.
fn file_finding(
    meta: &'static RuleMeta,
    message: &str,
    help: &str,
    options: &LintOptions,
) -> Option<(Diagnostic, crate::meta::Severity)> {
    let state = options.rules.state(&meta.into());
    if !state.enabled {
        return None;
    }
    let mut d = Diagnostic::new(meta, Span::new(0, 0), message.to_owned());
    d.help(help.to_owned());
    d.coordinates = Coordinates::File;
    Some((d, state.severity.unwrap_or(meta.severity)))
}

/// `unrecognized-input` for Format-Table output of `MDM_VPNv2_01`: the table cuts every
/// `ProfileXML` to its column width (or drops the column), so there is no profile in it to
/// check and nothing to repair; what helps is the command that prints the whole value.
fn format_table_finding(
    table: &source::FormatTable,
    options: &LintOptions,
) -> Option<(Diagnostic, crate::meta::Severity)> {
    let message = if table.has_profile_column {
        "this is `Format-Table` output of MDM_VPNv2_01: the table cuts each `ProfileXML` to its column width (`...`), so there is no whole profile to check"
    } else {
        "this is `Format-Table` output of MDM_VPNv2_01 without its `ProfileXML` column (Format-Table drops the columns that do not fit), so there is no profile to check"
    };
    let (mut d, severity) = file_finding(
        &UNRECOGNIZED_INPUT,
        message,
        "dump the whole value with `Format-List` (`Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01 | Format-List | Out-File vpn-profiles.txt -Width 4096`), or print the profiles alone with `(Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01).ProfileXML`",
        options,
    )?;
    d.span = table.span;
    Some((d, severity))
}

/// The report for a file of `size` bytes, over the size cap: `input-too-large`, not linted.
/// Callers use it without reading the file.
pub fn input_too_large(path: &str, size: u64, options: &LintOptions) -> FileReport {
    let mut report = FileReport::new(path);
    let meta = &INPUT_TOO_LARGE;
    let state = options.rules.state(&meta.into());
    let start = Position {
        line: 1,
        column: 1,
        offset: 0,
    };
    report.diagnostics.push(FileDiagnostic {
        rule: meta.into(),
        severity: state.severity.unwrap_or(meta.severity),
        message: format!(
            "the file has {size} bytes, more than the limit of {} bytes; it was not linted",
            options.max_file_size
        )
        .into(),
        help: Some("raise the limit with --max-file-size if this file is really a profile".into()),
        span: Span::default(),
        start,
        end: start,
        labels: Vec::new(),
        element_path: None,
        fix: None,
    });
    report
}
