//! D009 `device-tunnel-tnd-matches-user-suffix`: the device tunnel's trusted network is the
//! user tunnel's DNS suffix.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct DeviceTunnelTndMatchesUserSuffix;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D009",
    name: "device-tunnel-tnd-matches-user-suffix",
    // Info, not the catalogue's warning: most published device/user pairs have it and the
    // effect is reported "in some cases" only (rules/device-tunnel-tnd-matches-user-suffix.md).
    severity: Severity::Info,
    category: Category::DeviceTunnel,
    summary: "A device-tunnel `TrustedNetworkDetection` suffix equals a suffix in the user tunnel's `DnsSuffix`.",
    predicts: &["the device tunnel disconnects when the user tunnel connects"],
    evidence: Evidence::Reported,
    needs: &[Needs::Set],
    ..RuleMeta::BASE
};

impl Rule for DeviceTunnelTndMatchesUserSuffix {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(profile)) = (cx.scope, &cx.model.profile) else {
            return;
        };
        if !profile.is_device_tunnel() {
            return;
        }
        let Some(tnd) = &profile.trusted_network_detection else {
            return;
        };
        let mine: Vec<String> = tnd
            .text
            .split(',')
            .map(|s| s.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        let found = scope
            .peers
            .iter()
            .filter(|p| p.facts.is_user_tunnel())
            .find_map(|p| {
                let (suffix, place) = p
                    .facts
                    .dns_suffixes
                    .iter()
                    .find(|(suffix, _)| mine.contains(suffix))?;
                Some((p, suffix.clone(), place.clone()))
            });
        let Some((peer, suffix, theirs)) = found else {
            return;
        };
        let message = format!(
            "the device tunnel's trusted network `{suffix}` is also a DNS suffix of the user tunnel {}{}: when the user tunnel connects, the device tunnel has been seen to re-evaluate, take `{suffix}` on the user tunnel for the trusted network and disconnect",
            scope.describe(peer, &theirs),
            peer.how_known()
        );
        cx.report(tnd.trimmed_span(), message)
            .severity(peer.severity(META.severity))
            .label_elsewhere(theirs, "the user tunnel's DNS suffix")
            .help("use a suffix only the internal network hands out (its DHCP connection-specific suffix) for `TrustedNetworkDetection`, not the suffix the user tunnel adds");
    }
}
