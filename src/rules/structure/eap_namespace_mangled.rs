//! S009 `eap-namespace-mangled`: an EAP namespace that is almost a known one, or an EAP
//! element in the wrong version of its method's namespace.

use crate::diagnostic::Severity;
use crate::model::{SchemaIssue, NS_PREFIX};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct EapNamespaceMangled;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S009",
    name: "eap-namespace-mangled",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "A namespace URI in the EAP configuration that is not exactly a known EAP namespace (whitespace from console-wrapped output, a typo, another letter case), or an element in the wrong version of its namespace (`FilteringInfo` outside `…EapTlsConnectionPropertiesV3`).",
    predicts: &[
        "profile fails to install (unknown error)",
        "the EAP method cannot read its configuration",
    ],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

fn damage(uri: &str, meant: &str) -> &'static str {
    if uri.chars().any(char::is_whitespace) {
        "it has whitespace inside (console output wrapped at the window width)"
    } else if uri.eq_ignore_ascii_case(meant) {
        "its letter case differs, and namespace names are compared exactly"
    } else {
        "it is misspelled"
    }
}

impl Rule for EapNamespaceMangled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        for issue in &cx.model.issues {
            match issue {
                SchemaIssue::MangledNamespace { span, uri, meant } => {
                    let meant = format!("{NS_PREFIX}{meant}");
                    cx.report(
                        *span,
                        format!(
                            "EAP namespace `{}` is not a namespace Windows knows: {}; the EAP method cannot read the elements in it, so the profile fails to install or authentication never starts",
                            uri.escape_debug(),
                            damage(uri, &meant)
                        ),
                    )
                    .help(format!("write `{meant}`"));
                }
                SchemaIssue::NamespaceVersion {
                    span,
                    element,
                    found,
                    expected,
                } => {
                    let found_segment = found.rsplit('/').next().unwrap_or(found);
                    // Inferred from the schemas (each version defines its own elements) and
                    // from the https:// reports; no public report of this exact swap.
                    cx.report(
                        *span,
                        format!(
                            "`{element}` is in namespace `…/{found_segment}`, but the EAP schemas define it in `…/{expected}`; Windows does not recognise it there, so the setting is lost or the EAP configuration is rejected"
                        ),
                    )
                    .severity(Severity::Warning)
                    .help(format!("declare it with `xmlns=\"{NS_PREFIX}{expected}\"`"));
                }
                _ => {}
            }
        }
    }
}
