//! R028 `traffic-filter-local-port-outbound`: an outbound traffic filter that names the
//! server's port as a local port.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct TrafficFilterLocalPortOutbound;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R028",
    name: "traffic-filter-local-port-outbound",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "An outbound `TrafficFilter` with `LocalPortRanges` below the dynamic port range (e.g. 3389, 443) and no `RemotePortRanges`: the server's port written as the local one.",
    predicts: &["the filter never matches outgoing connections; the traffic it was meant to allow is blocked"],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

/// Where Windows' dynamic (ephemeral) ports start: the local port of an outgoing connection
/// is taken from 49152–65535 (Microsoft: "The default dynamic port range for TCP/IP has
/// changed since Windows Vista and in Windows Server 2008", KB 929851).
const DYNAMIC_PORTS_START: u32 = 49152;

impl Rule for TrafficFilterLocalPortOutbound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// `LocalPortRanges` is the port on the client. For an outgoing connection (the default
    /// `Direction`), that is a dynamic port, never the service's port: a filter for outgoing
    /// RDP written `LocalPortRanges` 3389 matches nothing. Inbound filters (a device tunnel's
    /// management access) rightly name local ports and are not judged.
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for filter in &profile.traffic_filters {
            let outbound = filter
                .direction
                .as_ref()
                .is_none_or(|d| d.trimmed().eq_ignore_ascii_case("outbound"));
            let has_remote_ports = filter
                .remote_port_ranges
                .as_ref()
                .is_some_and(|p| !p.trimmed().is_empty());
            let Some(local) = filter.local_port_ranges.as_ref() else {
                continue;
            };
            if !outbound || has_remote_ports {
                continue;
            }
            let Some(highest) = highest_port(local.trimmed()) else {
                continue;
            };
            if highest >= DYNAMIC_PORTS_START {
                continue;
            }
            cx.report(
                local.trimmed_span(),
                format!("`LocalPortRanges` `{}` is on the client's side, but this filter is for outgoing traffic, whose local port Windows picks from 49152–65535: the filter never matches, and the traffic to that server port is blocked", local.trimmed()),
            )
            .help("write the server's port as `RemotePortRanges` (the local port of an outgoing connection is dynamic)");
        }
    }
}

/// The highest port of a `10,20-50` list; `None` when any part is not a port or a range.
fn highest_port(text: &str) -> Option<u32> {
    let mut highest = None;
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (low, high) = part.split_once('-').unwrap_or((part, part));
        let low: u32 = low.trim().parse().ok()?;
        let high: u32 = high.trim().parse().ok()?;
        if low > high || high > 65535 {
            return None;
        }
        highest = Some(highest.map_or(high, |h: u32| h.max(high)));
    }
    highest
}

#[cfg(test)]
mod tests {
    use super::highest_port;

    #[test]
    fn port_lists_and_ranges() {
        assert_eq!(highest_port("3389"), Some(3389));
        assert_eq!(highest_port("80, 443-445"), Some(445));
        assert_eq!(highest_port("1024-65535"), Some(65535));
        assert_eq!(highest_port("$Port"), None);
        assert_eq!(highest_port("70000"), None);
    }
}
