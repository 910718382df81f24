//! A009 `rras-auth-protocol-mismatch`: RRAS does not accept the authentication the profile
//! uses (`Get-VpnAuthProtocol`'s `UserAuthProtocolAccepted`).

use crate::diagnostic::Severity;
use crate::model::UserMethod;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct RrasAuthProtocolMismatch;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A009",
    name: "rras-auth-protocol-mismatch",
    severity: Severity::Error,
    category: Category::Authentication,
    summary: "The profile's authentication (`UserMethod` `Eap`/`MSChapv2`, or a device tunnel's machine certificate) is not in RRAS's `UserAuthProtocolAccepted` (`Get-VpnAuthProtocol`).",
    predicts: &["812", "RemoteAccess event 20276"],
    evidence: Evidence::Documented,
    needs: &[Needs::Server],
    ..RuleMeta::BASE
};

impl Rule for RrasAuthProtocolMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(profile)) = (cx.scope, &cx.model.profile) else {
            return;
        };
        let Some(authentication) = profile.authentication() else {
            return;
        };
        // What RRAS must accept, the profile element that says so, and how sure the
        // consequence is (Microsoft documents the EAP case; the device-tunnel one is inferred).
        let (needed, span, documented) = if profile.is_device_tunnel() {
            let Some(machine) = authentication
                .machine_method
                .as_ref()
                .filter(|_| authentication.machine_certificate())
            else {
                return;
            };
            ("Certificate", machine.trimmed_span(), false)
        } else {
            let Some(choice) = authentication.user_method.as_ref() else {
                return;
            };
            match choice.value {
                Some(UserMethod::Eap) => ("EAP", choice.leaf.trimmed_span(), true),
                Some(UserMethod::MsChapV2) => ("MsChapv2", choice.leaf.trimmed_span(), true),
                None => return,
            }
        };
        for server in &scope.servers {
            let Some(accepted) = server
                .rras()
                .and_then(|d| d.auth.as_ref())
                .and_then(|a| a.user_accepted.as_ref())
            else {
                continue;
            };
            // A truncated list (`{EAP, MsChapv2...}`) may hold it: not judged.
            if accepted.contains(needed) != Some(false) {
                continue;
            }
            let consequence = if documented {
                "RRAS refuses the connection (RemoteAccess event 20276) and the client shows error 812"
            } else {
                "the device tunnel cannot authenticate with its machine certificate"
            };
            cx.report(
                span,
                format!(
                    "RRAS ({}) accepts {{{}}} but not `{needed}`, which this profile uses: {consequence}",
                    &*server.path,
                    accepted.items.join(", ")
                ),
            )
            .severity(if documented { META.severity } else { Severity::Warning })
            .label_elsewhere(server.place(accepted.span), "`UserAuthProtocolAccepted` on the VPN server")
            .help(format!(
                "on the VPN server: `Set-VpnAuthProtocol -UserAuthProtocolAccepted {}` (the methods it accepts now and `{needed}`), then restart RemoteAccess",
                accepted
                    .items
                    .iter()
                    .map(String::as_str)
                    .chain([needed])
                    .collect::<Vec<_>>()
                    .join(",")
            ));
        }
    }
}
