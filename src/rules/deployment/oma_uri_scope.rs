//! M001 `oma-uri-scope`: the OMA-URI of a ProfileXML item has no `./User` or `./Device`
//! scope, or a scope the profile cannot live in.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;

pub struct OmaUriScope;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M001",
    name: "oma-uri-scope",
    severity: Severity::Error,
    category: Category::Deployment,
    summary: "OMA-URI without `./User` or `./Device` (`./Vendor/MSFT/VPNv2/…`), or a LockDown profile under `./User` (a device tunnel there is `device-tunnel-user-context`).",
    predicts: &["Intune 0x87d1fde8 (Remediation failed)"],
    evidence: Evidence::Reported,
    superseded_by: &[&crate::rules::device_tunnel::device_tunnel_user_context::META],
    fix: FixKind::Mixed,
    ..RuleMeta::BASE
};

impl Rule for OmaUriScope {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(oma) = cx.wrapper.oma.clone() else {
            return;
        };
        let uri = oma.loc_uri.trim();
        if uri.is_empty() || !uri.contains("VPNv2") {
            return;
        }
        let scope = oma.scope_span();
        if !(uri.starts_with("./User/") || uri.starts_with("./Device/")) {
            let device = cx
                .model
                .profile
                .as_ref()
                .is_some_and(|p| p.is_device_tunnel() || p.is_lock_down());
            let (scope_name, other) = if device {
                ("./Device", "./User")
            } else {
                ("./User", "./Device")
            };
            let fixed = match uri.find("/Vendor/") {
                Some(at) => format!("{scope_name}{}", &uri[at..]),
                None => format!("{scope_name}/Vendor/MSFT/{}", uri.trim_start_matches("./")),
            };
            let lead = oma.loc_uri.len() - oma.loc_uri.trim_start().len();
            let start = oma.loc_uri_span.start + lead;
            let whole = Span::new(start, start + uri.len());
            let title = format!("Write `{fixed}`");
            let edits = vec![Edit::replace(whole, fixed.clone())];
            // A device tunnel or LockDown profile exists only under `./Device`; for any other
            // profile `./User` is a guess (a device-wide user tunnel is `./Device` too).
            let fix = if device {
                Fix::safe(title, edits)
            } else {
                Fix::unsafe_edit(title, edits)
            };
            cx.report(
                scope,
                format!("the OMA-URI `{uri}` does not start with `./User/` or `./Device/`; Intune custom settings fail with 0x87d1fde8 (\"Remediation failed\") without a scope"),
            )
            .in_file_coordinates()
            .help(format!("write `{fixed}` (or `{other}/...` if the profile is meant for the other scope)"))
            .fix(fix);
            return;
        }
        let lock_down = cx.model.profile.as_ref().is_some_and(|p| p.is_lock_down());
        if oma.user_scoped() && lock_down {
            cx.report(
                scope,
                "a LockDown profile (`LockDown` = `true`) is sent to `./User`; LockDown is device-wide and only exists under `./Device`, so Windows rejects the profile",
            )
            .in_file_coordinates()
            .help(format!("write `{}`", uri.replacen("./User/", "./Device/", 1)))
            .fix(Fix::safe(
                "Send the profile to `./Device`",
                vec![Edit::replace(scope, "./Device")],
            ));
        }
    }
}
