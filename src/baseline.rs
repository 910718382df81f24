//! Baselines, for adopting the linter on an existing fleet of profiles without fixing every
//! finding first: `--write-baseline FILE` records the current findings, `--baseline FILE`
//! reports only findings that are not recorded.
//!
//! A finding is keyed by file, rule and the element path of its primary span, with a count,
//! never by line number: line-number baselines break as soon as anything above the finding
//! moves (ruff #1149 discussion); per-(file, rule) counts (oxlint, ESLint 9.24 suppressions)
//! are too coarse for profiles where one rule can fire in several sections. File paths are
//! stored relative to the baseline file's directory with `/` separators, so the same baseline
//! works from any working directory and on Windows.

use crate::config::normalize;
use crate::lint::FileReport;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const BASELINE_VERSION: u32 = 1;

/// The largest baseline read or written: 128 MiB. A baseline holds one entry (about 150 bytes)
/// per file, rule and element with findings: the largest fleet measured (16,000 files) wrote
/// 28 MB, and 128 MiB is near a million entries. The cap is there for what is not a baseline
/// (a committed link to `/dev/zero`, a runaway file), which would otherwise be read until the
/// runner runs out of memory; parsing a baseline takes about three times its size.
pub const MAX_BASELINE_SIZE: u64 = 128 * 1024 * 1024;

/// The file as written ([`ReadFile`] is the same read back).
#[derive(Debug, Serialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize)]
struct Entry {
    file: String,
    code: String,
    /// The rule's name, for people reading the file (matching uses the code).
    name: String,
    /// Element path of the finding (`VPNProfile/NativeProfile/Servers`); empty when the
    /// finding is outside any element (a syntax error before the root, a wrapper finding).
    element: String,
    count: usize,
}

type Key = (String, String, String);

/// An entry as read: strings borrowed from the file's text where they hold no escape (a
/// 16,000-file baseline has 128,000 entries; copying each field cost more than linting).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadEntry<'a> {
    #[serde(borrow)]
    file: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    code: std::borrow::Cow<'a, str>,
    /// Required, but for people only (matching uses the code).
    #[allow(dead_code)]
    name: serde::de::IgnoredAny,
    #[serde(borrow)]
    element: std::borrow::Cow<'a, str>,
    count: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadFile<'a> {
    version: u32,
    #[serde(borrow)]
    findings: Vec<ReadEntry<'a>>,
}

/// A file's known findings: (code, element path) and how many, sorted. The strings are shared
/// by every file that has them (a fleet's findings are a few dozen rules on a few dozen
/// elements).
type Known = Vec<((Arc<str>, Arc<str>), usize)>;

/// A loaded baseline: how many findings of each key are already known.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    known: HashMap<String, Known>,
}

/// The file part of a key: relative to `dir` when the file is below it, `/`-separated.
fn file_key(report_path: &str, dir: &Path) -> String {
    if report_path.starts_with('<') {
        return report_path.to_owned();
    }
    let absolute = normalize(Path::new(report_path));
    let shown = absolute
        .strip_prefix(dir)
        .map_or_else(|_| PathBuf::from(report_path), Path::to_path_buf);
    let shown = shown.to_string_lossy();
    // `\\` separates only on Windows; in a Linux name it is part of the name.
    if cfg!(windows) {
        shown.replace('\\', "/")
    } else {
        shown.into_owned()
    }
}

fn base_dir(baseline: &Path) -> PathBuf {
    normalize(baseline)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn count<'r>(reports: &'r [FileReport], dir: &Path) -> BTreeMap<Key, (usize, &'r str)> {
    let mut counts: BTreeMap<Key, (usize, &'r str)> = BTreeMap::new();
    for report in reports {
        let file = file_key(&report.path, dir);
        for d in &report.diagnostics {
            let key = (
                file.clone(),
                d.rule.code().to_owned(),
                d.element_path.as_deref().unwrap_or_default().to_owned(),
            );
            let entry = counts.entry(key).or_insert((0, d.rule.name()));
            entry.0 = entry.0.saturating_add(1);
        }
    }
    counts
}

/// Writes the findings of `reports` to `path`; returns how many findings were recorded.
///
/// The file is replaced atomically (a temporary file renamed over it) and never through a
/// symbolic link (see [`crate::files::create_or_replace`]); the caller refuses a path that is
/// one of the files linted in the run.
pub fn write(path: &Path, reports: &[FileReport]) -> Result<usize, String> {
    let counts = count(reports, &base_dir(path));
    let total = counts
        .values()
        .fold(0usize, |total, (n, _)| total.saturating_add(*n));
    let file = BaselineFile {
        version: BASELINE_VERSION,
        findings: counts
            .into_iter()
            .map(|((file, code, element), (count, name))| Entry {
                file,
                code,
                name: name.to_owned(),
                element,
                count,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
    text.push('\n');
    if text.len() as u64 > MAX_BASELINE_SIZE {
        return Err(format!(
            "the baseline would have {} bytes, more than the {MAX_BASELINE_SIZE} bytes profile-lint reads; not written",
            text.len()
        ));
    }
    crate::files::create_or_replace(path, text.as_bytes()).map_err(|e| {
        format!(
            "cannot write the baseline {}: {e}",
            crate::files::display(path)
        )
    })?;
    Ok(total)
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        // A regular file of at most MAX_BASELINE_SIZE bytes (see `crate::files`).
        let text = crate::files::read_text_capped(path, MAX_BASELINE_SIZE).map_err(|e| {
            format!(
                "cannot read the baseline {}: {e}",
                crate::files::display(path)
            )
        })?;
        let file: ReadFile = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}: not a profile-lint baseline: {e}",
                path.display(),
                e.line()
            )
        })?;
        if file.version != BASELINE_VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported (expected {BASELINE_VERSION}); write it again with --write-baseline",
                path.display(),
                file.version
            ));
        }
        let mut shared: HashSet<Arc<str>> = HashSet::new();
        let mut share = |text: &str| -> Arc<str> {
            if let Some(known) = shared.get(text) {
                return Arc::clone(known);
            }
            let new: Arc<str> = text.into();
            shared.insert(Arc::clone(&new));
            new
        };
        let mut known: HashMap<String, Known> = HashMap::new();
        for e in file.findings {
            let key = (share(&e.code), share(&e.element));
            let entries = match known.get_mut(e.file.as_ref()) {
                Some(entries) => entries,
                None => known.entry(e.file.into_owned()).or_default(),
            };
            entries.push((key, e.count));
        }
        for entries in known.values_mut() {
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            // Counts come from a file anyone can edit: a key listed twice is summed, and a sum
            // past `usize::MAX` stays there instead of wrapping to a small number that would
            // un-hide findings.
            entries.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    kept.1 = kept.1.saturating_add(later.1);
                }
                same
            });
        }
        Ok(Baseline {
            dir: base_dir(path),
            known,
        })
    }

    /// Removes the findings the baseline knows (up to its count per key, in file order).
    pub fn filter(&self, reports: &mut [FileReport]) -> Filtered {
        reports.iter_mut().fold(Filtered::default(), |all, report| {
            all + self.filter_report(report)
        })
    }

    /// [`Baseline::filter`] for one file: each file's entries are its own (a run lints each
    /// file once), so a streamed run filters every report as it comes, on any thread, instead
    /// of holding all of them until the end (16,000 files: 209 MB, docs/hostile-round2.md).
    pub fn filter_report(&self, report: &mut FileReport) -> Filtered {
        let file = file_key(&report.path, &self.dir);
        // Sorted by (code, element).
        let mut remaining: Vec<((&str, &str), usize)> = self
            .known
            .get(&file)
            .into_iter()
            .flatten()
            .map(|((code, element), n)| ((code.as_ref(), element.as_ref()), *n))
            .collect();
        let mut hidden = 0usize;
        if !remaining.is_empty() {
            report.diagnostics.retain(|d| {
                let key = (d.rule.code(), d.element_path.as_deref().unwrap_or(""));
                match remaining.binary_search_by(|(known, _)| known.cmp(&key)) {
                    Ok(i) if remaining[i].1 > 0 => {
                        remaining[i].1 -= 1;
                        hidden += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        // What is left of the file's entries no longer occurs.
        let fixed = remaining
            .iter()
            .fold(0usize, |fixed, (_, n)| fixed.saturating_add(*n));
        Filtered { hidden, fixed }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filtered {
    /// Findings removed because the baseline knows them.
    pub hidden: usize,
    /// Recorded findings that no longer occur in the linted files.
    pub fixed: usize,
}

impl std::ops::Add for Filtered {
    type Output = Filtered;

    fn add(self, other: Filtered) -> Filtered {
        Filtered {
            hidden: self.hidden.saturating_add(other.hidden),
            fixed: self.fixed.saturating_add(other.fixed),
        }
    }
}

impl Filtered {
    /// The sentence appended to the summary line (empty when there is nothing to say).
    pub fn note(&self) -> String {
        let mut note = String::new();
        if self.hidden > 0 {
            note.push_str(&format!(
                " {} known finding(s) hidden by the baseline.",
                self.hidden
            ));
        }
        if self.fixed > 0 {
            note.push_str(&format!(
                " {} baseline finding(s) no longer occur: write the baseline again so they cannot come back unnoticed.",
                self.fixed
            ));
        }
        note
    }
}
