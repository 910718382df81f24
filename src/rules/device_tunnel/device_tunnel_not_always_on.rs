//! D004 `device-tunnel-not-always-on`: a device tunnel without `AlwaysOn` = `true`.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct DeviceTunnelNotAlwaysOn;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D004",
    name: "device-tunnel-not-always-on",
    severity: Severity::Warning,
    category: Category::DeviceTunnel,
    summary: "`DeviceTunnel` = `true` without `AlwaysOn` = `true` (Microsoft's device-tunnel guide requires it; the CSP reference says it is implied).",
    predicts: &["device tunnel does not connect before logon"],
    evidence: Evidence::Documented,
    // `True`, `1`: that rule says how to write the value Windows reads.
    superseded_by: &[&crate::rules::structure::boolean_literal_case::META],
    ..RuleMeta::BASE
};

impl Rule for DeviceTunnelNotAlwaysOn {
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
        let help = "add `<AlwaysOn>true</AlwaysOn>` to `VPNProfile`";
        match &profile.always_on {
            Some(always_on) if always_on.is_true() => {}
            Some(always_on) => {
                // Anything but the exact word `true` (`True`, `1`) is dropped by Windows.
                let value = if always_on.is_false() {
                    "`false`".to_owned()
                } else {
                    format!("`{}`, not `true`,", always_on.text.escape_debug())
                };
                cx.report(
                    always_on.trimmed_span(),
                    format!("`AlwaysOn` is {value} on a device tunnel: Microsoft's device-tunnel configuration requires `AlwaysOn` `true`, otherwise the tunnel may not come up before the user logs on"),
                )
                .label(device_tunnel.trimmed_span(), "device tunnel declared here")
                .help("set `<AlwaysOn>true</AlwaysOn>`");
            }
            None => {
                cx.report(
                    device_tunnel.trimmed_span(),
                    "device tunnel without `<AlwaysOn>true</AlwaysOn>`: Microsoft's device-tunnel configuration says AlwaysOn must be specified, otherwise the tunnel may not come up before the user logs on",
                )
                .help(help);
            }
        }
    }
}
