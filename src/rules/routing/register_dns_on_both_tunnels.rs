//! R023 `register-dns-on-both-tunnels`: `RegisterDNS` on the device and the user tunnel.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct RegisterDnsOnBothTunnels;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R023",
    name: "register-dns-on-both-tunnels",
    severity: Severity::Warning,
    category: Category::Routing,
    summary:
        "`RegisterDNS` = `true` in both the device-tunnel profile and the user-tunnel profile.",
    predicts: &["two VPN addresses registered in DNS for one machine"],
    evidence: Evidence::Reported,
    needs: &[Needs::Set],
    ..RuleMeta::BASE
};

impl Rule for RegisterDnsOnBothTunnels {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(profile)) = (cx.scope, &cx.model.profile) else {
            return;
        };
        // Reported at the user tunnel: that is where the registration should go.
        if profile.is_device_tunnel() {
            return;
        }
        let Some(mine) = profile
            .register_dns
            .as_ref()
            .filter(|l| l.windows_bool() == Some(true))
        else {
            return;
        };
        let Some((peer, theirs)) = scope.peers.iter().find_map(|p| {
            p.facts.device_tunnel.as_ref()?;
            Some((p, p.facts.register_dns.clone()?))
        }) else {
            return;
        };
        let message = format!(
            "`RegisterDNS` is on in this user tunnel and in the device tunnel {}{}: the machine registers two VPN addresses in DNS",
            scope.describe(peer, &theirs),
            peer.how_known()
        );
        cx.report(mine.trimmed_span(), message)
            .severity(peer.severity(META.severity))
            .label_elsewhere(theirs, "`RegisterDNS` in the device tunnel")
            .help("register on one tunnel only, usually the device tunnel: remove `RegisterDNS` from the user tunnel");
    }
}
