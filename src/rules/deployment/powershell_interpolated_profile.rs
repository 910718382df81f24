//! M012 `powershell-interpolated-profile`: the profile a script builds holds values that are
//! only known when the script runs (a parameter without a default, a cmdlet's output).
//! Values the script assigns from literals are evaluated and linted like the rest; only
//! these are not, and this finding says which they are and where they come from.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct PowershellInterpolatedProfile;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M012",
    name: "powershell-interpolated-profile",
    severity: Severity::Info,
    category: Category::Deployment,
    summary: "ProfileXML built by a script from values only known when it runs (a parameter without a default, a cmdlet's output, `Read-Host`).",
    predicts: &["what is deployed differs from what was linted"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for PowershellInterpolatedProfile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(script) = cx.wrapper.script.clone() else {
            return;
        };
        // Variables never set are `powershell-variable-not-set`'s finding.
        let unknowns: Vec<_> = script.unknowns.iter().filter(|u| !u.never_set).collect();
        let Some(first) = unknowns.first() else {
            return;
        };
        // Distinct references in order of appearance, grouped by where their values come
        // from: "`$a`, `$b` (not set in the script), `$c` (the output of `Get-Content`)".
        let mut seen = std::collections::HashSet::new();
        let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
        for unknown in &unknowns {
            if !seen.insert(unknown.written.as_str()) {
                continue;
            }
            let name = format!("`{}`", crate::rules::util::shorten(&unknown.written));
            match groups.iter_mut().find(|(why, _)| *why == unknown.why) {
                Some((_, names)) => names.push(name),
                None => groups.push((&unknown.why, vec![name])),
            }
        }
        let count = seen.len();
        let listed = groups
            .iter()
            .map(|(why, names)| format!("{} ({why})", names_list(names)))
            .collect::<Vec<_>>()
            .join(", ");
        let (values, them) = if count == 1 {
            ("value", "it")
        } else {
            ("values", "them")
        };
        let d = cx
            .report(
                first.span,
                format!("the profile holds {count} {values} only known when the script runs: {listed}; profile-lint does not judge {them}"),
            )
            .in_file_coordinates()
            .help("give the value in the script (a literal or a parameter default) so it is checked, or lint the generated profile too (`$ProfileXML | Out-File -Encoding utf8 profile.xml`)");
        for unknown in unknowns.iter().skip(1).take(8) {
            d.label(
                unknown.span,
                format!("only known at run time: {}", unknown.why),
            );
        }
        let mut origins = std::collections::HashSet::new();
        for unknown in &unknowns {
            if origins.len() >= 4 {
                break;
            }
            if unknown.origin != unknown.span && origins.insert(unknown.origin) {
                d.label(unknown.origin, "the value comes from here");
            }
        }
    }
}

/// Names listed in the message before the rest are counted: the message stays one readable
/// line however many variables a generated script interpolates.
const NAMES_LISTED: usize = 10;

/// The first [`NAMES_LISTED`] entries, and "and N more" for the rest.
fn names_list(names: &[String]) -> String {
    let mut listed: Vec<String> = names.iter().take(NAMES_LISTED).cloned().collect();
    if names.len() > NAMES_LISTED {
        listed.push(format!("and {} more", names.len() - NAMES_LISTED));
    }
    listed.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_of_names_are_cut() {
        assert_eq!(names_list(&["`$a`".into(), "`$b`".into()]), "`$a`, `$b`");
        let many: Vec<String> = (0..25).map(|i| format!("`$v{i}`")).collect();
        let listed = names_list(&many);
        assert!(listed.starts_with("`$v0`, `$v1`"), "{listed}");
        assert!(listed.ends_with("`$v9`, and 15 more"), "{listed}");
    }
}
