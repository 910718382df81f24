//! Helpers shared by the integration tests.
#![allow(dead_code)]

use profile_lint::lint::{lint_bytes, FileReport, LintOptions, RuleSelection};
use profile_lint::output::human::{render_file, HumanOptions};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// insta settings: snapshots live in the top-level `snapshots/` folder.
pub fn insta_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

pub fn options_for(rules: &[&str]) -> LintOptions {
    let selection = RuleSelection {
        select: rules.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    LintOptions::selecting(&selection, Default::default())
}

/// Lints a file of the repository, reported under its path relative to the repository root.
pub fn lint_file(relative: &Path, rules: &[&str]) -> FileReport {
    let bytes = std::fs::read(root().join(relative))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", relative.display()));
    let name = relative.to_string_lossy().replace('\\', "/");
    lint_bytes(&name, &bytes, &options_for(rules))
}

pub fn human(report: &FileReport) -> String {
    render_file(report, HumanOptions::default())
}

/// Names of the rules that reported on `report`.
pub fn fired(report: &FileReport) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.rule.name()).collect()
}

/// Files in `dir` whose names start with `prefix` (sorted).
pub fn files_with_prefix(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(prefix))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs the built binary in `dir` with `args`, feeding `stdin` when given.
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    use std::process::{Command, Stdio};
    let mut command = Command::new(env!("CARGO_BIN_EXE_profile-lint"));
    command.args(args).current_dir(dir).env_remove("NO_COLOR");
    let Some(input) = stdin else {
        return command.output().expect("the binary runs");
    };
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the binary starts");
    if let Some(mut pipe) = child.stdin.take() {
        use std::io::Write;
        pipe.write_all(input).expect("stdin");
    }
    child.wait_with_output().expect("the binary finishes")
}

/// The exit code (-1 when killed by a signal).
pub fn code(output: &std::process::Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// Standard output then standard error, as text.
pub fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A fresh empty folder in the system's temp area, unique to this test process.
pub fn scratch(prefix: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "profile-lint-{prefix}-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// Sub-directories of `dir` whose names start with `prefix` (sorted): a deployment fixture
/// (profiles with the server files they meet).
pub fn dirs_with_prefix(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_dir()
                        && p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(prefix))
                })
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Lints a deployment folder of the repository as `profile-lint DIR` does: its server files
/// and profiles gathered first, then each profile linted against them. Returns the reports of
/// the profiles (server files have none to show), named relative to the repository root.
pub fn lint_deployment(relative: &Path, rules: &[&str]) -> Vec<FileReport> {
    use profile_lint::check::gather::{gather, GatherOptions};
    use profile_lint::inputs::{Input, Inputs};
    // Gathered by its path relative to the repository root (the tests' working directory),
    // as `profile-lint testdata/...` run there names it: server files are named the same way
    // in messages, and snapshots hold no machine's absolute path.
    let dir = root().join(relative);
    let gathered = gather(&GatherOptions {
        paths: vec![relative.to_path_buf()],
        max_file_size: profile_lint::limits::DEFAULT_MAX_FILE_SIZE,
        ..GatherOptions::default()
    })
    .unwrap_or_else(|e| panic!("cannot gather {}: {e}", relative.display()));
    let options = LintOptions {
        site: Some(std::sync::Arc::new(gathered.site)),
        ..options_for(rules)
    };
    let prefix = root();
    let mut reports = Vec::new();
    for input in Inputs::new(&[dir], "<stdin>") {
        let Input::File { path, .. } = input else {
            continue;
        };
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let name = path
            .strip_prefix(&prefix)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let report = lint_bytes(&name, &bytes, &options);
        if report.server.is_none() {
            reports.push(report);
        }
    }
    reports
}

/// Lints `bytes` against the server files of a folder of the repository (every file of it
/// applies): how a rule page's examples of a server-side rule are checked.
pub fn lint_with_servers(bytes: &[u8], servers: &Path, rules: &[&str]) -> FileReport {
    use profile_lint::deploy::{Applies, ServerFile, Site};
    let mut site = Site::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(servers))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for path in files {
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let name = path.to_string_lossy().into_owned();
        match ServerFile::read(&name, &bytes) {
            Some(Ok(file)) => site.add_server(Applies::All, file),
            _ => panic!("{} is no readable server file", path.display()),
        }
    }
    let options = LintOptions {
        site: Some(std::sync::Arc::new(site)),
        ..options_for(rules)
    };
    lint_bytes("example.xml", bytes, &options)
}
