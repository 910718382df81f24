//! T019 `element-needs-newer-windows`: settings that older Windows builds silently ignore.

use crate::diagnostic::Severity;
use crate::model::Leaf;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ElementNeedsNewerWindows;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T019",
    name: "element-needs-newer-windows",
    severity: Severity::Info,
    category: Category::Tunnel,
    summary: "Elements introduced late, set to a non-default value: `DisableAdvancedOptionsEditButton`, `DisableDisconnectButton` (Windows 11 22H2+); `DataEncryption`, `DisableIKEv2Fragmentation`, interface metrics, `NetworkOutageTime`, `PrivateNetwork`, `UseRasCredentials` (Windows 11 24H2 per Hicks); `TrafficFilter/Direction` Inbound, `PlumbIKEv2TSAsRoutes` (Windows 10 2004+).",
    predicts: &["the setting silently does not apply on older builds"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

/// An element, and its default value (`None`: any value is a change).
type Setting = (&'static str, Option<&'static str>);

/// Groups of elements by the Windows release that reads them.
struct Release {
    name: &'static str,
    note: &'static str,
    settings: &'static [Setting],
}

const RELEASES: &[Release] = &[
    Release {
        name: "Windows 11 22H2",
        note: "the CSP lists build 22000; Richard Hicks reports 22H2 in practice",
        settings: &[
            ("DisableAdvancedOptionsEditButton", Some("false")),
            ("DisableDisconnectButton", Some("false")),
        ],
    },
    Release {
        name: "Windows 11 24H2",
        note: "the CSP lists build 22000; Richard Hicks reports 24H2 in practice",
        settings: &[
            ("DataEncryption", Some("Require")),
            ("DisableIKEv2Fragmentation", Some("false")),
            ("IPv4InterfaceMetric", None),
            ("IPv6InterfaceMetric", None),
            ("NetworkOutageTime", Some("0")),
            ("PrivateNetwork", Some("true")),
            ("UseRasCredentials", Some("true")),
        ],
    },
];

fn is_default(leaf: &Leaf, default: Option<&str>) -> bool {
    default.is_some_and(|d| leaf.trimmed().eq_ignore_ascii_case(d))
}

impl Rule for ElementNeedsNewerWindows {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for release in RELEASES {
            let found: Vec<(&str, &Leaf)> = profile
                .child_elements
                .iter()
                .filter_map(|(name, leaf)| {
                    let (setting, default) = release.settings.iter().find(|(s, _)| s == name)?;
                    (!is_default(leaf, *default)).then_some((*setting, leaf))
                })
                .collect();
            report(cx, release.name, release.note, &found);
        }
        // Windows 10 2004 (19041): documented per node in the CSP.
        let mut found: Vec<(&str, &Leaf)> = profile
            .traffic_filters
            .iter()
            .filter_map(|f| f.direction.as_ref())
            .filter(|d| d.trimmed().eq_ignore_ascii_case("Inbound"))
            .map(|d| ("TrafficFilter/Direction` = `Inbound", d))
            .collect();
        found.extend(
            profile
                .native()
                .and_then(|n| n.plumb_ikev2_ts_as_routes.as_ref())
                .filter(|p| p.is_true())
                .map(|p| ("PlumbIKEv2TSAsRoutes", p)),
        );
        report(cx, "Windows 10 2004", "the CSP lists build 19041", &found);
    }
}

fn report(cx: &mut Context, release: &str, note: &str, found: &[(&str, &Leaf)]) {
    let Some((first_name, first)) = found.first() else {
        return;
    };
    let names: Vec<String> = found.iter().map(|(n, _)| format!("`{n}`")).collect();
    let (subject, verb) = if names.len() == 1 {
        (names[0].clone(), "is")
    } else {
        (names.join(", "), "are")
    };
    let xml = cx.xml;
    let diagnostic = cx.report(
        first.element_span.start_tag(xml),
        format!(
            "{subject} {verb} read only by {release} and later ({note}); older builds ignore {} silently, so the setting does not apply there",
            if names.len() == 1 { "it" } else { "them" }
        ),
    );
    for (name, leaf) in found.iter().skip(1) {
        diagnostic.label(
            leaf.element_span.start_tag(xml),
            format!("`{name}` also needs {release}"),
        );
    }
    let others = if found.len() > 1 {
        " and the others"
    } else {
        ""
    };
    diagnostic.help(format!(
        "fine if every target runs {release} or later; otherwise expect `{first_name}`{others} to have no effect on older devices"
    ));
}
