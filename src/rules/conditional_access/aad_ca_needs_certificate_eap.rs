//! E004 `aad-ca-needs-certificate-eap`: device compliance on a profile that does not
//! authenticate with a user certificate over EAP.

use crate::diagnostic::Severity;
use crate::model::{method_name, EapMethodConfig, UserMethod};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::span::Span;

pub struct AadCaNeedsCertificateEap;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "E004",
    name: "aad-ca-needs-certificate-eap",
    severity: Severity::Error,
    category: Category::ConditionalAccess,
    summary: "`DeviceCompliance` is enabled but authentication is not certificate-based EAP (`UserMethod` MSChapv2, PEAP with inner EAP-MSCHAPv2, or a machine-certificate / device tunnel).",
    predicts: &["812", "Oops - you can't get to this yet"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for AadCaNeedsCertificateEap {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(enabled) = profile.device_compliance_declaration() else {
            return;
        };
        // A device tunnel authenticates the machine, whatever its `Authentication` says. The
        // finding points at `DeviceCompliance`, the setting that has no effect here.
        if let Some(device_tunnel) = profile.device_tunnel_declaration() {
            cx.report(
                enabled.trimmed_span(),
                "device compliance is enabled on a device tunnel, which authenticates with the machine certificate: the Entra ID certificate is never used",
            )
            .label(device_tunnel.trimmed_span(), "device tunnel here")
            .help("remove `DeviceCompliance` from the device tunnel profile; conditional access belongs on the user tunnel, with EAP-TLS or PEAP with inner EAP-TLS");
            return;
        }
        let Some(auth) = profile.authentication() else {
            return;
        };
        let problem: Option<(Span, String)> = match &auth.user_method {
            Some(um) if um.value == Some(UserMethod::MsChapV2) => Some((
                um.leaf.trimmed_span(),
                "device compliance is enabled but `UserMethod` is MSChapv2 (password): the Entra ID certificate is never used".into(),
            )),
            Some(um) if um.value == Some(UserMethod::Eap) => password_eap(cx, auth),
            None if auth.machine_certificate() => auth.machine_method.as_ref().map(|m| {
                (
                    m.trimmed_span(),
                    "device compliance is enabled but the profile authenticates with a machine certificate: the Entra ID user certificate is never used".into(),
                )
            }),
            _ => None,
        };
        if let Some((span, message)) = problem {
            cx.report(span, message)
                .label(enabled.trimmed_span(), "conditional access enabled here")
                .help("use EAP-TLS, or PEAP with inner EAP-TLS, as the user authentication; or disable `DeviceCompliance`");
        }
    }
}

/// A password-based EAP method (EAP-MSCHAPv2 alone or inside PEAP), where it is.
fn password_eap(cx: &Context, _auth: &crate::model::Authentication) -> Option<(Span, String)> {
    let layer = cx.model.eap_host_config()?.config.as_ref()?;
    let password_layer = match &layer.method {
        EapMethodConfig::MsChapV2(_) => Some(layer),
        EapMethodConfig::Peap(peap) => {
            let has_tls = peap
                .inner
                .iter()
                .any(|i| matches!(i.method, EapMethodConfig::Tls(_)));
            if has_tls {
                None
            } else {
                peap.inner
                    .iter()
                    .find(|i| matches!(i.method, EapMethodConfig::MsChapV2(_)))
            }
        }
        _ => None,
    }?;
    let span = password_layer
        .type_leaf
        .as_ref()
        .map_or(password_layer.span, |t| t.trimmed_span());
    Some((
        span,
        format!(
            "device compliance is enabled but the EAP method is {} (password): the Entra ID certificate is never used",
            method_name(password_layer.type_value().unwrap_or(26))
        ),
    ))
}
