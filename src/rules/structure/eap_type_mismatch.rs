//! S011 `eap-type-mismatch`: the EAP method numbers and the method configuration disagree.

use crate::diagnostic::Severity;
use crate::model::{method_name, EapHostConfig, EapLayer, EapMethodConfig};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct EapTypeMismatch;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S011",
    name: "eap-type-mismatch",
    severity: Severity::Warning,
    category: Category::Structure,
    summary: "`EapMethod/Type` differs from the outer `Config/Eap/Type`, or an `EapType` namespace does not fit its `Type` (13 EAP-TLS, 25 PEAP, 26 EAP-MSCHAPv2), including PEAP's inner method.",
    predicts: &["profile creation error, or no EAP authentication", "812"],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

impl Rule for EapTypeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        check_outer(cx, host);
        if let Some(layer) = &host.config {
            check_layer(cx, layer, "outer");
            if let EapMethodConfig::Peap(peap) = &layer.method {
                for inner in &peap.inner {
                    check_layer(cx, inner, "PEAP inner");
                }
            }
        }
    }
}

/// `EapMethod/Type` names the method EapHost loads; `Config/Eap/Type` the one configured.
fn check_outer(cx: &mut Context, host: &EapHostConfig) {
    let (Some(method_leaf), Some(layer)) = (&host.method_type, &host.config) else {
        return;
    };
    // A `Type` that contradicts its own `EapType` is reported by `check_layer`, which names
    // the wrong value precisely; comparing `EapMethod` with it would report the same defect.
    if layer_contradicts_namespace(layer) {
        return;
    }
    let (Some(method), Some(config_leaf), Some(configured)) = (
        host.method_type_value(),
        &layer.type_leaf,
        layer.type_value(),
    ) else {
        return;
    };
    if method != configured {
        cx.report(
            method_leaf.trimmed_span(),
            format!(
                "`EapMethod/Type` is {method} ({}) but the configuration under `Config` is for type {configured} ({})",
                method_name(method),
                method_name(configured)
            ),
        )
        .label(method_leaf.trimmed_span(), format!("EapHost loads {}", method_name(method)))
        .label(config_leaf.trimmed_span(), format!("the configuration is {}", method_name(configured)))
        .help("make both `Type` values the same method (13 EAP-TLS, 25 PEAP)");
    }
}

/// Whether the layer's `Type` disagrees with the method its `EapType` namespace declares.
fn layer_contradicts_namespace(layer: &EapLayer) -> bool {
    let by_namespace = layer
        .eap_type_namespace
        .as_deref()
        .and_then(crate::model::EapNamespace::of_uri)
        .is_some();
    by_namespace
        && matches!(
            (layer.type_value(), layer.method.expected_type()),
            (Some(declared), Some(configured)) if declared != configured
        )
}

/// `Eap/Type` against the namespace of the `EapType` beside it.
fn check_layer(cx: &mut Context, layer: &EapLayer, which: &str) {
    let (Some(type_leaf), Some(declared)) = (&layer.type_leaf, layer.type_value()) else {
        return;
    };
    let Some(configured) = layer.method.expected_type() else {
        return;
    };
    // Only when the namespace decided the method (the model falls back on Type otherwise).
    if layer_contradicts_namespace(layer) {
        let eap_type = layer.eap_type_span.unwrap_or(layer.span);
        cx.report(
            type_leaf.trimmed_span(),
            format!(
                "the {which} `Eap/Type` is {declared} ({}) but its `EapType` holds {} settings",
                method_name(declared),
                method_name(configured)
            ),
        )
        .label(
            type_leaf.trimmed_span(),
            format!("type {declared} declared here"),
        )
        .label(
            eap_type,
            format!("{} configuration here", method_name(configured)),
        )
        .help(format!(
            "set `Type` to {configured}, or replace the `EapType` with {} settings",
            method_name(declared)
        ));
    }
}
