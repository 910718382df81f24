//! M006 `intune-win11-servers-workaround`: the two Windows 11 + Intune workarounds from Richard
//! Hicks' reference profiles (server listed as `host;host`, `MachineMethod` `Eap` next to
//! `UserMethod` `Eap`). Windows writes both back that way itself, and Intune re-applies a
//! profile whose read-back differs. Reported by one expert, not by Microsoft: info only.

use crate::diagnostic::Severity;
use crate::meta::Deployment;
use crate::model::UserMethod;
use crate::rules::tunnel::servers::server_entries;
use crate::rules::util::span_in_leaf;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct IntuneWin11ServersWorkaround;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M006",
    name: "intune-win11-servers-workaround",
    severity: Severity::Info,
    category: Category::Deployment,
    summary: "For Intune to Windows 11: a `Servers` entry without a `;friendly-name` part, or `UserMethod` Eap without a companion `MachineMethod` Eap.",
    predicts: &["Intune reports the profile as failed or keeps re-applying it on Windows 11"],
    evidence: Evidence::Reported,
    // Scripts (WMI bridge, Add-VpnConnection) never compare with the read-back.
    deployments: Deployment::MAYBE_MDM,
    superseded_by: &[&crate::rules::tunnel::servers_syntax::META],
    ..RuleMeta::BASE
};

impl Rule for IntuneWin11ServersWorkaround {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(native) = profile.native() else {
            return;
        };
        // One finding per entry without a friendly name, on its server part: a malformed
        // server is then one finding with the syntax rule's, which points at the same part,
        // and the well-formed entries next to it are still reported.
        if let Some(servers) = &native.servers {
            for entry in server_entries(servers) {
                if entry.semicolon.is_some() || entry.server.is_empty() {
                    continue;
                }
                let server = entry.server;
                cx.report(
                    span_in_leaf(servers, entry.server_range.clone()),
                    format!("`Servers` lists `{server}` without a `;friendly-name` part; Windows writes it back as `name;name`, and for Intune-deployed profiles on Windows 11 the server is reported to need listing that way"),
                )
                .help(format!("write `{server};{server}`"));
            }
        }
        // A device tunnel authenticates the machine only: the workaround (a machine method
        // next to the user's EAP) is for user tunnels.
        if profile.is_device_tunnel() {
            return;
        }
        let Some(auth) = &native.authentication else {
            return;
        };
        if auth.user_method() != Some(UserMethod::Eap) || auth.machine_method.is_some() {
            return;
        }
        if let Some(user_method) = &auth.user_method {
            cx.report(
                user_method.leaf.trimmed_span(),
                "`UserMethod` is `Eap` without `<MachineMethod>Eap</MachineMethod>`; Windows adds that element when it writes the profile back, and for Intune-deployed profiles on Windows 11 it is reported to be required",
            )
            .help("add `<MachineMethod>Eap</MachineMethod>` right after `UserMethod`");
        }
    }
}
