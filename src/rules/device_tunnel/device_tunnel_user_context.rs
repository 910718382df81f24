//! D010 `device-tunnel-user-context`: a device tunnel delivered in a user's context.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct DeviceTunnelUserContext;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D010",
    name: "device-tunnel-user-context",
    severity: Severity::Error,
    category: Category::DeviceTunnel,
    summary: "`DeviceTunnel` = `true` delivered through a `./User/…` OMA-URI, or by a WMI-bridge script that creates it in a user's context or never checks that it runs as SYSTEM.",
    predicts: &["device tunnel not created", "CreateInstance fails; later export of the profile fails"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for DeviceTunnelUserContext {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let device_tunnel = cx
            .model
            .profile
            .as_ref()
            .and_then(|p| p.device_tunnel.clone())
            .filter(|d| d.is_true());
        let Some(device_tunnel) = device_tunnel else {
            return;
        };
        if let Some(oma) = cx.wrapper.oma.clone() {
            if oma.user_scoped() {
                cx.report(
                    oma.scope_span(),
                    "a device tunnel (`DeviceTunnel` = `true`) is sent to `./User`; `DeviceTunnel` exists only under `./Device`, so the profile is rejected",
                )
                .in_file_coordinates()
                .help(format!("write `{}`", oma.loc_uri.trim().replacen("./User/", "./Device/", 1)));
            }
            return;
        }
        let Some(script) = cx.wrapper.script.clone() else {
            return;
        };
        // Only the WMI bridge creates the node from the script (one detection for every rule:
        // `WrapperInfo::deployment`, which configuration can also state).
        if cx.wrapper.deployment != crate::meta::Deployment::WmiBridge {
            return;
        }
        if let Some(span) = script.user_context {
            // A script that deploys a user tunnel too sets the user context for that one
            // (typically only when a user SID is given): which profile it applies to is
            // decided at run time.
            if script.profiles > 1 {
                return;
            }
            cx.report(
                span,
                "the script creates the profile in a user's context (`PolicyPlatform_UserContext`), but this is a device tunnel; a device tunnel must be created by LOCAL SYSTEM in the device context, otherwise creation or later export fails",
            )
            .in_file_coordinates()
            .help("for the device tunnel, drop the user-context options and run the script as SYSTEM (e.g. `psexec -s -i powershell.exe`, or an Intune/SCCM deployment in system context)");
        } else if !script.checks_system {
            cx.report(
                device_tunnel.trimmed_span(),
                "this device tunnel is deployed by a script that never checks it runs as SYSTEM; created from an administrator's session the device tunnel fails to be created or cannot be exported later",
            )
            .severity(Severity::Warning)
            .help("check the account first, e.g. `if ([Security.Principal.WindowsIdentity]::GetCurrent().User.Value -ne 'S-1-5-18') { throw 'Run as SYSTEM' }`");
        }
    }
}
