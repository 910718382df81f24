//! Command-line interface: argument parsing and the top-level commands. The library does the
//! work; this module only wires arguments to it and chooses the exit code.

use crate::config;
use crate::diagnostic::Severity;
use crate::lint::{lint_bytes, FileReport, LintOptions, RuleSelection};
use crate::output::{self, human::HumanOptions, Summary};
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
    for entry in ignore::WalkBuilder::new(dir).follow_links(false).build() {
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
            Err(error) => errors.push(FileReport::unreadable(&display(dir), error.to_string())),
        }
    }
    found.sort();
    inputs.extend(found.into_iter().map(|path| Input::File {
        path,
        explicit: false,
    }));
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
    for (input, options) in inputs.into_iter().zip(&configured.options) {
        match input {
            Input::Stdin => {
                let name = args
                    .stdin_filename
                    .clone()
                    .unwrap_or_else(|| "<stdin>".into());
                let mut bytes = Vec::new();
                match std::io::stdin().read_to_end(&mut bytes) {
                    Ok(_) => reports.push(lint_bytes(&name, &bytes, options)),
                    Err(error) => reports.push(FileReport::unreadable(&name, error.to_string())),
                }
            }
            Input::File { path, explicit } => {
                let name = display(&path);
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        let report = lint_bytes(&name, &bytes, options);
                        // Files found by walking that are no known format are skipped quietly.
                        let unrecognised = report.format.is_none()
                            && report
                                .diagnostics
                                .iter()
                                .all(|d| d.rule.name == "unrecognized-input");
                        if explicit || !unrecognised {
                            reports.push(report);
                        }
                    }
                    Err(error) => reports.push(FileReport::unreadable(&name, error.to_string())),
                }
            }
        }
    }
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
    exit_code(&args, &reports, &configured.fail_on)
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
