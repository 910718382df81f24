//! The rule engine: rule metadata, the [`Rule`] trait, the context rules report through, and
//! the one registry of every rule.
//!
//! Adding a rule touches its own file (metadata, documentation comment, check), the list in
//! [`registry`], its page under `rules/`, and its fixtures — nothing else.

pub mod registry;
pub mod table;

mod authentication;
mod certificates;
mod conditional_access;
mod deployment;
mod device_tunnel;
mod routing;
mod structure;
mod tunnel;
pub mod util;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;
use crate::source::WrapperInfo;
use crate::span::Span;
use serde::Serialize;

pub use registry::{all_rules, find_rule, find_rule_meta, TOOL_RULES};

/// The groups of RULES.md, by their code letter.
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

/// How well Windows' behaviour behind a rule is established (see `research/failure-catalog.md`).
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
}

/// Base of the documentation URLs; each rule's page is `rules/<name>.md` in the repository.
pub const DOCS_BASE: &str = "https://github.com/profile-lint/profile-lint/blob/main/rules/";
/// The integration guide (configuration, policy rules, suppressions, tool diagnostics).
pub const DOCS_GUIDE: &str =
    "https://github.com/profile-lint/profile-lint/blob/main/docs/integration.md";

impl RuleMeta {
    /// Whether `key` is a proper prefix of the code (`S`, `S00` select a group of rules).
    pub fn has_code_prefix(&self, key: &str) -> bool {
        key.len() < self.code.len()
            && self
                .code
                .to_ascii_uppercase()
                .starts_with(&key.to_ascii_uppercase())
    }

    pub fn url(&self) -> String {
        // Policy rules and tool diagnostics have no page of their own under `rules/`.
        match self.category {
            Category::Policy => return format!("{DOCS_GUIDE}#policy-rules"),
            Category::Tool => return format!("{DOCS_GUIDE}#tool-diagnostics"),
            _ => {}
        }
        format!("{DOCS_BASE}{}.md", self.name)
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

/// A lint rule. Implementations are unit structs registered in [`registry`].
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &mut Context);
}

/// A parse failure of the document (for `xml-syntax`); the span is in document coordinates.
#[derive(Debug, Clone)]
pub struct ParseFailure {
    pub span: Span,
    pub message: String,
}

/// What a rule sees of one document, and where it reports.
pub struct Context<'a> {
    pub model: &'a Model<'a>,
    /// The XML text the document was parsed from.
    pub xml: &'a str,
    /// The parsed tree, when the document is well-formed.
    pub tree: Option<&'a roxmltree::Document<'a>>,
    pub parse_failure: Option<&'a ParseFailure>,
    pub wrapper: &'a WrapperInfo,
    current: &'static RuleMeta,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    pub fn new(
        model: &'a Model<'a>,
        xml: &'a str,
        tree: Option<&'a roxmltree::Document<'a>>,
        parse_failure: Option<&'a ParseFailure>,
        wrapper: &'a WrapperInfo,
    ) -> Self {
        Context {
            model,
            xml,
            tree,
            parse_failure,
            wrapper,
            current: &registry::PLACEHOLDER,
            diagnostics: Vec::new(),
        }
    }

    /// Runs one rule against this document.
    pub fn run(&mut self, rule: &dyn Rule) {
        self.current = rule.meta();
        rule.check(self);
    }

    /// Reports a finding of the running rule at `span` (document coordinates).
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::new(self.current, span, message));
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// The text of the document at `span` (empty when out of range).
    pub fn text_at(&self, span: Span) -> &'a str {
        self.xml.get(span.start..span.end).unwrap_or("")
    }
}
