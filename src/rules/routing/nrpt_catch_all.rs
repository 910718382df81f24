//! R012 `nrpt-catch-all`: an NRPT rule for every name.

use super::{native_profile, policy, Policy};
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct NrptCatchAll;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R012",
    name: "nrpt-catch-all",
    severity: Severity::Info,
    category: Category::Routing,
    summary: "`DomainName` = `.`: every DNS query goes to the listed servers.",
    predicts: &["Internet name resolution depends on internal DNS and the tunnel"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for NrptCatchAll {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: `.` as `DomainName` applies the rule to all names (its own example).
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let split = native_profile(cx).is_some_and(|(_, n)| matches!(policy(n), Policy::Split(_)));
        for rule in &profile.domain_name_information {
            let Some(name) = rule.domain_name.as_ref().filter(|d| d.trimmed() == ".") else {
                continue;
            };
            let Some(servers) = rule
                .dns_servers
                .as_ref()
                .filter(|d| !d.trimmed().is_empty())
            else {
                continue; // an exemption for everything: nothing is sent anywhere new
            };
            let consequence = if split {
                "with split tunnelling, resolving Internet names now depends on the internal DNS servers and the tunnel: when either is slow or down, all name resolution fails"
            } else {
                "resolving any name now depends on the internal DNS servers being reachable through the tunnel"
            };
            cx.report(
                name.trimmed_span(),
                format!("the NRPT rule `.` sends every DNS query to {}; {consequence}", servers.trimmed()),
            )
            .help("if only internal names should use these servers, list the internal zones as suffix rules (`.corp.example.com`) instead; keep `.` if all DNS is meant to go through the tunnel");
        }
    }
}
