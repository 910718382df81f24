//! The `check` command: lint every input in parallel with its configuration (see `jobs.rs`),
//! stream (or, for SARIF and the baseline, collect) the output in path order, and choose the
//! exit code.

use crate::cli::{
    selection, CheckArgs, ColorChoice, FailOn, OutputFormat, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK,
};
use crate::diagnostic::Severity;
use crate::inputs::Inputs;
use crate::jobs::{lint_job, Configured};
use crate::lint::{FileReport, LintOptions};
use crate::output::{self, human::HumanOptions, Summary};
use crate::parallel;
use crate::rules::RuleMeta;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};

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
    // One name for standard input, used both to find its configuration and to report it.
    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "<stdin>".into());
    let mut configured = match Configured::load(&args, base, &stdin_name) {
        Ok(configured) => configured,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_FAILURE;
        }
    };
    // Inputs come in path order, one at a time as workers claim them, each with its options:
    // sorting the work (not the results) lets each file's output be written as soon as it
    // and every file before it are done, and only a window of files is in memory (SPEC §8).
    let jobs = Inputs::new(&args.paths, &stdin_name).map(move |input| configured.job(input));
    let format = args.format.unwrap_or(OutputFormat::Human);
    // Formats that are one document over all files, and the baseline (which compares all
    // findings with all recorded ones), need every report; the others stream.
    let streaming =
        args.write_baseline.is_none() && args.baseline.is_none() && format != OutputFormat::Sarif;
    if streaming {
        let mut run = Run::new(&args);
        let renderer = run.renderer;
        parallel::for_each_in_order(
            jobs,
            |job| {
                let fail_on = job.fail_on;
                renderer.render(lint_job(job), fail_on)
            },
            |outcome| run.write(outcome),
        );
        return run.finish();
    }
    // Only the human and SARIF formats draw snippets; the others need no file text.
    let keep_text = matches!(format, OutputFormat::Human | OutputFormat::Sarif);
    let mut reports: Vec<FileReport> = Vec::new();
    let mut configured_fail_on: HashMap<String, Severity> = HashMap::new();
    parallel::for_each_in_order(
        jobs,
        |job| {
            let fail_on = job.fail_on;
            let report = lint_job(job).map(|mut report| {
                if !keep_text {
                    report.text = String::new();
                }
                report
            });
            (report, fail_on)
        },
        |(report, fail_on)| {
            if let Some(report) = report {
                if let Some(level) = fail_on {
                    configured_fail_on.insert(report.path.clone(), level);
                }
                reports.push(report);
            }
        },
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
    let mut run = Run::new(&args);
    if format == OutputFormat::Sarif {
        run.put(&output::sarif::render(&reports));
    }
    for report in reports {
        let fail_on = configured_fail_on.get(&report.path).copied();
        let outcome = run.renderer.render(Some(report), fail_on);
        run.write(outcome);
    }
    run.baseline_note = filtered.note();
    run.finish()
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
    /// The `fail-on` of the file's configuration.
    fail_on: Option<Severity>,
}

/// How each file is rendered; copied to the worker threads.
#[derive(Debug, Clone, Copy)]
struct Renderer {
    format: OutputFormat,
    human: HumanOptions,
}

impl Renderer {
    /// Renders one report; the report (and the file text it holds) is dropped here.
    fn render(&self, report: Option<FileReport>, fail_on: Option<Severity>) -> Option<Outcome> {
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
    fail_on: Option<FailOn>,
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
    fn new(args: &CheckArgs) -> Run {
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
        let threshold = fail_threshold(self.fail_on, outcome.fail_on);
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

/// The lowest severity that fails the run for a file: `--fail-on` wins over the `fail-on` of
/// the file's configuration; the default is `warning`.
fn fail_threshold(cli: Option<FailOn>, configured: Option<Severity>) -> Severity {
    match cli {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => configured.unwrap_or(Severity::Warning),
    }
}
