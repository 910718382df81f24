//! The work of one input in a `check` run: the lint options its configuration gives it
//! (found once per directory, shared by the files of one configuration), then reading and
//! linting it on a worker thread.

use super::CheckOptions;
use crate::config;
use crate::diagnostic::Severity;
use crate::inputs::{read_input, Input, Inputs, ReadInput};
use crate::lint::{input_too_large, lint_bytes, FileReport, LintOptions};
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
}

impl Configured {
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
            ..LintOptions::selecting(&args.selection, Policies::default())
        };
        Ok(Configured {
            settings,
            base: Arc::new(base),
            shared: Vec::new(),
            last_dir: None,
            stdin_name: stdin_name.to_owned(),
            cli: args.selection.clone(),
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
}

/// Reads and lints one input; `None` when a file found by walking is no known format.
pub fn lint_job(job: Job) -> Option<FileReport> {
    let Job {
        name,
        input,
        options,
        ..
    } = job;
    let options = &*options;
    // A bug in a rule must not end the run: the file gets an error and the others go on.
    let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match input {
        Input::Failed(report) => Some(*report),
        Input::Stdin => {
            let mut bytes = Vec::new();
            match std::io::stdin().read_to_end(&mut bytes) {
                Ok(_) => Some(lint_bytes(&name, &bytes, options)),
                Err(error) => Some(FileReport::unreadable(&name, error.to_string())),
            }
        }
        Input::File { path, explicit } => match read_input(&path, options.max_file_size) {
            Ok(ReadInput::TooLarge(size)) => Some(input_too_large(&name, size, options)),
            Ok(ReadInput::Bytes(bytes)) => {
                let report = lint_bytes(&name, &bytes, options);
                // Files found by walking that are no known format are skipped quietly (an NPS
                // export is XML but no profile), except empty, blank or BOM-only `.xml` files:
                // a profile that lost its content is worth a finding.
                let unrecognised = report.documents == 0
                    && report
                        .diagnostics
                        .iter()
                        .all(|d| d.rule.name() == "unrecognized-input");
                let blank_xml = report.text.trim().is_empty()
                    && path
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
                (explicit || blank_xml || !unrecognised).then_some(report)
            }
            Err(error) => Some(FileReport::unreadable(&name, error)),
        },
    }));
    linted.unwrap_or_else(|_| {
        Some(FileReport::unreadable(
            &name,
            "internal error: profile-lint crashed on this file (please report it with the file)"
                .into(),
        ))
    })
}
