//! D003 `device-tunnel-force-tunnel`: device tunnels support split tunnelling only.

use crate::diagnostic::Severity;
use crate::model::RoutingPolicyType;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct DeviceTunnelForceTunnel;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D003",
    name: "device-tunnel-force-tunnel",
    severity: Severity::Error,
    category: Category::DeviceTunnel,
    summary: "`DeviceTunnel` = `true` with `RoutingPolicyType` ForceTunnel, or with `RoutingPolicyType` omitted (force tunnel is the default).",
    predicts: &["device tunnel not supported in force tunnel: it does not connect or routes break"],
    evidence: Evidence::Documented,
    // An unknown value: that rule names the values Windows knows.
    superseded_by: &[&crate::rules::structure::invalid_enum_value::META],
    ..RuleMeta::BASE
};

impl Rule for DeviceTunnelForceTunnel {
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
        let Some(native) = profile.native() else {
            return;
        };
        let help = "set `<RoutingPolicyType>SplitTunnel</RoutingPolicyType>` in `NativeProfile` and list the infrastructure hosts as `Route` entries";
        match &native.routing_policy_type {
            Some(choice) if choice.value == Some(RoutingPolicyType::ForceTunnel) => {
                cx.report(
                    choice.leaf.trimmed_span(),
                    "a device tunnel does not support force tunnelling (Microsoft: \"Device tunnel does not support Force tunnel. You must configure it as Split tunnel.\")",
                )
                .label(device_tunnel.trimmed_span(), "device tunnel declared here")
                .help(help);
            }
            Some(choice) if choice.value == Some(RoutingPolicyType::SplitTunnel) => {}
            // A value Windows does not know is replaced by the default, force tunnel.
            Some(choice) => {
                cx.report(
                    choice.leaf.trimmed_span(),
                    format!(
                        "a device tunnel must be split-tunnelled, but `RoutingPolicyType` is `{}`, not `SplitTunnel`, and Windows falls back to the default, force tunnel",
                        choice.leaf.trimmed()
                    ),
                )
                .label(device_tunnel.trimmed_span(), "device tunnel declared here")
                .help(help);
            }
            None => {
                cx.report(
                    native.span.start_tag(cx.xml),
                    "a device tunnel must be split-tunnelled, but `NativeProfile` has no `RoutingPolicyType`, and force tunnel is the default",
                )
                .label(device_tunnel.trimmed_span(), "device tunnel declared here")
                .help(help);
            }
        }
    }
}
