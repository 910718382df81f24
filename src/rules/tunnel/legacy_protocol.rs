//! T009 `legacy-protocol`: PPTP or L2TP, or a pre-shared key in the profile.

use crate::diagnostic::Severity;
use crate::model::NativeProtocolType;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct LegacyProtocol;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T009",
    name: "legacy-protocol",
    severity: Severity::Warning,
    category: Category::Tunnel,
    summary: "`NativeProtocolType` PPTP or L2TP, or an `L2tpPsk` element (a pre-shared key stored in clear text).",
    predicts: &[],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for LegacyProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(native) = cx.model.native_profile() else {
            return;
        };
        if let Some(choice) = &native.protocol {
            let name = match choice.value {
                Some(NativeProtocolType::Pptp) => Some("PPTP"),
                Some(NativeProtocolType::L2tp) => Some("L2TP"),
                _ => None,
            };
            if let Some(name) = name {
                cx.report(
                    choice.leaf.trimmed_span(),
                    format!("`NativeProtocolType` is {name}, an obsolete tunnel type that Always On VPN guidance does not support"),
                )
                .help("use `IKEv2` (with a `CryptographySuite`) or `SSTP`");
            }
        }
        if let Some(psk) = &native.l2tp_psk {
            cx.report(
                psk.element_span.start_tag(cx.xml),
                "`L2tpPsk` stores an L2TP pre-shared key in the profile in clear text",
            )
            .help(
                "use certificate authentication over IKEv2 instead of L2TP with a pre-shared key",
            );
        }
    }
}
