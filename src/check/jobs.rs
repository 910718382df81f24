//! The work of one input in a `check` run: the lint options its configuration gives it
//! (found once per directory, shared by the files of one configuration), then reading and
//! linting it on a worker thread.

use super::CheckOptions;
use super::FixMode;
use crate::config;
use crate::diagnostic::Severity;
use crate::inputs::{read_input, Input, Inputs, ReadInput};
use crate::lint::{
    input_too_large, lint_and_fix, lint_bytes, FileReport, FixSettings, LintOptions,
};
use crate::policy::Policies;
use crate::selection::RuleSelection;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The configurations of a run, and the lint options they give each input.
///
/// Every configuration is found and checked before anything is linted (a broken one stops the
/// run before any output), once per directory; the options of one configuration are shared
/// by all its files, except where `[[per-path]]` makes them differ file by file.
pub struct Configured {
    settings: config::Settings,
    /// The options of files without a configuration (the command line alone).
    base: Arc<LintOptions>,
    /// The options of each configuration without `[[per-path]]`, built when first needed.
    shared: Vec<(Arc<config::Config>, Arc<LintOptions>)>,
    /// The directory of the last file and its configuration (see `config_for`).
    last_dir: Option<(PathBuf, Option<Arc<config::Config>>)>,
    stdin_name: String,
    /// The command line's selection, which each configuration's is resolved with.
    cli: RuleSelection,
    fix: FixMode,
    unsafe_fixes: bool,
    /// The run's deployment, given to every file's options.
    site: Option<Arc<crate::deploy::Site>>,
}

impl Configured {
    /// Whether the command line's selection runs `meta` (files with a configuration may
    /// differ; this is for the statistics' note on rules that did not run).
    pub fn selected(&self, meta: &'static crate::meta::RuleMeta) -> bool {
        self.base.rules.state(&meta.into()).enabled
    }

    /// Every configuration of the run (loaded before the first job).
    pub fn configs(&self) -> Vec<Arc<config::Config>> {
        self.settings.loaded()
    }

    /// Gives every file of the run the deployment (call before the first job).
    pub fn set_site(&mut self, site: Option<Arc<crate::deploy::Site>>) {
        if let Some(base) = Arc::get_mut(&mut self.base) {
            base.site = site.clone();
        } else {
            let mut base = (*self.base).clone();
            base.site = site.clone();
            self.base = Arc::new(base);
        }
        self.shared.clear();
        self.site = site;
    }

    pub fn load(args: &CheckOptions, stdin_name: &str) -> Result<Configured, String> {
        let source = args.config.clone();
        let discover = matches!(source, config::Source::Discover);
        let mut settings = config::Settings::new(source).map_err(|e| e.render())?;
        if discover {
            for dir in Inputs::directories(&args.paths, stdin_name) {
                settings.config_for_dir(dir).map_err(|e| e.render())?;
            }
        }
        config::validate_cli(&args.selection, &settings.loaded())?;
        let base = LintOptions {
            input_format: args.input_format,
            max_file_size: args.max_file_size,
            deployment: args.deployment,
            ..LintOptions::selecting(&args.selection, Policies::default())
        };
        Ok(Configured {
            settings,
            base: Arc::new(base),
            shared: Vec::new(),
            last_dir: None,
            stdin_name: stdin_name.to_owned(),
            cli: args.selection.clone(),
            fix: args.fix,
            unsafe_fixes: args.unsafe_fixes,
            site: None,
        })
    }

    /// The path whose directory decides the configuration of an input.
    fn config_path<'a>(input: &'a Input, stdin_name: &'a str) -> Option<&'a Path> {
        match input {
            Input::Stdin => Some(Path::new(stdin_name)),
            Input::File { path, .. } => Some(path),
            Input::Failed(_) => None,
        }
    }

    /// The input with its name, options and `fail-on`.
    pub fn job(&mut self, input: Input) -> Job {
        let name = input.name(&self.stdin_name).into_owned();
        let (input, options, fail_on) = match self.configured_options(&input) {
            Ok(Some((options, fail_on))) => (input, options, fail_on),
            Ok(None) => (input, Arc::clone(&self.base), None),
            // The directory appeared after `load` and its configuration is broken: that is
            // this file's error.
            Err(error) => {
                let report = FileReport::unreadable(&name, error);
                (
                    Input::Failed(Box::new(report)),
                    Arc::clone(&self.base),
                    None,
                )
            }
        };
        Job {
            name,
            input,
            options,
            fail_on,
            fix: self.fix,
            unsafe_fixes: self.unsafe_fixes,
        }
    }

    /// The options and `fail-on` an input's configuration gives it; `None` when it has none.
    /// Every configuration was loaded by `load`, so this is a look-up in its cache.
    fn configured_options(&mut self, input: &Input) -> Result<Option<Configuration>, String> {
        let Some(path) = Self::config_path(input, &self.stdin_name) else {
            return Ok(None);
        };
        let Some(config) = Self::config_for(&mut self.settings, &mut self.last_dir, path)? else {
            return Ok(None);
        };
        let per_file = (!config.per_path.is_empty()).then(|| Arc::new(self.options(&config, path)));
        let options = match per_file {
            Some(options) => options,
            None => self.shared_options(&config),
        };
        Ok(Some((options, config.fail_on)))
    }

    /// The configuration of a file. The files of one directory come one after another, so
    /// the last directory's answer is kept: most look-ups compare two paths instead of
    /// normalizing and hashing one.
    fn config_for(
        settings: &mut config::Settings,
        last_dir: &mut Option<(PathBuf, Option<Arc<config::Config>>)>,
        path: &Path,
    ) -> Result<Option<Arc<config::Config>>, String> {
        let parent = path.parent().unwrap_or(Path::new(""));
        if let Some((dir, config)) = last_dir {
            if dir == parent {
                return Ok(config.clone());
            }
        }
        let config = settings.config_for(path).map_err(|e| e.render())?;
        *last_dir = Some((parent.to_path_buf(), config.clone()));
        Ok(config)
    }

    /// The options of a configuration that are the same for every file it covers.
    fn shared_options(&mut self, config: &Arc<config::Config>) -> Arc<LintOptions> {
        if let Some((_, options)) = self.shared.iter().find(|(c, _)| Arc::ptr_eq(c, config)) {
            return Arc::clone(options);
        }
        let options = Arc::new(self.options(config, Path::new("")));
        self.shared.push((Arc::clone(config), Arc::clone(&options)));
        options
    }

    fn options(&self, config: &config::Config, path: &Path) -> LintOptions {
        let (selection, policy) = config::resolve(Some(config), path, &self.cli);
        LintOptions {
            input_format: self.base.input_format,
            max_file_size: self.base.max_file_size,
            deployment: self.base.deployment.or_else(|| config.deployment_for(path)),
            site: self.site.clone(),
            ..LintOptions::selecting(&selection, policy)
        }
    }
}

/// The options a configuration gives a file, and its `fail-on`.
type Configuration = (Arc<LintOptions>, Option<Severity>);

/// One input with what it needs to be linted.
pub struct Job {
    /// The name it is reported under.
    name: String,
    input: Input,
    options: Arc<LintOptions>,
    /// The `fail-on` of its configuration.
    pub fail_on: Option<Severity>,
    fix: FixMode,
    unsafe_fixes: bool,
}

impl Job {
    /// The file this job reads (`None` for standard input and inputs that failed already).
    pub fn path(&self) -> Option<&Path> {
        match &self.input {
            Input::File { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// What fixing did to one file, for the output.
#[derive(Debug, Clone, Default)]
pub struct Fixing {
    /// Fixes applied (or, with `--diff`, that would be).
    pub applied: usize,
    /// Why fixes were not applied, one line each.
    pub notes: Vec<String>,
    /// `--diff`: the unified diff of what `--fix` would write.
    pub diff: Option<String>,
    /// Standard input with `--fix`: the fixed file, printed instead of the findings.
    pub stdout: Option<Vec<u8>>,
}

/// Reads and lints one input (fixing it when asked); `None` when a file found by walking is
/// no known format.
pub fn lint_job(job: Job) -> Option<(FileReport, Option<Fixing>)> {
    let Job {
        name,
        input,
        options,
        fix,
        unsafe_fixes,
        ..
    } = job;
    if fix != FixMode::Off {
        let settings = FixSettings { unsafe_fixes };
        return fix_job(&name, input, &options, fix, settings);
    }
    let options = &*options;
    // A bug in a rule must not end the run: the file gets an error and the others go on.
    let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match input {
        Input::Failed(report) => Some(*report),
        Input::Stdin => {
            if let Some(closed) = crate::files::closed_stdin() {
                return Some(FileReport::unreadable(&name, closed.to_owned()));
            }
            let mut bytes = Vec::new();
            match std::io::stdin()
                .take(options.max_file_size.saturating_add(1))
                .read_to_end(&mut bytes)
            {
                // Like a file, standard input past the cap is not linted (and not read on).
                Ok(_) if bytes.len() as u64 > options.max_file_size => {
                    Some(input_too_large(&name, bytes.len() as u64, options))
                }
                Ok(_) => Some(lint_bytes(&name, &bytes, options)),
                Err(error) => Some(FileReport::unreadable(&name, error.to_string())),
            }
        }
        Input::File { path, explicit } => match read_input(&path, options.max_file_size) {
            Ok(ReadInput::TooLarge(size)) => Some(input_too_large(&name, size, options)),
            Ok(ReadInput::Bytes(bytes)) => {
                let report = lint_bytes(&name, &bytes, options);
                (explicit || !skipped_when_walked(&report, &path)).then_some(report)
            }
            Err(error) => Some(FileReport::unreadable(&name, error)),
        },
    }));
    linted
        .unwrap_or_else(|_| Some(crashed(&name)))
        .map(|report| (report, None))
}

/// Whether a file found by walking a folder is left out of the output: files that are no known
/// format are skipped quietly (an NPS export is XML but no profile), except empty, blank or
/// BOM-only `.xml` files: a profile that lost its content is worth a finding.
fn skipped_when_walked(report: &FileReport, path: &Path) -> bool {
    let unrecognised = report.server.is_none()
        && report.documents == 0
        && report
            .diagnostics
            .iter()
            .all(|d| d.rule.name() == "unrecognized-input");
    let blank_xml = report.text.trim().is_empty()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
    unrecognised && !blank_xml
}

fn crashed(name: &str) -> FileReport {
    FileReport::unreadable(
        name,
        "internal error: profile-lint crashed on this file (please report it with the file)".into(),
    )
}

/// Lints and fixes one input: writes the fixed file (atomically), or prints the diff, or for
/// standard input prints the fixed text.
fn fix_job(
    name: &str,
    input: Input,
    options: &LintOptions,
    mode: FixMode,
    settings: FixSettings,
) -> Option<(FileReport, Option<Fixing>)> {
    let (bytes, path) = match input {
        Input::Failed(report) => return Some((*report, None)),
        Input::Stdin => {
            if let Some(closed) = crate::files::closed_stdin() {
                return Some((FileReport::unreadable(name, closed.to_owned()), None));
            }
            let mut bytes = Vec::new();
            if let Err(error) = read_stdin(&mut bytes, options.max_file_size) {
                return Some((FileReport::unreadable(name, error), None));
            }
            (bytes, None)
        }
        Input::File { path, explicit } => match read_input(&path, options.max_file_size) {
            Ok(ReadInput::TooLarge(size)) => {
                return Some((input_too_large(name, size, options), None))
            }
            Ok(ReadInput::Bytes(bytes)) => (bytes, Some((path, explicit))),
            Err(error) => return Some((FileReport::unreadable(name, error), None)),
        },
    };
    let fixed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lint_and_fix(name, &bytes, options, settings)
    }));
    let Ok(fixed) = fixed else {
        return Some((crashed(name), None));
    };
    // Files found by walking that are no profile are not reported (nothing was fixed in them).
    if let Some((path, false)) = &path {
        if skipped_when_walked(&fixed.report, path) {
            return None;
        }
    }
    let path = path.map(|(path, _)| path);
    let mut fixing = Fixing {
        applied: fixed.applied,
        notes: fixed.notes,
        ..Fixing::default()
    };
    let mut report = fixed.report;
    match (mode, &fixed.bytes, &path) {
        (FixMode::Diff, Some(new), _) => {
            fixing.diff = Some(crate::output::diff::unified(name, &bytes, new));
        }
        (FixMode::Apply | FixMode::ApplyOnly, new, None) => {
            // Standard input: the (fixed) text goes to standard output, unchanged when there
            // was nothing to fix, so `profile-lint --fix - < a > b` always writes a whole file.
            let out = new.as_deref().unwrap_or(&bytes);
            fixing.stdout = Some(out.to_vec());
            if let Ok(decoded) = crate::decode::DecodedText::decode(out) {
                if decoded.encoding.is_utf16() {
                    fixing
                        .notes
                        .push("the fixed text is written to standard output as UTF-8".into());
                    fixing.stdout = Some(decoded.text.into_bytes());
                }
            }
        }
        (FixMode::Apply | FixMode::ApplyOnly, Some(new), Some(path)) => {
            if let Err(error) = crate::files::write_atomically(path, new) {
                report = FileReport::unreadable(
                    name,
                    format!(
                        "the fixed file could not be written (the original is unchanged): {error}"
                    ),
                );
                fixing.applied = 0;
            }
        }
        _ => {}
    }
    Some((report, Some(fixing)))
}

/// Standard input, read up to the size cap (one byte more tells it was larger).
fn read_stdin(bytes: &mut Vec<u8>, cap: u64) -> Result<(), String> {
    std::io::stdin()
        .take(cap.saturating_add(1))
        .read_to_end(bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "standard input has more than the limit of {cap} bytes; it was not fixed"
        ));
    }
    Ok(())
}
