//! Command-line interface: argument parsing and the top-level commands. The library does the
//! work; this module only wires arguments to it and chooses the exit code.

use crate::config;
use crate::diagnostic::Severity;
use crate::lint::{input_too_large, lint_bytes, FileReport, LintOptions, RuleSelection};
use crate::output::{self, human::HumanOptions, Summary};
use crate::parallel;
use crate::rules::{all_rules, find_rule_meta, RuleMeta, TOOL_RULES};
use crate::source::InputFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// Exit codes (a tested contract, SPEC §1).
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_FAILURE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "profile-lint",
    version,
    about = "Lint Windows Always On VPN profiles (VPNv2 ProfileXML) before you deploy them",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and directories (the default command).
    Check(CheckArgs),
    /// List every rule: code, name, severity, category.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Show a rule's documentation (by code or name), or what a client error code means.
    Explain {
        /// A rule code (`S008`) or name (`eap-namespace-https`), or a client error (`812`,
        /// `0x80070040`, `oops`; negative HRESULTs such as `-2147024084` too).
        #[arg(allow_negative_numbers = true)]
        key: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    /// The README's rules table.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Only run these rules (codes, names or code prefixes; comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Override a rule's severity: `RULE=error|warning|info`.
    #[arg(long, value_name = "RULE=LEVEL")]
    pub severity: Vec<String>,
    /// Exit with 1 when a finding at or above this severity exists.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// When to use colour (honours NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Name to report for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Read inputs as this format instead of detecting it.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Print only diagnostics, no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the number of findings per rule.
    #[arg(long)]
    pub statistics: bool,
    /// Largest file, in bytes, that is linted.
    #[arg(long, default_value_t = 10 * 1024 * 1024, value_name = "BYTES")]
    pub max_file_size: u64,
    /// Use this configuration file for every input instead of discovering `profile-lint.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every `profile-lint.toml`.
    #[arg(long)]
    pub no_config: bool,
    /// Report only findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and report nothing).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

/// Runs the CLI and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Some(Command::Rules { format }) => print_rules(format),
        Some(Command::Explain { key }) => explain(&key),
        Some(Command::Check(args)) => check(args),
        None => check(cli.check),
    }
}

fn print_rules(format: ListFormat) -> i32 {
    let metas: Vec<&RuleMeta> = all_rules().iter().map(|r| r.meta()).collect();
    let mut out = String::new();
    match format {
        ListFormat::Json => {
            #[derive(serde::Serialize)]
            struct Row<'a> {
                code: &'a str,
                name: &'a str,
                severity: &'a str,
                category: &'a str,
                summary: &'a str,
                predicts: &'a [&'a str],
                url: String,
            }
            let rows: Vec<Row> = metas
                .iter()
                .map(|m| Row {
                    code: m.code,
                    name: m.name,
                    severity: m.severity.as_str(),
                    category: m.category.as_str(),
                    summary: m.summary,
                    predicts: m.predicts,
                    url: m.url(),
                })
                .collect();
            out = serde_json::to_string_pretty(&rows).unwrap_or_default();
            out.push('\n');
        }
        ListFormat::Markdown => out = crate::rules::table::markdown_table(),
        ListFormat::Text => {
            let mut sorted = metas.clone();
            sorted.sort_by_key(|m| (m.category, m.code));
            let mut category = None;
            for m in sorted {
                if category != Some(m.category) {
                    out.push_str(&format!("\n{}\n", m.category.title()));
                    category = Some(m.category);
                }
                out.push_str(&format!(
                    "  {:<5} {:<44} {:<8} {}\n",
                    m.code,
                    m.name,
                    m.severity,
                    first_sentence(m.summary)
                ));
            }
        }
    }
    print(&out);
    EXIT_OK
}

fn first_sentence(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 90 {
        let cut: String = one_line.chars().take(87).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}

fn explain(key: &str) -> i32 {
    match crate::explain::explain(key) {
        Some(text) => {
            print(&text);
            EXIT_OK
        }
        None => {
            eprintln!(
                "error: `{key}` is neither a rule code or name nor a known client error code (see `profile-lint rules`)"
            );
            EXIT_FAILURE
        }
    }
}

fn print(text: &str) {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = lock.write_all(text.as_bytes());
    let _ = lock.flush();
}

/// Builds the rule selection, or an error message for bad arguments.
fn selection(args: &CheckArgs) -> Result<RuleSelection, String> {
    let mut severity = HashMap::new();
    for entry in &args.severity {
        let (rule, level) = entry
            .split_once('=')
            .ok_or_else(|| format!("--severity expects RULE=LEVEL, got `{entry}`"))?;
        // Keys that are no built-in rule may name a policy rule (checked once configs are read).
        let key = find_rule_meta(rule.trim()).map_or(rule.trim(), |meta| meta.name);
        let level: Severity = level.trim().parse()?;
        severity.insert(key.to_string(), level);
    }
    let selection = RuleSelection {
        select: args
            .select
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        ignore: args
            .ignore
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        severity,
    };
    Ok(selection)
}

/// One input to lint: a path, or standard input.
enum Input {
    Stdin,
    File { path: PathBuf, explicit: bool },
}

fn collect_inputs(paths: &[PathBuf], errors: &mut Vec<FileReport>) -> Vec<Input> {
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

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn check(args: CheckArgs) -> i32 {
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
    let stdin_path = PathBuf::from(args.stdin_filename.as_deref().unwrap_or("<stdin>"));
    let configured = match Configured::load(&args, &base, &inputs, &stdin_path) {
        Ok(configured) => configured,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_FAILURE;
        }
    };
    let fail_on_kept = configured.fail_on;
    // Output is sorted by path; sorting the work (not the results) lets each file's output be
    // written as soon as it and every file before it are done (SPEC §8).
    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "<stdin>".into());
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
        let mut run = Run::new(&args, fail_on_kept.clone());
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
    emit(&args, &reports, &filtered.note());
    exit_code(&args, &reports, &fail_on_kept)
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

/// What reading an input gave.
enum ReadInput {
    Bytes(Vec<u8>),
    /// Larger than the cap (its size): not read at all.
    TooLarge(u64),
}

/// Reads a file, unless it is larger than the size cap: a 5 GiB file named `.xml` costs a
/// `stat`, not 5 GiB of memory. A file that grows while it is read is cut at the cap plus one
/// byte, so [`lint_bytes`] still sees that it is too large.
fn read_input(path: &Path, max_file_size: u64) -> Result<ReadInput, String> {
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
            statistics: args.statistics && format != OutputFormat::Json,
            quiet: args.quiet,
            fail_on: args.fail_on,
            configured_fail_on,
            json: output::json::JsonStream::default(),
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            summary: Summary::default(),
            unreadable: 0,
            failing: false,
            counts: Vec::new(),
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
        // `--fail-on` wins over the `fail-on` of each file's configuration.
        let threshold = match self.fail_on {
            Some(FailOn::Error) => Severity::Error,
            Some(FailOn::Warning) => Severity::Warning,
            Some(FailOn::Info) => Severity::Info,
            None => self
                .configured_fail_on
                .get(&outcome.path)
                .copied()
                .unwrap_or(Severity::Warning),
        };
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
            if self.format == OutputFormat::Json {
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
        if !self.quiet && self.format != OutputFormat::Json {
            tail.push_str(&self.summary.line(self.unreadable));
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

fn emit(args: &CheckArgs, reports: &[FileReport], baseline_note: &str) {
    let format = args.format.unwrap_or(OutputFormat::Human);
    let unreadable = reports.iter().filter(|r| r.error.is_some()).count();
    let mut out = String::new();
    match format {
        OutputFormat::Json => out = output::json::render(reports),
        OutputFormat::Sarif => out = output::sarif::render(reports),
        OutputFormat::Github => {
            for report in reports {
                out.push_str(&output::github::render_file(report));
            }
        }
        OutputFormat::Concise => {
            for report in reports {
                out.push_str(&output::concise::render_file(report));
            }
        }
        OutputFormat::Human => {
            let options = HumanOptions {
                color: use_color(args.color),
                ..HumanOptions::default()
            };
            for report in reports {
                out.push_str(&output::human::render_file(report, options));
            }
        }
    }
    let machine = matches!(format, OutputFormat::Json | OutputFormat::Sarif);
    if args.statistics && !machine {
        out.push_str(&statistics(reports));
    }
    if !args.quiet && !machine {
        out.push_str(&Summary::of(reports).line(unreadable));
        out.push_str(baseline_note);
        out.push('\n');
    }
    print(&out);
    for report in reports {
        if let (Some(error), true) = (&report.error, machine) {
            eprintln!("error: {}: {error}", report.path);
        }
    }
}

fn statistics(reports: &[FileReport]) -> String {
    let mut counts: Vec<(&'static RuleMeta, usize)> = Vec::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match counts.iter_mut().find(|(m, _)| std::ptr::eq(*m, d.rule)) {
            Some((_, n)) => *n += 1,
            None => counts.push((d.rule, 1)),
        }
    }
    statistics_of(counts)
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
    let _ = TOOL_RULES;
    out
}

fn exit_code(
    args: &CheckArgs,
    reports: &[FileReport],
    configured: &HashMap<String, Severity>,
) -> i32 {
    if reports.iter().any(|r| r.error.is_some()) {
        return EXIT_FAILURE;
    }
    // `--fail-on` wins over the `fail-on` of each file's configuration.
    let threshold = |path: &str| match args.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => configured.get(path).copied().unwrap_or(Severity::Warning),
    };
    let failing = reports.iter().any(|r| {
        r.diagnostics
            .iter()
            .any(|d| d.severity >= threshold(&r.path))
    });
    if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
