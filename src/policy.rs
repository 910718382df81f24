//! Organisation policy rules: declarative checks from the configuration file (`[[policy]]`,
//! SPEC §4), such as "Servers must match `^vpn\.contoso\.com$`". They need no Rust, report
//! under the code the configuration gives them, and are selected, re-levelled and suppressed
//! exactly like built-in rules.

use crate::diagnostic::{Diagnostic, Severity};
use crate::element_path;
use crate::lint::RuleSelection;
use crate::rules::{Category, Evidence, RuleMeta};
use crate::span::Span;
use regex::Regex;
use std::sync::{Arc, Mutex};

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
    /// Lives for the whole run, so diagnostics carry it like a built-in rule (see [`intern`]).
    pub meta: &'static RuleMeta,
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
        let meta = intern(code, name, severity, message);
        PolicyRule {
            meta,
            path,
            check,
            message: message.to_owned(),
        }
    }
}

/// Every policy rule's metadata made so far.
static INTERNED: Mutex<Vec<&'static RuleMeta>> = Mutex::new(Vec::new());

/// The metadata of a policy rule, made once per distinct rule for the life of the process:
/// diagnostics hold `&'static RuleMeta`, like those of built-in rules. Interned, so loading
/// the same configuration again (an editor integration re-reading it, the fuzzer) allocates
/// nothing new, and everything allocated stays reachable.
fn intern(code: &str, name: &str, severity: Severity, message: &str) -> &'static RuleMeta {
    let mut metas = INTERNED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let same = |m: &&&'static RuleMeta| {
        m.code == code && m.name == name && m.severity == severity && m.summary == message
    };
    if let Some(meta) = metas.iter().find(same) {
        return meta;
    }
    let meta: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        code: Box::leak(code.to_owned().into_boxed_str()),
        name: Box::leak(name.to_owned().into_boxed_str()),
        severity,
        category: Category::Policy,
        summary: Box::leak(message.to_owned().into_boxed_str()),
        predicts: &[],
        evidence: Evidence::Documented,
    }));
    metas.push(meta);
    meta
}

/// The policy rules in force for a file (shared between files of one configuration).
#[derive(Debug, Clone, Default)]
pub struct Policies(pub Arc<Vec<PolicyRule>>);

impl Policies {
    pub fn rules(&self) -> &[PolicyRule] {
        &self.0
    }

    /// A policy rule by code or name (case-insensitive).
    pub fn find(&self, key: &str) -> Option<&'static RuleMeta> {
        self.0
            .iter()
            .map(|p| p.meta)
            .find(|m| m.code.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key))
    }
}

/// Runs the enabled policy rules on one parsed document; spans are in document coordinates.
pub fn check(
    policies: &Policies,
    tree: &roxmltree::Document,
    rules: &RuleSelection,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for policy in policies.rules() {
        if rules.enabled(policy.meta) {
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
                let mut d = Diagnostic::new(
                    policy.meta,
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
                let mut d = Diagnostic::new(
                    policy.meta,
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
                    let mut d = Diagnostic::new(
                        policy.meta,
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
    fn the_same_policy_rule_shares_one_metadata() {
        let make = |message: &str| {
            PolicyRule::new(
                "P901",
                "p901-test",
                Severity::Warning,
                message,
                vec!["VPNProfile".into()],
                Check::Required,
            )
        };
        let (a, b, c) = (make("m"), make("m"), make("other"));
        assert!(std::ptr::eq(a.meta, b.meta));
        assert!(!std::ptr::eq(a.meta, c.meta));
        assert_eq!(c.meta.summary, "other");
    }
}
