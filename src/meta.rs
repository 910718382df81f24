//! The shared vocabulary of findings: severity, rule metadata and the reference a finding
//! keeps to its rule. A leaf module: it imports nothing of the crate, so every stage (rules,
//! engine, policy, output) can use it without import cycles.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// The groups of the rule catalogue, by their code letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Structure,
    Tunnel,
    Authentication,
    Certificates,
    ConditionalAccess,
    Routing,
    DeviceTunnel,
    Deployment,
    Tool,
    /// Organisation policy rules from the configuration file (`[[policy]]`).
    Policy,
}

impl Category {
    pub fn title(self) -> &'static str {
        match self {
            Category::Structure => "Structure & schema",
            Category::Tunnel => "Tunnel & protocol",
            Category::Authentication => "Authentication & EAP",
            Category::Certificates => "Certificates & server validation",
            Category::ConditionalAccess => "Entra ID conditional access",
            Category::Routing => "Routing, DNS & traffic filters",
            Category::DeviceTunnel => "Device tunnel & LockDown",
            Category::Deployment => "Deployment wrappers & encoding",
            Category::Tool => "Tool diagnostics",
            Category::Policy => "Organisation policy",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Structure => "structure",
            Category::Tunnel => "tunnel",
            Category::Authentication => "authentication",
            Category::Certificates => "certificates",
            Category::ConditionalAccess => "conditional-access",
            Category::Routing => "routing",
            Category::DeviceTunnel => "device-tunnel",
            Category::Deployment => "deployment",
            Category::Tool => "tool",
            Category::Policy => "policy",
        }
    }
}

/// How well Windows' behaviour behind a rule is established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// Microsoft documentation states it.
    Documented,
    /// A public field report shows the failure.
    Reported,
    /// Follows from documentation or tool code; no public failure report found.
    Inferred,
}

/// How a profile reaches the device. Some advice holds only for one route (Intune compares
/// what it sent with what Windows reads back; a script or `Add-VpnConnection` never does), so
/// a rule says which routes it is about ([`RuleMeta::deployments`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Deployment {
    /// Intune or another MDM: a custom OMA-URI setting or a SyncML payload.
    Mdm,
    /// The MDM WMI bridge from a script (`MDM_VPNv2_01` via `New-CimInstance`/`CreateInstance`).
    WmiBridge,
    /// The remote access manager: `Add-VpnConnection`/`Set-VpnConnection` or `rasphone.pbk`.
    RasMan,
    /// Not known: a plain file, or a read-back that any route could have produced.
    #[default]
    Unknown,
}

impl Deployment {
    pub const ALL: &'static [Deployment] = &[
        Deployment::Mdm,
        Deployment::WmiBridge,
        Deployment::RasMan,
        Deployment::Unknown,
    ];

    /// Routes that may be Intune's: advice about Intune's read-back comparison applies.
    pub const MAYBE_MDM: &'static [Deployment] = &[Deployment::Mdm, Deployment::Unknown];

    /// The name in configuration, on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Deployment::Mdm => "intune",
            Deployment::WmiBridge => "wmi",
            Deployment::RasMan => "rasman",
            Deployment::Unknown => "unknown",
        }
    }

    /// How the route is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Deployment::Mdm => "Intune (or another MDM)",
            Deployment::WmiBridge => "the MDM WMI bridge",
            Deployment::RasMan => "Add-VpnConnection / rasphone.pbk",
            Deployment::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Deployment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Deployment {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "intune" | "mdm" => Ok(Deployment::Mdm),
            "wmi" => Ok(Deployment::WmiBridge),
            "rasman" => Ok(Deployment::RasMan),
            "unknown" => Ok(Deployment::Unknown),
            other => Err(format!(
                "unknown deployment `{other}` (expected intune, wmi, rasman or unknown)"
            )),
        }
    }
}

impl Serialize for Deployment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// An input a rule needs beyond the profile it judges (RULES.md's `needs` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Needs {
    /// An NPS export or an RRAS settings dump.
    Server,
    /// Certificates (the VPN server's, the NPS server's, the roots).
    Cert,
    /// The other profiles the same devices get.
    Set,
}

impl Needs {
    pub fn as_str(self) -> &'static str {
        match self {
            Needs::Server => "server",
            Needs::Cert => "cert",
            Needs::Set => "set",
        }
    }

    /// The input in a few words, for lists.
    pub fn short(self) -> &'static str {
        match self {
            Needs::Server => "the NPS export or RRAS dump (--server FILE)",
            Needs::Cert => "the server certificates (--cert FILE)",
            Needs::Set => "the device's other profiles",
        }
    }

    /// What to give profile-lint for the rule to run, for `explain` and `--statistics`.
    pub fn describe(self) -> &'static str {
        match self {
            Needs::Server => "an NPS export or RRAS settings dump in the run (`--server FILE`, or in the linted directory)",
            Needs::Cert => "the server certificates in the run (`--cert FILE`, or .cer/.crt/.pem/.p7b files in the linted directory)",
            Needs::Set => "the other profiles the same devices get: one file holding them all, a folder with an NPS export or RRAS dump beside the profiles, or a `[[deployments]]` section of profile-lint.toml",
        }
    }
}

/// Whether a rule's findings can carry a fix, and how safe it is (the README's rules table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    /// No fix: the finding needs a decision only the administrator can make.
    None,
    /// Fixes that cannot change what the profile means beyond the rule's correction.
    Safe,
    /// Fixes that change meaning and need review.
    Unsafe,
    /// Some findings get a safe fix, others an unsafe one.
    Mixed,
}

/// Everything about a rule that does not depend on a profile. Declared once, next to the rule.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Client errors or symptoms the rule predicts (`"812"`, `"Oops - you can't get to this yet"`).
    pub predicts: &'static [&'static str],
    pub evidence: Evidence,
    /// More specific rules that report the same defect. A finding of this rule is dropped by
    /// the engine when one of them is enabled for the file and reported an overlapping span
    /// (one defect, one finding), and comes back when they are ignored or suppressed.
    #[serde(serialize_with = "names")]
    pub superseded_by: &'static [&'static RuleMeta],
    /// What kind of fix the rule's findings carry.
    pub fix: FixKind,
    /// The deployment routes the rule's advice is about; the engine does not run it on a
    /// document that reaches the device another way. All routes unless the rule says.
    pub deployments: &'static [Deployment],
    /// What the rule needs beyond one profile (RULES.md's `needs`): without it the rule does
    /// not run, and `--statistics` says so.
    pub needs: &'static [Needs],
}

fn names<S: serde::Serializer>(
    metas: &&'static [&'static RuleMeta],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(metas.iter().map(|m| m.name))
}

/// Base of the documentation URLs; each rule's page is `rules/<name>.md` in the repository.
pub const DOCS_BASE: &str = "https://github.com/profile-lint/profile-lint/blob/main/rules/";
/// The integration guide (configuration, policy rules, suppressions, tool diagnostics).
pub const DOCS_GUIDE: &str =
    "https://github.com/profile-lint/profile-lint/blob/main/docs/integration.md";

impl RuleMeta {
    /// Metadata with no overlap, no fix and no predicted error: the base of a declaration
    /// (`..RuleMeta::BASE`) that only names what it has.
    pub const BASE: RuleMeta = RuleMeta {
        code: "",
        name: "",
        severity: Severity::Info,
        category: Category::Tool,
        summary: "",
        predicts: &[],
        evidence: Evidence::Inferred,
        superseded_by: &[],
        fix: FixKind::None,
        deployments: Deployment::ALL,
        needs: &[],
    };

    /// Whether `key` is a proper prefix of the code (`S`, `S00` select a group of rules).
    pub fn has_code_prefix(&self, key: &str) -> bool {
        has_code_prefix(self.code, key)
    }

    /// Whether `key` names this rule by code or name (case-insensitive).
    pub fn is_named(&self, key: &str) -> bool {
        self.code.eq_ignore_ascii_case(key) || self.name.eq_ignore_ascii_case(key)
    }

    pub fn url(&self) -> String {
        url_of(self.category, self.name)
    }

    /// Whether the rule runs on a document deployed this way.
    pub fn applies_to(&self, deployment: Deployment) -> bool {
        self.deployments.contains(&deployment)
    }

    /// Whether the rule is about some deployment routes only.
    pub fn is_deployment_specific(&self) -> bool {
        Deployment::ALL.iter().any(|d| !self.applies_to(*d))
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

/// The first sentence of a summary, on one line: the short description in rule lists and
/// SARIF.
pub fn first_sentence(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.find(". ") {
        Some(i) => one_line[..=i].to_owned(),
        None => one_line,
    }
}

fn has_code_prefix(code: &str, key: &str) -> bool {
    key.len() < code.len()
        && code
            .get(..key.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(key))
}

fn url_of(category: Category, name: &str) -> String {
    // Policy rules and tool diagnostics have no page of their own under `rules/`.
    match category {
        Category::Policy => format!("{DOCS_GUIDE}#policy-rules"),
        Category::Tool => format!("{DOCS_GUIDE}#tool-diagnostics"),
        _ => format!("{DOCS_BASE}{name}.md"),
    }
}

/// The metadata of an organisation policy rule, made from the configuration file. Owned, so
/// reloading a configuration (an editor, the fuzzer) allocates anew and frees the old.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyMeta {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    /// The policy's message, shown as its summary.
    pub summary: String,
}

/// The rule a finding belongs to: a built-in rule or tool diagnostic, or a policy rule of
/// the configuration in force.
#[derive(Debug, Clone)]
pub enum RuleRef {
    Builtin(&'static RuleMeta),
    Policy(Arc<PolicyMeta>),
}

impl From<&'static RuleMeta> for RuleRef {
    fn from(meta: &'static RuleMeta) -> Self {
        RuleRef::Builtin(meta)
    }
}

impl PartialEq for RuleRef {
    fn eq(&self, other: &Self) -> bool {
        self.code() == other.code()
    }
}

impl RuleRef {
    pub fn code(&self) -> &str {
        match self {
            RuleRef::Builtin(m) => m.code,
            RuleRef::Policy(p) => &p.code,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            RuleRef::Builtin(m) => m.name,
            RuleRef::Policy(p) => &p.name,
        }
    }

    /// The default severity (before configuration overrides).
    pub fn severity(&self) -> Severity {
        match self {
            RuleRef::Builtin(m) => m.severity,
            RuleRef::Policy(p) => p.severity,
        }
    }

    pub fn category(&self) -> Category {
        match self {
            RuleRef::Builtin(m) => m.category,
            RuleRef::Policy(_) => Category::Policy,
        }
    }

    pub fn summary(&self) -> &str {
        match self {
            RuleRef::Builtin(m) => m.summary,
            RuleRef::Policy(p) => &p.summary,
        }
    }

    pub fn predicts(&self) -> &[&'static str] {
        match self {
            RuleRef::Builtin(m) => m.predicts,
            RuleRef::Policy(_) => &[],
        }
    }

    pub fn url(&self) -> String {
        url_of(self.category(), self.name())
    }

    /// The built-in metadata, `None` for policy rules.
    pub fn builtin(&self) -> Option<&'static RuleMeta> {
        match self {
            RuleRef::Builtin(m) => Some(m),
            RuleRef::Policy(_) => None,
        }
    }

    /// Whether `key` names this rule by code or name (case-insensitive).
    pub fn is_named(&self, key: &str) -> bool {
        self.code().eq_ignore_ascii_case(key) || self.name().eq_ignore_ascii_case(key)
    }

    /// Whether `key` is a proper prefix of the code.
    pub fn has_code_prefix(&self, key: &str) -> bool {
        has_code_prefix(self.code(), key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentences_end_at_the_first_full_stop() {
        assert_eq!(first_sentence("One  thing.\nTwo. Three."), "One thing.");
        assert_eq!(first_sentence("No stop e.g.here"), "No stop e.g.here");
    }

    #[test]
    fn code_prefixes_are_proper_and_case_insensitive() {
        assert!(has_code_prefix("S008", "s"));
        assert!(has_code_prefix("S008", "S00"));
        assert!(!has_code_prefix("S008", "S008"));
        assert!(!has_code_prefix("S008", "T"));
        // A multi-byte key never panics on a byte boundary.
        assert!(!has_code_prefix("S008", "é"));
    }
}
