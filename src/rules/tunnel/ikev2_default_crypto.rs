//! T005 `ikev2-default-crypto`: IKEv2 without a `CryptographySuite`.

use super::ikev2_in_use;
use crate::diagnostic::Severity;
use crate::model::NativeProtocolType;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct Ikev2DefaultCrypto;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T005",
    name: "ikev2-default-crypto",
    severity: Severity::Info,
    category: Category::Tunnel,
    summary: "IKEv2 in use (`NativeProtocolType` IKEv2, Automatic or a `ProtocolList` with IKEv2, or a device tunnel) and no `CryptographySuite`: Windows offers its default proposal (3DES, SHA-1, DH group 2). Warning on device tunnels.",
    predicts: &["13868 against a hardened server", "weak default IKEv2 cryptography"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for Ikev2DefaultCrypto {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(native) = profile.native() else {
            return;
        };
        if native.cryptography_suite.is_some() || !ikev2_in_use(profile) {
            return;
        }
        let span = native
            .protocol
            .as_ref()
            .map_or_else(|| native.span.start_tag(cx.xml), |p| p.leaf.trimmed_span());
        let automatic =
            native.protocol.as_ref().and_then(|p| p.value) == Some(NativeProtocolType::Automatic);
        let device = profile.is_device_tunnel();
        let diagnostic = cx.report(
            span,
            format!(
                "{} has no `CryptographySuite`: Windows offers its default IKEv2 proposal (3DES, SHA-1, DH group 2), which a server hardened with a custom IPsec policy refuses (error 13868) and an unhardened one accepts with weak cryptography",
                if device { "this device tunnel uses IKEv2 but" } else { "IKEv2 is in use but the profile" }
            ),
        );
        if device {
            diagnostic.severity(Severity::Warning);
        }
        diagnostic.help(if automatic {
            "add a `CryptographySuite` matching the server's `Set-VpnServerConfiguration -CustomPolicy` (e.g. `GCMAES128` transforms, `Group14`, `ECP256`, `SHA256`, `AES_GCM_128`) and set `NativeProtocolType` to `IKEv2`: with `Automatic` Windows ignores the suite (`crypto-with-automatic-protocol`)"
        } else {
            "add a `CryptographySuite` matching the server's `Set-VpnServerConfiguration -CustomPolicy` (e.g. `GCMAES128` transforms, `Group14`, `ECP256`, `SHA256`, `AES_GCM_128`)"
        });
    }
}
