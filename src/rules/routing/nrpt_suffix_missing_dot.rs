//! R008 `nrpt-suffix-missing-dot`: an NRPT rule for a zone written as a single host name.

use super::addr::parse_ip;
use super::suffixes;
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::DomainNameInformation;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct NrptSuffixMissingDot;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R008",
    name: "nrpt-suffix-missing-dot",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`DomainNameInformation/DomainName` equals a zone used elsewhere in the profile (`DnsSuffix`, `TrustedNetworkDetection`) or is a bare two-label domain (info), without the leading `.`.",
    predicts: &["internal names in the zone resolved by the wrong DNS servers"],
    evidence: Evidence::Reported,
    superseded_by: &[&crate::rules::structure::invisible_character::META],
    fix: FixKind::Mixed,
    ..RuleMeta::BASE
};

impl Rule for NrptSuffixMissingDot {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: a `DomainName` with a leading `.` is a suffix rule (the zone and every name in
    /// it); without the dot it matches that one FQDN only (Hicks, "Always On VPN and the NRPT").
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        // Nearly every rule is a suffix rule: then there is nothing to look at.
        let without_dot = |d: &DomainNameInformation| {
            d.domain_name
                .as_ref()
                .is_some_and(|n| !n.trimmed().starts_with('.'))
        };
        if !profile.domain_name_information.iter().any(without_dot) {
            return;
        }
        let mut zones = suffixes(profile.dns_suffix.as_ref());
        zones.extend(suffixes(profile.trusted_network_detection.as_ref()));
        let suffix_rules: Vec<String> = profile
            .domain_name_information
            .iter()
            .filter_map(|d| d.domain_name.as_ref())
            .filter_map(|d| d.trimmed().strip_prefix('.'))
            .map(str::to_ascii_lowercase)
            .collect();
        for rule in &profile.domain_name_information {
            let Some(name) = &rule.domain_name else {
                continue;
            };
            let text = name.trimmed();
            let lower = text.trim_end_matches('.').to_ascii_lowercase();
            if text.starts_with('.')
                || lower.is_empty()
                || lower.contains('*')
                || parse_ip(&lower).is_some()
            {
                continue;
            }
            // The zone also has a suffix rule: this FQDN rule for the zone apex is deliberate.
            if suffix_rules.contains(&lower) {
                continue;
            }
            let add_dot = vec![Edit::insert(name.trimmed_span().start, ".")];
            let title = format!("Write `.{text}` (a suffix rule for the zone)");
            let help = format!(
                "write `<DomainName>.{lower}</DomainName>` to cover every name in the zone"
            );
            if zones.contains(&lower) {
                cx.report(
                    name.trimmed_span(),
                    format!("`DomainName` `{text}` has no leading `.`, so it matches only the single name `{lower}`, although the profile uses `{lower}` as a DNS zone (`DnsSuffix`/`TrustedNetworkDetection`): hosts in the zone are resolved by the default DNS servers instead of these"),
                )
                .help(help)
                .fix(Fix::safe(title, add_dot));
            } else if lower.split('.').filter(|l| !l.is_empty()).count() == 2 {
                cx.report(
                    name.trimmed_span(),
                    format!("`DomainName` `{text}` has no leading `.`, so it matches only the name `{lower}` itself, not the hosts in that domain"),
                )
                .severity(Severity::Info)
                .help(format!("{help}; keep it as is if only the name `{lower}` is meant"))
                // Whether the zone or the one name was meant is the administrator's call.
                .fix(Fix::unsafe_edit(title, add_dot));
            }
        }
    }
}
