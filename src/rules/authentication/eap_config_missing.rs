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
    ..RuleMeta::BASE
};

/// Whether `Configuration` holds EAP XML as text (entity-escaped, escaped twice, or in CDATA;
/// reported by `eap-config-as-escaped-text`). The text is already entity-decoded once here.
pub fn looks_escaped(text: &str) -> bool {
    ["<EapHostConfig", "&lt;EapHostConfig", ":EapHostConfig"]
        .iter()
        .any(|start| text.contains(start))
}

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
                if config.text.as_ref().is_some_and(|t| looks_escaped(&t.text)) {
                    // Entity-escaped EAP XML: a different mistake with its own rule.
                    return;
                }
                (
                    config.span.start_tag(cx.xml),
                    "`Eap/Configuration` holds no `EapHostConfig`: the profile selects EAP but gives it no configuration".to_string(),
                )
            }
        };
        cx.report(span, message)
            .label(user_method.leaf.trimmed_span(), "EAP selected here")
            .help("paste the `<EapHostConfig>` exported from a configured client (e.g. with Get-VpnConnection ... EapConfigXmlStream) inside `<Configuration>`");
    }
}
