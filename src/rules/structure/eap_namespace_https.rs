//! S008 `eap-namespace-https`: an EAP namespace written with `https://`.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::SchemaIssue;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;

pub struct EapNamespaceHttps;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S008",
    name: "eap-namespace-https",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "An `xmlns` in the `EapHostConfig` tree starting `https://www.microsoft.com/provisioning/` instead of `http://`.",
    predicts: &[
        "profile fails to install through Intune and PowerShell (unknown error)",
        "WMI: A general error occurred that is not covered by a more specific error code",
    ],
    evidence: Evidence::Reported,
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

impl Rule for EapNamespaceHttps {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// One finding per document, pointing at the first declaration and labelling the others:
    /// it is one mistake (a copied page that rewrote URLs), fixed with one search-and-replace.
    fn check(&self, cx: &mut Context) {
        let declarations: Vec<_> = cx
            .model
            .issues
            .iter()
            .filter_map(|issue| match issue {
                SchemaIssue::HttpsNamespace { span, uri } => Some((*span, uri.clone())),
                _ => None,
            })
            .collect();
        let Some((first_span, first_uri)) = declarations.first().cloned() else {
            return;
        };
        let message = if declarations.len() == 1 {
            format!("EAP namespace `{first_uri}` uses https://; the EAP schemas exist only as http:// namespaces, so Windows cannot read this EAP configuration")
        } else {
            format!(
                "{} EAP namespaces use https://; the EAP schemas exist only as http:// namespaces, so Windows cannot read this EAP configuration",
                declarations.len()
            )
        };
        // `https` → `http` in every declaration written as parsed: the namespaces Windows knows
        // are the http:// ones, and nothing else in the URI changes.
        let edits: Option<Vec<Edit>> = declarations
            .iter()
            .map(|(span, uri)| {
                (cx.text_at(*span) == uri.as_str() && uri.starts_with("https://"))
                    .then(|| Edit::replace(Span::new(span.start, span.start + 5), "http"))
            })
            .collect();
        let fix = edits.and_then(|edits| {
            Fix::safe(
                "Replace `https://` with `http://` in the EAP namespaces",
                edits,
            )
        });
        let diagnostic = cx.report(first_span, message);
        diagnostic.fix(fix);
        for (span, _) in declarations.iter().skip(1) {
            diagnostic.label(*span, "also https://");
        }
        diagnostic.help(
            "replace `https://www.microsoft.com/provisioning/` with `http://www.microsoft.com/provisioning/` in every namespace (copies of Microsoft pages carried this rewrite)",
        );
    }
}
