//! The `check` command: lint every input in parallel with its configuration, stream (or, for
//! SARIF and the baseline, collect) the output in path order, and choose the exit code.

use crate::cli::{
    selection, CheckArgs, ColorChoice, FailOn, OutputFormat, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK,
};
use crate::config;
use crate::diagnostic::Severity;
use crate::inputs::{collect_inputs, display, read_input, Input, ReadInput};
use crate::lint::{input_too_large, lint_bytes, FileReport, LintOptions};
use crate::output::{self, human::HumanOptions, Summary};
use crate::parallel;
use crate::rules::RuleMeta;
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;

pub fn check(args: CheckArgs) -> i32 {
    let rules = match selection(&args) {
        Ok(rules) => rules,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_FAILURE;
        }
    };
    let base = LintOptions {
        rules,
        input_format: args.input_format,
        max_file_size: args.max_file_size,
        policy: Default::default(),
    };
    let mut reports: Vec<FileReport> = Vec::new();
    let inputs = collect_inputs(&args.paths, &mut reports);
    // One name for standard input, used both to find its configuration and to report it.
    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "<stdin>".into());
    let configured = match Configured::load(&args, &base, &inputs, Path::new(&stdin_name)) {
        Ok(configured) => configured,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_FAILURE;
        }
    };
    let configured_fail_on = configured.fail_on;
    // Output is sorted by path; sorting the work (not the results) lets each file's output be
    // written as soon as it and every file before it are done (SPEC §8).
    let mut jobs: Vec<(String, Job)> = std::mem::take(&mut reports)
        .into_iter()
        .map(|report| (report.path.clone(), Job::Done(report)))
        .chain(
            inputs
                .into_iter()
                .zip(configured.options)
                .map(|(input, options)| {
                    let name = match &input {
                        Input::Stdin => stdin_name.clone(),
                        Input::File { path, .. } => display(path),
                    };
                    (name, Job::Input(input, options))
                }),
        )
        .collect();
    jobs.sort_by(|a, b| a.0.cmp(&b.0));
    let format = args.format.unwrap_or(OutputFormat::Human);
    // Formats that are one document over all files, and the baseline (which compares all
    // findings with all recorded ones), need every report; the others stream.
    let streaming =
        args.write_baseline.is_none() && args.baseline.is_none() && format != OutputFormat::Sarif;
    if streaming {
        let mut run = Run::new(&args, configured_fail_on);
        let renderer = run.renderer;
        parallel::for_each_in_order(
            jobs,
            |(name, job)| renderer.render(lint_job(name, job)),
            |outcome| run.write(outcome),
        );
        return run.finish();
    }
    // Only the human and SARIF formats draw snippets; the others need no file text.
    let keep_text = matches!(format, OutputFormat::Human | OutputFormat::Sarif);
    parallel::for_each_in_order(
        jobs,
        |(name, job)| {
            lint_job(name, job).map(|mut report| {
                if !keep_text {
                    report.text = String::new();
                }
                report
            })
        },
        |report| reports.extend(report),
    );
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    let unreadable = reports.iter().any(|r| r.error.is_some());
    if let Some(path) = &args.write_baseline {
        return match crate::baseline::write(path, &reports) {
            Ok(n) => {
                eprintln!("Wrote {n} finding(s) to the baseline {}.", path.display());
                if unreadable {
                    EXIT_FAILURE
                } else {
                    EXIT_OK
                }
            }
            Err(message) => {
                eprintln!("error: {message}");
                EXIT_FAILURE
            }
        };
    }
    let mut filtered = crate::baseline::Filtered::default();
    if let Some(path) = &args.baseline {
        match crate::baseline::Baseline::load(path) {
            Ok(baseline) => filtered = baseline.filter(&mut reports),
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_FAILURE;
            }
        }
    }
    // The collected reports go through the same writer as a streamed run; SARIF is one
    // document over all files, written first.
    let mut run = Run::new(&args, configured_fail_on);
    if format == OutputFormat::Sarif {
        run.put(&output::sarif::render(&reports));
    }
    for report in reports {
        let outcome = run.renderer.render(Some(report));
        run.write(outcome);
    }
    run.baseline_note = filtered.note();
    run.finish()
}

/// The lint options of every input (from its configuration file and the command line), and
/// the `fail-on` of each configuration by reported path.
struct Configured {
    options: Vec<LintOptions>,
    fail_on: HashMap<String, Severity>,
}

impl Configured {
    fn load(
        args: &CheckArgs,
        base: &LintOptions,
        inputs: &[Input],
        stdin_path: &Path,
    ) -> Result<Configured, String> {
        let source = match (&args.config, args.no_config) {
            (Some(path), _) => config::Source::File(path.clone()),
            (None, true) => config::Source::Disabled,
            (None, false) => config::Source::Discover,
        };
        let mut settings = config::Settings::new(source).map_err(|e| e.to_string())?;
        let mut configured = Configured {
            options: Vec::new(),
            fail_on: HashMap::new(),
        };
        for input in inputs {
            let (path, shown) = match input {
                Input::Stdin => (stdin_path.to_path_buf(), display(stdin_path)),
                Input::File { path, .. } => (path.clone(), display(path)),
            };
            let found = settings.config_for(&path).map_err(|e| e.to_string())?;
            let (rules, policy) = config::resolve(found.as_deref(), &path, &base.rules);
            if let Some(level) = found.and_then(|c| c.fail_on) {
                configured.fail_on.insert(shown, level);
            }
            configured.options.push(LintOptions {
                rules,
                policy,
                ..base.clone()
            });
        }
        config::validate_cli(&base.rules, &settings.loaded())?;
        Ok(configured)
    }
}

/// What to do for one entry of the output.
enum Job {
    /// Already known to have failed (a path that does not exist, a walk error).
    Done(FileReport),
    Input(Input, LintOptions),
}

/// Reads and lints one input; `None` when a file found by walking is no known format.
fn lint_job(name: String, job: Job) -> Option<FileReport> {
    let (input, options) = match job {
        Job::Done(report) => return Some(report),
        Job::Input(input, options) => (input, options),
    };
    let options = &options;
    // A bug in a rule must not end the run: the file gets an error and the others go on.
    let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match input {
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
                let unrecognised = report.format.is_none()
                    && report
                        .diagnostics
                        .iter()
                        .all(|d| d.rule.name == "unrecognized-input");
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

/// One file's output, rendered on a worker thread; the main thread only writes it.
struct Outcome {
    path: String,
    text: String,
    errors: usize,
    warnings: usize,
    infos: usize,
    rules: Vec<(&'static RuleMeta, Severity)>,
    error: Option<String>,
}

/// How each file is rendered; copied to the worker threads.
#[derive(Debug, Clone, Copy)]
struct Renderer {
    format: OutputFormat,
    human: HumanOptions,
}

impl Renderer {
    /// Renders one report; the report (and the file text it holds) is dropped here.
    fn render(&self, report: Option<FileReport>) -> Option<Outcome> {
        let report = report?;
        let text = match self.format {
            OutputFormat::Json => output::json::JsonStream::entry(&report),
            OutputFormat::Concise => output::concise::render_file(&report),
            OutputFormat::Github => output::github::render_file(&report),
            OutputFormat::Human => output::human::render_file(&report, self.human),
            // One document over all files: never streamed (see `check`).
            OutputFormat::Sarif => String::new(),
        };
        Some(Outcome {
            text,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            rules: report
                .diagnostics
                .iter()
                .map(|d| (d.rule, d.severity))
                .collect(),
            error: report.error,
            path: report.path,
        })
    }
}

/// The state of a streaming `check` run: what has been written, and the counts for the
/// summary, the statistics and the exit code.
struct Run {
    format: OutputFormat,
    renderer: Renderer,
    statistics: bool,
    quiet: bool,
    fail_on: Option<FailOn>,
    configured_fail_on: HashMap<String, Severity>,
    json: output::json::JsonStream,
    out: std::io::BufWriter<std::io::Stdout>,
    summary: Summary,
    unreadable: usize,
    failing: bool,
    counts: Vec<(&'static RuleMeta, usize)>,
    /// Appended to the summary line when a baseline hid findings.
    baseline_note: String,
}

impl Run {
    fn new(args: &CheckArgs, configured_fail_on: HashMap<String, Severity>) -> Run {
        let format = args.format.unwrap_or(OutputFormat::Human);
        let mut run = Run {
            format,
            renderer: Renderer {
                format,
                human: HumanOptions {
                    color: format == OutputFormat::Human && use_color(args.color),
                    ..HumanOptions::default()
                },
            },
            statistics: args.statistics && !format.is_machine_readable(),
            quiet: args.quiet,
            fail_on: args.fail_on,
            configured_fail_on,
            json: output::json::JsonStream::default(),
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            summary: Summary::default(),
            unreadable: 0,
            failing: false,
            counts: Vec::new(),
            baseline_note: String::new(),
        };
        if format == OutputFormat::Json {
            let head = run.json.head();
            run.put(&head);
        }
        run
    }

    /// Writes one file's output (called in path order).
    fn write(&mut self, outcome: Option<Outcome>) {
        let Some(outcome) = outcome else { return };
        self.summary.files += 1;
        self.summary.errors += outcome.errors;
        self.summary.warnings += outcome.warnings;
        self.summary.infos += outcome.infos;
        let threshold = fail_threshold(self.fail_on, &self.configured_fail_on, &outcome.path);
        for (meta, severity) in &outcome.rules {
            self.failing |= *severity >= threshold;
            match self
                .counts
                .iter_mut()
                .find(|(m, _)| std::ptr::eq(*m, *meta))
            {
                Some((_, n)) => *n += 1,
                None => self.counts.push((meta, 1)),
            }
        }
        if self.format == OutputFormat::Json {
            let separator = self.json.separator();
            self.put(separator);
        }
        self.put(&outcome.text);
        if let Some(error) = &outcome.error {
            self.unreadable += 1;
            // Machine-readable output carries the error; people watching CI see it on stderr.
            if self.format.is_machine_readable() {
                eprintln!("error: {}: {error}", outcome.path);
            }
        }
    }

    fn put(&mut self, text: &str) {
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = self.out.write_all(text.as_bytes());
    }

    /// Writes the summary and returns the exit code.
    fn finish(mut self) -> i32 {
        let mut tail = String::new();
        if self.format == OutputFormat::Json {
            tail = self.json.tail(&self.summary);
        }
        if self.statistics {
            tail.push_str(&statistics_of(std::mem::take(&mut self.counts)));
        }
        if !self.quiet && !self.format.is_machine_readable() {
            tail.push_str(&self.summary.line(self.unreadable));
            tail.push_str(&self.baseline_note);
            tail.push('\n');
        }
        self.put(&tail);
        let _ = self.out.flush();
        if self.unreadable > 0 {
            EXIT_FAILURE
        } else if self.failing {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        }
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn statistics_of(mut counts: Vec<(&'static RuleMeta, usize)>) -> String {
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code.cmp(b.0.code)));
    let mut out = String::new();
    for (meta, n) in counts {
        out.push_str(&format!(
            "{n:>5}  {:<5} {:<44} {}\n",
            meta.code, meta.name, meta.severity
        ));
    }
    out
}

/// The lowest severity that fails the run for the file at `path`: `--fail-on` wins over the
/// `fail-on` of the file's configuration; the default is `warning`.
fn fail_threshold(
    cli: Option<FailOn>,
    configured: &HashMap<String, Severity>,
    path: &str,
) -> Severity {
    match cli {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => configured.get(path).copied().unwrap_or(Severity::Warning),
    }
}
