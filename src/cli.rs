//! The command line: clap's argument types, turned into the library's plain
//! [`CheckOptions`], and the small commands (`rules`, `explain`). Part of the binary only: the
//! library knows nothing of clap.

use crate::commands::FormatMode;
use clap::{Args, Parser, Subcommand, ValueEnum};
use profile_lint::check::{CheckOptions, FixMode, EXIT_FAILURE, EXIT_OK};
use profile_lint::config;
use profile_lint::diagnostic::Severity;
use profile_lint::format::FormatOptions;
use profile_lint::output;
use profile_lint::rules::{all_rules, find_rule_meta, RuleMeta, TOOL_RULES};
use profile_lint::selection::RuleSelection;
use profile_lint::source;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

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
    /// Rewrite ProfileXML files in the form Windows writes back (element order, `Servers`
    /// `name;name`, `MachineMethod`), indented or on one line.
    Format {
        /// Files or folders (`.xml`); `-` or nothing formats standard input to standard output.
        paths: Vec<PathBuf>,
        /// Write nothing; exit 1 when a file would change.
        #[arg(long, conflicts_with = "diff")]
        check: bool,
        /// Print a unified diff of the change; write nothing (exit 1 when a file would change).
        #[arg(long)]
        diff: bool,
        /// One line with no whitespace between tags, as pasted into an Intune OMA-URI setting.
        #[arg(long)]
        compact: bool,
        /// Spaces per level when indenting.
        #[arg(long, default_value_t = 2, value_name = "N")]
        indent: usize,
        /// Keep `Servers` and `Authentication` as written (only order and layout change).
        #[arg(long)]
        no_windows_forms: bool,
        /// Largest file, in bytes, that is read.
        #[arg(long, default_value_t = profile_lint::limits::DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
        max_file_size: u64,
    },
    /// Print the clean ProfileXML inside WMI/CIM dumps, PowerShell scripts, SyncML payloads and
    /// Intune exports (re-joined, un-escaped, assembled).
    Extract {
        /// Files or folders; `-` or nothing reads standard input.
        paths: Vec<PathBuf>,
        /// Write one file per profile into this folder (named after the profile or instance)
        /// instead of printing.
        #[arg(long, value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// Format each profile as `profile-lint format` would.
        #[arg(long)]
        formatted: bool,
        /// With --formatted: on one line.
        #[arg(long, requires = "formatted")]
        compact: bool,
        /// Largest file, in bytes, that is read.
        #[arg(long, default_value_t = profile_lint::limits::DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
        max_file_size: u64,
    },
    /// Show a rule's documentation (by code or name), or what a client error code means.
    Explain {
        /// A rule code (`S008`) or name (`eap-namespace-https`), or a client error (`812`,
        /// `0x80070040`, `oops`; negative HRESULTs such as `-2147024084` too).
        #[arg(allow_negative_numbers = true, required_unless_present_any = ["list", "nps_log"])]
        key: Option<String>,
        /// List every rule and client error code `explain` knows.
        #[arg(long)]
        list: bool,
        /// Explain each rejected or discarded request of an NPS log file (any of NPS's three
        /// log formats, with or without the pasted header line).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["key", "list"])]
        nps_log: Option<PathBuf>,
        /// With --nps-log: the NPS export (or RRAS dump) of the server, to show what the
        /// rejecting policy allows; repeatable.
        #[arg(long, value_name = "FILE", requires = "nps_log")]
        server: Vec<PathBuf>,
        /// With --nps-log: profiles to check against the server files, to name the setting
        /// each rejection points to; repeatable.
        #[arg(long, value_name = "FILE", requires = "nps_log")]
        profile: Vec<PathBuf>,
    },
    /// Run the language server (LSP over standard input and output) for editors: diagnostics
    /// as you type, quick fixes, hover, completion and formatting (see docs/editors.md).
    #[cfg(feature = "server")]
    Server {
        /// Accepted for editors that start servers with `--stdio`; standard input and output
        /// are the only transport.
        #[arg(long)]
        stdio: bool,
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

impl From<OutputFormat> for output::OutputFormat {
    fn from(format: OutputFormat) -> Self {
        match format {
            OutputFormat::Human => output::OutputFormat::Human,
            OutputFormat::Concise => output::OutputFormat::Concise,
            OutputFormat::Json => output::OutputFormat::Json,
            OutputFormat::Sarif => output::OutputFormat::Sarif,
            OutputFormat::Github => output::OutputFormat::Github,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Xml,
    Wmi,
    Powershell,
    Syncml,
}

impl From<InputFormat> for source::InputFormat {
    fn from(format: InputFormat) -> Self {
        match format {
            InputFormat::Xml => source::InputFormat::Xml,
            InputFormat::Wmi => source::InputFormat::Wmi,
            InputFormat::Powershell => source::InputFormat::Powershell,
            InputFormat::Syncml => source::InputFormat::Syncml,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeploymentRoute {
    /// Intune or another MDM (OMA-URI, SyncML).
    #[value(alias = "mdm")]
    Intune,
    /// The MDM WMI bridge from a script (`MDM_VPNv2_01`).
    Wmi,
    /// `Add-VpnConnection` / `rasphone.pbk`.
    Rasman,
    /// Not known: every rule runs.
    Unknown,
}

impl From<DeploymentRoute> for source::Deployment {
    fn from(route: DeploymentRoute) -> Self {
        match route {
            DeploymentRoute::Intune => source::Deployment::Mdm,
            DeploymentRoute::Wmi => source::Deployment::WmiBridge,
            DeploymentRoute::Rasman => source::Deployment::RasMan,
            DeploymentRoute::Unknown => source::Deployment::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl From<ColorChoice> for output::ColorChoice {
    fn from(choice: ColorChoice) -> Self {
        match choice {
            ColorChoice::Auto => output::ColorChoice::Auto,
            ColorChoice::Always => output::ColorChoice::Always,
            ColorChoice::Never => output::ColorChoice::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    /// Also accepted as `warn`, like `--severity`.
    #[value(alias = "warn")]
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(level: FailOn) -> Self {
        match level {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
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
    /// How the profiles reach the devices, instead of what each input (or the configuration)
    /// says; Intune-only rules run for `intune` and `unknown`.
    #[arg(long, value_enum)]
    pub deployment: Option<DeploymentRoute>,
    /// A server-side file every profile of the run is checked against: an NPS export
    /// (`netsh nps export`), an RRAS settings dump (`Get-VpnAuthProtocol`,
    /// `Get-VpnServerConfiguration`) or an NPS log; repeatable.
    #[arg(long, value_name = "FILE")]
    pub server: Vec<PathBuf>,
    /// A certificate (DER or PEM `.cer`/`.crt`/`.pem`, PKCS#7 `.p7b`) of the VPN or NPS
    /// server or its chain, for the certificate cross-checks; repeatable.
    #[arg(long, value_name = "FILE")]
    pub cert: Vec<PathBuf>,
    /// Print only diagnostics, no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the number of findings per rule.
    #[arg(long)]
    pub statistics: bool,
    /// Largest file, in bytes, that is linted.
    #[arg(long, default_value_t = profile_lint::limits::DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
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
    /// Apply the safe fixes in place, then report what remains (standard input: print the
    /// fixed text).
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    pub fix: bool,
    /// Apply the fixes in place and report nothing else.
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    pub fix_only: bool,
    /// Print a unified diff of what --fix would change; write nothing (exit 1 when there is
    /// something to fix).
    #[arg(long, conflicts_with = "write_baseline")]
    pub diff: bool,
    /// With --fix, --fix-only or --diff: also the fixes that change what the profile means.
    #[arg(long)]
    pub unsafe_fixes: bool,
}

/// Runs the CLI and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Some(Command::Rules { format }) => print_rules(format),
        Some(Command::Explain { list: true, .. }) => {
            print(&profile_lint::explain::list());
            EXIT_OK
        }
        Some(Command::Explain {
            nps_log: Some(log),
            server,
            profile,
            ..
        }) => crate::commands::explain_nps_log(&log, &server, &profile),
        Some(Command::Explain { key, .. }) => explain(key.as_deref().unwrap_or("")),
        Some(Command::Check(args)) => check(args),
        #[cfg(feature = "server")]
        Some(Command::Server { .. }) => profile_lint::server::run(),
        Some(Command::Format {
            paths,
            check,
            diff,
            compact,
            indent,
            no_windows_forms,
            max_file_size,
        }) => {
            let options = FormatOptions {
                compact,
                indent,
                windows_forms: !no_windows_forms,
            };
            let mode = match (check, diff) {
                (true, _) => FormatMode::Check,
                (_, true) => FormatMode::Diff,
                _ => FormatMode::Write,
            };
            crate::commands::format(&paths, options, mode, max_file_size)
        }
        Some(Command::Extract {
            paths,
            output_dir,
            formatted,
            compact,
            max_file_size,
        }) => {
            let options = formatted.then_some(FormatOptions {
                compact,
                ..FormatOptions::default()
            });
            crate::commands::extract(&paths, output_dir.as_deref(), options, max_file_size)
        }
        None => check(cli.check),
    }
}

/// Options of `check` that take a value (the next argument when not written `--opt=value`).
const VALUE_OPTIONS: &[&str] = &[
    "--format",
    "--select",
    "--ignore",
    "--severity",
    "--fail-on",
    "--color",
    "--stdin-filename",
    "--input-format",
    "--deployment",
    "--server",
    "--cert",
    "--max-file-size",
    "--config",
    "--baseline",
    "--write-baseline",
];

/// Lets global options come before a subcommand, as people type them
/// (`profile-lint --format json rules`): when the first argument that is not an option is a
/// subcommand's name (and no file of that name exists), the subcommand moves to the front, and
/// the options it does not take are dropped (`rules` keeps `--format`; they mean nothing to
/// `explain`). Anything else is left as it is.
pub fn subcommand_first(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut at = 1;
    while at < args.len() {
        let arg = args[at].to_string_lossy();
        if arg == "--" || !arg.starts_with('-') || arg == "-" {
            break;
        }
        at += if VALUE_OPTIONS.contains(&arg.as_ref()) {
            2
        } else {
            1
        };
    }
    let Some(word) = args.get(at).map(|a| a.to_string_lossy().into_owned()) else {
        return args;
    };
    let is_subcommand =
        ["check", "rules", "explain", "format", "extract", "server"].contains(&word.as_str());
    // A file of that name is meant as a file; a folder is not (write `rules/` or `./rules` to
    // lint a folder named like a subcommand).
    if at == 1 || !is_subcommand || std::path::Path::new(&word).is_file() {
        return args;
    }
    let mut out = vec![args[0].clone(), args[at].clone()];
    let mut i = 1;
    while i < at {
        let arg = args[i].to_string_lossy().into_owned();
        let takes_value = VALUE_OPTIONS.contains(&arg.as_str());
        let keep = match word.as_str() {
            "check" => true,
            "rules" => arg == "--format" || arg.starts_with("--format="),
            _ => false,
        };
        let width = if takes_value { 2 } else { 1 };
        if keep {
            out.extend(args[i..(i + width).min(at)].iter().cloned());
        }
        i += width;
    }
    out.extend(args[at + 1..].iter().cloned());
    out
}

/// Runs the `check` command: the arguments as plain options, then the library.
fn check(args: CheckArgs) -> i32 {
    let reads_stdin = args.paths.iter().all(|p| p.as_os_str() == "-");
    if reads_stdin && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        // A bare `profile-lint` at a prompt would otherwise wait without a word.
        eprintln!("profile-lint: reading a profile from standard input (end it with Ctrl-D, or Ctrl-Z then Enter on Windows); give a file or folder to lint instead, or see `profile-lint --help`");
    }
    match check_options(args) {
        Ok(options) => profile_lint::check::check(options),
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_FAILURE
        }
    }
}

fn check_options(args: CheckArgs) -> Result<CheckOptions, String> {
    let selection = selection(&args)?;
    let config = match (args.config, args.no_config) {
        (Some(path), _) => config::Source::File(path),
        (None, true) => config::Source::Disabled,
        (None, false) => config::Source::Discover,
    };
    Ok(CheckOptions {
        paths: args.paths,
        format: args.format.map_or(output::OutputFormat::Human, Into::into),
        selection,
        fail_on: args.fail_on.map(Into::into),
        color: args.color.into(),
        stdin_filename: args.stdin_filename,
        input_format: args.input_format.map(Into::into),
        deployment: args.deployment.map(Into::into),
        servers: args.server.into_iter().chain(args.cert).collect(),
        quiet: args.quiet,
        statistics: args.statistics,
        max_file_size: args.max_file_size,
        config,
        baseline: args.baseline,
        write_baseline: args.write_baseline,
        fix: match (args.fix, args.fix_only, args.diff) {
            (_, _, true) => FixMode::Diff,
            (_, true, _) => FixMode::ApplyOnly,
            (true, _, _) => FixMode::Apply,
            _ => FixMode::Off,
        },
        unsafe_fixes: args.unsafe_fixes,
        width: crate::terminal::width(),
    })
}

fn print_rules(format: ListFormat) -> i32 {
    // The rules, then the tool's own diagnostics (`unrecognized-input`, ...), which can be
    // selected, ignored and re-levelled like rules.
    let metas: Vec<&RuleMeta> = all_rules()
        .iter()
        .map(|r| r.meta())
        .chain(TOOL_RULES.iter().copied())
        .collect();
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
                /// `none`, `safe`, `unsafe` or `mixed`.
                fix: profile_lint::meta::FixKind,
                /// Names of the rules whose finding supersedes this one's.
                superseded_by: Vec<&'a str>,
                /// The deployment routes the rule runs for (`intune`, `wmi`, `rasman`,
                /// `unknown`).
                deployments: &'a [profile_lint::meta::Deployment],
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
                    fix: m.fix,
                    superseded_by: m.superseded_by.iter().map(|s| s.name).collect(),
                    deployments: m.deployments,
                })
                .collect();
            out = serde_json::to_string_pretty(&rows).unwrap_or_default();
            out.push('\n');
        }
        ListFormat::Markdown => out = profile_lint::rules::table::markdown_table(),
        ListFormat::Text => {
            // On a console, the summary is cut to what is left of its width (the columns
            // before it take 62); in a file or pipe, to 90 characters as always.
            // On a console, the summary is cut to what is left of its width (the columns
            // before it take 62), or goes on a line of its own when that leaves too little;
            // in a file or pipe, to 90 characters as always.
            let width = crate::terminal::width();
            let own_line = width.is_some_and(|w| w < 62 + 40);
            let summary_width = match width {
                Some(w) if own_line => w.saturating_sub(8),
                Some(w) => w - 62,
                None => 90,
            };
            let mut sorted = metas.clone();
            sorted.sort_by_key(|m| (m.category, m.code));
            let mut category = None;
            for m in sorted {
                if category != Some(m.category) {
                    out.push_str(&format!("\n{}\n", m.category.title()));
                    category = Some(m.category);
                }
                // Tool diagnostics are named by their name alone (their code is the name).
                let code = if m.code == m.name { "" } else { m.code };
                let summary = one_line_cut(m.summary, summary_width);
                if own_line {
                    out.push_str(&format!(
                        "  {:<5} {:<44} {}\n        {summary}\n",
                        code, m.name, m.severity
                    ));
                } else {
                    out.push_str(&format!(
                        "  {:<5} {:<44} {:<8} {summary}\n",
                        code, m.name, m.severity
                    ));
                }
            }
        }
    }
    print(&out);
    EXIT_OK
}

/// The summary on one line, cut to `width` characters to fit the rules list.
fn one_line_cut(text: &str, width: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > width {
        let cut: String = one_line.chars().take(width.saturating_sub(3)).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}

fn explain(key: &str) -> i32 {
    match profile_lint::explain::explain(key) {
        Some(text) => {
            match crate::terminal::width() {
                Some(width) => print(&crate::terminal::wrap_markdown(&text, width)),
                None => print(&text),
            }
            EXIT_OK
        }
        None => {
            eprintln!("error: {}", profile_lint::explain::unknown(key));
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

#[cfg(test)]
mod tests {
    use super::subcommand_first;
    use std::ffi::OsString;

    fn reordered(args: &[&str]) -> Vec<String> {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        subcommand_first(args)
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn global_options_may_come_before_a_subcommand() {
        assert_eq!(
            reordered(&["pl", "--format", "json", "rules"]),
            ["pl", "rules", "--format", "json"]
        );
        assert_eq!(
            reordered(&["pl", "--no-config", "--format=json", "explain", "812"]),
            ["pl", "explain", "812"]
        );
        assert_eq!(
            reordered(&["pl", "--format", "concise", "check", "a.xml"]),
            ["pl", "check", "--format", "concise", "a.xml"]
        );
    }

    #[test]
    fn paths_and_option_values_are_not_taken_for_subcommands() {
        // `rules` as the value of --config, a path after the options, and no options at all.
        for args in [
            &["pl", "--config", "rules", "a.xml"][..],
            &["pl", "--format", "json", "profiles/"][..],
            &["pl", "rules"][..],
            &["pl", "--", "rules"][..],
        ] {
            assert_eq!(reordered(args), args);
        }
    }
}
