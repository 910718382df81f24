//! E005 `aad-ca-sso-missing`: conditional access without the single-sign-on certificate.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct AadCaSsoMissing;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "E005",
    name: "aad-ca-sso-missing",
    severity: Severity::Warning,
    category: Category::ConditionalAccess,
    summary: "`DeviceCompliance` is enabled without an enabled `Sso` section (`Sso/Enabled` true, usually with `Eku`/`IssuerHash`), so on-premises resources cannot get Kerberos tickets.",
    predicts: &["credential prompts for on-premises resources (file shares) after connecting"],
    evidence: Evidence::Documented,
    superseded_by: &[&crate::rules::structure::boolean_literal_case::META],
    ..RuleMeta::BASE
};

impl Rule for AadCaSsoMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(compliance) = &profile.device_compliance else {
            return;
        };
        let Some(enabled) = compliance.enabled.as_ref().filter(|e| e.is_true()) else {
            return;
        };
        // SSO hands on-premises resources the Entra ID user certificate's session: without
        // certificate EAP (or on a device tunnel) conditional access itself cannot work, and
        // advice about its single sign-on is moot.
        if profile.is_device_tunnel()
            || !cx
                .model
                .eap_host_config()
                .is_some_and(|h| h.uses_certificate())
        {
            return;
        }
        let message = match &compliance.sso {
            None => "device compliance is enabled but there is no `Sso` section: the Entra ID certificate has no CRL distribution point and cannot obtain Kerberos tickets, so users are prompted for credentials on file shares and other on-premises resources".to_string(),
            Some(sso) => match sso.enabled.as_ref().map(|e| (e, e.windows_bool())) {
                Some((_, Some(true))) => return,
                // Not the literal `true` (`True`, ` true`): Windows does not read it as enabled.
                Some((e, None)) => format!(
                    "`Sso/Enabled` is `{}`, not `true`: Windows reads only the exact lower-case word, so single sign-on is not turned on and users are prompted for credentials on on-premises resources",
                    e.text.escape_debug()
                ),
                Some((_, Some(false))) => "`Sso/Enabled` is `false`: the Entra ID certificate cannot obtain Kerberos tickets, so users are prompted for credentials on on-premises resources".to_string(),
                None => "`Sso` has no `Enabled` element, so single sign-on stays off: users are prompted for credentials on on-premises resources".to_string(),
            },
        };
        let span = match &compliance.sso {
            Some(sso) => sso
                .enabled
                .as_ref()
                .map_or_else(|| sso.span.start_tag(cx.xml), |e| e.trimmed_span()),
            None => compliance.span.start_tag(cx.xml),
        };
        cx.report(span, message)
            .label(enabled.trimmed_span(), "conditional access enabled here")
            .help("add `<Sso><Enabled>true</Enabled><Eku>1.3.6.1.5.5.7.3.2</Eku><IssuerHash>…</IssuerHash></Sso>` inside `DeviceCompliance`, with the 40-hex thumbprint of the CA that issues the on-premises user certificate");
    }
}
