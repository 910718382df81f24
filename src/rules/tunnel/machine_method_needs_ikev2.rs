//! T011 `machine-method-needs-ikev2`: machine-certificate authentication without IKEv2.

use crate::diagnostic::Severity;
use crate::model::NativeProtocolType;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct MachineMethodNeedsIkev2;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T011",
    name: "machine-method-needs-ikev2",
    severity: Severity::Error,
    category: Category::Tunnel,
    summary: "`MachineMethod` = `Certificate` with `NativeProtocolType` other than IKEv2 (the CSP: machine authentication is supported only with IKEv2). Warning for `Automatic` and a `ProtocolList` that includes IKEv2.",
    predicts: &["the connection cannot authenticate with the computer certificate"],
    evidence: Evidence::Documented,
    // On a device tunnel `device-tunnel-protocol` reports the same protocol value.
    superseded_by: &[&crate::rules::device_tunnel::device_tunnel_protocol::META],
    ..RuleMeta::BASE
};

impl Rule for MachineMethodNeedsIkev2 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let (Some(native), Some(auth)) = (profile.native(), profile.authentication()) else {
            return;
        };
        let (Some(protocol), Some(machine)) = (&native.protocol, &auth.machine_method) else {
            return;
        };
        if !auth.machine_certificate() {
            return;
        }
        let lists_ikev2 = native
            .protocol_list_types
            .iter()
            .any(|t| t.trimmed().eq_ignore_ascii_case("Ikev2"));
        // IKEv2 is one of several candidates: whether Windows accepts this is not documented.
        let partial = match protocol.value {
            None | Some(NativeProtocolType::IkeV2) => return,
            Some(NativeProtocolType::Automatic) => true,
            Some(NativeProtocolType::ProtocolList) => lists_ikev2,
            Some(_) => false,
        };
        let value = protocol.leaf.trimmed();
        let message = if partial {
            format!("`MachineMethod` `Certificate` works only over IKEv2, but `NativeProtocolType` is `{value}`: every other protocol Windows may try cannot authenticate with the computer certificate")
        } else {
            format!("`MachineMethod` `Certificate` works only over IKEv2, but `NativeProtocolType` is `{value}`: the connection cannot authenticate with the computer certificate")
        };
        // The protocol is what to change (the help's first choice), and it is the value that
        // `device-tunnel-protocol` points at on a device tunnel.
        let diagnostic = cx.report(protocol.leaf.trimmed_span(), message);
        diagnostic
            .label(machine.trimmed_span(), "machine-certificate authentication here")
            .help("set `<NativeProtocolType>IKEv2</NativeProtocolType>`, or authenticate the user with `<UserMethod>Eap</UserMethod>` and an EAP configuration");
        if partial {
            diagnostic.severity(Severity::Warning);
        }
    }
}
