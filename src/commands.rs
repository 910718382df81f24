//! The `format` and `extract` commands: files and folders in, the library's
//! [`profile_lint::format`] and [`profile_lint::extract`] on each, results written or printed.

use profile_lint::check::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};
use profile_lint::decode::{encode_like, DecodedText};
use profile_lint::extract::extract_profiles;
use profile_lint::files::{read_capped, write_atomically, Capped};
use profile_lint::format::{format_profile, FormatOptions};
use profile_lint::inputs::{Input, Inputs};
use profile_lint::output::{diff, display_path};
use profile_lint::source::{sniff, InputFormat};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What `format` does with each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatMode {
    Write,
    /// Exit 1 when a file would change; write nothing.
    Check,
    /// Print a unified diff of the change; write nothing.
    Diff,
}

/// The files to work on, found as `check` finds them ([`Inputs`]: `.gitignore` honoured, each
/// file once, in path order): named files as they are, and the files of folders whose
/// extension is one of `extensions`. `None` stands for standard input. Paths that cannot be
/// used are reported on standard error and counted in `failed`.
fn inputs(paths: &[PathBuf], extensions: &[&str], failed: &mut usize) -> Vec<Option<PathBuf>> {
    let mut out = Vec::new();
    for input in Inputs::new(paths, "<stdin>") {
        match input {
            Input::Stdin => out.push(None),
            Input::File { path, explicit } => {
                let wanted = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)));
                if explicit || wanted {
                    out.push(Some(path));
                }
            }
            Input::Failed(report) => {
                let why = report.error.as_deref().unwrap_or("cannot be read");
                eprintln!("error: {}: {why}", display_path(&report.path));
                *failed += 1;
            }
        }
    }
    out
}

fn read(path: Option<&Path>, cap: u64) -> Result<Vec<u8>, String> {
    let Some(path) = path else {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if bytes.len() as u64 > cap {
            return Err(format!("larger than the limit of {cap} bytes"));
        }
        return Ok(bytes);
    };
    // Only regular files, checked before opening (a FIFO would block the run).
    match read_capped(path, cap)? {
        Capped::Bytes(bytes) => Ok(bytes),
        Capped::TooLarge(size) => Err(format!(
            "the file has {size} bytes, more than the limit of {cap} bytes (--max-file-size)"
        )),
    }
}

fn name_of(path: Option<&Path>) -> String {
    path.map_or_else(
        || "<stdin>".to_owned(),
        |p| p.to_string_lossy().into_owned(),
    )
}

/// What formatting did to one file.
enum Formatted {
    Unchanged,
    /// Changed: the diff (`--diff`), the formatted text (standard input), or written.
    Changed {
        diff: Option<String>,
        stdout: Option<String>,
    },
    Failed(String),
}

/// Formats one file (or standard input) and, in `Write` mode, writes it: the work of one
/// worker thread.
fn format_one(
    path: Option<&Path>,
    options: &FormatOptions,
    mode: FormatMode,
    cap: u64,
) -> Formatted {
    let name = name_of(path);
    let formatted = read(path, cap).and_then(|bytes| {
        let decoded = DecodedText::decode(&bytes).map_err(|e| format!("cannot decode: {e}"))?;
        match sniff(&decoded.text, &name) {
            Some(InputFormat::Xml) => {}
            Some(other) => {
                return Err(format!(
                    "this is {}, not a ProfileXML file: `profile-lint extract` prints the profile inside it",
                    other.describe()
                ))
            }
            None => return Err("not a ProfileXML document".into()),
        }
        let text = format_profile(&decoded.text, options).map_err(|e| e.to_string())?;
        let encoded = encode_like(&bytes, decoded.encoding, &text)
            .ok_or_else(|| "the formatted text cannot be written in the file's encoding".to_owned())?;
        Ok((bytes, encoded, text))
    });
    let (before, after, text) = match formatted {
        Ok(done) => done,
        Err(why) => return Formatted::Failed(why),
    };
    let Some(path) = path else {
        // Standard input: the formatted text is the output, whatever the mode.
        let stdout = Some(text);
        return Formatted::Changed { diff: None, stdout };
    };
    if before == after {
        return Formatted::Unchanged;
    }
    match mode {
        FormatMode::Check => Formatted::Changed {
            diff: None,
            stdout: None,
        },
        FormatMode::Diff => Formatted::Changed {
            diff: Some(diff::unified(&name, &before, &after)),
            stdout: None,
        },
        FormatMode::Write => match write_atomically(path, &after) {
            Ok(()) => Formatted::Changed {
                diff: None,
                stdout: None,
            },
            Err(error) => Formatted::Failed(format!(
                "the formatted file could not be written (the original is unchanged): {error}"
            )),
        },
    }
}

/// `profile-lint format`: rewrites plain ProfileXML files in the form Windows writes back,
/// on all cores, reporting in path order.
pub fn format(paths: &[PathBuf], options: FormatOptions, mode: FormatMode, cap: u64) -> i32 {
    let (mut changed, mut failed, mut unchanged) = (0usize, 0usize, 0usize);
    // Written from the thread that receives the results in order (a `Stdout`, not a lock,
    // crosses threads).
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let targets = inputs(paths, &["xml"], &mut failed);
    profile_lint::parallel::for_each_in_order(
        targets,
        |path| {
            let outcome = format_one(path.as_deref(), &options, mode, cap);
            (name_of(path.as_deref()), path.is_none(), outcome)
        },
        |(name, stdin, outcome)| {
            let shown = display_path(&name);
            match outcome {
                Formatted::Unchanged => unchanged += 1,
                Formatted::Failed(why) => {
                    eprintln!("error: {shown}: {why}");
                    failed += 1;
                }
                Formatted::Changed { diff, stdout } => {
                    if let Some(text) = stdout {
                        let _ = out.write_all(text.as_bytes());
                    } else if let Some(diff) = diff {
                        let _ = out.write_all(diff.as_bytes());
                    } else if mode == FormatMode::Check {
                        let _ = writeln!(out, "Would reformat: {shown}");
                    }
                    if !stdin {
                        changed += 1;
                    }
                }
            }
        },
    );
    let _ = out.flush();
    let files = |n: usize| {
        if n == 1 {
            "1 file".to_owned()
        } else {
            format!("{n} files")
        }
    };
    let summary = match mode {
        FormatMode::Write => format!(
            "{} reformatted, {} left unchanged",
            files(changed),
            unchanged
        ),
        FormatMode::Check | FormatMode::Diff => format!(
            "{} would be reformatted, {} already formatted",
            files(changed),
            unchanged
        ),
    };
    eprintln!("{summary}.");
    if failed > 0 {
        EXIT_FAILURE
    } else if changed > 0 && mode != FormatMode::Write {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// `profile-lint extract`: the clean ProfileXML of each document in dumps, scripts, SyncML
/// payloads and Intune exports; printed, or one file per document in `output_dir`.
pub fn extract(
    paths: &[PathBuf],
    output_dir: Option<&Path>,
    formatted: Option<FormatOptions>,
    cap: u64,
) -> i32 {
    let mut failed = 0usize;
    let mut written: Vec<PathBuf> = Vec::new();
    if let Some(dir) = output_dir {
        if let Err(error) = std::fs::create_dir_all(dir) {
            eprintln!("error: {}: {error}", display_path(&dir.to_string_lossy()));
            return EXIT_FAILURE;
        }
    }
    let inputs = inputs(paths, &["xml", "ps1", "txt", "json"], &mut failed);
    // Never write over a file being read.
    let reading: Vec<PathBuf> = inputs
        .iter()
        .flatten()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let many = inputs.len() > 1;
    for path in &inputs {
        let name = name_of(path.as_deref());
        let shown = display_path(&name);
        let documents =
            read(path.as_deref(), cap).and_then(|bytes| extract_profiles(&name, &bytes));
        let documents = match documents {
            Ok(documents) => documents,
            Err(why) => {
                eprintln!("error: {shown}: {why}");
                failed += 1;
                continue;
            }
        };
        let several = many || documents.len() > 1;
        for document in documents {
            if document.incomplete {
                eprintln!(
                    "warning: {shown}: `{}` is cut short in the dump; its XML is incomplete",
                    document.name
                );
            }
            let xml = match &formatted {
                Some(options) => match format_profile(&document.xml, options) {
                    Ok(text) => text,
                    Err(error) => {
                        eprintln!("warning: {shown}: `{}` could not be formatted ({error}); written as found", document.name);
                        document.xml.clone()
                    }
                },
                None => document.xml.clone(),
            };
            let mut xml = xml;
            if !xml.ends_with('\n') {
                xml.push('\n');
            }
            match output_dir {
                Some(dir) => {
                    let target = dir.join(format!("{}.xml", document.name));
                    let target = unique(&target, &written);
                    let clashes =
                        std::fs::canonicalize(&target).is_ok_and(|t| reading.contains(&t));
                    if clashes {
                        eprintln!(
                            "error: {}: is one of the files being read; not overwritten",
                            display_path(&target.to_string_lossy())
                        );
                        failed += 1;
                        continue;
                    }
                    let result = if target.exists() {
                        write_atomically(&target, xml.as_bytes())
                    } else {
                        std::fs::write(&target, xml.as_bytes())
                    };
                    match result {
                        Ok(()) => {
                            eprintln!(
                                "{}: wrote {}",
                                shown,
                                display_path(&target.to_string_lossy())
                            );
                            written.push(target);
                        }
                        Err(error) => {
                            eprintln!(
                                "error: {}: {error}",
                                display_path(&target.to_string_lossy())
                            );
                            failed += 1;
                        }
                    }
                }
                None => {
                    if several {
                        // A comment before the root is still well-formed XML, and says which is which.
                        let _ = writeln!(
                            out,
                            "<!-- {} ({}) -->",
                            comment_safe(&document.name),
                            comment_safe(&name)
                        );
                    }
                    let _ = out.write_all(xml.as_bytes());
                }
            }
        }
    }
    let _ = out.flush();
    if failed > 0 {
        EXIT_FAILURE
    } else {
        EXIT_OK
    }
}

/// `path`, or `path` with `-2`, `-3`… before the extension when an earlier document of this
/// run was written there (two inputs with a profile of the same name).
fn unique(path: &Path, written: &[PathBuf]) -> PathBuf {
    if !written.contains(&path.to_path_buf()) {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    (2..)
        .map(|n| path.with_file_name(format!("{stem}-{n}.xml")))
        .find(|candidate| !written.contains(candidate))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Text safe inside an XML comment (no `--`) and on a terminal.
fn comment_safe(text: &str) -> String {
    display_path(text).replace("--", "- -")
}

/// `explain --nps-log`: each rejected or discarded request of an NPS log in plain words.
pub fn explain_nps_log(log: &Path, servers: &[PathBuf], profiles: &[PathBuf]) -> i32 {
    match profile_lint::log_explain::run(
        log,
        servers,
        profiles,
        profile_lint::limits::DEFAULT_MAX_FILE_SIZE,
    ) {
        Ok(text) => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            let _ = lock.write_all(text.as_bytes());
            EXIT_OK
        }
        Err(message) => {
            eprintln!("error: {}", profile_lint::output::sanitize::line(&message));
            EXIT_FAILURE
        }
    }
}
