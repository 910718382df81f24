//! What to lint: the paths given on the command line, directories walked (honouring
//! `.gitignore`), standard input; and reading a file without loading more than the size cap.

use crate::lint::FileReport;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// One input to lint: a path, standard input, or a path already known to be unusable.
pub enum Input {
    Stdin,
    File {
        path: PathBuf,
        /// Named on the command line (linted even when it is no known format).
        explicit: bool,
    },
    /// A path that does not exist, or an error of the directory walk: reported as it is.
    Failed(Box<FileReport>),
}

impl Input {
    /// The name the input is reported under.
    pub fn name<'a>(&'a self, stdin_name: &'a str) -> Cow<'a, str> {
        match self {
            Input::Stdin => Cow::Borrowed(stdin_name),
            Input::File { path, .. } => match path.to_str() {
                Some(name) => Cow::Borrowed(name),
                None => Cow::Owned(display(path)),
            },
            Input::Failed(report) => Cow::Borrowed(&report.path),
        }
    }
}

/// One path of the command line, classified.
enum Arg {
    Stdin,
    File(PathBuf),
    Dir(PathBuf),
    Missing(PathBuf),
}

impl Arg {
    fn sort_key<'a>(&'a self, stdin_name: &'a str) -> &'a Path {
        match self {
            Arg::Stdin => Path::new(stdin_name),
            Arg::File(path) | Arg::Dir(path) | Arg::Missing(path) => path,
        }
    }
}

/// The inputs of a run, produced one at a time in path order (component by component, as
/// `Path` compares) while the run goes on.
///
/// Nothing here grows with the number of files (a fleet is linted in constant memory): directories are walked lazily, each
/// one listed and sorted when the walk reaches it, so memory follows the largest directory,
/// not the fleet. What is kept is bounded by the command line: the arguments, and which of
/// the files it names a walk has already produced (so none is linted twice).
pub struct Inputs {
    args: std::vec::IntoIter<Arg>,
    /// The directory being walked (its root names errors that carry no path).
    walk: Option<(PathBuf, ignore::Walk)>,
    /// Files named on the command line (normalized, sorted), each with whether a walk
    /// produced it already.
    named: Vec<(PathBuf, bool)>,
    /// Given directories inside other given directories (normalized), which the outer walks
    /// leave out.
    nested: std::sync::Arc<Vec<PathBuf>>,
}

impl Inputs {
    /// The inputs of `paths` (`-` is standard input, reported as `stdin_name`; no paths at
    /// all also means standard input).
    pub fn new(paths: &[PathBuf], stdin_name: &str) -> Inputs {
        let mut args: Vec<Arg> = if paths.is_empty() {
            vec![Arg::Stdin]
        } else {
            paths.iter().map(|path| classify(path)).collect()
        };
        args.sort_by(|a, b| a.sort_key(stdin_name).cmp(b.sort_key(stdin_name)));
        // The same path (or `-`) given twice is linted once.
        args.dedup_by(|later, kept| {
            std::mem::discriminant(&*later) == std::mem::discriminant(&*kept)
                && later.sort_key(stdin_name) == kept.sort_key(stdin_name)
        });
        // So is a file or directory given under two spellings (`d`, `./d`).
        let (mut dirs, mut files): (Vec<PathBuf>, Vec<PathBuf>) = (Vec::new(), Vec::new());
        args.retain(|arg| {
            let (seen, path) = match arg {
                Arg::Dir(path) => (&mut dirs, path),
                Arg::File(path) => (&mut files, path),
                _ => return true,
            };
            let path = crate::config::normalize(path);
            let new = !seen.contains(&path);
            if new {
                seen.push(path);
            }
            new
        });
        // A directory inside another given one is walked on its own (even where the outer
        // walk would skip it as ignored), and the outer walk leaves it out: each file once.
        let nested: Vec<PathBuf> = dirs
            .iter()
            .filter(|dir| {
                dirs.iter()
                    .any(|outer| outer != *dir && dir.starts_with(outer))
            })
            .cloned()
            .collect();
        let mut named: Vec<(PathBuf, bool)> = files.into_iter().map(|f| (f, false)).collect();
        named.sort();
        Inputs {
            args: args.into_iter(),
            walk: None,
            named,
            nested: std::sync::Arc::new(nested),
        }
    }

    /// Every directory whose configuration the run may need: the directories of the files
    /// and of standard input, and every directory the walks will enter. This is a walk of its
    /// own over directories only (a few milliseconds for 10,000 files), so that a broken
    /// configuration stops the run before anything is written.
    pub fn directories(paths: &[PathBuf], stdin_name: &str) -> Vec<PathBuf> {
        let inputs = Inputs::new(paths, stdin_name);
        let mut dirs = Vec::new();
        for arg in inputs.args.as_slice() {
            let parent = |path: &Path| {
                let path = crate::config::normalize(path);
                path.parent().map(Path::to_path_buf).unwrap_or(path)
            };
            match arg {
                Arg::Stdin => dirs.push(parent(Path::new(stdin_name))),
                Arg::File(path) => dirs.push(parent(path)),
                Arg::Missing(_) => {}
                Arg::Dir(root) => {
                    // Nested directories are not left out here: `dirs` is deduplicated below.
                    let walk = walker(root, &std::sync::Arc::default())
                        .filter_entry(|entry| entry.file_type().is_some_and(|t| t.is_dir()))
                        .build();
                    dirs.extend(
                        walk.flatten()
                            .map(|entry| crate::config::normalize(entry.path())),
                    );
                }
            }
        }
        dirs.sort();
        dirs.dedup();
        dirs
    }

    /// The next file of the current walk, if any.
    fn next_walked(&mut self) -> Option<Input> {
        let (root, walk) = self.walk.as_mut()?;
        for entry in walk.by_ref() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = walk_error_path(&error).unwrap_or(root);
                    if is_dangling_link_of_no_profile(&error, path) {
                        continue;
                    }
                    return Some(failed(path, walk_error_message(&error)));
                }
            };
            let wanted = entry.file_type().is_some_and(|t| t.is_file())
                && has_profile_extension(entry.path());
            if !wanted {
                continue;
            }
            let path = entry.into_path();
            // A file also named on the command line is linted here, as a named file.
            // (Looked up only when files were named: normalizing costs an allocation.)
            let found = if self.named.is_empty() {
                None
            } else {
                self.named_index(&path)
            };
            let explicit = match found {
                Some(index) => {
                    self.named[index].1 = true;
                    true
                }
                None => false,
            };
            return Some(Input::File { path, explicit });
        }
        self.walk = None;
        None
    }
}

impl Inputs {
    /// Where a path is among the files named on the command line.
    fn named_index(&self, path: &Path) -> Option<usize> {
        let path = crate::config::normalize(path);
        self.named
            .binary_search_by(|(named, _)| named.cmp(&path))
            .ok()
    }
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(input) = self.next_walked() {
                return Some(input);
            }
            match self.args.next()? {
                Arg::Stdin => return Some(Input::Stdin),
                Arg::Missing(path) => {
                    return Some(failed(&path, "no such file or directory".into()))
                }
                Arg::Dir(root) => {
                    // Entries of one directory are compared by their whole paths, as bytes: they
                    // share the parent, so that is the order of their names, without
                    // `Path::file_name` parsing both paths on every comparison (the walk runs
                    // under the lock that hands files to the workers).
                    let walk = walker(&root, &self.nested)
                        .sort_by_file_path(|a, b| a.as_os_str().cmp(b.as_os_str()))
                        .build();
                    self.walk = Some((root, walk));
                }
                Arg::File(path) => {
                    let walked = self
                        .named_index(&path)
                        .is_some_and(|index| self.named[index].1);
                    if !walked {
                        return Some(Input::File {
                            path,
                            explicit: true,
                        });
                    }
                }
            }
        }
    }
}

fn classify(path: &Path) -> Arg {
    if path.as_os_str() == "-" {
        Arg::Stdin
    } else if path.is_dir() {
        Arg::Dir(path.to_path_buf())
    } else if path.exists() {
        Arg::File(path.to_path_buf())
    } else {
        Arg::Missing(path.to_path_buf())
    }
}

/// A walk of a directory that honours `.gitignore` and follows symbolic links (profile folders
/// are often linked in); a link that points back to one of its ancestors is reported as an
/// error naming it, and the walk goes on.
fn walker(root: &Path, nested: &std::sync::Arc<Vec<PathBuf>>) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(root);
    builder.follow_links(true);
    if !nested.is_empty() {
        let nested = std::sync::Arc::clone(nested);
        builder.filter_entry(move |entry| {
            // The root of a walk is never filtered, so a nested directory's own walk runs.
            !(entry.file_type().is_some_and(|t| t.is_dir())
                && nested.contains(&crate::config::normalize(entry.path())))
        });
    }
    builder
}

/// Whether a walked file is linted by its name: `.xml`, `.ps1`, `.txt` in any case.
fn has_profile_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            // Profiles, and the server-side files of a deployment folder (certificates).
            "xml" | "ps1" | "txt" | "cer" | "crt" | "pem" | "der" | "p7b" | "p7c"
        )
    })
}

/// A walk error that is a dangling symbolic link (its target is missing) whose name would
/// not be linted anyway (`notes.md -> missing`): skipped like the file it names. A dangling
/// link with a profile extension stays an error (a profile went missing), and so does one
/// with no extension at all (it may have been a directory of profiles).
fn is_dangling_link_of_no_profile(error: &ignore::Error, path: &Path) -> bool {
    let not_found = error
        .io_error()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound);
    not_found
        && path.extension().is_some()
        && !has_profile_extension(path)
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn failed(path: &Path, message: String) -> Input {
    Input::Failed(Box::new(FileReport::unreadable(&display(path), message)))
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

/// The name a path is reported under: see [`crate::files::display`].
pub fn display(path: &Path) -> String {
    crate::files::display(path)
}

/// What reading an input gave.
pub enum ReadInput {
    Bytes(Vec<u8>),
    /// Larger than the cap (its size): not read at all.
    TooLarge(u64),
}

/// Reads a file, unless it is larger than the size cap: a 5 GiB file named `.xml` costs a
/// `stat`, not 5 GiB of memory. A file that grows while it is read is cut at the cap plus one
/// byte, so [`lint_bytes`] still sees that it is too large. Only regular files are read (a
/// FIFO would block the run, a device never end): see [`crate::files`].
///
/// [`lint_bytes`]: crate::lint::lint_bytes
pub fn read_input(path: &Path, max_file_size: u64) -> Result<ReadInput, String> {
    match crate::files::read_capped(path, max_file_size)? {
        crate::files::Capped::Bytes(bytes) => Ok(ReadInput::Bytes(bytes)),
        crate::files::Capped::TooLarge(size) => Ok(ReadInput::TooLarge(size)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names and "named on the command line" flags of the inputs of `paths`, relative to
    /// `root`.
    fn listed(root: &Path, paths: &[&str]) -> Vec<(String, bool)> {
        let paths: Vec<PathBuf> = paths
            .iter()
            .map(|p| if *p == "-" { p.into() } else { root.join(p) })
            .collect();
        let prefix = format!("{}/", root.display());
        Inputs::new(&paths, "<stdin>")
            .map(|input| {
                let explicit = matches!(input, Input::File { explicit: true, .. });
                let name = input.name("<stdin>").replace(&prefix, "");
                (name, explicit)
            })
            .collect()
    }

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in ["d/b.xml", "d/a/z.ps1", "d/a.xml", "d/notes.md", "e.xml"] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "<VPNProfile/>").expect("write");
        }
        dir
    }

    #[test]
    fn walks_lazily_in_path_order_keeping_profile_extensions() {
        let dir = tree();
        let names: Vec<String> = listed(dir.path(), &["e.xml", "d", "missing.xml", "-"])
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        // Component by component: the directory `d/a` comes before the file `d/a.xml`;
        // standard input sorts by its name (relative, so after these absolute paths).
        assert_eq!(
            names,
            [
                "d/a/z.ps1",
                "d/a.xml",
                "d/b.xml",
                "e.xml",
                "missing.xml",
                "<stdin>"
            ]
        );
    }

    #[test]
    fn a_file_named_and_walked_is_listed_once_as_named() {
        let dir = tree();
        assert_eq!(listed(dir.path(), &["e.xml", "./e.xml"]).len(), 1);
        assert_eq!(
            listed(dir.path(), &["d/b.xml", "d", "d/./b.xml"]),
            [
                ("d/a/z.ps1".to_string(), false),
                ("d/a.xml".to_string(), false),
                ("d/b.xml".to_string(), true),
            ]
        );
    }

    #[test]
    fn a_directory_given_twice_or_inside_another_is_walked_once() {
        let dir = tree();
        let once = listed(dir.path(), &["d"]);
        assert_eq!(listed(dir.path(), &["d", "./d", "d/"]), once);
        // The nested directory is walked on its own, after the outer walk that left it out.
        let mut nested = listed(dir.path(), &["d/a", "d", "d"]);
        assert_eq!(nested.remove(2), ("d/a/z.ps1".to_string(), false));
        let mut rest = once.clone();
        rest.retain(|(name, _)| name != "d/a/z.ps1");
        assert_eq!(nested, rest);
    }

    #[test]
    fn an_ignored_directory_named_on_the_command_line_is_still_walked() {
        let dir = tree();
        std::fs::write(dir.path().join("d/.ignore"), "a/\n").expect("write");
        let names = |paths: &[&str]| -> Vec<String> {
            listed(dir.path(), paths)
                .into_iter()
                .map(|(n, _)| n)
                .collect()
        };
        assert_eq!(names(&["d"]), ["d/a.xml", "d/b.xml"]);
        assert_eq!(names(&["d", "d/a"]), ["d/a.xml", "d/b.xml", "d/a/z.ps1"]);
    }

    #[test]
    fn directories_lists_every_directory_a_walk_enters() {
        let dir = tree();
        let root = crate::config::normalize(dir.path());
        let dirs = Inputs::directories(&[dir.path().join("d"), dir.path().join("e.xml")], "-");
        assert_eq!(dirs, [root.clone(), root.join("d"), root.join("d/a")]);
    }
}
