//! S009 `eap-namespace-mangled`: an EAP namespace that is almost a known one, or an EAP
//! element in the wrong version of its method's namespace.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::schema::edit_distance;
use crate::model::{EapNamespace, SchemaIssue, NS_PREFIX};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;

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
    fix: FixKind::Mixed,
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

/// How sure it is that `uri` meant `meant`: certain (`Some(true)`) when they differ only by
/// whitespace or letter case; a guess (`Some(false)`) when `uri` is a typo nearer to `meant`
/// than to any other EAP namespace; `None` when another namespace is as near (`…V4` is one
/// letter from `…V1`, `…V2` and `…V3`).
fn certainty(uri: &str, meant: &str) -> Option<bool> {
    let squeezed: String = uri.chars().filter(|c| !c.is_whitespace()).collect();
    if squeezed.eq_ignore_ascii_case(meant) {
        return Some(true);
    }
    let lower = squeezed.to_ascii_lowercase();
    let distance = |full: &str| edit_distance(&lower, &full.to_ascii_lowercase());
    let best = distance(meant);
    let tie = EapNamespace::ALL
        .iter()
        .map(|(segment, _)| format!("{NS_PREFIX}{segment}"))
        .filter(|full| full != meant)
        .any(|full| distance(&full) <= best);
    (!tie).then_some(false)
}

/// The span of the namespace URI as written in the start tag. The model's span is the URI
/// itself when it is written as parsed; a URI with a line break inside (console wrapping) is
/// normalised by the XML parser (line breaks become spaces), and the model then points at the
/// element name: the attribute value is looked up in the start tag.
fn uri_span(xml: &str, span: Span, uri: &str) -> Option<Span> {
    if xml.get(span.start..span.end) == Some(uri) {
        return Some(span);
    }
    let tag_start = xml.get(..span.start)?.rfind('<')?;
    let tag_end = crate::span::start_tag_end(xml, tag_start);
    let tag = xml.get(tag_start..tag_end)?;
    let normalised = |value: &str| value.replace("\r\n", " ").replace(['\n', '\r', '\t'], " ");
    let mut at = 0;
    while let Some(quote) = tag[at..].find(['"', '\'']).map(|i| at + i) {
        let q = &tag[quote..quote + 1];
        let close = quote + 1 + tag[quote + 1..].find(q)?;
        let value = &tag[quote + 1..close];
        if normalised(value) == uri {
            return Some(Span::new(tag_start + quote + 1, tag_start + close));
        }
        at = close + 1;
    }
    None
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
                    let fix = uri_span(cx.xml, *span, uri).and_then(|at| {
                        let title = format!("Replace the namespace with `{meant}`");
                        let edits = vec![Edit::replace(at, meant.clone())];
                        match certainty(uri, &meant) {
                            Some(true) => Fix::safe(title, edits),
                            Some(false) => Fix::unsafe_edit(title, edits),
                            None => None,
                        }
                    });
                    cx.report(
                        *span,
                        format!(
                            "EAP namespace `{}` is not a namespace Windows knows: {}; the EAP method cannot read the elements in it, so the profile fails to install or authentication never starts",
                            uri.escape_debug(),
                            damage(uri, &meant)
                        ),
                    )
                    .help(format!("write `{meant}`"))
                    .fix(fix);
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
