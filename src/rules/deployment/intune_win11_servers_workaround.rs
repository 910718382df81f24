//! M006 `intune-win11-servers-workaround`: the two Windows 11 + Intune workarounds from Richard
//! Hicks' reference profiles (server listed as `host;host`, `MachineMethod` `Eap` next to
//! `UserMethod` `Eap`). Windows writes both back that way itself, and Intune re-applies a
//! profile whose read-back differs. Reported by one expert, not by Microsoft: info only.

use crate::diagnostic::Severity;
use crate::model::UserMethod;
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
        // Entries that are not plain host names (scheme, port, spaces, placeholders) are
        // `servers-syntax`'s finding; a `host;host` suggestion built from them would be wrong.
        let plain = |entry: &str| {
            entry.split(';').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            })
        };
        let servers = native
            .servers
            .as_ref()
            .filter(|s| s.trimmed().split(',').map(str::trim).all(plain));
        if let Some(servers) = servers {
            let bare: Vec<&str> = servers
                .trimmed()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty() && !s.contains(';'))
                .collect();
            if !bare.is_empty() {
                let written: Vec<String> = servers
                    .trimmed()
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        if s.contains(';') {
                            s.to_string()
                        } else {
                            format!("{s};{s}")
                        }
                    })
                    .collect();
                cx.report(
                    servers.trimmed_span(),
                    "`Servers` lists the server without a `;friendly-name` part; Windows writes it back as `name;name`, and for Intune-deployed profiles on Windows 11 the server is reported to need listing that way",
                )
                .help(format!("write `{}`", written.join(",")));
            }
        }
        // Device tunnels have no user method; `device-tunnel-user-auth` covers them.
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
