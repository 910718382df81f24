//! A004 `password-based-eap`: an Always On profile that authenticates users with a password
//! (EAP-MSCHAPv2, alone or inside PEAP, or `UserMethod` MSChapv2).

use crate::diagnostic::Severity;
use crate::model::{EapMethodConfig, UserMethod};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::span::Span;

pub struct PasswordBasedEap;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A004",
    name: "password-based-eap",
    severity: Severity::Info,
    category: Category::Authentication,
    summary: "An Always On profile authenticates with a password: PEAP with inner EAP-MSCHAPv2 (26), EAP-MSCHAPv2 alone, or `UserMethod` MSChapv2.",
    predicts: &["password prompts; no unattended connection"],
    evidence: Evidence::Documented,
    superseded_by: &[
        &crate::rules::conditional_access::aad_ca_needs_certificate_eap::META,
        &crate::rules::tunnel::mschapv2_with_ikev2::META,
    ],
    ..RuleMeta::BASE
};

impl Rule for PasswordBasedEap {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(always_on) = profile.always_on.as_ref().filter(|a| a.is_true()) else {
            return;
        };
        let Some(auth) = profile.authentication() else {
            return;
        };
        let found: Option<(Span, &str)> = match &auth.user_method {
            Some(um) if um.value == Some(UserMethod::MsChapV2) => Some((
                um.leaf.trimmed_span(),
                "`UserMethod` MSChapv2 (user name and password)",
            )),
            Some(um) if um.value == Some(UserMethod::Eap) => password_layer(cx),
            _ => None,
        };
        if let Some((span, what)) = found {
            cx.report(
                span,
                format!("this Always On profile authenticates with {what}: Windows must prompt for or cache the password, so the tunnel cannot come up unattended, and a password can be phished or guessed"),
            )
            .label(always_on.trimmed_span(), "Always On")
            .help("use certificate authentication: EAP-TLS, or PEAP with inner EAP-TLS (`<Type>13</Type>`), as Microsoft's Always On VPN guidance recommends");
        }
    }
}

/// The EAP-MSCHAPv2 layer of the EAP configuration: outer, or inner in PEAP.
fn password_layer<'a>(cx: &Context<'a>) -> Option<(Span, &'static str)> {
    let layer = cx.model.eap_host_config()?.config.as_ref()?;
    let (layer, what) = match &layer.method {
        EapMethodConfig::MsChapV2(_) => (layer, "EAP-MSCHAPv2 (user name and password)"),
        EapMethodConfig::Peap(peap) => (
            peap.inner
                .iter()
                .find(|i| matches!(i.method, EapMethodConfig::MsChapV2(_)))?,
            "PEAP with inner EAP-MSCHAPv2 (user name and password)",
        ),
        _ => return None,
    };
    let span = layer
        .type_leaf
        .as_ref()
        .map_or(layer.span, |t| t.trimmed_span());
    Some((span, what))
}
