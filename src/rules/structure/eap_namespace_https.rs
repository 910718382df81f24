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
        // `https` → `http` in every declaration: the namespaces Windows knows are the http://
        // ones, and nothing else in the URI changes. The declarations are looked up in the text
        // (an element that declares the same URI as its parent again is not in the list).
        let fix = Fix::safe(
            "Replace `https://` with `http://` in the EAP namespaces",
            https_declarations(cx.xml)
                .map(|at| Edit::replace(Span::new(at, at + 5), "http"))
                .collect(),
        );
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

/// Offsets of `https` in every `xmlns="https://www.microsoft.com/provisioning/…"` (any prefix,
/// either quote) of the document.
fn https_declarations(xml: &str) -> impl Iterator<Item = usize> + '_ {
    const URI: &str = "https://www.microsoft.com/provisioning/";
    xml.match_indices(URI).map(|(at, _)| at).filter(|&at| {
        let before = xml[..at].trim_end_matches(['"', '\'']);
        let quoted = before.len() + 1 == at;
        let before = before.trim_end().strip_suffix('=').unwrap_or("").trim_end();
        let name_start = before
            .rfind(|c: char| c.is_whitespace() || c == '<')
            .map_or(0, |i| i + 1);
        quoted && before[name_start..].starts_with("xmlns")
    })
}
