//! C010 `peap-inner-outer-validation-differs`: PEAP's outer and inner EAP-TLS server
//! validation name different servers or roots.

use crate::diagnostic::Severity;
use crate::model::{Leaf, ValidationLayer};
use crate::rules::util::{lowercase_server_names, rejoin_server_names};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use std::collections::BTreeSet;

pub struct PeapInnerOuterValidationDiffers;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C010",
    name: "peap-inner-outer-validation-differs",
    severity: Severity::Info,
    category: Category::Certificates,
    summary: "PEAP's outer `ServerValidation` (`ServerNames`, `TrustedRootCA`) differs from that of its inner EAP-TLS, where both are in use.",
    predicts: &["partial or confusing server validation"],
    evidence: Evidence::Inferred,
    superseded_by: &[&super::trusted_root_missing::META],
    ..RuleMeta::BASE
};

impl Rule for PeapInnerOuterValidationDiffers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        let layers = host.validation_layers();
        let Some(outer) = layers.iter().find(|l| !l.inner && l.method == "PEAP") else {
            return;
        };
        // Settings of a layer that does not validate are unused: nothing to compare.
        if outer.validation_off() {
            return;
        }
        for inner in layers.iter().filter(|l| l.inner && !l.validation_off()) {
            let mut differences = Vec::new();
            let (inner_roots, outer_roots) = (roots(inner), roots(outer));
            let roots_differ = inner_roots != outer_roots;
            if roots_differ {
                differences.push("`TrustedRootCA`");
            }
            let names_checked = |l: &ValidationLayer| !l.names_ignored() && l.has_server_names();
            let names_differ =
                (names_checked(outer) || names_checked(inner)) && names(outer) != names(inner);
            if names_differ {
                differences.push("`ServerNames`");
            }
            if differences.is_empty() {
                continue;
            }
            // A layer that pins no root is where `trusted-root-missing` points (the validation
            // start tag, or its empty `TrustedRootCA` placeholders): point at that layer's whole
            // `ServerValidation`. The outer PEAP authenticates the server, so when it is the one
            // without a root, the finding is about it.
            let outer_lacks_root = roots_differ && outer_roots.is_empty();
            let (at, other, other_label) = if outer_lacks_root {
                (outer, inner, "inner EAP-TLS validation")
            } else {
                (inner, outer, "outer PEAP validation")
            };
            let span = match at.server_validation {
                Some(v) if roots_differ && roots(at).is_empty() => v.span,
                Some(v) => v.span.start_tag(cx.xml),
                None => at.span.start_tag(cx.xml),
            };
            let other_span = other.server_validation.map(|v| v.span.start_tag(cx.xml));
            let diagnostic = cx.report(
                span,
                format!("the inner EAP-TLS validates the server with different {} than the outer PEAP: the NPS server presents the same certificate to both, so one of the two settings is wrong or redundant, and a change to one is easily missed in the other", differences.join(" and ")),
            );
            if let Some(other_span) = other_span {
                diagnostic.label(other_span, other_label);
            }
            if names_differ {
                // Different names are a defect of their own, whatever the roots.
                diagnostic.superseded_by(&[]);
            }
            if outer_lacks_root {
                diagnostic.help(outward_help(inner, names_differ));
            } else {
                diagnostic.help(copy_help(outer));
            }
        }
    }
}

fn roots(layer: &ValidationLayer) -> BTreeSet<String> {
    layer
        .server_validation
        .map(|v| {
            v.pinned_roots()
                .map(|leaf| crate::rules::util::thumbprint_hex(&leaf.text))
                .collect()
        })
        .unwrap_or_default()
}

/// The names as a set: order, separators, quotes and case do not change what is matched.
fn names(layer: &ValidationLayer) -> BTreeSet<String> {
    layer
        .server_names()
        .map(|n| {
            lowercase_server_names(&rejoin_server_names(&n.text))
                .split(';')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn copy_help(outer: &ValidationLayer) -> String {
    let names = outer.server_names().map_or("", |n| n.trimmed());
    let roots: Vec<&str> = outer
        .server_validation
        .map(|v| v.trusted_root_cas.iter().map(Leaf::trimmed).collect())
        .unwrap_or_default();
    let mut help = format!("use the outer values in the inner `ServerValidation` too: `<ServerNames>{names}</ServerNames>`");
    for root in roots {
        help.push_str(&format!(", `<TrustedRootCA>{root}</TrustedRootCA>`"));
    }
    help
}

/// The outer PEAP pins no root but the inner EAP-TLS does: the outer layer is the one that
/// authenticates the server, so it takes the inner root.
fn outward_help(inner: &ValidationLayer, names_differ: bool) -> String {
    let roots: Vec<String> = inner
        .server_validation
        .map(|v| {
            v.pinned_roots()
                .map(|r| format!("`<TrustedRootCA>{}</TrustedRootCA>`", r.trimmed()))
                .collect()
        })
        .unwrap_or_default();
    let mut help = format!(
        "add {} to the outer PEAP `ServerValidation` too: the outer layer is the one that authenticates the NPS server",
        roots.join(", ")
    );
    if names_differ {
        help.push_str(", and give both layers the same `ServerNames`");
    }
    help
}
