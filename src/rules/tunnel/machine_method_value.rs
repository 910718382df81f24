//! T012 `machine-method-value`: `MachineMethod` other than `Certificate`.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::schema::edit_distance;
use crate::model::UserMethod;
use crate::rules::structure::literal_trimmed_span;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct MachineMethodValue;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T012",
    name: "machine-method-value",
    severity: Severity::Warning,
    category: Category::Tunnel,
    summary: "`MachineMethod` has a value other than `Certificate`, except `Eap` paired with `UserMethod` `Eap` (the Windows 11 + Intune workaround).",
    predicts: &["13806"],
    evidence: Evidence::Reported,
    // On a device tunnel `device-tunnel-user-auth` reports the same value.
    superseded_by: &[&crate::rules::device_tunnel::device_tunnel_user_auth::META],
    fix: FixKind::Safe,
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
        // A misspelt `Certificate` (`Certficate`, `Cert`) can only have meant it; any other
        // value names another method, and which one was meant is the administrator's call.
        let misspelt = edit_distance(&value.to_ascii_lowercase(), "certificate") <= 2
            || value.eq_ignore_ascii_case("cert");
        let fix = literal_trimmed_span(cx.xml, machine)
            .filter(|_| misspelt)
            .and_then(|span| {
                Fix::safe(
                    format!("Replace `{value}` with `Certificate`"),
                    vec![Edit::replace(span, "Certificate")],
                )
            });
        cx.report(machine.trimmed_span(), message)
            .help(
                "use `Certificate` for machine-certificate (device) authentication over IKEv2; `Eap` is only meaningful next to `<UserMethod>Eap</UserMethod>`",
            )
            .fix(fix);
    }
}
