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

use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::source::WrapperInfo;
use crate::span::Span;

pub use crate::meta::{
    Category, Evidence, FixKind, Needs, RuleMeta, Severity, DOCS_BASE, DOCS_GUIDE,
};
pub use registry::{all_rules, find_rule, find_rule_meta, suggest, TOOL_RULES};

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
    /// The other profiles for the same devices and the server side, when the run has them
    /// (rules with [`RuleMeta::needs`] read it; without it they do not run).
    pub scope: Option<&'a crate::deploy::Scope>,
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
            scope: None,
            current: &registry::PLACEHOLDER,
            diagnostics: Vec::new(),
        }
    }

    /// Runs one rule against this document.
    pub fn run(&mut self, rule: &dyn Rule) {
        self.run_as(rule, rule.meta());
    }

    /// [`Context::run`] with the rule's metadata already at hand.
    pub fn run_as(&mut self, rule: &dyn Rule, meta: &'static RuleMeta) {
        self.current = meta;
        rule.check(self);
    }

    /// Reports a finding of the running rule at `span` (document coordinates).
    pub fn report(
        &mut self,
        span: Span,
        message: impl Into<crate::diagnostic::Text>,
    ) -> &mut Diagnostic {
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
