//! D001 `device-tunnel-user-auth`: a device tunnel authenticates with the machine
//! certificate only.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct DeviceTunnelUserAuth;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D001",
    name: "device-tunnel-user-auth",
    severity: Severity::Error,
    category: Category::DeviceTunnel,
    summary: "`DeviceTunnel` = `true` with `UserMethod`/`Eap`, or without `MachineMethod` = `Certificate`.",
    predicts: &["13806", "device tunnel never connects"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for DeviceTunnelUserAuth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(device_tunnel) = profile.device_tunnel_declaration() else {
            return;
        };
        let Some(auth) = profile.authentication() else {
            return;
        };
        // Whether the user-authentication finding (whose help already says to add
        // `MachineMethod` `Certificate`) was reported: a user-tunnel `Authentication` copied into a
        // device tunnel is one defect, not two.
        let mut user_auth_reported = true;
        if let Some(user_method) = &auth.user_method {
            cx.report(
                user_method.leaf.element_span,
                "a device tunnel cannot use user authentication (`UserMethod`); it authenticates with the computer certificate only",
            )
            .label(device_tunnel.trimmed_span(), "device tunnel declared here")
            .help("remove `UserMethod` and `Eap`, and set `<MachineMethod>Certificate</MachineMethod>`");
        } else if let Some(eap) = &auth.eap {
            cx.report(
                eap.span.start_tag(cx.xml),
                "a device tunnel cannot use EAP; it authenticates with the computer certificate only",
            )
            .label(device_tunnel.trimmed_span(), "device tunnel declared here")
            .help("remove `Eap`, and set `<MachineMethod>Certificate</MachineMethod>`");
        } else {
            user_auth_reported = false;
        }
        if !auth.machine_certificate() {
            if auth.machine_method.is_none() && user_auth_reported {
                return;
            }
            let (span, message) = match &auth.machine_method {
                Some(machine) => (
                    machine.trimmed_span(),
                    format!(
                        "a device tunnel needs `MachineMethod` `Certificate`, but it is `{}`",
                        machine.trimmed()
                    ),
                ),
                None => (
                    auth.span.start_tag(cx.xml),
                    "a device tunnel needs `<MachineMethod>Certificate</MachineMethod>`, and `Authentication` has none".to_string(),
                ),
            };
            cx.report(span, message)
                .label(device_tunnel.trimmed_span(), "device tunnel declared here")
                .help("set `<MachineMethod>Certificate</MachineMethod>` (IKEv2 with the computer certificate)");
        }
    }
}
