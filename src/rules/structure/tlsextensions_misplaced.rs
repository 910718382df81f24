//! S010 `tlsextensions-misplaced`: `TLSExtensions` outside the EAP-TLS `EapType`, or before
//! the elements the schema puts ahead of it.

use crate::diagnostic::Severity;
use crate::model::{meant_eap_namespace, EapNamespace, TlsExtensions, NS_PREFIX};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct TlsextensionsMisplaced;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S010",
    name: "tlsextensions-misplaced",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "`TLSExtensions` is not a child of the EAP-TLS `EapType` (`…EapTlsConnectionPropertiesV1`), e.g. inside the PEAP `EapType` or after `</EapType>`; or it comes before `AcceptServerName` (warning).",
    predicts: &["Profile couldn't be added due to an unknown error"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

/// Where a misplaced `TLSExtensions` sits, in words.
fn location(ext: &TlsExtensions) -> String {
    let ns = ext
        .parent_namespace
        .as_deref()
        .and_then(EapNamespace::of_uri);
    match (ext.parent_name.as_str(), ns) {
        ("EapType", Some(EapNamespace::MsPeapV1)) => "inside the PEAP `EapType`".into(),
        ("EapType", Some(EapNamespace::MsChapV2V1)) => "inside the EAP-MSCHAPv2 `EapType`".into(),
        ("Eap", _) => "after `</EapType>`, directly inside `Eap`".into(),
        ("", _) => "outside any element".into(),
        (parent, _) => format!("inside `{parent}`"),
    }
}

impl Rule for TlsextensionsMisplaced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        let has_tls = !host.tls_configs().is_empty();
        let xml = cx.xml;
        for ext in &host.misplaced_tls_extensions {
            // Inside an EAP-TLS `EapType` whose namespace is damaged (console-wrapped, a typo):
            // the element is where it belongs and only the namespace is wrong, so "misplaced"
            // would be false and would send the reader to move an element that is fine.
            let damaged_tls_parent = ext.parent_name == "EapType"
                && ext.parent_namespace.as_deref().is_some_and(|uri| {
                    EapNamespace::of_uri(uri).is_none()
                        && meant_eap_namespace(uri) == Some(EapNamespace::EapTlsV1)
                });
            if damaged_tls_parent {
                continue;
            }
            let diagnostic = cx.report(
                ext.span.start_tag(xml),
                format!(
                    "`TLSExtensions` is {}; EAP-TLS reads its certificate filter only as the last child of the EAP-TLS `EapType` (`{NS_PREFIX}EapTlsConnectionPropertiesV1`), and Windows refuses the profile (\"couldn't be added due to an unknown error\") even though XML validators pass it",
                    location(ext)
                ),
            );
            if has_tls {
                diagnostic.help("move the whole `TLSExtensions` element into the EAP-TLS `EapType`, right after `AcceptServerName`");
            } else {
                diagnostic.help("this configuration has no EAP-TLS method, so the certificate filter has nothing to apply to: remove it, or use EAP-TLS (alone or inside PEAP) and put it in that `EapType` after `AcceptServerName`");
            }
        }
        for tls in host.tls_configs() {
            let Some(ext) = &tls.tls_extensions else {
                continue;
            };
            let later: Option<(&str, crate::span::Span)> = [
                (
                    "ServerValidation",
                    tls.server_validation.as_ref().map(|v| v.span),
                ),
                (
                    "PerformServerValidation",
                    tls.perform_server_validation
                        .as_ref()
                        .map(|l| l.element_span),
                ),
                (
                    "AcceptServerName",
                    tls.accept_server_name.as_ref().map(|l| l.element_span),
                ),
            ]
            .into_iter()
            .filter_map(|(name, span)| Some((name, span?)))
            .rfind(|(_, span)| span.start > ext.span.start);
            let Some((name, span)) = later else {
                continue;
            };
            // Order violations are inferred from the schema's xs:sequence: warning.
            cx.report(
                ext.span.start_tag(xml),
                format!("`TLSExtensions` comes before `{name}`; the EAP-TLS schema is a sequence that puts `TLSExtensions` last, after `AcceptServerName`, and Windows' EAP parser may reject or ignore it out of order"),
            )
            .severity(Severity::Warning)
            .label(span.start_tag(xml), format!("`{name}` belongs before `TLSExtensions`"))
            .help(format!("move `TLSExtensions` after `{name}`"));
        }
    }
}
