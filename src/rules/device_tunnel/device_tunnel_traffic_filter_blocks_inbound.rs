//! D005 `device-tunnel-traffic-filter-blocks-inbound`: traffic filters on a device tunnel
//! block manage-out traffic.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct DeviceTunnelTrafficFilterBlocksInbound;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D005",
    name: "device-tunnel-traffic-filter-blocks-inbound",
    severity: Severity::Warning,
    category: Category::DeviceTunnel,
    summary: "`DeviceTunnel` = `true` with `TrafficFilter` rules and none with `Direction` Inbound: inbound (manage-out) traffic over the tunnel is blocked.",
    predicts: &["manage-out fails over the device tunnel (WinRM, remote GPUpdate, ConfigMgr push)"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for DeviceTunnelTrafficFilterBlocksInbound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(device_tunnel) = profile.device_tunnel_declaration() else {
            return;
        };
        let Some(first) = profile.traffic_filters.first() else {
            return;
        };
        let inbound = profile.traffic_filters.iter().any(|f| {
            f.direction
                .as_ref()
                .is_some_and(|d| d.trimmed().eq_ignore_ascii_case("Inbound"))
        });
        if inbound {
            return;
        }
        let count = profile.traffic_filters.len();
        cx.report(
            first.span.start_tag(cx.xml),
            format!(
                "{} on a device tunnel and none allows inbound traffic: Windows blocks everything the filters do not allow, so manage-out connections from the corporate network (WinRM, remote GPUpdate, ConfigMgr push) fail",
                if count == 1 { "a traffic filter is".to_string() } else { format!("{count} traffic filters are") }
            ),
        )
        .label(device_tunnel.trimmed_span(), "device tunnel declared here")
        .help("remove the traffic filters and restrict the tunnel with host `Route` entries, or add a `TrafficFilter` with `<Direction>Inbound</Direction>` for the management hosts (Windows 10 2004 and later)");
    }
}
