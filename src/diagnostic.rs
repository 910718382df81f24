//! Diagnostics as plain data. Rules produce them; emitters (human, JSON, ...) draw them.

use crate::fix::Fix;
pub use crate::meta::Severity;
use crate::meta::{RuleMeta, RuleRef};
use crate::span::Span;

/// A secondary place that explains the finding ("the EAP method says PEAP here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// Set when the place is in another file of the deployment (the NPS policy that rejects
    /// the profile's method, the other device tunnel): already placed there.
    pub elsewhere: Option<Elsewhere>,
}

/// A place in another file, placed in that file's own coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub path: std::sync::Arc<str>,
    pub span: Span,
    pub start: crate::span::Position,
    pub end: crate::span::Position,
}

/// Which text a diagnostic's spans refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Coordinates {
    /// The XML document the rule ran on (mapped back to the file at output time).
    #[default]
    Document,
    /// The decoded file text itself (wrapper findings: OMA-URI, script quoting, ...).
    File,
}

/// A message or help text: a fixed text borrowed, or one made for the finding.
pub type Text = std::borrow::Cow<'static, str>;

/// One finding of one rule.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: RuleRef,
    pub severity: Severity,
    /// Most messages and helps are fixed texts: borrowed, not copied into every finding.
    pub message: Text,
    pub span: Span,
    pub labels: Vec<Label>,
    pub help: Option<Text>,
    pub coordinates: Coordinates,
    /// The rules whose overlapping finding makes this one redundant; the rule's
    /// [`RuleMeta::superseded_by`] unless the rule narrowed it for this finding.
    pub superseded_by: &'static [&'static RuleMeta],
    /// The mechanical correction, in the same coordinates as `span`.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<Text>) -> Self {
        Diagnostic::of(RuleRef::Builtin(rule), span, message)
    }

    /// A finding of a policy rule or other rule without static metadata.
    pub fn of(rule: RuleRef, span: Span, message: impl Into<Text>) -> Self {
        let superseded_by = rule.builtin().map_or(&[][..], |m| m.superseded_by);
        Diagnostic {
            severity: rule.severity(),
            rule,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            coordinates: Coordinates::Document,
            superseded_by,
            fix: None,
        }
    }

    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            elsewhere: None,
        });
        self
    }

    /// A label in another file of the deployment (the span is that file's).
    pub fn label_elsewhere(&mut self, place: Elsewhere, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            span: place.span,
            message: message.into(),
            elsewhere: Some(place),
        });
        self
    }

    pub fn help(&mut self, help: impl Into<Text>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }

    pub fn in_file_coordinates(&mut self) -> &mut Self {
        self.coordinates = Coordinates::File;
        self
    }

    /// Attaches a fix (`None`, from a fix constructor that refused its edits, attaches nothing).
    pub fn fix(&mut self, fix: Option<Fix>) -> &mut Self {
        self.fix = fix;
        self
    }

    /// Narrows which rules supersede this finding (see [`RuleMeta::superseded_by`]).
    pub fn superseded_by(&mut self, rules: &'static [&'static RuleMeta]) -> &mut Self {
        self.superseded_by = rules;
        self
    }
}
