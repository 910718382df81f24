//! T007 `automatic-protocol-order`: `NativeProtocolType` = `Automatic`.

use crate::diagnostic::Severity;
use crate::model::NativeProtocolType;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct AutomaticProtocolOrder;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T007",
    name: "automatic-protocol-order",
    severity: Severity::Info,
    category: Category::Tunnel,
    summary: "`NativeProtocolType` is `Automatic`: Windows picks the order (SSTP is tried first) and reports only the generic error 800 when all fail.",
    predicts: &["800"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for AutomaticProtocolOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(choice) = cx.model.native_profile().and_then(|n| n.protocol.as_ref()) else {
            return;
        };
        if choice.value == Some(NativeProtocolType::Automatic) {
            cx.report(
                choice.leaf.trimmed_span(),
                "`NativeProtocolType` is `Automatic`: Windows chooses the tunnel order itself (SSTP first, not IKEv2), and when every protocol fails the user sees only error 800",
            )
            .help("pin the protocol (`IKEv2`, or `SSTP`) so failures report their real cause; on Windows 11 `ProtocolList` sets an explicit order");
        }
    }
}
