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
        let mut names: Vec<String> = Vec::new();
        for (_, text) in &script.interpolations {
            let quoted = format!("`{text}`");
            if !names.contains(&quoted) {
                names.push(quoted);
            }
        }
        let how = match (names.is_empty(), script.concatenations.is_empty()) {
            (false, true) => format!("with {}", names.join(", ")),
            (false, false) => format!("with {}, joined by `+`", names.join(", ")),
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
