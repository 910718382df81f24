//! T018 `ikev2-fragmentation-disabled`: `DisableIKEv2Fragmentation` = `true` with IKEv2.

use super::ikev2_in_use;
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct Ikev2FragmentationDisabled;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T018",
    name: "ikev2-fragmentation-disabled",
    severity: Severity::Warning,
    category: Category::Tunnel,
    summary: "`DisableIKEv2Fragmentation` = `true` on a profile that uses IKEv2: large IKE messages are IP-fragmented, and networks that drop fragments time out (809).",
    predicts: &["809"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for Ikev2FragmentationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(leaf) = profile
            .disable_ikev2_fragmentation
            .as_ref()
            .filter(|l| l.is_true())
        else {
            return;
        };
        if !ikev2_in_use(profile) {
            return;
        }
        cx.report(
            leaf.trimmed_span(),
            "`DisableIKEv2Fragmentation` is `true`: IKEv2 messages that carry certificates exceed the path MTU and are fragmented at the IP layer; firewalls and NAT devices that drop IP fragments then swallow them, and the connection fails with error 809 from those networks only",
        )
        .help("set `<DisableIKEv2Fragmentation>false</DisableIKEv2Fragmentation>` or remove the element (IKEv2 fragmentation is on by default; the VPN server must support it too)");
    }
}
