//! Which rules run on a file and how severe their findings are: the selectors of the command
//! line and configuration (`all`, a code prefix, a code or name, a policy rule), resolved once
//! per configuration into a table of every rule's state, so the engine asks by index instead
//! of matching strings for every rule of every document.

use crate::meta::{Deployment, PolicyMeta, RuleMeta, RuleRef, Severity};
use crate::rules::{registry, Rule};
use std::collections::HashMap;
use std::sync::Arc;

/// The selectors as written (command line, then configuration on top of it).
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    /// Only these (codes, names, code prefixes or `all`); empty = every rule.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity overrides by rule name.
    pub severity: HashMap<String, Severity>,
}

impl RuleSelection {
    fn matches(keys: &[String], rule: &RuleRef) -> bool {
        keys.iter()
            .any(|k| k.eq_ignore_ascii_case("all") || rule.is_named(k) || rule.has_code_prefix(k))
    }

    fn state_of(&self, rule: &RuleRef) -> RuleState {
        let selected = self.select.is_empty() || Self::matches(&self.select, rule);
        let forced = rule.builtin().is_some_and(is_always_on);
        RuleState {
            enabled: forced || (selected && !Self::matches(&self.ignore, rule)),
            severity: self
                .severity
                .get(rule.name())
                .or_else(|| self.severity.get(rule.code()))
                .copied(),
        }
    }
}

/// Findings that say a file could not be checked at all. They are reported whatever the
/// selection says, like other linters' syntax errors: when they apply, no other rule could run,
/// so ignoring them would turn "not checked" into "no problems".
pub fn is_always_on(meta: &RuleMeta) -> bool {
    ["xml-syntax", "input-too-large", "unrecognized-input"].contains(&meta.name)
}

/// One rule's state for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleState {
    pub enabled: bool,
    /// The configured severity; `None` keeps the one the rule reports with.
    pub severity: Option<Severity>,
}

/// A selection resolved against every built-in rule, tool diagnostic and the policy rules of
/// one configuration.
#[derive(Debug, Clone)]
pub struct ResolvedRules {
    /// By [`registry::index_of`]: the rules in `all_rules()` order, then the tool diagnostics.
    builtin: Vec<RuleState>,
    /// By position in the configuration's policy list.
    policy: Vec<(Arc<PolicyMeta>, RuleState)>,
    /// For each route in [`Deployment::ALL`] order, the indices (into `all_rules()`) of the
    /// enabled rules that apply to it: the engine walks these for every document instead of
    /// asking each of the ~200 rules again (150,000 documents in one dump spent a sixth of
    /// their time there).
    runnable: [Vec<usize>; Deployment::ALL.len()],
}

impl Default for ResolvedRules {
    /// Every rule enabled at its default severity, no policy rules.
    fn default() -> Self {
        ResolvedRules::resolve(&RuleSelection::default(), &[])
    }
}

impl ResolvedRules {
    pub fn resolve(selection: &RuleSelection, policies: &[Arc<PolicyMeta>]) -> Self {
        let builtin: Vec<RuleState> = registry::builtin_metas()
            .iter()
            .map(|meta| selection.state_of(&RuleRef::Builtin(meta)))
            .collect();
        let runnable = std::array::from_fn(|route| {
            let deployment = Deployment::ALL[route];
            (0..registry::all_rules().len())
                .filter(|&index| {
                    builtin.get(index).is_some_and(|s| s.enabled)
                        && registry::builtin_metas()[index].applies_to(deployment)
                })
                .collect()
        });
        ResolvedRules {
            builtin,
            runnable,
            policy: policies
                .iter()
                .map(|p| {
                    (
                        Arc::clone(p),
                        selection.state_of(&RuleRef::Policy(Arc::clone(p))),
                    )
                })
                .collect(),
        }
    }

    /// The enabled rules that apply to documents deployed this way, in `all_rules()` order,
    /// with their metadata (read from the table rather than through the rule: one indirect
    /// call less per rule and document).
    pub fn runnable(
        &self,
        deployment: Deployment,
    ) -> impl Iterator<Item = (&'static dyn Rule, &'static RuleMeta)> + '_ {
        let route = Deployment::ALL
            .iter()
            .position(|d| *d == deployment)
            .unwrap_or(Deployment::ALL.len() - 1);
        let rules = registry::all_rules();
        let metas = registry::builtin_metas();
        self.runnable[route]
            .iter()
            .filter_map(move |&index| Some((*rules.get(index)?, *metas.get(index)?)))
    }

    /// The state of a built-in rule by its index in [`registry::builtin_metas`].
    pub fn at(&self, index: usize) -> RuleState {
        self.builtin.get(index).copied().unwrap_or(RuleState {
            enabled: false,
            severity: None,
        })
    }

    pub fn state(&self, rule: &RuleRef) -> RuleState {
        let off = RuleState {
            enabled: false,
            severity: None,
        };
        match rule {
            RuleRef::Builtin(meta) => registry::index_of(meta).map_or(off, |i| self.at(i)),
            RuleRef::Policy(p) => self
                .policy
                .iter()
                .find(|(meta, _)| meta.code == p.code)
                .map_or(off, |(_, state)| *state),
        }
    }

    pub fn enabled(&self, meta: &'static RuleMeta) -> bool {
        self.state(&RuleRef::Builtin(meta)).enabled
    }

    /// The state of the `index`-th policy rule of the configuration.
    pub fn policy_state(&self, index: usize) -> Option<&(Arc<PolicyMeta>, RuleState)> {
        self.policy.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::find_rule_meta;

    fn meta(key: &str) -> &'static RuleMeta {
        find_rule_meta(key).expect("known rule")
    }

    fn selection(select: &[&str], ignore: &[&str]) -> RuleSelection {
        RuleSelection {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            severity: HashMap::new(),
        }
    }

    #[test]
    fn prefixes_names_and_codes_select() {
        let rules = ResolvedRules::resolve(&selection(&["S"], &["boolean-literal-case"]), &[]);
        assert!(rules.enabled(meta("unknown-element")));
        assert!(!rules.enabled(meta("boolean-literal-case")));
        assert!(!rules.enabled(meta("legacy-protocol")));
    }

    #[test]
    fn findings_that_mean_not_checked_cannot_be_turned_off() {
        let rules =
            ResolvedRules::resolve(&selection(&["T"], &["xml-syntax", "input-too-large"]), &[]);
        for name in ["xml-syntax", "input-too-large", "unrecognized-input"] {
            assert!(rules.enabled(meta(name)), "{name}");
        }
    }

    #[test]
    fn policy_rules_resolve_by_code_and_name() {
        let policy = Arc::new(PolicyMeta {
            code: "ORG001".into(),
            name: "org-servers".into(),
            severity: Severity::Error,
            summary: "servers".into(),
        });
        let mut sel = selection(&[], &["org-servers"]);
        let rules = ResolvedRules::resolve(&sel, &[Arc::clone(&policy)]);
        assert!(!rules.state(&RuleRef::Policy(Arc::clone(&policy))).enabled);
        sel.ignore.clear();
        sel.severity.insert("org-servers".into(), Severity::Info);
        let rules = ResolvedRules::resolve(&sel, &[Arc::clone(&policy)]);
        let state = rules.state(&RuleRef::Policy(policy));
        assert!(state.enabled);
        assert_eq!(state.severity, Some(Severity::Info));
    }
}
