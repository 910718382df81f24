//! S005 `unknown-element`: an element its parent does not define.

use crate::diagnostic::Severity;
use crate::model::SchemaIssue;
use crate::rules::util::shorten;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct UnknownElement;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S005",
    name: "unknown-element",
    severity: Severity::Warning,
    category: Category::Structure,
    summary: "Element not defined for its parent: typos, misplaced elements, elements from other products (Azure VPN client `AzVpnProfile`).",
    predicts: &["Intune: invalid formatted XML", "setting silently ignored"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

/// Where a misplaced known element belongs, for a better message.
fn home_of(name: &str) -> Option<&'static str> {
    use crate::model::schema::children_of;
    [
        "VPNProfile",
        "VPNProfile/NativeProfile",
        "VPNProfile/NativeProfile/Authentication",
        "VPNProfile/NativeProfile/CryptographySuite",
        "VPNProfile/DeviceCompliance",
        "VPNProfile/Route",
        "VPNProfile/DomainNameInformation",
        "VPNProfile/TrafficFilter",
        "VPNProfile/Proxy",
    ]
    .into_iter()
    .find(|path| children_of(path).is_some_and(|defs| defs.iter().any(|d| d.name == name)))
    .map(|path| path.rsplit('/').next().unwrap_or(path))
}

impl Rule for UnknownElement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        for issue in &cx.model.issues {
            let SchemaIssue::UnknownElement {
                span,
                name,
                parent,
                suggestion,
            } = issue
            else {
                continue;
            };
            let home = home_of(name).filter(|home| home != parent);
            let quoted = shorten(name);
            let parent_quoted = shorten(parent);
            let message = match home {
                Some(home) => format!(
                    "`{quoted}` is not a child of `{parent_quoted}`; it belongs in `{home}`, so Windows ignores it here or rejects the profile"
                ),
                None if parent.is_empty() => {
                    format!("`{quoted}` is not a ProfileXML root element (expected `VPNProfile`)")
                }
                None => format!("`{quoted}` is not an element of `{parent_quoted}`; Windows ignores it or rejects the profile"),
            };
            let diagnostic = cx.report(*span, message);
            // Misplaced or misspelled elements under NativeProfile/Authentication lose the
            // connection's core settings: the catalogue rates these as errors.
            if home.is_some() || matches!(parent.as_str(), "NativeProfile" | "Authentication") {
                diagnostic.severity(Severity::Error);
            }
            if let Some(home) = home {
                diagnostic.help(format!("move `{quoted}` into `{home}`"));
            } else if let Some(suggestion) = suggestion {
                diagnostic.help(format!("did you mean `{suggestion}`?"));
            } else {
                diagnostic
                    .help("remove it, or check the element name against the VPNv2 CSP reference");
            }
        }
    }
}
