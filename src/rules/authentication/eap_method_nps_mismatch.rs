//! A001 `eap-method-nps-mismatch`: the NPS policies a VPN request can reach reject the
//! profile's authentication method (the error-812 case).

use crate::deploy::nps_match::{predict, ClientMethod, Prediction};
use crate::diagnostic::Severity;
use crate::model::{Model, UserMethod};
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};
use crate::span::Span;

pub struct EapMethodNpsMismatch;

/// Rejecting policies named (and labelled) in one finding.
const NAMED: usize = 3;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A001",
    name: "eap-method-nps-mismatch",
    severity: Severity::Error,
    category: Category::Authentication,
    summary: "The client's EAP choice is not what the matching NPS network policy accepts (outer EAP type, PEAP inner method, or MS-CHAPv2 against an EAP-only policy).",
    predicts: &["812", "691", "NPS reason 66", "NPS reason 22"],
    evidence: Evidence::Documented,
    needs: &[Needs::Server],
    ..RuleMeta::BASE
};

/// The method the profile's user tunnel sends, and where the profile says so.
fn client_method(model: &Model) -> Option<(ClientMethod, Span)> {
    let profile = model.profile.as_ref()?;
    if profile.is_device_tunnel() {
        // Machine-certificate IKEv2 is authenticated by RRAS, not NPS.
        return None;
    }
    let authentication = profile.authentication()?;
    match authentication.user_method()? {
        UserMethod::MsChapV2 => {
            let leaf = &authentication.user_method.as_ref()?.leaf;
            Some((ClientMethod::MsChapV2, leaf.trimmed_span()))
        }
        UserMethod::Eap => {
            let host = model.eap_host_config()?;
            let outer_leaf = host.method_type.as_ref()?;
            let outer = host.method_type_value()?;
            let inner_layer = host.peap().and_then(|peap| peap.inner.first());
            let inner = inner_layer.and_then(|layer| layer.type_value());
            let span = match inner_layer.and_then(|l| l.type_leaf.as_ref()) {
                Some(leaf) if inner.is_some() => leaf.trimmed_span(),
                _ => outer_leaf.trimmed_span(),
            };
            Some((ClientMethod::Eap { outer, inner }, span))
        }
    }
}

fn describe(method: ClientMethod) -> String {
    match method {
        ClientMethod::MsChapV2 => "MS-CHAPv2".to_owned(),
        ClientMethod::Eap {
            outer,
            inner: Some(inner),
        } if outer == crate::model::PEAP => format!(
            "PEAP with the inner method {}",
            crate::model::method_name(inner)
        ),
        ClientMethod::Eap { outer, .. } => crate::model::method_name(outer).to_owned(),
    }
}

impl Rule for EapMethodNpsMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(scope) = cx.scope else {
            return;
        };
        let Some((method, span)) = client_method(cx.model) else {
            return;
        };
        for server in &scope.servers {
            let Some(config) = server.nps() else {
                continue;
            };
            let Prediction::Rejected(rejections) = predict(config, method) else {
                continue;
            };
            let certain = rejections.iter().all(|r| r.certain);
            // A few policies are named; an export of hundreds of policies would otherwise make
            // one finding of hundreds of lines (and labels).
            let named = rejections.len().min(NAMED);
            let mut policies: Vec<String> = rejections[..named]
                .iter()
                .map(|r| {
                    let reach = if r.reached {
                        "which VPN requests reach"
                    } else {
                        "which VPN requests reach if they meet its conditions that cannot be checked offline (groups, time of day)"
                    };
                    format!("{} `{}`, {reach}, {}", r.kind, r.policy.name, r.why)
                })
                .collect();
            if rejections.len() > named {
                policies.push(format!(
                    "{} more policies reject it too",
                    rejections.len() - named
                ));
            }
            // In the order of the policies, each code once.
            let mut reasons: Vec<String> = Vec::new();
            for code in rejections.iter().map(|r| r.reason.to_string()) {
                if !reasons.contains(&code) {
                    reasons.push(code);
                }
            }
            let message = format!(
                "NPS ({}) rejects this profile's {}: {}; NPS refuses the request (reason {}) and the client shows error 812 (691 over SSTP){}",
                &*server.path,
                describe(method),
                policies.join("; or "),
                reasons.join("/"),
                if certain { "" } else { " — the policy's PEAP settings are read from an undocumented layout, so this is likely, not certain" },
            );
            let finding = cx.report(span, message);
            finding
                .severity(if certain { META.severity } else { Severity::Warning })
                .help("make the profile and the NPS network policy agree: change the profile's EAP method, or the policy's allowed EAP types / PEAP inner method (NPS console: Network Policies → Constraints → Authentication Methods)");
            for rejection in &rejections[..named] {
                finding.label_elsewhere(
                    server.place(rejection.at),
                    format!("{} `{}`", rejection.kind, rejection.policy.name),
                );
            }
        }
    }
}
