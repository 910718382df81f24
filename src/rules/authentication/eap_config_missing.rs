//! A002 `eap-config-missing`: EAP selected but no EAP configuration.

use crate::diagnostic::Severity;
use crate::model::UserMethod;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct EapConfigMissing;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A002",
    name: "eap-config-missing",
    severity: Severity::Error,
    category: Category::Authentication,
    summary: "`UserMethod` = `EAP` but `Eap/Configuration` is missing, empty, or holds no `EapHostConfig` (e.g. the sample's \"paste here\" comment left in place).",
    predicts: &["profile rejected, or no usable authentication"],
    evidence: Evidence::Documented,
    superseded_by: &[&crate::rules::authentication::eap_config_as_escaped_text::META],
    ..RuleMeta::BASE
};

impl Rule for EapConfigMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(auth) = cx.model.profile.as_ref().and_then(|p| p.authentication()) else {
            return;
        };
        let Some(user_method) = &auth.user_method else {
            return;
        };
        if user_method.value != Some(UserMethod::Eap) {
            return;
        }
        let configuration = auth.eap.as_ref().and_then(|e| e.configuration.as_ref());
        let (span, message) = match (&auth.eap, configuration) {
            (None, _) => (
                auth.span.start_tag(cx.xml),
                "`UserMethod` is EAP but `Authentication` has no `Eap` element".to_string(),
            ),
            (Some(eap), None) => (
                eap.span.start_tag(cx.xml),
                "`Eap` has no `Configuration`, so the EAP method has no settings".to_string(),
            ),
            (Some(_), Some(config)) => {
                if config.host_config.is_some() {
                    return;
                }
                (
                    config.span.start_tag(cx.xml),
                    "`Eap/Configuration` holds no `EapHostConfig` element: the profile selects EAP but gives it no configuration".to_string(),
                )
            }
        };
        cx.report(span, message)
            .label(user_method.leaf.trimmed_span(), "EAP selected here")
            .help("paste the `<EapHostConfig>` exported from a configured client (e.g. with Get-VpnConnection ... EapConfigXmlStream) inside `<Configuration>`");
    }
}
