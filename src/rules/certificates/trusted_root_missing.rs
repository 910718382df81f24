//! C007 `trusted-root-missing`: server validation without a pinned root.

use crate::diagnostic::Severity;
use crate::model::{EapLayer, EapMethodConfig, Leaf, ServerValidation};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::span::Span;

pub struct TrustedRootMissing;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C007",
    name: "trusted-root-missing",
    severity: Severity::Warning,
    category: Category::Certificates,
    summary: "Server validation is enabled but no `TrustedRootCA` thumbprint pins the root of the NPS certificate.",
    predicts: &["Continue connecting? We don't have enough info to validate the server"],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

impl Rule for TrustedRootMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(layer) = cx.model.eap_host_config().and_then(|h| h.config.as_ref()) else {
            return;
        };
        check_layer(cx, layer, "outer");
    }
}

fn check_layer(cx: &mut Context, layer: &EapLayer, which: &str) {
    match &layer.method {
        EapMethodConfig::Peap(peap) => {
            check(
                cx,
                "PEAP",
                peap.span,
                peap.server_validation.as_ref(),
                peap.perform_server_validation.as_ref(),
            );
            // The inner EAP-TLS runs inside PEAP's TLS tunnel, whose server check is the
            // outer one; the inner block is only judged when it asks for validation itself.
            for inner in &peap.inner {
                if let EapMethodConfig::Tls(tls) = &inner.method {
                    if tls
                        .perform_server_validation
                        .as_ref()
                        .is_some_and(|p| p.xs_bool() == Some(true))
                    {
                        check(
                            cx,
                            "inner EAP-TLS",
                            tls.span,
                            tls.server_validation.as_ref(),
                            tls.perform_server_validation.as_ref(),
                        );
                    }
                }
            }
        }
        EapMethodConfig::Tls(tls) => check(
            cx,
            if which == "outer" { "EAP-TLS" } else { which },
            tls.span,
            tls.server_validation.as_ref(),
            tls.perform_server_validation.as_ref(),
        ),
        _ => {}
    }
}

fn check(
    cx: &mut Context,
    method: &str,
    method_span: Span,
    validation: Option<&ServerValidation>,
    perform: Option<&Leaf>,
) {
    // Validation is on unless explicitly turned off; a layer that validates nothing needs no root.
    if perform.is_some_and(|p| p.xs_bool() == Some(false)) {
        return;
    }
    if validation.is_some_and(ServerValidation::pins_a_root) {
        return;
    }
    // SDK samples ship `<TrustedRootCA />` as a placeholder: say so rather than "none listed",
    // and point at the empty elements.
    let empty = validation.map_or(&[][..], |v| v.trusted_root_cas.as_slice());
    let (span, what) = match (empty.first(), empty.last()) {
        (Some(first), Some(last)) => (
            Span::new(first.element_span.start, last.element_span.end),
            if empty.len() == 1 {
                "its only `TrustedRootCA` is empty"
            } else {
                "every `TrustedRootCA` is empty"
            },
        ),
        _ => (
            validation.map_or(method_span.start_tag(cx.xml), |v| v.span.start_tag(cx.xml)),
            "no `TrustedRootCA` is listed",
        ),
    };
    let diagnostic = cx.report(
        span,
        format!("{method} validates the server certificate but {what}: any root in the client's store (public CAs included) can vouch for the NPS server"),
    );
    if let Some(perform) = perform {
        diagnostic.label(perform.trimmed_span(), "validation enabled here");
    }
    diagnostic.help("add `<TrustedRootCA>` with the SHA-1 thumbprint of the root CA that issued the NPS server certificate (lower-case hex bytes separated by spaces)");
}
