//! D013 `lockdown-coexistence`: a LockDown profile with any other VPN profile.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct LockdownCoexistence;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D013",
    name: "lockdown-coexistence",
    severity: Severity::Error,
    category: Category::DeviceTunnel,
    summary: "A LockDown profile together with any other VPN profile, or two LockDown profiles.",
    predicts: &["the other profile cannot be added, connected or changed"],
    evidence: Evidence::Documented,
    needs: &[Needs::Set],
    ..RuleMeta::BASE
};

impl Rule for LockdownCoexistence {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(profile)) = (cx.scope, &cx.model.profile) else {
            return;
        };
        let Some(mine) = profile
            .lock_down
            .as_ref()
            .filter(|_| profile.is_lock_down())
        else {
            return;
        };
        // Two LockDown profiles: once, at the later one.
        if let Some((peer, theirs)) = scope
            .earlier_peers()
            .find_map(|p| Some((p, p.facts.lock_down.clone()?)))
        {
            let message = format!(
                "a second LockDown profile for the same devices (the first is {}){}: only one LockDown profile may exist on a device",
                scope.describe(peer, &theirs),
                peer.how_known()
            );
            let severity = peer.severity(META.severity);
            cx.report(mine.trimmed_span(), message)
                .severity(severity)
                .label_elsewhere(theirs, "the other LockDown profile")
                .help("keep one LockDown profile per device");
            return;
        }
        // Other profiles: at each LockDown profile, naming the first other one.
        let Some(peer) = scope.peers.iter().find(|p| p.facts.lock_down.is_none()) else {
            return;
        };
        let theirs = peer.facts.root.clone();
        let message = format!(
            "a LockDown profile deployed with another VPN profile (the profile {}){}: while a LockDown profile exists no other profile can be added, connected or changed",
            scope.describe(peer, &theirs),
            peer.how_known()
        );
        cx.report(mine.trimmed_span(), message)
            .severity(peer.severity(Severity::Warning))
            .label_elsewhere(theirs, "another VPN profile for the same devices")
            .help("deploy LockDown alone: remove the other profiles from these devices, or drop LockDown");
    }
}
