//! Organisation policy rules: declarative checks from the configuration file (`[[policy]]`),
//! such as "Servers must match `^vpn\.contoso\.com$`". They need no Rust, report
//! under the code the configuration gives them, and are selected, re-levelled and suppressed
//! exactly like built-in rules.

use crate::diagnostic::Diagnostic;
use crate::element_path;
use crate::meta::{PolicyMeta, RuleRef, Severity};
use crate::selection::ResolvedRules;
use crate::span::Span;
use regex::Regex;
use std::sync::Arc;

/// What a policy rule demands of the elements at its path.
#[derive(Debug, Clone)]
pub enum Check {
    /// At least one element exists at the path.
    Required,
    /// No element exists at the path.
    Forbidden,
    /// Every element at the path has exactly this text (surrounding whitespace ignored).
    Equals(String),
    /// Every element at the path has one of these texts.
    OneOf(Vec<String>),
    /// The text of every element at the path matches this regular expression (unanchored:
    /// write `^...$` for a whole-value match).
    Matches(Regex),
}

/// One `[[policy]]` entry.
#[derive(Debug, Clone)]
pub struct PolicyRule {
    /// Shared by the rule's findings (owned: a reloaded configuration frees the old one).
    pub meta: Arc<PolicyMeta>,
    /// Element names from the root (`*` matches any one name).
    pub path: Vec<String>,
    pub check: Check,
    pub message: String,
}

impl PolicyRule {
    pub fn new(
        code: &str,
        name: &str,
        severity: Severity,
        message: &str,
        path: Vec<String>,
        check: Check,
    ) -> Self {
        PolicyRule {
            meta: Arc::new(PolicyMeta {
                code: code.to_owned(),
                name: name.to_owned(),
                severity,
                summary: message.to_owned(),
            }),
            path,
            check,
            message: message.to_owned(),
        }
    }
}

/// The policy rules in force for a file (shared between files of one configuration).
#[derive(Debug, Clone, Default)]
pub struct Policies(pub Arc<Vec<PolicyRule>>);

impl Policies {
    pub fn rules(&self) -> &[PolicyRule] {
        &self.0
    }

    /// A policy rule by code or name (case-insensitive).
    pub fn find(&self, key: &str) -> Option<&Arc<PolicyMeta>> {
        self.0
            .iter()
            .map(|p| &p.meta)
            .find(|m| m.code.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key))
    }

    /// The metadata of every policy rule, in configuration order.
    pub fn metas(&self) -> Vec<Arc<PolicyMeta>> {
        self.0.iter().map(|p| Arc::clone(&p.meta)).collect()
    }
}

/// Runs the enabled policy rules on one parsed document; spans are in document coordinates.
pub fn check(
    policies: &Policies,
    tree: &roxmltree::Document,
    rules: &ResolvedRules,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (index, policy) in policies.rules().iter().enumerate() {
        if rules
            .policy_state(index)
            .is_some_and(|(_, state)| state.enabled)
        {
            check_one(policy, tree, &mut out);
        }
    }
    out
}

fn check_one(policy: &PolicyRule, tree: &roxmltree::Document, out: &mut Vec<Diagnostic>) {
    let path = policy.path.join("/");
    // A document of another kind (a bare EapHostConfig when the path starts at VPNProfile)
    // is not what the policy is about.
    let Some((deepest, depth)) = element_path::deepest_existing(tree, &policy.path) else {
        return;
    };
    let found = element_path::select(tree, &policy.path);
    match &policy.check {
        Check::Required => {
            if found.is_empty() {
                let missing = policy.path.get(depth).map_or("", String::as_str);
                let mut d = Diagnostic::of(
                    RuleRef::Policy(Arc::clone(&policy.meta)),
                    start_tag(deepest),
                    format!(
                        "{} (`{path}` is missing: this element has no `{missing}`)",
                        policy.message
                    ),
                );
                d.help("organisation policy (`[[policy]]` in the configuration): add the element");
                out.push(d);
            }
        }
        Check::Forbidden => {
            for node in found {
                let mut d = Diagnostic::of(
                    RuleRef::Policy(Arc::clone(&policy.meta)),
                    start_tag(node),
                    format!("{} (`{path}` is present)", policy.message),
                );
                d.help(
                    "organisation policy (`[[policy]]` in the configuration): remove the element",
                );
                out.push(d);
            }
        }
        Check::Equals(_) | Check::OneOf(_) | Check::Matches(_) => {
            for node in found {
                let (text, span) = value(node);
                if !accepts(&policy.check, text.trim()) {
                    let mut d = Diagnostic::of(
                        RuleRef::Policy(Arc::clone(&policy.meta)),
                        span,
                        format!(
                            "{} (found `{}` in `{path}`)",
                            policy.message,
                            crate::rules::util::shorten(text.trim())
                        ),
                    );
                    d.help(expectation(&policy.check));
                    out.push(d);
                }
            }
        }
    }
}

fn accepts(check: &Check, text: &str) -> bool {
    match check {
        Check::Required | Check::Forbidden => true,
        Check::Equals(expected) => text == expected,
        Check::OneOf(allowed) => allowed.iter().any(|a| a == text),
        Check::Matches(regex) => regex.is_match(text),
    }
}

fn expectation(check: &Check) -> String {
    let want = match check {
        Check::Equals(expected) => format!("write exactly `{expected}`"),
        Check::OneOf(allowed) => format!(
            "write one of {}",
            allowed
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Check::Matches(regex) => format!("write a value matching `{}`", regex.as_str()),
        Check::Required | Check::Forbidden => String::new(),
    };
    format!("organisation policy (`[[policy]]` in the configuration): {want}")
}

/// The text of an element (its text children joined) and where it is; an element without
/// text is pointed at by its start tag.
fn value<'a>(node: roxmltree::Node<'a, '_>) -> (String, Span) {
    let texts: Vec<roxmltree::Node> = node.children().filter(|c| c.is_text()).collect();
    let text: String = texts.iter().filter_map(|t| t.text()).collect();
    match (texts.first(), texts.last()) {
        (Some(first), Some(last)) if !text.trim().is_empty() => {
            let start = first.range().start;
            let raw_len = last.range().end - start;
            // Point at the trimmed value when the raw text is the decoded text (no entities).
            let leading = text.len() - text.trim_start().len();
            let trailing = text.len() - text.trim_end().len();
            if raw_len == text.len() {
                (
                    text.clone(),
                    Span::new(start + leading, start + raw_len - trailing),
                )
            } else {
                (text.clone(), Span::new(start, start + raw_len))
            }
        }
        _ => (text, start_tag(node)),
    }
}

fn start_tag(node: roxmltree::Node) -> Span {
    let range = node.range();
    // The start tag ends at the first child's start (or the element's end when it has none).
    let end = node.first_child().map_or(range.end, |c| c.range().start);
    Span::new(range.start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_metadata_is_owned_by_the_rule() {
        let rule = PolicyRule::new(
            "P901",
            "p901-test",
            Severity::Warning,
            "m",
            vec!["VPNProfile".into()],
            Check::Required,
        );
        let weak = Arc::downgrade(&rule.meta);
        assert_eq!(rule.meta.summary, "m");
        drop(rule);
        assert!(
            weak.upgrade().is_none(),
            "metadata freed with its configuration"
        );
    }
}
