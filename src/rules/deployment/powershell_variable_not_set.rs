//! M014 `powershell-variable-not-set`: the profile a script builds uses a variable the script
//! never sets (most often a misspelt name). PowerShell expands an unset variable to an empty
//! string without an error (unless `Set-StrictMode` is on), so the profile Windows receives
//! silently lacks that part. The other rules treat the value as unknown, not as empty: a
//! fragment of a longer script, or a script run from one that sets the variable, has it.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::meta::FixKind;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct PowershellVariableNotSet;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M014",
    name: "powershell-variable-not-set",
    severity: Severity::Warning,
    category: Category::Deployment,
    summary: "The profile a script builds uses a `$variable` the script never sets (often a misspelt name): PowerShell puts an empty string there.",
    predicts: &["the deployed profile lacks the value or element the variable was meant to hold"],
    evidence: Evidence::Documented,
    fix: FixKind::Unsafe,
    ..RuleMeta::BASE
};

impl Rule for PowershellVariableNotSet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(script) = cx.wrapper.script.clone() else {
            return;
        };
        let mut reported = std::collections::HashSet::new();
        let mut names = script
            .unset
            .iter()
            // Once per name: every use of the same misspelling is the same mistake.
            .filter(|unset| reported.insert(unset.written.to_ascii_lowercase()));
        for unset in names.by_ref().take(NAMES_REPORTED) {
            let name = crate::rules::util::shorten(&unset.written);
            let d = cx
                .report(
                    unset.span,
                    format!("`{name}` is never set in this script: unless a script that runs this one sets it, PowerShell puts an empty string in its place and the profile Windows receives has nothing there"),
                )
                .in_file_coordinates();
            match &unset.suggestion {
                Some(suggestion) => {
                    d.help(format!("did you mean `{suggestion}`?"));
                    d.fix(Fix::unsafe_edit(
                        format!("use `{suggestion}`"),
                        vec![Edit::replace(unset.span, suggestion.clone())],
                    ));
                }
                None => {
                    d.help("set the variable before the profile is built, or give the parameter a default value; `Set-StrictMode -Version Latest` makes PowerShell stop at such a name");
                }
            }
        }
        // A generated script with thousands of them gets one more finding, not thousands.
        let rest: Vec<_> = names.collect();
        if let Some(first) = rest.first() {
            cx.report(
                first.span,
                format!(
                    "`{}` and {} more variables are never set in this script either",
                    crate::rules::util::shorten(&first.written),
                    rest.len() - 1
                ),
            )
            .in_file_coordinates()
            .help("`Set-StrictMode -Version Latest` makes PowerShell stop at the first of them");
        }
    }
}

/// Names reported one by one before the rest are counted in one finding.
const NAMES_REPORTED: usize = 10;
