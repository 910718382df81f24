//! A010 `nps-peap-allows-password`: the profile authenticates with a certificate inside PEAP,
//! but the NPS policy's PEAP settings also accept EAP-MSCHAPv2 (a password).

use crate::deploy::nps::{evaluate_all, BlobLayout, NpsConfig, RequestFacts, Tri};
use crate::deploy::nps_match::{predict, ClientMethod, Prediction};
use crate::diagnostic::Severity;
use crate::model::{EAP_MSCHAPV2, EAP_TLS, PEAP};
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct NpsPeapAllowsPassword;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A010",
    name: "nps-peap-allows-password",
    severity: Severity::Warning,
    category: Category::Authentication,
    summary: "The profile uses PEAP with an inner certificate (EAP-TLS), but an NPS policy VPN requests can reach also accepts PEAP with the inner EAP-MSCHAPv2 (a password).",
    predicts: &["password sign-in still possible (certificate and conditional-access requirements bypassed)"],
    evidence: Evidence::Documented,
    needs: &[Needs::Server],
    ..RuleMeta::BASE
};

impl Rule for NpsPeapAllowsPassword {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(scope) = cx.scope else { return };
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        if host.method_type_value() != Some(PEAP) {
            return;
        }
        let Some(inner) = host.peap().and_then(|p| p.inner.first()) else {
            return;
        };
        if inner.type_value() != Some(EAP_TLS) {
            return;
        }
        let Some(at) = inner.type_leaf.as_ref().map(|l| l.trimmed_span()) else {
            return;
        };
        let request = RequestFacts::rras_vpn();
        let method = ClientMethod::Eap {
            outer: PEAP,
            inner: Some(EAP_TLS),
        };
        for server in &scope.servers {
            let Some(config) = server.nps() else { continue };
            // Requests forwarded elsewhere, or judged by a connection request policy's own
            // methods, never reach these network policies; and when no policy accepts the
            // certificate at all, `eap-method-nps-mismatch` reports the profile's method.
            if decided_elsewhere(config, &request)
                || matches!(predict(config, method), Prediction::Rejected(_))
            {
                continue;
            }
            for policy in config.network_policies.iter().filter(|p| p.enabled) {
                let applies = evaluate_all(&policy.conditions, &request);
                if applies == Tri::False {
                    continue;
                }
                // A policy the request surely reaches is the last one it can reach.
                let last = applies == Tri::True;
                // The 76-byte layout holds one inner method: a password policy beside the
                // certificate one. Blobs of other layouts are not read closely enough.
                let peap = policy
                    .settings
                    .as_ref()
                    .filter(|s| s.allow_access == Some(true))
                    .filter(|s| s.allows_auth_type(AUTH_EAP) && s.allows_eap_type(PEAP))
                    .and_then(|s| s.eap_config(PEAP))
                    .filter(|c| c.layout == BlobLayout::Known)
                    .filter(|c| c.inner_methods.contains(&EAP_MSCHAPV2));
                let Some(peap) = peap else {
                    if last {
                        break;
                    }
                    continue;
                };
                cx.report(
                    at,
                    format!(
                        "this profile signs in with a certificate inside PEAP, but NPS network policy `{}` ({}) also accepts PEAP with EAP-MSCHAPv2: a user can still connect with a password, outside the certificate (and conditional-access) requirement",
                        policy.name, &*server.path
                    ),
                )
                .label_elsewhere(server.place(peap.span), format!("PEAP settings of `{}`", policy.name))
                .help("remove \"Secured password (EAP-MSCHAP v2)\" from the policy's PEAP methods (NPS console: the policy's Constraints → Authentication Methods → PEAP → Edit), as Microsoft's Always On VPN NPS guide does");
                if last {
                    break;
                }
            }
        }
    }
}

/// NPS authentication type EAP (`msNPAuthenticationType2` 5).
const AUTH_EAP: u32 = 5;

/// Whether a connection request policy a VPN request can reach forwards it to another server
/// or replaces the network policies' methods with its own.
fn decided_elsewhere(config: &NpsConfig, request: &RequestFacts) -> bool {
    for crp in config.request_policies.iter().filter(|p| p.enabled) {
        let applies = evaluate_all(&crp.conditions, request);
        if applies == Tri::False {
            continue;
        }
        let settings = crp.settings.as_ref();
        if settings
            .and_then(|s| s.auth_provider)
            .is_some_and(|p| p != 1)
            || settings.and_then(|s| s.override_auth) == Some(true)
        {
            return true;
        }
        if applies == Tri::True {
            break;
        }
    }
    false
}
