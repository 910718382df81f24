//! A010 `nps-peap-allows-password`: the profile authenticates with a certificate inside PEAP,
//! but the NPS policy's PEAP settings also accept EAP-MSCHAPv2 (a password).

use crate::deploy::nps::{evaluate_all, BlobLayout, RequestFacts, Tri};
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
        for server in &scope.servers {
            let Some(config) = server.nps() else { continue };
            for policy in config.network_policies.iter().filter(|p| p.enabled) {
                if evaluate_all(&policy.conditions, &request) == Tri::False {
                    continue;
                }
                let Some(settings) = policy
                    .settings
                    .as_ref()
                    .filter(|s| s.allow_access == Some(true))
                else {
                    continue;
                };
                let Some(peap) = settings
                    .eap_config(PEAP)
                    .filter(|c| c.layout == BlobLayout::Known)
                    .filter(|c| {
                        c.inner_methods.contains(&EAP_TLS)
                            && c.inner_methods.contains(&EAP_MSCHAPV2)
                    })
                else {
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
            }
        }
    }
}
