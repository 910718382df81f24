//! The options of one lint: which rules (resolved), how to read the input, the size cap and
//! the policy rules of the configuration in force.

use crate::policy::Policies;
use crate::selection::{ResolvedRules, RuleSelection};
use crate::source::{Deployment, InputFormat};

/// Options for linting one file. Built once per configuration and shared by its files.
#[derive(Debug, Clone)]
pub struct LintOptions {
    pub rules: ResolvedRules,
    /// `None` = sniff the content.
    pub input_format: Option<InputFormat>,
    /// Files larger than this are not linted (`input-too-large`).
    pub max_file_size: u64,
    /// Organisation policy rules from the configuration file.
    pub policy: Policies,
    /// How the file's profiles reach the device, as the configuration or `--deployment`
    /// states it; `None` = what the input shows ([`crate::source::deployment`]).
    pub deployment: Option<Deployment>,
    /// The other profiles and the server files of the run (see [`crate::deploy`]); `None`:
    /// each file is linted on its own (documents of one file still see each other).
    pub site: Option<std::sync::Arc<crate::deploy::Site>>,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            rules: ResolvedRules::default(),
            input_format: None,
            max_file_size: crate::limits::DEFAULT_MAX_FILE_SIZE,
            policy: Policies::default(),
            deployment: None,
            site: None,
        }
    }
}

impl LintOptions {
    /// Options that run the rules `selection` names, with these policy rules.
    pub fn selecting(selection: &RuleSelection, policy: Policies) -> Self {
        LintOptions {
            rules: ResolvedRules::resolve(selection, &policy.metas()),
            policy,
            ..LintOptions::default()
        }
    }
}
