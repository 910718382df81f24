//! C001 `server-validation-disabled`: the client does not check the RADIUS server certificate.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct ServerValidationDisabled;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C001",
    name: "server-validation-disabled",
    severity: Severity::Warning,
    category: Category::Certificates,
    summary: "`PerformServerValidation` = `false` on the layer that authenticates the RADIUS server: PEAP's `PeapExtensions`, or a standalone EAP-TLS.",
    predicts: &["credentials sent to any RADIUS server (rogue NPS)"],
    evidence: Evidence::Documented,
    fix: FixKind::Unsafe,
    ..RuleMeta::BASE
};

impl Rule for ServerValidationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        // Only the outer layer: in PEAP the outer TLS handshake is what proves the server's
        // identity before the inner method runs, so an inner EAP-TLS with validation off
        // (common in working deployments) exposes nothing while the outer one validates.
        let layers = host.validation_layers();
        let Some(outer) = layers.iter().find(|l| !l.inner) else {
            return;
        };
        let Some(perform) = outer
            .perform_server_validation
            .filter(|_| outer.validation_off())
        else {
            return;
        };
        let has_root = outer.server_validation.is_some_and(|v| v.pins_a_root());
        let help = if has_root {
            "write `true`; the `TrustedRootCA` already listed then pins the NPS server's root"
        } else {
            "write `true` and add `<TrustedRootCA>` with the SHA-1 thumbprint of the root CA of the NPS server certificate (and `ServerNames` with the NPS server's name)"
        };
        cx.report(
            perform.trimmed_span(),
            format!("{} does not validate the RADIUS (NPS) server certificate: the client completes EAP with any server that answers, so a rogue RADIUS server can capture its identity and authentication", outer.method),
        )
        .help(help)
        // Unsafe: with validation on, a missing or wrong root or name makes the connection fail
        // (or prompt) where it used to connect.
        .fix(Fix::unsafe_edit(
            "Turn server validation on",
            vec![Edit::replace(perform.trimmed_span(), "true")],
        ));
    }
}
