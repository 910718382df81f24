//! D012 `lockdown-constraints`: what a LockDown profile must be.
//!
//! The `./User` delivery part of the catalogue entry needs the SyncML wrapper and is checked by
//! the wrapper rules; this file checks what one profile shows.

use crate::diagnostic::Severity;
use crate::model::{NativeProtocolType, RoutingPolicyType};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct LockdownConstraints;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D012",
    name: "lockdown-constraints",
    severity: Severity::Error,
    category: Category::DeviceTunnel,
    summary: "`LockDown` = `true` with `RoutingPolicyType` SplitTunnel, a `NativeProtocolType` other than IKEv2, or a `PluginProfile` (LockDown is force-tunnel, IKEv2, built-in client only).",
    predicts: &["LockDown profile cannot be created, or is not enforced"],
    evidence: Evidence::Documented,
    // On a device tunnel that rule reports the same protocol value.
    superseded_by: &[&crate::rules::device_tunnel::device_tunnel_protocol::META],
    ..RuleMeta::BASE
};

impl Rule for LockdownConstraints {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(lock_down) = profile.lock_down.as_ref().filter(|l| l.is_true()) else {
            return;
        };
        let lock_span = lock_down.trimmed_span();
        for plugin in &profile.plugin_profiles {
            cx.report(
                plugin.span.start_tag(cx.xml),
                "a LockDown profile must use the built-in VPN client; `PluginProfile` (a third-party plug-in) cannot be locked down",
            )
            .label(lock_span, "LockDown declared here")
            .help("use a `NativeProfile` with IKEv2 and a machine certificate, or remove `LockDown`");
        }
        let Some(native) = profile.native() else {
            return;
        };
        if let Some(routing) = &native.routing_policy_type {
            if routing.value == Some(RoutingPolicyType::SplitTunnel) {
                cx.report(
                    routing.leaf.trimmed_span(),
                    "a LockDown profile is always force-tunnelled (all traffic goes through the VPN or is blocked); `SplitTunnel` contradicts it",
                )
                .label(lock_span, "LockDown declared here")
                .help("remove `RoutingPolicyType` (force tunnel is the default) or set it to `ForceTunnel`");
            }
        }
        if let Some(protocol) = &native.protocol {
            let known_other = protocol
                .value
                .is_some_and(|p| p != NativeProtocolType::IkeV2);
            if known_other {
                cx.report(
                    protocol.leaf.trimmed_span(),
                    format!(
                        "LockDown is available only with IKEv2 for the built-in client, but `NativeProtocolType` is `{}`",
                        protocol.leaf.trimmed()
                    ),
                )
                .label(lock_span, "LockDown declared here")
                .help("set `<NativeProtocolType>IKEv2</NativeProtocolType>`");
            }
        }
    }
}
