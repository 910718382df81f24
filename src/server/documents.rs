//! The open documents: newest text per document, and its lint report once asked for.
//!
//! Edits only replace the text and mark the document dirty; the main loop lints dirty
//! documents after it has taken every message already waiting, so a burst of keystrokes is
//! linted once, at its last version.

use super::disk::{self, DiskForm};
use super::linting;
use super::position::Lines;
use crate::lint::FileReport;
use lsp_types::Url;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// What linting one version of a document gave.
#[derive(Debug)]
pub struct Linted {
    /// `Err` holds the message of a panic inside the library.
    pub report: Result<FileReport, String>,
    /// Why the document's `profile-lint.toml` could not be used.
    pub config_error: Option<String>,
    /// Time spent finding and reading the configuration, and linting.
    pub options_time: Duration,
    pub lint_time: Duration,
}

#[derive(Debug)]
pub struct Document {
    pub uri: Url,
    pub version: i32,
    pub language_id: String,
    pub text: String,
    pub lines: Lines,
    linted: Option<Rc<Linted>>,
    /// The current version's diagnostics have not been published yet.
    pub dirty: bool,
    /// How the file on disk stores the text, when not as plain UTF-8; looked at once, at the
    /// first lint (when the editor has just read the file).
    disk: Option<Option<DiskForm>>,
}

impl Document {
    pub fn new(uri: Url, version: i32, language_id: String, text: String) -> Self {
        Document {
            uri,
            version,
            language_id,
            lines: Lines::new(&text),
            text,
            linted: None,
            dirty: true,
            disk: None,
        }
    }

    pub fn replace(&mut self, version: i32, text: String) {
        self.version = version;
        self.lines = Lines::new(&text);
        self.text = text;
        self.linted = None;
        self.dirty = true;
    }

    /// The file behind the document (`None` for unsaved buffers and other schemes).
    pub fn path(&self) -> Option<PathBuf> {
        (self.uri.scheme() == "file")
            .then(|| self.uri.to_file_path().ok())
            .flatten()
    }

    /// The name the library sees: the file's path, or for an unsaved buffer a name whose
    /// extension matches the editor's language (it breaks ties when the format is sniffed).
    pub fn name(&self) -> String {
        if let Some(path) = self.path() {
            return path.display().to_string();
        }
        let extension = match self.language_id.as_str() {
            "powershell" => "ps1",
            "json" | "jsonc" => "json",
            "plaintext" => "txt",
            _ => "xml",
        };
        format!("untitled.{extension}")
    }

    /// Whether the document is a ProfileXML file (formatting applies to these only).
    pub fn is_xml(&self) -> bool {
        self.language_id == "xml"
            || self
                .path()
                .and_then(|p| p.extension().map(|e| e.eq_ignore_ascii_case("xml")))
                .unwrap_or(false)
    }

    /// The lint report of the current text, linting it on first use.
    pub fn linted(&mut self) -> Rc<Linted> {
        if let Some(linted) = &self.linted {
            return Rc::clone(linted);
        }
        let started = Instant::now();
        let (options, config_error) = linting::options_for(self.path().as_deref());
        let options_time = started.elapsed();
        let form = self.disk_form(options.max_file_size);
        let name = self.name();
        let mut report = form
            .as_ref()
            .and_then(|form| disk::lint_stored(&name, &self.text, &self.lines, form, &options))
            .unwrap_or_else(|| linting::lint(&name, &self.text, &options));
        if let Ok(report) = &mut report {
            if is_no_profile(report, &self.text) {
                report.diagnostics.clear();
            }
        }
        let lint_time = started.elapsed() - options_time;
        if let Err(panic) = &report {
            eprintln!(
                "profile-lint server: internal error while linting {}: {panic}",
                self.uri
            );
        }
        let linted = Rc::new(Linted {
            report,
            config_error,
            options_time,
            lint_time,
        });
        self.linted = Some(Rc::clone(&linted));
        linted
    }

    /// How the file stores the text when not as plain UTF-8, looked at once (at the first
    /// lint, when the editor has just read the file).
    pub fn disk_form(&mut self, cap: u64) -> Option<DiskForm> {
        if self.disk.is_none() {
            let form = self
                .path()
                .and_then(|path| disk::form_of(&path, &self.text, cap));
            self.disk = Some(form);
        }
        self.disk.clone().flatten()
    }

    /// Forgets the report (the configuration may have changed) and marks the document dirty.
    pub fn invalidate(&mut self) {
        self.linted = None;
        self.dirty = true;
    }
}

/// Whether a document is no profile at all, and so gets no diagnostics: the editor sends
/// every XML, JSON, PowerShell and text file, and a `pom.xml` or a 15 MB `package-lock.json`
/// must not be flagged. As when the command line walks a folder, a document in no known
/// format is left alone; so is one over the size cap that does not mention a profile.
fn is_no_profile(report: &FileReport, text: &str) -> bool {
    let only = |name: &str| report.diagnostics.iter().all(|d| d.rule.name() == name);
    let unrecognised = report.documents == 0 && only("unrecognized-input");
    let too_large = !report.diagnostics.is_empty()
        && only("input-too-large")
        && !text.contains("VPNProfile")
        && !text.contains("VPNv2");
    unrecognised || too_large
}

/// Open documents by URI.
#[derive(Debug, Default)]
pub struct Documents {
    pub open: HashMap<Url, Document>,
}

impl Documents {
    pub fn get_mut(&mut self, uri: &Url) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }
}
