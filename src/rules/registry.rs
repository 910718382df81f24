//! The one list of every rule, and look-ups by code or name.

use super::*;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Metadata used before a rule starts running (never reported).
pub static PLACEHOLDER: RuleMeta = RuleMeta {
    code: "X000",
    name: "none",
    severity: Severity::Info,
    category: Category::Tool,
    summary: "",
    predicts: &[],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

/// Diagnostics the tool itself emits (not rules over a profile: the catalogue's "tool-level" diagnostics).
pub static UNUSED_SUPPRESSION: RuleMeta = RuleMeta {
    code: "unused-suppression",
    name: "unused-suppression",
    severity: Severity::Info,
    category: Category::Tool,
    summary: "A suppression comment or config entry that suppressed nothing.",
    predicts: &[],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

pub static INPUT_TOO_LARGE: RuleMeta = RuleMeta {
    code: "input-too-large",
    name: "input-too-large",
    severity: Severity::Error,
    category: Category::Tool,
    summary: "The file exceeds the size limit and was not linted.",
    predicts: &[],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

pub static UNRECOGNIZED_INPUT: RuleMeta = RuleMeta {
    code: "unrecognized-input",
    name: "unrecognized-input",
    severity: Severity::Error,
    category: Category::Tool,
    summary: "A file given explicitly that is no supported input format.",
    predicts: &[],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

pub static TOOL_RULES: &[&RuleMeta] = &[&UNUSED_SUPPRESSION, &INPUT_TOO_LARGE, &UNRECOGNIZED_INPUT];

/// Every rule that runs on documents, sorted by code. Each category module lists its own
/// rules (`RULES` in `structure/mod.rs`, ...), so adding a rule touches only its category.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    static ALL: OnceLock<Vec<&'static dyn Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<&'static dyn Rule> = [
            structure::RULES,
            tunnel::RULES,
            authentication::RULES,
            certificates::RULES,
            conditional_access::RULES,
            device_tunnel::RULES,
            routing::RULES,
            deployment::RULES,
        ]
        .concat();
        rules.sort_by_key(|r| (r.meta().category, r.meta().code));
        rules
    })
}

/// The metadata of every rule (in [`all_rules`] order) followed by the tool diagnostics: the
/// index space of [`crate::selection::ResolvedRules`].
pub fn builtin_metas() -> &'static [&'static RuleMeta] {
    static ALL: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        all_rules()
            .iter()
            .map(|r| r.meta())
            .chain(TOOL_RULES.iter().copied())
            .collect()
    })
}

/// The index of a rule or tool diagnostic in [`builtin_metas`] (codes are unique).
pub fn index_of(meta: &RuleMeta) -> Option<usize> {
    static BY_CODE: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    BY_CODE
        .get_or_init(|| {
            builtin_metas()
                .iter()
                .enumerate()
                .map(|(i, m)| (m.code, i))
                .collect()
        })
        .get(meta.code)
        .copied()
}

/// A rule by code or name (case-insensitive).
pub fn find_rule(key: &str) -> Option<&'static dyn Rule> {
    all_rules().iter().copied().find(|r| r.meta().is_named(key))
}

/// Metadata of a rule or tool diagnostic by code or name (case-insensitive): the one look-up
/// the command line, configuration, suppressions and `explain` share.
pub fn find_rule_meta(key: &str) -> Option<&'static RuleMeta> {
    builtin_metas().iter().copied().find(|m| m.is_named(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all_rules() {
            assert!(codes.insert(rule.meta().code), "{}", rule.meta().code);
            assert!(names.insert(rule.meta().name), "{}", rule.meta().name);
        }
    }
}
