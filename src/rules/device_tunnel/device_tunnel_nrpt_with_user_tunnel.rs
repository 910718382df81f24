//! D008 `device-tunnel-nrpt-with-user-tunnel`: NRPT rules in a device tunnel next to a user
//! tunnel.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct DeviceTunnelNrptWithUserTunnel;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D008",
    name: "device-tunnel-nrpt-with-user-tunnel",
    severity: Severity::Warning,
    category: Category::DeviceTunnel,
    summary: "`DomainNameInformation` in the device-tunnel profile while a user-tunnel profile also exists.",
    predicts: &["names of the device tunnel's NRPT rules do not resolve while the user tunnel is up"],
    evidence: Evidence::Reported,
    needs: &[Needs::Set],
    ..RuleMeta::BASE
};

impl Rule for DeviceTunnelNrptWithUserTunnel {
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
        let Some(rule) = profile.domain_name_information.first() else {
            return;
        };
        let Some(peer) = scope.peers.iter().find(|p| p.facts.is_user_tunnel()) else {
            return;
        };
        let theirs = peer.facts.root.clone();
        let message = format!(
            "NRPT rules (`DomainNameInformation`) in a device tunnel deployed with the user tunnel {}{}: with both tunnels on a device, name resolution rules work only in the user tunnel",
            scope.describe(peer, &theirs),
            peer.how_known()
        );
        cx.report(rule.span, message)
            .severity(peer.severity(META.severity))
            .label_elsewhere(theirs, "the user tunnel on the same devices")
            .help("move the `DomainNameInformation` entries to the user-tunnel profile");
    }
}
