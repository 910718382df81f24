//! `profile-lint.toml`: discovery, parsing and validation.
//!
//! Like ruff and shellcheck, the configuration of a file is the nearest `profile-lint.toml`
//! found by walking up from the file's directory; there is no merging between levels
//! (`--config FILE` uses one file for every input, `--no-config` none). Every mistake in the
//! file is an error naming the file, the line and the key (exit 2): a silently ignored typo
//! in a CI configuration is worse than a failed run.
//!
//! ```toml
//! select = ["S", "C001"]                  # codes, names or code prefixes
//! ignore = ["unknown-element"]
//! fail-on = "error"                       # error | warning | info
//! deployment = "intune"                   # intune | wmi | rasman | unknown (default: detected)
//! [severity]
//! legacy-protocol = "error"
//! [[per-path]]
//! paths = ["legacy/**"]
//! ignore = ["S005"]
//! deployment = "wmi"
//! [[deployments]]                        # profiles and server files that go together
//! profiles = ["profiles/*.xml"]           # globs, relative to this file's directory
//! nps = ["server/nps.xml"]                # NPS configuration exports
//! rras = ["server/rras-*.txt"]            # Get-VpnAuthProtocol / Get-VpnServerConfiguration dumps
//! certificates = ["certs/*.cer"]          # VPN/NPS server certificates and their chain
//! same-devices = true                     # the profiles reach the same devices (default)
//! [[policy]]
//! code = "P001"
//! message = "VPN servers must be the corporate gateway"
//! path = "VPNProfile/NativeProfile/Servers"
//! matches = '^vpn\.contoso\.com$'
//! ```

use crate::diagnostic::Severity;
use crate::element_path;
use crate::lint::LintOptions;
use crate::meta::Deployment;
use crate::policy::{Check, Policies, PolicyRule};
use crate::rules::{all_rules, find_rule_meta};
use crate::selection::RuleSelection;
use globset::{GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The file name looked for in each directory.
pub const FILE_NAME: &str = "profile-lint.toml";

/// The largest configuration file read: 1 MiB. A real one is a few kilobytes (a thousand
/// `[[policy]]` rules fit in 1 MiB); the cap stops a link to `/dev/urandom` or a runaway
/// generated file from taking the memory of the CI runner.
pub const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// The error of a configuration file that cannot be read.
fn unreadable(path: &Path, why: &str) -> ConfigError {
    ConfigError {
        file: crate::files::display(path),
        line: None,
        key: None,
        message: format!("cannot read the configuration: {why}"),
        source: None,
    }
}

/// A configuration mistake: which file, where, which key, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
    /// The configuration line at fault and the byte range to underline in it, so the error
    /// can be drawn like a finding (see [`ConfigError::render`]).
    pub source: Option<Box<(String, std::ops::Range<usize>)>>,
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// The error with the line it points at, underlined:
    ///
    /// ```text
    /// profile-lint.toml:3: key `select`: unknown rule `S99`
    ///   |
    /// 3 | select = ["S99"]
    ///   |           ^^^^^
    /// ```
    pub fn render(&self) -> String {
        let mut out = self.to_string();
        let (Some(line), Some((text, range))) = (self.line, self.source.as_deref()) else {
            return out;
        };
        // The line comes from the user's file: control characters must not reach a terminal
        // or CI log as such.
        let shown = |s: &str| crate::output::display_path(s);
        let number = line.to_string();
        let pad = " ".repeat(number.len());
        let before = text.get(..range.start).unwrap_or("");
        let marked = text.get(range.clone()).unwrap_or("");
        let caret_at = shown(before).chars().count();
        let carets = shown(marked).chars().count().max(1);
        out.push_str(&format!(
            "\n{pad} |\n{number} | {}\n{pad} | {}{}",
            shown(text),
            " ".repeat(caret_at),
            "^".repeat(carets)
        ));
        out
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": key `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    fail_on: Option<Spanned<String>>,
    deployment: Option<Spanned<String>>,
    #[serde(default)]
    per_path: Vec<Spanned<RawPerPath>>,
    #[serde(default)]
    policy: Vec<Spanned<RawPolicy>>,
    #[serde(default)]
    deployments: Vec<Spanned<RawDeployment>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDeployment {
    name: Option<String>,
    #[serde(default)]
    profiles: Vec<Spanned<String>>,
    #[serde(default)]
    nps: Vec<Spanned<String>>,
    #[serde(default)]
    rras: Vec<Spanned<String>>,
    #[serde(default)]
    certificates: Vec<Spanned<String>>,
    same_devices: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPerPath {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    deployment: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPolicy {
    code: Spanned<String>,
    name: Option<Spanned<String>>,
    message: String,
    severity: Option<Spanned<String>>,
    path: Spanned<String>,
    required: Option<Spanned<bool>>,
    forbidden: Option<Spanned<bool>>,
    equals: Option<Spanned<String>>,
    one_of: Option<Spanned<Vec<String>>>,
    matches: Option<Spanned<String>>,
}

/// Ignores, and how the profiles are deployed, for the files matching some globs (relative
/// to the configuration's directory).
#[derive(Debug, Clone)]
pub struct PerPath {
    pub globs: GlobSet,
    pub ignore: Vec<String>,
    pub deployment: Option<Deployment>,
}

/// A `[[deployments]]` section: profiles and the server-side files they meet, stated for a
/// repository whose layout does not say it (see [`crate::deploy`]).
#[derive(Debug, Clone)]
pub struct DeploymentSection {
    pub name: Option<String>,
    /// Globs of the profiles, relative to the configuration's directory.
    pub profiles: GlobSet,
    /// Globs of the NPS exports, RRAS dumps and certificates.
    pub servers: GlobSet,
    /// Whether the profiles reach the same devices (the set rules run on them).
    pub same_devices: bool,
}

/// One loaded configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// Base directory of `per-path` globs (the file's directory).
    pub dir: PathBuf,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    /// Severity overrides by rule name.
    pub severity: HashMap<String, Severity>,
    pub fail_on: Option<Severity>,
    /// How the profiles are deployed, stated for every file (`deployment = "intune"`); wins
    /// over what the input shows. A `per-path` entry's wins over this.
    pub deployment: Option<Deployment>,
    pub per_path: Vec<PerPath>,
    pub policy: Policies,
    pub deployments: Vec<DeploymentSection>,
}

/// Turns spans of the text into errors naming the line and key.
struct Errors<'a> {
    file: String,
    text: &'a str,
}

impl Errors<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.text
            .get(..offset.min(self.text.len()))
            .map_or(1, |t| t.matches('\n').count() + 1)
    }

    fn at(
        &self,
        span: std::ops::Range<usize>,
        key: &str,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError {
            file: self.file.clone(),
            line: Some(self.line_of(span.start)),
            key: Some(key.to_owned()),
            message: message.into(),
            source: self.source_of(span).map(Box::new),
        }
    }

    /// The line holding the start of `span`, and the part of `span` on it (at most 200
    /// characters of line are kept, so a huge line does not become a huge message).
    fn source_of(&self, span: std::ops::Range<usize>) -> Option<(String, std::ops::Range<usize>)> {
        let text = self.text;
        let start = span.start.min(text.len());
        let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
        let line_end = text
            .get(start..)?
            .find('\n')
            .map_or(text.len(), |i| start + i);
        let line = text.get(line_start..line_end)?.trim_end_matches('\r');
        if line.chars().count() > 200 {
            return None;
        }
        let from = start - line_start;
        let to = span
            .end
            .min(line_start + line.len())
            .saturating_sub(line_start)
            .max(from);
        Some((line.to_owned(), from..to))
    }

    /// Maps a TOML/serde error; the key comes from the message (`unknown field `x``) or from
    /// the `key = ` at the start of the line the error points into.
    fn toml_error(&self, error: &toml::de::Error) -> ConfigError {
        let line = error.span().map(|s| self.line_of(s.start));
        let message = error.message().trim().to_owned();
        let key = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
            .or_else(|| error.span().and_then(|s| self.key_before(s.start)));
        ConfigError {
            file: self.file.clone(),
            line,
            key,
            message,
            source: error
                .span()
                .and_then(|span| self.source_of(span))
                .map(Box::new),
        }
    }

    fn key_before(&self, offset: usize) -> Option<String> {
        let before = self.text.get(..offset.min(self.text.len()))?;
        for line in before.lines().rev() {
            let line = line.trim();
            if line.starts_with('[') {
                return Some(
                    line.trim_matches(|c| c == '[' || c == ']')
                        .trim()
                        .to_owned(),
                );
            }
            if let Some((key, _)) = line.split_once('=') {
                let key = key.trim().trim_matches('"');
                if !key.is_empty() && !key.contains(char::is_whitespace) {
                    return Some(key.to_owned());
                }
            }
        }
        None
    }
}

impl Config {
    /// Reads and validates a configuration file: a regular file (a FIFO would block, a device
    /// never end; see [`crate::files`]) of at most [`MAX_CONFIG_SIZE`] bytes.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = crate::files::read_text_capped(path, MAX_CONFIG_SIZE)
            .map_err(|e| unreadable(path, &e))?;
        Config::parse(&text, path)
    }

    /// Parses and validates the text of a configuration file read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let errors = Errors {
            file: path.display().to_string(),
            text,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| errors.toml_error(&e))?;
        let policy = policies(&raw.policy, &errors)?;
        let known =
            |key: &Spanned<String>, name: &str, prefixes: bool| -> Result<String, ConfigError> {
                let k = key.get_ref().trim();
                if is_known(k, &policy, prefixes) {
                    Ok(k.to_owned())
                } else {
                    Err(errors.at(
                        key.span(),
                        name,
                        format!("unknown rule `{k}` (see `profile-lint rules`)"),
                    ))
                }
            };
        let select = match &raw.select {
            Some(list) => Some(
                list.iter()
                    .map(|k| known(k, "select", true))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            None => None,
        };
        let ignore = raw
            .ignore
            .iter()
            .map(|k| known(k, "ignore", true))
            .collect::<Result<Vec<_>, _>>()?;
        let mut severity = HashMap::new();
        for (rule, level) in &raw.severity {
            let key = rule.get_ref().trim();
            let name = find_rule_meta(key)
                .map(|m| m.name.to_owned())
                .or_else(|| policy.find(key).map(|m| m.name.clone()))
                .ok_or_else(|| {
                    errors.at(
                        rule.span(),
                        key,
                        format!("unknown rule `{key}` in [severity] (see `profile-lint rules`)"),
                    )
                })?;
            let level: Severity = level
                .get_ref()
                .parse()
                .map_err(|m: String| errors.at(level.span(), key, m))?;
            severity.insert(name, level);
        }
        let fail_on = match &raw.fail_on {
            Some(value) => Some(
                value
                    .get_ref()
                    .parse::<Severity>()
                    .map_err(|m| errors.at(value.span(), "fail-on", m))?,
            ),
            None => None,
        };
        let deployment = |value: &Option<Spanned<String>>| -> Result<_, ConfigError> {
            match value {
                Some(value) => value
                    .get_ref()
                    .parse::<Deployment>()
                    .map(Some)
                    .map_err(|m| errors.at(value.span(), "deployment", m)),
                None => Ok(None),
            }
        };
        let top_deployment = deployment(&raw.deployment)?;
        let mut per_path = Vec::new();
        for spanned in &raw.per_path {
            let entry = spanned.get_ref();
            if entry.ignore.is_empty() && entry.deployment.is_none() {
                return Err(errors.at(
                    spanned.span(),
                    "per-path",
                    "a `[[per-path]]` entry needs `ignore` or `deployment`; as written it changes nothing",
                ));
            }
            let mut builder = GlobSetBuilder::new();
            for glob in &entry.paths {
                let compiled = globset::GlobBuilder::new(glob.get_ref())
                    .literal_separator(true)
                    .build()
                    .map_err(|e| errors.at(glob.span(), "paths", format!("invalid glob: {e}")))?;
                builder.add(compiled);
            }
            let globs = builder
                .build()
                .map_err(|e| errors.at(0..0, "per-path", format!("invalid globs: {e}")))?;
            let ignore = entry
                .ignore
                .iter()
                .map(|k| known(k, "ignore", true))
                .collect::<Result<Vec<_>, _>>()?;
            per_path.push(PerPath {
                globs,
                ignore,
                deployment: deployment(&entry.deployment)?,
            });
        }
        let globs = |list: &[&Spanned<String>], key: &str| -> Result<GlobSet, ConfigError> {
            let mut builder = GlobSetBuilder::new();
            for glob in list {
                let compiled = globset::GlobBuilder::new(glob.get_ref())
                    .literal_separator(true)
                    .build()
                    .map_err(|e| errors.at(glob.span(), key, format!("invalid glob: {e}")))?;
                builder.add(compiled);
            }
            builder
                .build()
                .map_err(|e| errors.at(0..0, key, format!("invalid globs: {e}")))
        };
        let mut deployments = Vec::new();
        for spanned in &raw.deployments {
            let entry = spanned.get_ref();
            if entry.profiles.is_empty() {
                return Err(errors.at(
                    spanned.span(),
                    "deployments",
                    "a `[[deployments]]` entry needs `profiles` (globs of the profiles it holds)",
                ));
            }
            let profiles: Vec<&Spanned<String>> = entry.profiles.iter().collect();
            let servers: Vec<&Spanned<String>> = entry
                .nps
                .iter()
                .chain(&entry.rras)
                .chain(&entry.certificates)
                .collect();
            deployments.push(DeploymentSection {
                name: entry.name.clone(),
                profiles: globs(&profiles, "profiles")?,
                servers: globs(&servers, "nps")?,
                same_devices: entry.same_devices.unwrap_or(true),
            });
        }
        let absolute = normalize(path);
        let dir = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Config {
            path: path.to_path_buf(),
            dir,
            select,
            ignore,
            severity,
            fail_on,
            deployment: top_deployment,
            per_path,
            policy,
            deployments,
        })
    }

    /// The `per-path` ignores that apply to `file`.
    fn per_path_ignores(&self, file: &Path) -> Vec<String> {
        self.per_path_matching(file)
            .flat_map(|p| p.ignore.iter().cloned())
            .collect()
    }

    /// How the configuration says `file`'s profiles are deployed: the last matching
    /// `per-path` entry that says it, else the top-level `deployment`; `None` = detect.
    pub fn deployment_for(&self, file: &Path) -> Option<Deployment> {
        let per_path = if self.per_path.iter().any(|p| p.deployment.is_some()) {
            self.per_path_matching(file)
                .filter_map(|p| p.deployment)
                .last()
        } else {
            None
        };
        per_path.or(self.deployment)
    }

    /// The `per-path` entries whose globs match `file` (its path relative to the
    /// configuration's directory, or its name).
    fn per_path_matching<'a>(&'a self, file: &Path) -> impl Iterator<Item = &'a PerPath> {
        let absolute = normalize(file);
        let relative = absolute
            .strip_prefix(&self.dir)
            .unwrap_or(&absolute)
            .to_path_buf();
        let name = PathBuf::from(absolute.file_name().unwrap_or_default());
        self.per_path
            .iter()
            .filter(move |p| p.globs.is_match(&relative) || p.globs.is_match(&name))
    }
}

/// Whether `key` names a rule: `all`, a code, a name, a code prefix, or a policy rule.
pub fn is_known(key: &str, policy: &Policies, prefixes: bool) -> bool {
    key.eq_ignore_ascii_case("all")
        || find_rule_meta(key).is_some()
        || policy.find(key).is_some()
        || (prefixes && all_rules().iter().any(|r| r.meta().has_code_prefix(key))
            || policy
                .rules()
                .iter()
                .any(|p| crate::meta::RuleRef::Policy(Arc::clone(&p.meta)).has_code_prefix(key)))
}

fn policies(raw: &[Spanned<RawPolicy>], errors: &Errors) -> Result<Policies, ConfigError> {
    let mut rules: Vec<PolicyRule> = Vec::new();
    for entry in raw {
        let p = entry.get_ref();
        let code = p.code.get_ref().trim();
        if code.is_empty() || code.contains(|c: char| c.is_whitespace() || c == ',') {
            return Err(errors.at(
                p.code.span(),
                "code",
                "a policy code must be one word (e.g. `P001`)",
            ));
        }
        let name = p.name.as_ref().map_or(code, |n| n.get_ref().trim());
        for key in [code, name] {
            if key.eq_ignore_ascii_case("all") || find_rule_meta(key).is_some() {
                return Err(errors.at(p.code.span(), "code", format!("`{key}` is already a built-in rule; choose another (`P` + digits is recommended)")));
            }
            if rules.iter().any(|r| {
                r.meta.code.eq_ignore_ascii_case(key) || r.meta.name.eq_ignore_ascii_case(key)
            }) {
                return Err(errors.at(
                    p.code.span(),
                    "code",
                    format!("`{key}` is used by two policy rules"),
                ));
            }
        }
        let severity = match &p.severity {
            Some(s) => s
                .get_ref()
                .parse()
                .map_err(|m: String| errors.at(s.span(), "severity", m))?,
            None => Severity::Error,
        };
        let path = element_path::parse(p.path.get_ref());
        if path.is_empty() {
            return Err(errors.at(
                p.path.span(),
                "path",
                "an element path is required (e.g. `VPNProfile/NativeProfile/Servers`)",
            ));
        }
        // A name no profile can hold makes `equals`, `matches` and `forbidden` pass forever
        // (element names are case-sensitive in XML): refuse it when the configuration loads.
        if let Some(unknown) = path
            .iter()
            .find(|name| name.as_str() != "*" && !crate::source::is_known_element(name))
        {
            let hint = known_element_like(unknown)
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            return Err(errors.at(
                p.path.span(),
                "path",
                format!("`{unknown}` is no element of ProfileXML or its EAP configuration, so this policy could never match{hint} (names are case-sensitive; `*` matches any one element)"),
            ));
        }
        let mut checks: Vec<(std::ops::Range<usize>, &str, Check)> = Vec::new();
        for (flag, key, check) in [
            (&p.required, "required", Check::Required),
            (&p.forbidden, "forbidden", Check::Forbidden),
        ] {
            if let Some(value) = flag {
                if !*value.get_ref() {
                    return Err(errors.at(
                        value.span(),
                        key,
                        format!("`{key} = false` checks nothing; remove it or write `true`"),
                    ));
                }
                checks.push((value.span(), key, check));
            }
        }
        if let Some(value) = &p.equals {
            checks.push((
                value.span(),
                "equals",
                Check::Equals(value.get_ref().clone()),
            ));
        }
        if let Some(list) = &p.one_of {
            if list.get_ref().is_empty() {
                return Err(errors.at(
                    list.span(),
                    "one-of",
                    "the list of allowed values is empty",
                ));
            }
            checks.push((list.span(), "one-of", Check::OneOf(list.get_ref().clone())));
        }
        if let Some(pattern) = &p.matches {
            let regex = regex::Regex::new(pattern.get_ref()).map_err(|e| {
                errors.at(
                    pattern.span(),
                    "matches",
                    format!("invalid regular expression: {e}"),
                )
            })?;
            checks.push((pattern.span(), "matches", Check::Matches(regex)));
        }
        let check = match checks.len() {
            1 => checks.remove(0).2,
            0 => {
                return Err(errors.at(
                    entry.span(),
                    "policy",
                    format!("policy `{code}` needs one of `required`, `forbidden`, `equals`, `one-of`, `matches`"),
                ))
            }
            _ => {
                let (span, key, _) = &checks[1];
                return Err(errors.at(
                    span.clone(),
                    key,
                    format!("policy `{code}` has more than one check (`{}` and `{key}`); write one `[[policy]]` per check", checks[0].1),
                ));
            }
        };
        rules.push(PolicyRule::new(
            code,
            name,
            severity,
            p.message.trim(),
            path,
            check,
        ));
    }
    Ok(Policies(Arc::new(rules)))
}

/// The known element name nearest to `name`: the same name in other letter case, or one
/// within two edits.
fn known_element_like(name: &str) -> Option<&'static str> {
    let names = crate::model::schema::known_element_names();
    names
        .iter()
        .copied()
        .find(|known| known.eq_ignore_ascii_case(name))
        .or_else(|| {
            names
                .iter()
                .copied()
                .map(|known| {
                    let distance = crate::model::schema::edit_distance_capped(name, known, 3);
                    (distance, known)
                })
                .filter(|(distance, _)| *distance <= 2)
                .min()
                .map(|(_, known)| known)
        })
}

/// Where configuration comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The nearest `profile-lint.toml` above each file.
    Discover,
    /// `--config FILE` for every file.
    File(PathBuf),
    /// `--no-config`.
    Disabled,
}

/// Finds (and caches) the configuration of each linted file.
#[derive(Debug)]
pub struct Settings {
    source: Source,
    explicit: Option<Arc<Config>>,
    by_dir: HashMap<PathBuf, Option<Arc<Config>>>,
}

impl Settings {
    pub fn new(source: Source) -> Result<Settings, ConfigError> {
        let explicit = match &source {
            Source::File(path) => Some(Arc::new(Config::load(path)?)),
            _ => None,
        };
        Ok(Settings {
            source,
            explicit,
            by_dir: HashMap::new(),
        })
    }

    /// The configuration for a file (for standard input, pass the `--stdin-filename` or a name
    /// in the current directory).
    pub fn config_for(&mut self, file: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        if !matches!(self.source, Source::Discover) {
            return self.config_for_dir(PathBuf::new());
        }
        let start = normalize(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.config_for_dir(start)
    }

    /// The configuration for the files of a directory (absolute and normalized, see
    /// [`normalize`]).
    pub fn config_for_dir(&mut self, start: PathBuf) -> Result<Option<Arc<Config>>, ConfigError> {
        match self.source {
            Source::Disabled => return Ok(None),
            Source::File(_) => return Ok(self.explicit.clone()),
            Source::Discover => {}
        }
        if let Some(found) = self.by_dir.get(&start) {
            return Ok(found.clone());
        }
        let mut found = None;
        for dir in start.ancestors() {
            if let Some(cached) = self.by_dir.get(dir) {
                found = cached.clone();
                break;
            }
            let candidate = dir.join(FILE_NAME);
            // Anything by that name is meant as the configuration: a directory, a FIFO or a
            // dangling link is an error naming it, not a reason to use the one further up.
            match std::fs::symlink_metadata(&candidate) {
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => {
                    return Err(unreadable(&candidate, &crate::files::describe(&error)));
                }
                Ok(_) => {
                    found = Some(Arc::new(Config::load(&candidate)?));
                    break;
                }
            }
        }
        self.by_dir.insert(start, found.clone());
        Ok(found)
    }

    /// Every configuration loaded so far.
    pub fn loaded(&self) -> Vec<Arc<Config>> {
        let mut all: Vec<Arc<Config>> = self
            .explicit
            .iter()
            .cloned()
            .chain(self.by_dir.values().flatten().cloned())
            .collect();
        all.sort_by(|a, b| a.path.cmp(&b.path));
        all.dedup_by(|a, b| a.path == b.path);
        all
    }
}

/// The rule selection and policy rules for one file: the configuration, its `per-path`
/// ignores, then the command line on top (`--select` replaces the configured `select`,
/// `--ignore` and `--severity` add to it).
pub fn resolve(
    config: Option<&Config>,
    file: &Path,
    cli: &RuleSelection,
) -> (RuleSelection, Policies) {
    let Some(config) = config else {
        return (cli.clone(), Policies::default());
    };
    let select = if cli.select.is_empty() {
        config.select.clone().unwrap_or_default()
    } else {
        cli.select.clone()
    };
    let mut ignore = config.ignore.clone();
    ignore.extend(config.per_path_ignores(file));
    ignore.extend(cli.ignore.iter().cloned());
    let mut severity = config.severity.clone();
    for (key, level) in &cli.severity {
        // CLI keys that are not built-in names may name a policy rule of this configuration.
        let name = config
            .policy
            .find(key)
            .map_or(key.as_str(), |m| m.name.as_str());
        severity.insert(name.to_owned(), *level);
    }
    (
        RuleSelection {
            select,
            ignore,
            severity,
        },
        config.policy.clone(),
    )
}

/// The lint options a file gets from its configuration (or from `cli` alone when it has
/// none): what the command line does per file, for other front ends (a language server, a
/// test) that lint text held in memory with [`crate::lint::lint_bytes`].
pub fn lint_options(config: Option<&Config>, file: &Path, cli: &RuleSelection) -> LintOptions {
    let (selection, policy) = resolve(config, file, cli);
    LintOptions {
        deployment: config.and_then(|c| c.deployment_for(file)),
        ..LintOptions::selecting(&selection, policy)
    }
}

pub use crate::files::normalize;

/// Checks that every rule named on the command line is a built-in rule, a code prefix, or a
/// policy rule of one of the loaded configurations.
pub fn validate_cli(cli: &RuleSelection, configs: &[Arc<Config>]) -> Result<(), String> {
    let known = |key: &str, prefixes: bool| {
        is_known(key, &Policies::default(), prefixes)
            || configs.iter().any(|c| is_known(key, &c.policy, prefixes))
    };
    for (option, key, prefixes) in cli
        .select
        .iter()
        .map(|k| ("--select", k, true))
        .chain(cli.ignore.iter().map(|k| ("--ignore", k, true)))
        .chain(cli.severity.keys().map(|k| ("--severity", k, false)))
    {
        if !known(key, prefixes) {
            return Err(format!(
                "unknown rule `{key}` in {option} (see `profile-lint rules`)"
            ));
        }
    }
    Ok(())
}
