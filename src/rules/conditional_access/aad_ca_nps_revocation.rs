//! E007 `aad-ca-nps-revocation`: device compliance (Entra conditional access) while NPS still
//! requires a revocation check that Entra's short-lived certificates cannot pass.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct AadCaNpsRevocation;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "E007",
    name: "aad-ca-nps-revocation",
    severity: Severity::Error,
    category: Category::ConditionalAccess,
    summary: "`DeviceCompliance` enabled, but the NPS revocation settings (`IgnoreNoRevocationCheck` under `RasMan\\PPP\\EAP\\13`, as saved from the server) are not 1.",
    predicts: &["812", "NPS reason 258"],
    evidence: Evidence::Documented,
    needs: &[Needs::Server],
    ..RuleMeta::BASE
};

impl Rule for AadCaNpsRevocation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(profile)) = (cx.scope, &cx.model.profile) else {
            return;
        };
        if !profile.device_compliance_enabled() {
            return;
        }
        let Some(declaration) = profile.device_compliance_declaration() else {
            return;
        };
        for server in &scope.servers {
            let Some(settings) = server.rras().and_then(|d| d.revocation.as_ref()) else {
                continue;
            };
            // Only a value the file shows is judged; an absent one is not known to be 0.
            let Some((value, span)) = settings.ignore_no_revocation_check else {
                continue;
            };
            if value == 1 {
                continue;
            }
            cx.report(
                declaration.trimmed_span(),
                format!(
                    "device compliance is on, but NPS has `IgnoreNoRevocationCheck` = {value} ({}): the short-lived certificates Entra ID issues have no revocation list, so NPS rejects them (reason 258) and the client shows error 812",
                    &*server.path
                ),
            )
            .label_elsewhere(server.place(span), "`IgnoreNoRevocationCheck` on the NPS server")
            .help("on every NPS server (and RRAS/NPS proxy): `New-ItemProperty -Path HKLM:\\SYSTEM\\CurrentControlSet\\Services\\RasMan\\PPP\\EAP\\13 -Name IgnoreNoRevocationCheck -PropertyType DWORD -Value 1 -Force`, then restart NPS");
        }
    }
}
