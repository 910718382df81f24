//! T012 `machine-method-value`: `MachineMethod` other than `Certificate`.

use crate::diagnostic::Severity;
use crate::model::UserMethod;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct MachineMethodValue;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T012",
    name: "machine-method-value",
    severity: Severity::Warning,
    category: Category::Tunnel,
    summary: "`MachineMethod` has a value other than `Certificate`, except `Eap` paired with `UserMethod` `Eap` (the Windows 11 + Intune workaround).",
    predicts: &["13806"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for MachineMethodValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        // On a device tunnel `device-tunnel-user-auth` reports the same element more precisely.
        if profile.is_device_tunnel() {
            return;
        }
        let Some(auth) = profile.authentication() else {
            return;
        };
        let Some(machine) = &auth.machine_method else {
            return;
        };
        let value = machine.trimmed();
        if value.eq_ignore_ascii_case("Certificate") {
            return;
        }
        let paired_eap =
            value.eq_ignore_ascii_case("Eap") && auth.user_method() == Some(UserMethod::Eap);
        if paired_eap {
            return;
        }
        let message = if value.eq_ignore_ascii_case("Eap") {
            "`MachineMethod` is `Eap` without `UserMethod` `Eap`: the CSP documents only `Certificate`, and a lone `Eap` machine method authenticates nothing".to_string()
        } else {
            format!("`MachineMethod` is `{value}`; the only documented value is `Certificate`")
        };
        cx.report(machine.trimmed_span(), message).help(
            "use `Certificate` for machine-certificate (device) authentication over IKEv2; `Eap` is only meaningful next to `<UserMethod>Eap</UserMethod>`",
        );
    }
}
