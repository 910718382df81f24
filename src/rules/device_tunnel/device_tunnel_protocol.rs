//! D002 `device-tunnel-protocol`: a device tunnel must use IKEv2.

use crate::diagnostic::Severity;
use crate::model::NativeProtocolType;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct DeviceTunnelProtocol;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D002",
    name: "device-tunnel-protocol",
    severity: Severity::Error,
    category: Category::DeviceTunnel,
    summary: "`DeviceTunnel` = `true` with `NativeProtocolType` other than IKEv2 (device tunnels are IKEv2 only, no SSTP fallback).",
    predicts: &["device tunnel never connects"],
    evidence: Evidence::Documented,
    // An unknown value is not IKEv2 either; that rule names the values Windows knows.
    superseded_by: &[&crate::rules::structure::invalid_enum_value::META],
    ..RuleMeta::BASE
};

impl Rule for DeviceTunnelProtocol {
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
        match &native.protocol {
            Some(choice) if choice.value == Some(NativeProtocolType::IkeV2) => {}
            Some(choice) => {
                cx.report(
                    choice.leaf.trimmed_span(),
                    format!(
                        "a device tunnel must use IKEv2, but `NativeProtocolType` is `{}`",
                        choice.leaf.trimmed()
                    ),
                )
                .label(device_tunnel.trimmed_span(), "device tunnel declared here")
                .help("set `<NativeProtocolType>IKEv2</NativeProtocolType>`");
            }
            None => {
                cx.report(
                    native.span.start_tag(cx.xml),
                    "a device tunnel must use IKEv2, but `NativeProfile` has no `NativeProtocolType`",
                )
                .label(device_tunnel.trimmed_span(), "device tunnel declared here")
                .help("add `<NativeProtocolType>IKEv2</NativeProtocolType>`");
            }
        }
    }
}
