//! R029 `nrpt-duplicate-namespace`: two NRPT rules for the same namespace.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use std::collections::HashMap;

pub struct NrptDuplicateNamespace;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R029",
    name: "nrpt-duplicate-namespace",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "Two `DomainNameInformation` rules for the same namespace (compared without letter case): Windows applies one, so the other's `DnsServers` are not used.",
    predicts: &["names of the zone resolved by only one of the two server lists"],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

impl Rule for NrptDuplicateNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// NRPT picks the most specific rule for a name; two rules with the same namespace are
    /// equally specific, so only one of them can apply (which one is not documented: inferred).
    /// A suffix rule (`.corp.contoso.com`) and an FQDN rule for the same name
    /// (`corp.contoso.com`) are different namespaces and are not compared.
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let mut first_seen: HashMap<String, crate::span::Span> = HashMap::new();
        for rule in &profile.domain_name_information {
            let Some(name) = &rule.domain_name else {
                continue;
            };
            let key = name.trimmed().to_ascii_lowercase();
            if key.is_empty() {
                continue;
            }
            match first_seen.get(&key) {
                Some(first) => {
                    let first = *first;
                    cx.report(
                        name.trimmed_span(),
                        format!("a second NRPT rule for `{}`: Windows applies one rule per namespace, so the `DnsServers` of one of them are not used", name.trimmed()),
                    )
                    .label(first, "the first rule for it")
                    .help("merge the two rules: one `DomainNameInformation` per namespace, listing every DNS server in its `DnsServers`");
                }
                None => {
                    first_seen.insert(key, name.trimmed_span());
                }
            }
        }
    }
}
