//! The `check` command: lint every input in parallel with its configuration (see `jobs.rs`),
//! stream (or, to write a baseline, collect) the output in path order, and choose the
//! exit code.

pub mod gather;
mod jobs;

use crate::config;
use crate::diagnostic::Severity;
use crate::inputs::Inputs;
use crate::lint::FileReport;
use crate::meta::RuleRef;
use crate::output::{self, human::HumanOptions, ColorChoice, OutputFormat, Summary};
use crate::parallel;
use crate::selection::RuleSelection;
use crate::source::{Deployment, InputFormat};
use jobs::{lint_job, Configured, Fixing};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Exit codes (a tested contract).
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_FAILURE: i32 = 2;

/// Everything a `check` run needs, as plain values: the command line (or a test, or another
/// front end) fills it in.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Files or directories; empty or `-` reads standard input.
    pub paths: Vec<PathBuf>,
    pub format: OutputFormat,
    /// The rules selected on the command line (configuration files add to it).
    pub selection: RuleSelection,
    /// The lowest severity that fails the run; `None` = the configuration's, else warning.
    pub fail_on: Option<Severity>,
    pub color: ColorChoice,
    /// The name standard input is reported (and its configuration found) under.
    pub stdin_filename: Option<String>,
    /// `None` = detect each file's format from its content.
    pub input_format: Option<InputFormat>,
    /// How every file's profiles are deployed (`--deployment`); wins over the configuration
    /// and over what the input shows. `None` = the configuration's, else detected.
    pub deployment: Option<Deployment>,
    /// Server-side files every profile is checked against (`--server`, `--cert`).
    pub servers: Vec<PathBuf>,
    pub quiet: bool,
    pub statistics: bool,
    pub max_file_size: u64,
    pub config: config::Source,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    pub fix: FixMode,
    /// Also apply fixes that change what the profile means.
    pub unsafe_fixes: bool,
    /// Columns to draw the human format in (the terminal's); `None`: the fixed default.
    pub width: Option<usize>,
}

/// Whether a run fixes what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// Report only.
    #[default]
    Off,
    /// Write the fixed files, then report what remains (`--fix`).
    Apply,
    /// Write the fixed files and report nothing else (`--fix-only`).
    ApplyOnly,
    /// Print a unified diff of what `--fix` would write; write nothing (`--diff`).
    Diff,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            paths: Vec::new(),
            format: OutputFormat::Human,
            selection: RuleSelection::default(),
            fail_on: None,
            color: ColorChoice::Auto,
            stdin_filename: None,
            input_format: None,
            deployment: None,
            servers: Vec::new(),
            quiet: false,
            statistics: false,
            max_file_size: crate::limits::DEFAULT_MAX_FILE_SIZE,
            config: config::Source::Discover,
            baseline: None,
            write_baseline: None,
            fix: FixMode::Off,
            unsafe_fixes: false,
            width: None,
        }
    }
}

/// Lints every input of `args`, writes the output to standard output, and returns the exit code.
pub fn check(args: CheckOptions) -> i32 {
    // One name for standard input, used both to find its configuration and to report it.
    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "<stdin>".into());
    let mut configured = match Configured::load(&args, &stdin_name) {
        Ok(configured) => configured,
        Err(message) => {
            print_error(&message);
            return EXIT_FAILURE;
        }
    };
    // The deployment: server-side files and the profiles that reach the same devices, so
    // that each profile's lint sees them.
    let mut absent = vec![crate::meta::Needs::Server, crate::meta::Needs::Cert];
    match gather_site(&args, configured.configs()) {
        Ok(site) => {
            if let Some(site) = &site {
                absent.retain(|needs| !site.provides(*needs));
            }
            configured.set_site(site)
        }
        Err(message) => {
            print_error(&message);
            return EXIT_FAILURE;
        }
    }
    let absent = not_run(&absent, |meta| configured.selected(meta));
    // Inputs come in path order, one at a time as workers claim them, each with its options:
    // sorting the work (not the results) lets each file's output be written as soon as it
    // and every file before it are done, and only a window of files is in memory
    let jobs = Inputs::new(&args.paths, &stdin_name).map(move |input| configured.job(input));
    let format = args.format;
    // Writing a baseline (which counts all findings of the run) needs every report; the
    // formats stream (SARIF writes its results first, see `output::sarif::SarifStream`), and so does
    // filtering by a baseline, whose entries are per file.
    if args.write_baseline.is_none() {
        let baseline = match &args.baseline {
            Some(path) => match crate::baseline::Baseline::load(path) {
                Ok(baseline) => Some(baseline),
                Err(message) => {
                    print_error(&message);
                    return EXIT_FAILURE;
                }
            },
            None => None,
        };
        let mut run = Run::new(&args);
        run.absent = absent;
        let renderer = run.renderer;
        let mut filtered = crate::baseline::Filtered::default();
        parallel::for_each_in_order(
            jobs,
            |job| {
                let fail_on = job.fail_on;
                let mut hidden = crate::baseline::Filtered::default();
                let linted = lint_job(job).map(|(mut report, fixing)| {
                    if let Some(baseline) = &baseline {
                        hidden = baseline.filter_report(&mut report);
                    }
                    (report, fixing)
                });
                (renderer.render(linted, fail_on), hidden)
            },
            |(outcome, hidden)| {
                filtered = filtered + hidden;
                run.write(outcome);
            },
        );
        run.baseline_note = filtered.note();
        return run.finish();
    }
    // Only the human and SARIF formats draw snippets; the others need no file text.
    let keep_text = matches!(format, OutputFormat::Human | OutputFormat::Sarif);
    let mut reports: Vec<FileReport> = Vec::new();
    let mut configured_fail_on: HashMap<String, Severity> = HashMap::new();
    // What fixing did to each file (SARIF runs with --fix), by path.
    let mut fixed: Vec<(String, Fixing)> = Vec::new();
    // `--write-baseline` must not replace a file of the run (`--write-baseline b.xml b.xml`):
    // each input is compared with the target, both with links resolved.
    let baseline_target = args
        .write_baseline
        .as_deref()
        .and_then(|path| std::fs::canonicalize(path).ok());
    let mut overwritten_input: Option<String> = None;
    parallel::for_each_in_order(
        jobs,
        |job| {
            let fail_on = job.fail_on;
            let is_target = baseline_target.as_ref().is_some_and(|target| {
                job.path()
                    .and_then(|path| std::fs::canonicalize(path).ok())
                    .is_some_and(|path| path == *target)
            });
            let linted = lint_job(job).map(|(mut report, fixing)| {
                if !keep_text {
                    report.text = String::new();
                }
                (report, fixing)
            });
            (linted, fail_on, is_target)
        },
        |(linted, fail_on, is_target)| {
            if let Some((report, fixing)) = linted {
                if is_target {
                    overwritten_input.get_or_insert_with(|| report.path.clone());
                }
                if let Some(level) = fail_on {
                    configured_fail_on.insert(report.path.clone(), level);
                }
                if let Some(fixing) = fixing {
                    fixed.push((report.path.clone(), fixing));
                }
                reports.push(report);
            }
        },
    );
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    let unreadable = reports.iter().any(|r| r.error.is_some());
    if let Some(path) = &args.write_baseline {
        if let Some(input) = overwritten_input {
            print_error(&format!(
                "refusing to write the baseline to {}: it is {input}, one of the files being linted",
                crate::output::display_path(&path.to_string_lossy())
            ));
            return EXIT_FAILURE;
        }
        return match crate::baseline::write(path, &reports) {
            Ok(n) => {
                eprintln!(
                    "Wrote {n} finding(s) to the baseline {}.",
                    crate::output::display_path(&path.to_string_lossy())
                );
                if unreadable {
                    EXIT_FAILURE
                } else {
                    EXIT_OK
                }
            }
            Err(message) => {
                print_error(&message);
                EXIT_FAILURE
            }
        };
    }
    // The collected reports go through the same writer as a streamed run.
    let mut run = Run::new(&args);
    run.absent = absent;
    let mut fixed: HashMap<String, Fixing> = fixed.into_iter().collect();
    for report in reports {
        let fail_on = configured_fail_on.get(&report.path).copied();
        let fixing = fixed.remove(&report.path);
        let outcome = run.renderer.render(Some((report, fixing)), fail_on);
        run.write(outcome);
    }
    run.finish()
}

/// The run's deployment (see [`crate::deploy::gather`]); `None` when it has no server-side
/// files and no profiles known to reach the same devices. Notes (files holding secrets) go to
/// standard error.
fn gather_site(
    args: &CheckOptions,
    configs: Vec<std::sync::Arc<config::Config>>,
) -> Result<Option<std::sync::Arc<crate::deploy::Site>>, String> {
    let only_stdin = args.paths.is_empty() || args.paths.iter().all(|p| p.as_os_str() == "-");
    let stated = configs.iter().any(|c| !c.deployments.is_empty());
    if only_stdin && args.servers.is_empty() && !stated {
        return Ok(None);
    }
    let paths = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let gathered = gather::gather(&gather::GatherOptions {
        paths,
        servers: args.servers.clone(),
        max_file_size: args.max_file_size,
        input_format: args.input_format,
        configs,
    })?;
    if !args.quiet {
        for note in &gathered.notes {
            eprintln!("note: {}", crate::output::sanitize::line(note));
        }
    }
    Ok((!gathered.site.is_empty()).then(|| std::sync::Arc::new(gathered.site)))
}

/// One file's output, rendered on a worker thread; the main thread only writes it.
struct Outcome {
    path: String,
    /// What to print for the file: findings, a diff, or the fixed bytes of standard input
    /// (in the input's own encoding, so an ANSI profile is not turned into UTF-8).
    text: Vec<u8>,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Each rule that reported, at each severity, with its count, in the order the findings
    /// came (one entry per finding was 7 MB for a dump of 300,000).
    rules: Vec<(RuleRef, Severity, usize)>,
    error: Option<String>,
    /// The `fail-on` of the file's configuration.
    fail_on: Option<Severity>,
    /// What fixing did (`None` without `--fix`/`--diff`).
    fixing: Option<Fixing>,
    /// The report itself, for SARIF (one log over all files, its results added file by file),
    /// and for the JSON entry or concise or GitHub lines of a file of more than
    /// [`WRITTEN_WHILE_MADE`] findings (written by the main thread straight to the output
    /// instead of being made whole on a worker first).
    report: Option<FileReport>,
}

/// Findings of one file above which its output (JSON, concise, GitHub) is written as it is
/// made: 300,000 findings are 320 MB of JSON (docs/hostile-round2.md, #17) and 50 MB of
/// concise lines; a few thousand are still made on the worker threads, in parallel.
const WRITTEN_WHILE_MADE: usize = 2000;

/// How each file is rendered; copied to the worker threads.
#[derive(Debug, Clone, Copy)]
struct Renderer {
    format: OutputFormat,
    human: HumanOptions,
    fix: FixMode,
}

impl Renderer {
    /// Renders one report; the report (and the file text it holds) is dropped here.
    fn render(
        &self,
        linted: Option<(FileReport, Option<Fixing>)>,
        fail_on: Option<Severity>,
    ) -> Option<Outcome> {
        let (report, mut fixing) = linted?;
        // What the summary needs.
        let mut rules: Vec<(RuleRef, Severity, usize)> = Vec::new();
        for d in &report.diagnostics {
            match rules
                .iter_mut()
                .find(|(rule, severity, _)| *severity == d.severity && *rule == d.rule)
            {
                Some((_, _, n)) => *n += 1,
                None => rules.push((d.rule.clone(), d.severity, 1)),
            }
        }
        let (errors, warnings, infos) = (
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Info),
        );
        let (error, path) = (report.error.clone(), report.path.clone());
        let many = report.diagnostics.len() > WRITTEN_WHILE_MADE;
        let fixed_stdin = fixing.as_mut().and_then(|f| f.stdout.take());
        let fixed_stdin_taken = fixed_stdin.as_ref().map(|_| ());
        let text = match (self.fix, fixed_stdin) {
            // Standard input with --fix: the fixed text is the output.
            (_, Some(bytes)) => bytes,
            (FixMode::Diff, None) => fixing
                .as_mut()
                .and_then(|f| f.diff.take())
                .unwrap_or_default()
                .into_bytes(),
            (FixMode::ApplyOnly, None) => Vec::new(),
            (FixMode::Off | FixMode::Apply, None) => match self.format {
                // Written by the main thread straight to the output (see `Outcome::json`).
                OutputFormat::Json | OutputFormat::Concise | OutputFormat::Github if many => {
                    String::new()
                }
                OutputFormat::Json => output::json::JsonStream::entry(&report),
                OutputFormat::Concise => output::concise::render_file(&report),
                OutputFormat::Github => output::github::render_file(&report),
                OutputFormat::Human => output::human::render_file(&report, self.human),
                // One document over all files: each report is added to it by `Run::write`.
                OutputFormat::Sarif => String::new(),
            }
            .into_bytes(),
        };
        let streamed = matches!(
            self.format,
            OutputFormat::Json | OutputFormat::Concise | OutputFormat::Github
        ) && matches!(self.fix, FixMode::Off | FixMode::Apply)
            && fixed_stdin_taken.is_none()
            && many;
        // Dropped by `Run::write` when the run makes no log (diffs, a fixed standard input).
        let sarif = self.format == OutputFormat::Sarif;
        Some(Outcome {
            // SARIF is one document over all files: the main thread adds each report to it.
            // The output of a file of many findings is written by the main thread as it is
            // made.
            report: (sarif || streamed).then_some(report),
            fixing,
            text,
            errors,
            warnings,
            infos,
            rules,
            error,
            path,
            fail_on,
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
    fail_on: Option<Severity>,
    json: output::json::JsonStream,
    sarif: Option<output::sarif::SarifStream>,
    out: std::io::BufWriter<std::io::Stdout>,
    summary: Summary,
    unreadable: usize,
    failing: bool,
    counts: Vec<(RuleRef, usize)>,
    /// Appended to the summary line when a baseline hid findings.
    baseline_note: String,
    /// The statistics' lines on rules that did not run for want of an input.
    absent: String,
    fix: FixMode,
    /// The output is not findings but text of another kind (diffs, a fixed standard input):
    /// no JSON framing, and the summary goes to standard error.
    plain: bool,
    /// Files `--diff` would change.
    would_change: usize,
    /// The directories named on the command line, and whether a profile was found under each:
    /// a CI job whose path is wrong (or whose `.gitignore` hides every profile) must fail,
    /// not pass with "no problems in 0 files".
    roots: Vec<(PathBuf, bool)>,
}

impl Run {
    fn new(args: &CheckOptions) -> Run {
        let format = args.format;
        let stdin = args.paths.is_empty() || args.paths.iter().all(|p| p.as_os_str() == "-");
        let plain = matches!(args.fix, FixMode::Diff | FixMode::ApplyOnly)
            || (args.fix == FixMode::Apply && stdin);
        let mut run = Run {
            format,
            renderer: Renderer {
                format,
                human: HumanOptions {
                    color: format == OutputFormat::Human && use_color(args.color),
                    width: args.width.unwrap_or(HumanOptions::default().width),
                },
                fix: args.fix,
            },
            statistics: args.statistics && !format.is_machine_readable(),
            quiet: args.quiet,
            fail_on: args.fail_on,
            json: output::json::JsonStream::default(),
            // Diffs or a fixed standard input are the output: no log around them, as for JSON.
            sarif: (format == OutputFormat::Sarif && !plain)
                .then(output::sarif::SarifStream::default),
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            summary: Summary::default(),
            unreadable: 0,
            failing: false,
            counts: Vec::new(),
            baseline_note: String::new(),
            absent: String::new(),
            fix: args.fix,
            plain,
            would_change: 0,
            roots: args
                .paths
                .iter()
                .filter(|p| p.is_dir())
                // Compared with report names, which escape bytes that are not UTF-8.
                .map(|p| (PathBuf::from(crate::inputs::display(p)), false))
                .collect(),
        };
        if format == OutputFormat::Json && !plain {
            let head = run.json.head();
            run.put(&head);
        }
        if run.sarif.is_some() {
            run.put(&output::sarif::SarifStream::head());
        }
        if args.fix != FixMode::Off {
            run.summary.fixed = Some(0);
        }
        run
    }

    /// Writes one file's output (called in path order).
    fn write(&mut self, outcome: Option<Outcome>) {
        let Some(mut outcome) = outcome else { return };
        let mut streamed = None;
        if let Some(report) = outcome.report.take() {
            match &mut self.sarif {
                Some(sarif) => sarif.add(&report, &mut self.out),
                // A SARIF run without a log (diffs, a fixed standard input) writes no findings.
                None if self.format == OutputFormat::Sarif => {}
                None => streamed = Some(report),
            }
        }
        self.summary.files += 1;
        for (root, found) in self.roots.iter_mut().filter(|(_, found)| !found) {
            *found = Path::new(&outcome.path).starts_with(root.as_path());
        }
        self.summary.errors += outcome.errors;
        self.summary.warnings += outcome.warnings;
        self.summary.infos += outcome.infos;
        if let Some(fixing) = &outcome.fixing {
            *self.summary.fixed.get_or_insert(0) += fixing.applied;
            if self.fix == FixMode::Diff && fixing.applied > 0 {
                self.would_change += 1;
            }
            for note in &fixing.notes {
                eprintln!(
                    "note: {}: {note}",
                    crate::output::display_path(&outcome.path)
                );
            }
        }
        let threshold = fail_threshold(self.fail_on, outcome.fail_on);
        for (rule, severity, count) in outcome.rules {
            self.failing |= severity >= threshold;
            match self.counts.iter_mut().find(|(r, _)| *r == rule) {
                Some((_, n)) => *n += count,
                None => self.counts.push((rule, count)),
            }
        }
        if self.format == OutputFormat::Json && !self.plain {
            let separator = self.json.separator();
            self.put(separator);
        }
        self.put_bytes(&outcome.text);
        if let Some(report) = streamed {
            // A closed pipe (`| head`) is not an error worth reporting (as in `put`).
            let _ = match self.format {
                OutputFormat::Json => output::json::JsonStream::write_entry(&report, &mut self.out),
                OutputFormat::Github => output::github::write_file(&report, &mut self.out),
                _ => output::concise::write_file(&report, &mut self.out),
            };
        }
        if let Some(error) = &outcome.error {
            self.unreadable += 1;
            // Machine-readable output carries the error; people watching CI see it on stderr.
            if self.format.is_machine_readable() {
                eprintln!(
                    "error: {}: {}",
                    crate::output::display_path(&outcome.path),
                    crate::output::display_path(error)
                );
            }
        }
    }

    fn put(&mut self, text: &str) {
        self.put_bytes(text.as_bytes());
    }

    fn put_bytes(&mut self, bytes: &[u8]) {
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = self.out.write_all(bytes);
    }

    /// Writes the summary and returns the exit code.
    fn finish(mut self) -> i32 {
        if let Some(sarif) = self.sarif.take() {
            // A closed pipe (`| head`) is not an error worth reporting (as in `put`); a log cut
            // short by another failed write (a full disk) is.
            if let Err(error) = sarif.finish(&mut self.out) {
                if error.kind() != std::io::ErrorKind::BrokenPipe {
                    eprintln!("error: the SARIF log could not be written: {error}");
                    self.unreadable += 1;
                }
            }
        }
        let mut tail = String::new();
        if self.format == OutputFormat::Json && !self.plain {
            tail = self.json.tail(&self.summary);
        }
        if self.statistics && !self.plain {
            tail.push_str(&statistics_of(std::mem::take(&mut self.counts)));
            tail.push_str(&self.absent);
        }
        let fixed = self.summary.fixed.unwrap_or(0);
        if self.plain {
            if !self.quiet {
                eprintln!("{}", self.fix_line(fixed));
            }
        } else if self.format.is_machine_readable() && self.fix == FixMode::Apply && !self.quiet {
            // The document on standard output carries no summary line (JSON has `fixed`):
            // people watching a CI log still see what was changed.
            eprintln!("Fixed {}.", plural(fixed, "problem"));
        } else if !self.quiet && !self.format.is_machine_readable() {
            if self.fix == FixMode::Apply {
                tail.push_str(&format!("Fixed {}. ", plural(fixed, "problem")));
            }
            tail.push_str(&self.summary.line(self.unreadable));
            tail.push_str(&self.baseline_note);
            tail.push('\n');
        }
        self.put(&tail);
        let _ = self.out.flush();
        let empty: Vec<&PathBuf> = self
            .roots
            .iter()
            .filter_map(|(root, found)| (!found).then_some(root))
            .collect();
        for root in &empty {
            eprintln!(
                "error: no profile found under {} (files matched by .gitignore or .ignore are skipped; name a file to lint it anyway)",
                crate::output::display_path(&root.to_string_lossy())
            );
        }
        let failing = match self.fix {
            // Like `ruff --diff`: 1 when there is something to fix.
            FixMode::Diff => self.would_change > 0,
            // Fixing was the job; what remains is not reported.
            FixMode::ApplyOnly => false,
            FixMode::Off | FixMode::Apply => self.failing,
        };
        if self.unreadable > 0 || !empty.is_empty() {
            EXIT_FAILURE
        } else if failing {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        }
    }

    /// The summary of a run whose output is diffs or fixed text.
    fn fix_line(&self, fixed: usize) -> String {
        match self.fix {
            FixMode::Diff if fixed == 0 => "No fixes to apply.".to_owned(),
            FixMode::Diff => format!(
                "Would fix {} in {}.",
                plural(fixed, "problem"),
                plural(self.would_change, "file")
            ),
            _ => {
                let remaining = self.summary.errors + self.summary.warnings + self.summary.infos;
                format!(
                    "Fixed {} ({} remaining).",
                    plural(fixed, "problem"),
                    remaining
                )
            }
        }
    }
}

/// An error of the run (a configuration or baseline problem) on standard error: the message
/// may quote file names and file text, so it is escaped like the output (its own line
/// breaks kept).
fn print_error(message: &str) {
    let escaped = output::sanitize::block(message);
    eprintln!("error: {}", output::sanitize::guard_lines(&escaped));
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
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

/// The selected rules that did not run for want of an input, one line per missing input.
fn not_run(
    absent: &[crate::meta::Needs],
    selected: impl Fn(&'static crate::meta::RuleMeta) -> bool,
) -> String {
    let mut out = String::new();
    for needs in absent {
        let codes: Vec<&str> = crate::rules::all_rules()
            .iter()
            .map(|r| r.meta())
            .filter(|m| m.needs.contains(needs) && selected(m))
            .map(|m| m.code)
            .collect();
        if !codes.is_empty() {
            out.push_str(&format!(
                "not run without {}: {}\n",
                needs.short(),
                codes.join(", ")
            ));
        }
    }
    out
}

fn statistics_of(mut counts: Vec<(RuleRef, usize)>) -> String {
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code().cmp(b.0.code())));
    let mut out = String::new();
    for (rule, n) in counts {
        out.push_str(&format!(
            "{n:>5}  {:<5} {:<44} {}\n",
            rule.code(),
            rule.name(),
            rule.severity()
        ));
    }
    out
}

/// The lowest severity that fails the run for a file: `--fail-on` wins over the `fail-on` of
/// the file's configuration; the default is `warning`.
fn fail_threshold(cli: Option<Severity>, configured: Option<Severity>) -> Severity {
    cli.or(configured).unwrap_or(Severity::Warning)
}
