//! R016 `dnssuffix-format`: a `DnsSuffix` value Windows cannot use as written.

use super::{is_plain_name_list, list_shape};
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct DnssuffixFormat;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R016",
    name: "dnssuffix-format",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`DnsSuffix` with `;`/space separators or a leading `.`; absent on a profile with Entra device compliance (info).",
    predicts: &["short (single-label) names not resolved"],
    evidence: Evidence::Documented,
    superseded_by: &[&crate::rules::structure::invisible_character::META],
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

impl Rule for DnssuffixFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: `DnsSuffix` "Specifies one or more comma separated DNS suffixes. The first in
    /// the list is also used as the primary connection specific DNS suffix for the VPN Interface".
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(suffix) = &profile.dns_suffix else {
            if profile.device_compliance_enabled() {
                let at = profile
                    .device_compliance
                    .as_ref()
                    .map_or(profile.name_span, |d| d.span.start_tag(cx.xml));
                cx.report(
                    at,
                    "the profile uses Entra ID device compliance but sets no `DnsSuffix`: Entra-joined devices have no primary DNS suffix of their own, so single-label names (`fileserver`) are not resolved over the VPN",
                )
                .severity(Severity::Info)
                .help("add `<DnsSuffix>corp.example.com</DnsSuffix>` with your internal DNS zone(s), comma-separated");
            }
            return;
        };
        if suffix.trimmed().is_empty() {
            return;
        }
        // The usual value: plain suffixes, none with a leading `.`.
        let text = suffix.trimmed();
        if is_plain_name_list(text) && !text.split(',').any(|entry| entry.starts_with('.')) {
            return;
        }
        let shape = list_shape(&suffix.text);
        let dotted = shape.items.iter().any(|i| i.starts_with('.'));
        if shape.bad_separator.is_none() && !dotted {
            return;
        }
        let fixed: Vec<&str> = shape
            .items
            .iter()
            .map(|i| i.trim_start_matches('.'))
            .filter(|i| !i.is_empty())
            .collect();
        let problem = match (shape.bad_separator, dotted) {
            (Some(separator), true) => {
                format!("is separated by {separator} and has entries with a leading `.`")
            }
            (Some(separator), false) => format!("is separated by {separator}"),
            _ => "has an entry with a leading `.`".to_string(),
        };
        let list = fixed.join(",");
        let diagnostic = cx.report(
            suffix.trimmed_span(),
            format!("`DnsSuffix` {problem}; Windows expects a comma-separated list of plain suffixes and uses the first as the connection's primary suffix, so single-label names are not completed as intended"),
        );
        diagnostic.help(format!("write `<DnsSuffix>{list}</DnsSuffix>`"));
        if !list.is_empty() {
            diagnostic.fix(Fix::safe(
                format!("Write `{list}`"),
                vec![Edit::replace(suffix.trimmed_span(), list.clone())],
            ));
        }
    }
}
