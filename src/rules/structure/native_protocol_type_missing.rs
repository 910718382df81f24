//! S014 `native-protocol-type-missing`: a native profile that does not say which tunnel
//! protocol to use.

use crate::diagnostic::Severity;
use crate::model::SchemaIssue;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct NativeProtocolTypeMissing;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S014",
    name: "native-protocol-type-missing",
    severity: Severity::Warning,
    category: Category::Structure,
    summary: "`NativeProfile` without `NativeProtocolType`, which the VPNv2 CSP documents as required for native profiles (what Windows does without it is not documented).",
    predicts: &[
        "profile rejected, or a connection whose protocol Windows chooses",
    ],
    evidence: Evidence::Documented,
    superseded_by: &[
        &super::csp_node_name_in_profilexml::META,
        &super::unknown_element::META,
    ],
    ..RuleMeta::BASE
};

impl Rule for NativeProtocolTypeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP, `NativeProfile/NativeProtocolType`: "Required for native profiles. Type of
    /// tunneling protocol used." The ProfileXML XSD declares it `minOccurs="0"`, and neither
    /// says what Windows does without it, hence `warning`.
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(native) = profile.native() else {
            return;
        };
        if native.protocol.is_some() {
            return;
        }
        // Written where Windows does not read it (wrong letter case, wrong parent): the finding
        // points at that element, where the schema rules point too.
        let misplaced = cx.model.issues.iter().find_map(|issue| match issue {
            SchemaIssue::UnknownElement { name, span, .. }
            | SchemaIssue::CspNodeName { name, span, .. }
                if name.eq_ignore_ascii_case("NativeProtocolType") =>
            {
                Some((*span, name.clone()))
            }
            _ => None,
        });
        let device_tunnel = profile.is_device_tunnel() || profile.is_lock_down();
        let suggestion = if device_tunnel {
            "`<NativeProtocolType>IKEv2</NativeProtocolType>` (device tunnels and LockDown profiles support only IKEv2)"
        } else {
            "`<NativeProtocolType>IKEv2</NativeProtocolType>`, `SSTP` or `Automatic`, matching what the VPN server accepts"
        };
        let message = "`NativeProfile` has no `NativeProtocolType`; the VPNv2 CSP documents it as required for native profiles and does not say which protocol Windows uses without it";
        if let Some((span, element)) = misplaced {
            cx.report(
                span,
                format!("{message} (Windows does not read `{element}` here)"),
            )
            .help("write `NativeProtocolType`, spelt that way, as a child of `NativeProfile`");
            return;
        }
        cx.report(native.span.start_tag(cx.xml), message)
            .help(format!("add {suggestion} after `RoutingPolicyType`"));
    }
}
