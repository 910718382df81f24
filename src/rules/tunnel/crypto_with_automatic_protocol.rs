//! T001 `crypto-with-automatic-protocol`: `CryptographySuite` with `NativeProtocolType`
//! `Automatic`.

use crate::diagnostic::Severity;
use crate::model::NativeProtocolType;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct CryptoWithAutomaticProtocol;

/// Default `warning`, not the catalogue's `error`: the suite is silently ignored (or mis-applied),
/// which breaks the connection only when the server enforces a custom IPsec policy, and Richard
/// Hicks' own reference user template ships with this combination (see the rule's page).
pub(crate) static META: RuleMeta = RuleMeta {
    code: "T001",
    name: "crypto-with-automatic-protocol",
    severity: Severity::Warning,
    category: Category::Tunnel,
    summary: "`CryptographySuite` present while `NativeProtocolType` is `Automatic`: Windows ignores the custom IKEv2 policy or applies it wrongly (EncryptionMethod DES).",
    predicts: &["13868", "IKEv2 negotiates the default (weak) proposal"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for CryptoWithAutomaticProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(native) = cx.model.native_profile() else {
            return;
        };
        let (Some(protocol), Some(suite)) = (&native.protocol, &native.cryptography_suite) else {
            return;
        };
        if protocol.value != Some(NativeProtocolType::Automatic) {
            return;
        }
        cx.report(
            suite.span.start_tag(cx.xml),
            "`CryptographySuite` does not take effect with `NativeProtocolType` `Automatic`: Windows ignores the custom IKEv2 policy or applies it wrongly (`EncryptionMethod` ends up as DES), so IKEv2 offers the default proposal and a server that enforces a custom policy refuses it (error 13868)",
        )
        .label(protocol.leaf.trimmed_span(), "`Automatic` here")
        .help("deploy with `<NativeProtocolType>IKEv2</NativeProtocolType>` so the suite is applied; if you need the SSTP fallback, change `VpnStrategy` in rasphone.pbk after the profile is created (Microsoft acknowledged the bug but has not fixed it)");
    }
}
