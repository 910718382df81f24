//! M012 `powershell-interpolated-profile`: the profile is assembled at run time from
//! `$variables` in a double-quoted string or by concatenation.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct PowershellInterpolatedProfile;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M012",
    name: "powershell-interpolated-profile",
    severity: Severity::Info,
    category: Category::Deployment,
    summary: "ProfileXML assembled in a double-quoted string or here-string with `$variables`, or by concatenation with `+`.",
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
        let mut places: Vec<(crate::span::Span, &str, String)> = script
            .interpolations
            .iter()
            .map(|(s, text)| (*s, "expanded when the script runs", text.clone()))
            .chain(
                script
                    .concatenations
                    .iter()
                    .map(|s| (*s, "joined when the script runs", "+".to_string())),
            )
            .collect();
        places.sort_by_key(|(s, _, _)| s.start);
        let Some((first, _, _)) = places.first().cloned() else {
            return;
        };
        // Distinct names in order of appearance. A set, since a generated script can hold
        // any number of them.
        let mut seen = std::collections::HashSet::new();
        let names: Vec<&str> = script
            .interpolations
            .iter()
            .map(|(_, text)| text.as_str())
            .filter(|text| seen.insert(*text))
            .collect();
        let listed = names_list(&names);
        let how = match (names.is_empty(), script.concatenations.is_empty()) {
            (false, true) => format!("with {listed}"),
            (false, false) => format!("with {listed}, joined by `+`"),
            _ => "by joining strings with `+`".to_string(),
        };
        let d = cx
            .report(
                first,
                format!("the profile is assembled when the script runs ({how}); profile-lint checks the text as written, with the variable names in it, not the profile Windows receives"),
            )
            .in_file_coordinates()
            .help("keep the profile static (a single-quoted here-string `@'…'@`, or a separate .xml file), or lint the generated profile too");
        for (span, what, _) in places.iter().skip(1).take(8) {
            d.label(*span, *what);
        }
    }
}

/// Names listed in the message before the rest are counted: the message stays one readable
/// line however many variables a generated script interpolates.
const NAMES_LISTED: usize = 10;

/// `` `$a`, `$b` `` (each shortened), and "and N more" past [`NAMES_LISTED`].
fn names_list(names: &[&str]) -> String {
    let mut listed: Vec<String> = names
        .iter()
        .take(NAMES_LISTED)
        .map(|name| format!("`{}`", crate::rules::util::shorten(name)))
        .collect();
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
        assert_eq!(names_list(&["$a", "$b"]), "`$a`, `$b`");
        let many: Vec<String> = (0..25).map(|i| format!("$v{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let listed = names_list(&many);
        assert!(listed.starts_with("`$v0`, `$v1`"), "{listed}");
        assert!(listed.ends_with("`$v9`, and 15 more"), "{listed}");
    }
}
