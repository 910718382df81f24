//! D011 `multiple-device-tunnels`: two profiles with `DeviceTunnel` = `true` for one device.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct MultipleDeviceTunnels;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D011",
    name: "multiple-device-tunnels",
    severity: Severity::Error,
    category: Category::DeviceTunnel,
    summary: "More than one profile with `DeviceTunnel` = `true` for the same devices.",
    predicts: &["the second device tunnel cannot be added or does not connect"],
    evidence: Evidence::Documented,
    needs: &[Needs::Set],
    ..RuleMeta::BASE
};

impl Rule for MultipleDeviceTunnels {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(profile)) = (cx.scope, &cx.model.profile) else {
            return;
        };
        let Some(mine) = profile
            .device_tunnel
            .as_ref()
            .filter(|_| profile.is_device_tunnel())
        else {
            return;
        };
        // One finding per pair, at the later profile.
        let Some((peer, theirs)) = scope
            .earlier_peers()
            .find_map(|p| Some((p, p.facts.device_tunnel.clone()?)))
        else {
            return;
        };
        let message = format!(
            "a second device tunnel for the same devices (the first is {}){}: Windows allows one device tunnel per device",
            scope.describe(peer, &theirs),
            peer.how_known()
        );
        let severity = peer.severity(META.severity);
        cx.report(mine.trimmed_span(), message)
            .severity(severity)
            .label_elsewhere(theirs, "the other device tunnel")
            .help("deploy one device tunnel per device: remove the old profile before adding its replacement, or merge the two");
    }
}
