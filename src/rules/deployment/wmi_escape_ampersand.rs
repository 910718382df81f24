//! M008 `wmi-escape-ampersand`: a script escapes the profile for the WMI bridge the common
//! way (`<`, `>`, `"` only), and the profile contains `&`.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::span::Span;

pub struct WmiEscapeAmpersand;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M008",
    name: "wmi-escape-ampersand",
    severity: Severity::Error,
    category: Category::Deployment,
    summary: "Profile text contains `&` (raw or as `&amp;`) and the script escapes it for the WMI bridge with `-replace '<', '&lt;'` and friends but never escapes `&` first.",
    predicts: &["WMI CreateInstance: A general error occurred that is not covered by a more specific error code"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for WmiEscapeAmpersand {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(script) = cx.wrapper.script.clone() else {
            return;
        };
        if script.wmi_escape.is_none() || script.wmi_escapes_ampersand {
            return;
        }
        // A raw `&` where the XML breaks already has a finding on that character that is
        // always reported (a syntax error cannot be ignored, the file is not checked without
        // it), and it says to write `&amp;`; once it is, this rule reports that `&amp;`.
        let syntax_at = cx.parse_failure.map(|f| f.span.start);
        let places: Vec<usize> = cx
            .xml
            .match_indices('&')
            .map(|(i, _)| i)
            .filter(|&i| Some(i) != syntax_at)
            .collect();
        let Some(&first) = places.first() else { return };
        let more = places.len() - 1;
        let also = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        cx.report(
            Span::new(first, first + 1),
            format!("the profile contains `&`{also}, and the script escapes `<`, `>` and `\"` for the WMI bridge but not `&`; `CreateInstance` then fails with \"A general error occurred that is not covered by a more specific error code\""),
        )
        .help("escape `&` first: `$ProfileXML = $ProfileXML -replace '&', '&amp;'` before the other replacements (or use `[System.Security.SecurityElement]::Escape($ProfileXML)`)");
    }
}
