//! R015 `tnd-format`: a `TrustedNetworkDetection` value that can never match.

use super::addr::parse_range;
use super::{is_plain_name_list, list_shape};
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct TndFormat;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R015",
    name: "tnd-format",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`TrustedNetworkDetection` separated with `;` or spaces, or containing IP addresses or URLs.",
    predicts: &["the VPN connects inside the office"],
    evidence: Evidence::Documented,
    superseded_by: &[&crate::rules::structure::invisible_character::META],
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

impl Rule for TndFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: `TrustedNetworkDetection` is a "Comma separated string to identify the trusted
    /// network"; Windows compares it with the connection-specific DNS suffix of the physical
    /// interfaces (Hicks, "Always On VPN Trusted Network Detection").
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(tnd) = &profile.trusted_network_detection else {
            return;
        };
        if tnd.trimmed().is_empty() || is_plain_name_list(tnd.trimmed()) {
            return;
        }
        let shape = list_shape(&tnd.text);
        let not_suffixes: Vec<&String> = shape
            .items
            .iter()
            .filter(|item| item.contains('/') || item.contains(':') || parse_range(item).is_some())
            .collect();
        if !not_suffixes.is_empty() {
            let listed = not_suffixes
                .iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ");
            cx.report(
                tnd.trimmed_span(),
                format!("`TrustedNetworkDetection` contains {listed}, which is not a DNS suffix: Windows compares this list with the DNS suffix of the physical network connection, so such an entry never matches"),
            )
            .help("list the connection-specific DNS suffixes that DHCP gives clients on the corporate network, e.g. `corp.example.com`");
            return;
        }
        // The rule catalogue also names "fewer suffixes than `DnsSuffix`": not reported. `DnsSuffix` is the
        // VPN interface's suffix list, TND the physical LAN's; they legitimately differ.
        if let Some(separator) = shape.bad_separator {
            let list = shape.joined();
            cx.report(
                tnd.trimmed_span(),
                format!("`TrustedNetworkDetection` is separated by {separator}; Windows expects a comma-separated list, so the value is read as one suffix that never matches and the VPN connects inside the office"),
            )
            .help(format!("write `<TrustedNetworkDetection>{list}</TrustedNetworkDetection>`"))
            .fix(Fix::safe(
                format!("Separate the suffixes with commas: `{list}`"),
                vec![Edit::replace(tnd.trimmed_span(), list.clone())],
            ));
        }
    }
}
