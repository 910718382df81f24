//! Inline suppression comments:
//!
//! ```xml
//! <!-- profile-lint: disable=trusted-root-missing,C008 reason="root pushed by GPO" -->
//! <Eap>...</Eap>                   (the next element and its subtree)
//! <!-- profile-lint: disable-file=unknown-element -->   (the whole document)
//! ```
//!
//! Rules are named by code or name (`all` for every rule). Applied after the rules ran: a
//! finding is suppressed when its primary span lies inside the element after the comment. A
//! suppression that suppressed nothing, names no rule, or cannot be read is reported as
//! `unused-suppression` (like ruff's RUF100), so stale comments do not pile up.

use crate::diagnostic::{Coordinates, Diagnostic};
use crate::meta::RuleRef;
use crate::policy::Policies;
use crate::rules::find_rule_meta;
use crate::rules::registry::UNUSED_SUPPRESSION;
use crate::selection::ResolvedRules;
use crate::span::Span;
use std::collections::HashMap;

const MARKER: &str = "profile-lint:";

#[derive(Debug)]
enum Target {
    /// Matches every rule.
    All,
    Rule(RuleRef),
    Unknown,
}

#[derive(Debug)]
struct Key {
    text: String,
    span: Span,
    target: Target,
    used: bool,
}

#[derive(Debug)]
struct Suppression {
    /// The element it covers; `None` for `disable-file`.
    scope: Option<(Span, String)>,
    keys: Vec<Key>,
}

/// A comment that starts with `profile-lint:` but is not a suppression we understand.
struct Malformed {
    span: Span,
    why: String,
}

/// Removes suppressed findings from one document's diagnostics and adds an
/// `unused-suppression` finding for every suppression key that suppressed nothing.
pub fn apply(
    xml: &str,
    tree: Option<&roxmltree::Document>,
    diagnostics: Vec<Diagnostic>,
    rules: &ResolvedRules,
    policies: &Policies,
) -> Vec<Diagnostic> {
    let (mut suppressions, malformed) = find(xml, tree, policies);
    if suppressions.is_empty() && malformed.is_empty() {
        return diagnostics;
    }
    let mut index = Index::new(&suppressions);
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        if !index.suppresses(&d, &mut suppressions) {
            kept.push(d);
        }
    }
    if !rules.enabled(&UNUSED_SUPPRESSION) {
        return kept;
    }
    for s in &suppressions {
        for key in &s.keys {
            if key.used {
                continue;
            }
            let scope = match &s.scope {
                Some((_, name)) => format!("in the next element (`<{name}>`)"),
                None => "in this document".to_owned(),
            };
            let message = match key.target {
                Target::Unknown => format!(
                    "`{}` names no rule, so this suppression suppresses nothing",
                    key.text
                ),
                Target::Rule(ref rule) if !rules.state(rule).enabled => continue,
                Target::Rule(ref rule) => format!(
                    "this suppression of `{}` suppressed nothing: `{}` reports no finding {scope}",
                    key.text,
                    rule.name()
                ),
                Target::All => {
                    format!("this suppression of `all` suppressed nothing: no finding {scope}")
                }
            };
            let mut d = Diagnostic::new(&UNUSED_SUPPRESSION, key.span, message);
            d.help(match key.target {
                Target::Unknown => "use a rule code or name from `profile-lint rules`",
                _ => "remove the stale suppression (or this rule from it)",
            });
            kept.push(d);
        }
    }
    for m in malformed {
        let mut d = Diagnostic::new(
            &UNUSED_SUPPRESSION,
            m.span,
            format!("this `profile-lint:` comment is not a valid suppression ({}), so it suppresses nothing", m.why),
        );
        d.help("write `<!-- profile-lint: disable=RULE[,RULE...] reason=\"...\" -->` or `disable-file=RULE`");
        kept.push(d);
    }
    kept
}

/// (suppression, key) positions of keys naming the same rule (or `all`), and whether all of
/// them are marked used already: later findings then only need to know that they match.
#[derive(Default)]
struct Bucket {
    keys: Vec<(usize, usize)>,
    marked: bool,
}

impl Bucket {
    fn mark(&mut self, suppressions: &mut [Suppression]) {
        if self.marked {
            return;
        }
        for &(s, k) in &self.keys {
            if let Some(key) = suppressions.get_mut(s).and_then(|s| s.keys.get_mut(k)) {
                key.used = true;
            }
        }
        self.marked = true;
    }
}

/// The keys of the suppressions that cover one place, by the rule they name.
#[derive(Default)]
struct Keys {
    all: Bucket,
    by_code: HashMap<String, Bucket>,
}

impl Keys {
    fn add(&mut self, suppression: usize, key: usize, target: &Target) {
        match target {
            Target::All => self.all.keys.push((suppression, key)),
            Target::Rule(rule) => self
                .by_code
                .entry(rule.code().to_owned())
                .or_default()
                .keys
                .push((suppression, key)),
            Target::Unknown => {}
        }
    }

    /// Marks the keys matching `code` as used; whether there were any.
    fn suppress(&mut self, code: &str, suppressions: &mut [Suppression]) -> bool {
        let mut matched = false;
        if !self.all.keys.is_empty() {
            self.all.mark(suppressions);
            matched = true;
        }
        if let Some(bucket) = self.by_code.get_mut(code) {
            bucket.mark(suppressions);
            matched = true;
        }
        matched
    }
}

/// The suppressions of a document arranged for finding those that cover a finding without
/// trying each of them per finding (quadratic in a document with thousands of suppression
/// comments and findings). The covered elements nest or are apart, so they form a tree: the
/// ones covering a finding are the enclosing chain of the last one starting before it.
struct Index {
    file_wide: Keys,
    /// Covered element spans, by start and then longest first, with their keys.
    scopes: Vec<(Span, Keys)>,
    /// The closest scope enclosing each scope.
    parent: Vec<Option<usize>>,
    /// The query that last visited each scope (so that a scope is visited once per query).
    visited: Vec<usize>,
    query: usize,
}

impl Index {
    fn new(suppressions: &[Suppression]) -> Self {
        let mut file_wide = Keys::default();
        let mut by_span: HashMap<Span, Keys> = HashMap::new();
        for (s, suppression) in suppressions.iter().enumerate() {
            let keys = match &suppression.scope {
                None => &mut file_wide,
                Some((span, _)) => by_span.entry(*span).or_default(),
            };
            for (k, key) in suppression.keys.iter().enumerate() {
                keys.add(s, k, &key.target);
            }
        }
        let mut scopes: Vec<(Span, Keys)> = by_span.into_iter().collect();
        scopes.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
        let mut parent = Vec::with_capacity(scopes.len());
        let mut open: Vec<usize> = Vec::new();
        for (i, (span, _)) in scopes.iter().enumerate() {
            while open.last().is_some_and(|&o| scopes[o].0.end < span.end) {
                open.pop();
            }
            parent.push(open.last().copied());
            open.push(i);
        }
        let visited = vec![0; scopes.len()];
        Index {
            file_wide,
            scopes,
            parent,
            visited,
            query: 0,
        }
    }

    /// Whether a suppression covers `d`; marks the keys that do as used.
    fn suppresses(&mut self, d: &Diagnostic, suppressions: &mut [Suppression]) -> bool {
        let code = d.rule.code();
        let mut suppressed = self.file_wide.suppress(code, suppressions);
        if d.coordinates != Coordinates::Document || self.scopes.is_empty() {
            return suppressed;
        }
        let (a, b) = (d.span.start, d.span.end);
        self.query += 1;
        // The chain above the last scope starting at or before the finding holds every scope
        // covering it, except one that ends exactly where an empty span sits: that one is
        // above the last scope starting before it.
        let last_at = self
            .scopes
            .partition_point(|(s, _)| s.start <= a)
            .checked_sub(1);
        let last_before = self
            .scopes
            .partition_point(|(s, _)| s.start < a)
            .checked_sub(1);
        for first in [last_at, last_before] {
            let mut next = first;
            while let Some(i) = next {
                if self.visited[i] == self.query {
                    break;
                }
                self.visited[i] = self.query;
                let (span, keys) = &mut self.scopes[i];
                if span.start <= a && b <= span.end {
                    suppressed |= keys.suppress(code, suppressions);
                }
                next = self.parent[i];
            }
        }
        suppressed
    }
}

/// The comments of a document, each with the element that follows it: from the tree when it
/// parsed, else by scanning the text (then only `disable-file` can apply, as there is no next
/// element to find). The next elements are found in one pass in document order; searching
/// the whole tree from each comment was quadratic in a document of many suppressions.
fn comments<'a, 'input>(
    xml: &str,
    tree: Option<&'a roxmltree::Document<'input>>,
) -> Vec<(Span, Option<roxmltree::Node<'a, 'input>>)> {
    match tree {
        Some(tree) => {
            let mut found = Vec::new();
            // Comments not yet followed by an element.
            let mut waiting = 0;
            for node in tree.descendants() {
                if node.is_comment() {
                    found.push((Span::from(node.range()), None));
                    waiting += 1;
                } else if node.is_element() && waiting > 0 {
                    let at = found.len() - waiting;
                    for entry in &mut found[at..] {
                        entry.1 = Some(node);
                    }
                    waiting = 0;
                }
            }
            found
        }
        None => {
            let mut spans = Vec::new();
            let mut from = 0;
            while let Some(start) = xml
                .get(from..)
                .and_then(|rest| rest.find("<!--"))
                .map(|i| i + from)
            {
                let Some(end) = xml
                    .get(start + 4..)
                    .and_then(|rest| rest.find("-->"))
                    .map(|i| start + 4 + i + 3)
                else {
                    break;
                };
                spans.push((Span::new(start, end), None));
                from = end;
            }
            spans
        }
    }
}

fn find(
    xml: &str,
    tree: Option<&roxmltree::Document>,
    policies: &Policies,
) -> (Vec<Suppression>, Vec<Malformed>) {
    let mut suppressions = Vec::new();
    let mut malformed = Vec::new();
    for (comment, next) in comments(xml, tree) {
        let raw = xml.get(comment.start..comment.end).unwrap_or("");
        let inner_start = 4.min(raw.len());
        let inner = raw
            .get(inner_start..raw.len().saturating_sub(3).max(inner_start))
            .unwrap_or("");
        let trimmed = inner.trim_start();
        let Some(after_marker) = trimmed.strip_prefix(MARKER) else {
            continue;
        };
        // Offset of `after_marker` in the document.
        let base = comment.start + inner_start + (inner.len() - trimmed.len()) + MARKER.len();
        let body = after_marker.trim_start();
        let body_at = base + (after_marker.len() - body.len());
        let (file_wide, list) = if let Some(list) = body.strip_prefix("disable-file=") {
            (true, list)
        } else if let Some(list) = body.strip_prefix("disable=") {
            (false, list)
        } else {
            malformed.push(Malformed {
                span: comment,
                why: "expected `disable=` or `disable-file=` after `profile-lint:`".into(),
            });
            continue;
        };
        let list_at = body_at + (body.len() - list.len());
        let list_len = list.find(char::is_whitespace).unwrap_or(list.len());
        let rest = list[list_len..].trim();
        if !rest.is_empty() && !rest.starts_with("reason=") {
            malformed.push(Malformed {
                span: comment,
                why: format!(
                    "unexpected `{rest}` after the rule list; only `reason=\"...\"` may follow"
                ),
            });
            continue;
        }
        let mut keys = Vec::new();
        let mut offset = 0;
        for part in list[..list_len].split(',') {
            let text = part.trim();
            if !text.is_empty() {
                let start = list_at + offset + (part.len() - part.trim_start().len());
                let target = if text.eq_ignore_ascii_case("all") {
                    Target::All
                } else {
                    find_rule_meta(text)
                        .map(RuleRef::Builtin)
                        .or_else(|| policies.find(text).cloned().map(RuleRef::Policy))
                        .map_or(Target::Unknown, Target::Rule)
                };
                keys.push(Key {
                    text: text.to_owned(),
                    span: Span::new(start, start + text.len()),
                    target,
                    used: false,
                });
            }
            offset += part.len() + 1;
        }
        if keys.is_empty() {
            malformed.push(Malformed {
                span: comment,
                why: "no rule is named".into(),
            });
            continue;
        }
        let scope = if file_wide {
            None
        } else if tree.is_none() {
            // The document did not parse (an `xml-syntax` finding says so): there is no next
            // element to cover, and complaining about the comment would only add noise.
            continue;
        } else {
            match next {
                Some(element) => Some((
                    Span::from(element.range()),
                    element.tag_name().name().to_owned(),
                )),
                None => {
                    malformed.push(Malformed {
                        span: comment,
                        why: "no element follows it".into(),
                    });
                    continue;
                }
            }
        };
        suppressions.push(Suppression { scope, keys });
    }
    (suppressions, malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::find_rule_meta;

    fn run(xml: &str, found: &[(&str, &str)]) -> Vec<String> {
        let tree = roxmltree::Document::parse(xml).unwrap();
        let diagnostics = found
            .iter()
            .map(|(rule, at)| {
                let start = xml.find(at).unwrap();
                Diagnostic::new(
                    find_rule_meta(rule).unwrap(),
                    Span::new(start, start + at.len()),
                    rule.to_string(),
                )
            })
            .collect();
        apply(
            xml,
            Some(&tree),
            diagnostics,
            &ResolvedRules::default(),
            &Policies::default(),
        )
        .iter()
        .map(|d| format!("{}@{}", d.rule.name(), &xml[d.span.start..d.span.end]))
        .collect()
    }

    #[test]
    fn next_element_covers_its_subtree_only() {
        let xml = "<VPNProfile><!-- profile-lint: disable=S003 --><NativeProfile><X>True</X></NativeProfile><Y>True</Y></VPNProfile>";
        assert_eq!(
            run(xml, &[("S003", "True</X>"), ("S003", "True</Y>")]),
            ["boolean-literal-case@True</Y>"]
        );
    }

    #[test]
    fn several_rules_by_code_or_name_with_a_reason() {
        let xml = "<VPNProfile><!--profile-lint: disable=S003,unknown-element reason=\"a, b\"--><X>True</X></VPNProfile>";
        assert!(run(xml, &[("S003", "True"), ("unknown-element", "<X>")]).is_empty());
    }

    #[test]
    fn disable_file_and_all() {
        let xml = "<VPNProfile><A>True</A><!-- profile-lint: disable-file=all --></VPNProfile>";
        assert!(run(xml, &[("S003", "True")]).is_empty());
    }

    #[test]
    fn unused_and_malformed_suppressions_are_reported() {
        let xml = "<VPNProfile><!-- profile-lint: disable=S003 --><A>true</A><!-- profile-lint: disable= --><B/><!-- profile-lint: enable=S003 --><C/></VPNProfile>";
        assert_eq!(
            run(xml, &[]),
            [
                "unused-suppression@S003",
                "unused-suppression@<!-- profile-lint: disable= -->",
                "unused-suppression@<!-- profile-lint: enable=S003 -->",
            ]
        );
    }

    #[test]
    fn ordinary_comments_are_left_alone() {
        let xml = "<VPNProfile><!-- disable=S003 --><A>True</A></VPNProfile>";
        assert_eq!(run(xml, &[("S003", "True")]), ["boolean-literal-case@True"]);
    }
}
