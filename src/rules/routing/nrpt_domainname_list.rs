//! R027 `nrpt-domainname-list`: several namespaces written into one NRPT `DomainName`.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct NrptDomainnameList;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R027",
    name: "nrpt-domainname-list",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "An NRPT `DomainName` holding several namespaces separated by `,`, `;` or spaces (`.corp.contoso.com,.contoso.local`): each `DomainNameInformation` takes one.",
    predicts: &["none of the listed namespaces is resolved through the tunnel"],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

impl Rule for NrptDomainnameList {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: `DomainName` is "the namespace to which the policy applies", one FQDN or one
    /// suffix (a leading `.`), and the profile lists one `DomainNameInformation` per namespace.
    /// A list is no DNS name (`,` and `;` cannot appear in one), so the rule matches no query
    /// (inferred: Windows does not document what it does with such a value).
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for rule in &profile.domain_name_information {
            let Some(name) = &rule.domain_name else {
                continue;
            };
            let text = name.trimmed();
            let parts: Vec<&str> = text
                .split([',', ';', ' ', '\t', '\r', '\n'])
                .filter(|p| !p.is_empty())
                .collect();
            // Only a list of names: every part must look like a name on its own.
            let names = parts.len() >= 2
                && parts.iter().all(|p| {
                    p.chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
                        && p.trim_matches('.').contains(|c: char| c.is_alphanumeric())
                });
            if !names {
                continue;
            }
            let listed = parts
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ");
            cx.report(
                name.trimmed_span(),
                format!("`DomainName` lists {} namespaces ({listed}); an NRPT rule takes one namespace, so this one matches no name and none of them is resolved through the tunnel", parts.len()),
            )
            .help("write one `DomainNameInformation` per namespace, each with its own `DomainName` and the same `DnsServers`");
        }
    }
}
