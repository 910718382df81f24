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
        // Without certificate EAP (or on a device tunnel) `aad-ca-needs-certificate-eap`
        // reports the root cause; SSO is moot there.
        if profile.is_device_tunnel()
            || !cx
                .model
                .eap_host_config()
                .is_some_and(|h| h.uses_certificate())
        {
            return;
        }
        let message = match &compliance.sso {
            None => "device compliance is enabled but there is no `Sso` section: the Entra ID certificate has no CRL distribution point and cannot obtain Kerberos tickets, so users are prompted for credentials on file shares and other on-premises resources",
            Some(sso) => match sso.enabled.as_ref().map(|e| e.windows_bool()) {
                Some(Some(true)) => return,
                // Malformed `Enabled`: `boolean-literal-case` reports it.
                Some(None) => return,
                Some(Some(false)) => "`Sso/Enabled` is `false`: the Entra ID certificate cannot obtain Kerberos tickets, so users are prompted for credentials on on-premises resources",
                None => "`Sso` has no `Enabled` element, so single sign-on stays off: users are prompted for credentials on on-premises resources",
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
