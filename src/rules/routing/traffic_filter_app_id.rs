//! R020 `traffic-filter-app-id`: a traffic-filter app that never matches.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct TrafficFilterAppId;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R020",
    name: "traffic-filter-app-id",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`TrafficFilter/App/Id` with a wildcard or a relative path, or `App` holding text instead of an `Id` child.",
    predicts: &["filter never matches the application; its traffic is blocked on the tunnel"],
    evidence: Evidence::Documented,
    superseded_by: &[&crate::rules::structure::invisible_character::META],
    ..RuleMeta::BASE
};

/// How an `App/Id` value is written.
#[derive(Debug, PartialEq, Eq)]
enum AppIdProblem {
    Wildcard,
    Relative,
}

/// The CSP allows a package family name, a full file path, or `SYSTEM`.
fn problem(id: &str) -> Option<AppIdProblem> {
    if id.contains('*') || id.contains('?') {
        return Some(AppIdProblem::Wildcard);
    }
    if id.eq_ignore_ascii_case("SYSTEM") {
        return None;
    }
    let bytes = id.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    let env = id.starts_with('%') && id[1..].contains('%');
    let unc = id.starts_with("\\\\");
    if drive || env || unc {
        return None;
    }
    let has_separator = id.contains(['\\', '/']);
    let lower = id.to_ascii_lowercase();
    let executable = [".exe", ".com", ".bat", ".cmd"]
        .iter()
        .any(|e| lower.ends_with(e));
    (has_separator || executable).then_some(AppIdProblem::Relative)
}

impl Rule for TrafficFilterAppId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: `TrafficFilter/App/Id` is a package family name, a full file path, or `SYSTEM`;
    /// the XSD puts the value in an `Id` child of `App` (the CSP's old example wrote the path
    /// directly inside `App`).
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for filter in &profile.traffic_filters {
            let Some(app) = &filter.app else {
                continue;
            };
            match &filter.app_id {
                None if !app.trimmed().is_empty() => {
                    let text = app.trimmed();
                    cx.report(
                        app.trimmed_span(),
                        format!("`App` holds the text `{text}` instead of an `Id` child: Windows reads the application from `App/Id`, so this filter does not name an application"),
                    )
                    .help(format!("write `<App><Id>{text}</Id></App>`"));
                }
                None => {
                    cx.report(app.element_span.start_tag(cx.xml), "`App` has no `Id`: this filter does not name an application")
                        .help("write `<App><Id>…</Id></App>` with a package family name, a full path, or `SYSTEM`");
                }
                Some(id) => {
                    let text = id.trimmed();
                    let message = match problem(text) {
                        None => continue,
                        Some(AppIdProblem::Wildcard) => format!("`App/Id` `{text}` contains a wildcard; Windows matches the application by its exact path or package family name, so this filter matches no application"),
                        Some(AppIdProblem::Relative) => format!("`App/Id` `{text}` is a relative path; Windows matches the application by its full path, so this filter matches no application"),
                    };
                    cx.report(id.trimmed_span(), message)
                        .help("write the full path (`%ProgramFiles%\\App\\app.exe` or `C:\\Windows\\System32\\mstsc.exe`), the package family name of a Store app, or `SYSTEM` for kernel-mode traffic; one filter per application");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_id_forms() {
        assert_eq!(problem("C:\\Windows\\System32\\mstsc.exe"), None);
        assert_eq!(
            problem("%ProgramFiles%\\Internet Explorer\\iexplore.exe"),
            None
        );
        assert_eq!(problem("Microsoft.RemoteDesktop_8wekyb3d8bbwe"), None);
        assert_eq!(problem("SYSTEM"), None);
        assert_eq!(problem("\\\\server\\share\\app.exe"), None);
        assert_eq!(problem("mstsc.exe"), Some(AppIdProblem::Relative));
        assert_eq!(
            problem("Program Files\\App\\app.exe"),
            Some(AppIdProblem::Relative)
        );
        assert_eq!(
            problem("C:\\Program Files\\*\\app.exe"),
            Some(AppIdProblem::Wildcard)
        );
    }
}
