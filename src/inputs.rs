//! What to lint: the paths given on the command line, directories walked (honouring
//! `.gitignore`), standard input; and reading a file without loading more than the size cap.

use crate::lint::FileReport;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One input to lint: a path, or standard input.
pub enum Input {
    Stdin,
    File { path: PathBuf, explicit: bool },
}

pub fn collect_inputs(paths: &[PathBuf], errors: &mut Vec<FileReport>) -> Vec<Input> {
    if paths.is_empty() {
        return vec![Input::Stdin];
    }
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, &mut inputs, errors);
        } else if path.exists() {
            inputs.push(Input::File {
                path: path.clone(),
                explicit: true,
            });
        } else {
            errors.push(FileReport::unreadable(
                &display(path),
                "no such file or directory".into(),
            ));
        }
    }
    // A file named twice (or also found by walking), or `-` given twice, is linted once.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|input| match input {
        Input::Stdin => seen.insert(None),
        Input::File { path, .. } => seen.insert(Some(path.clone())),
    });
    inputs
}

/// Walks a directory (honouring .gitignore), keeping `*.xml`, `*.ps1` and `*.txt` files.
fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<FileReport>) {
    let mut found = Vec::new();
    // Symbolic links are followed (profile folders are often linked in); a link that points
    // back to one of its ancestors is reported as an error naming it, and the walk goes on.
    for entry in ignore::WalkBuilder::new(dir).follow_links(true).build() {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let wanted = entry.file_type().is_some_and(|t| t.is_file())
                    && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        matches!(e.to_ascii_lowercase().as_str(), "xml" | "ps1" | "txt")
                    });
                if wanted {
                    found.push(path.to_path_buf());
                }
            }
            Err(error) => {
                let path = walk_error_path(&error).unwrap_or(dir);
                errors.push(FileReport::unreadable(
                    &display(path),
                    walk_error_message(&error),
                ));
            }
        }
    }
    found.sort();
    inputs.extend(found.into_iter().map(|path| Input::File {
        path,
        explicit: false,
    }));
}

/// The path an error of the directory walk is about.
fn walk_error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}

/// The message of a walk error, without the path (it is reported separately).
fn walk_error_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        ignore::Error::Loop { ancestor, .. } => format!(
            "symbolic link loop: it points to its own ancestor {}; not followed",
            display(ancestor)
        ),
        ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            "permission denied (cannot read the directory)".to_string()
        }
        other => other.to_string(),
    }
}

pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// What reading an input gave.
pub enum ReadInput {
    Bytes(Vec<u8>),
    /// Larger than the cap (its size): not read at all.
    TooLarge(u64),
}

/// Reads a file, unless it is larger than the size cap: a 5 GiB file named `.xml` costs a
/// `stat`, not 5 GiB of memory. A file that grows while it is read is cut at the cap plus one
/// byte, so [`lint_bytes`] still sees that it is too large.
pub fn read_input(path: &Path, max_file_size: u64) -> Result<ReadInput, String> {
    let describe = |error: std::io::Error| match error.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "permission denied (cannot read the file)".to_string()
        }
        _ if error.raw_os_error() == Some(21) => "is a directory".to_string(),
        _ => error.to_string(),
    };
    let file = std::fs::File::open(path).map_err(describe)?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > max_file_size {
        return Ok(ReadInput::TooLarge(size));
    }
    // One allocation of the right size: no probing reads, no regrowth.
    let mut bytes = Vec::with_capacity(size.saturating_add(1) as usize);
    file.take(max_file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(describe)?;
    Ok(ReadInput::Bytes(bytes))
}
