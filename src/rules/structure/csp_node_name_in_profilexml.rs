//! S004 `csp-node-name-in-profilexml`: element names copied from CSP node paths or in the
//! wrong letter case.

use crate::diagnostic::Severity;
use crate::model::SchemaIssue;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct CspNodeNameInProfilexml;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S004",
    name: "csp-node-name-in-profilexml",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "Element names copied from CSP node paths or with the wrong letter case (`DomainNameInformationList`, `DNSServers`, `RouteList`, `Lockdown`).",
    predicts: &["0x87D101F4 (Intune)", "settings silently missing (NRPT, routes, filters)"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for CspNodeNameInProfilexml {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        for issue in &cx.model.issues {
            if let SchemaIssue::CspNodeName {
                span,
                name,
                parent,
                correct,
            } = issue
            {
                let why = if name.eq_ignore_ascii_case(correct) {
                    "XML names are case-sensitive"
                } else {
                    "that is the CSP node name, not the ProfileXML element"
                };
                cx.report(
                    *span,
                    format!("`{name}` in `{parent}` is not a ProfileXML element ({why}); Windows ignores or rejects it"),
                )
                .help(format!("rename it to `{correct}`"));
            }
        }
    }
}
