//! R017 `traffic-filter-ports-need-tcp-udp`: port ranges without TCP or UDP.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct TrafficFilterPortsNeedTcpUdp;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R017",
    name: "traffic-filter-ports-need-tcp-udp",
    severity: Severity::Error,
    category: Category::Routing,
    summary: "`LocalPortRanges`/`RemotePortRanges` in a `TrafficFilter` whose `Protocol` is missing or not 6/17.",
    predicts: &["traffic filter invalid"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for TrafficFilterPortsNeedTcpUdp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: "Ports are only valid when the protocol is set to TCP=6 or UDP=17" (the DDF
    /// makes both port ranges depend on `Protocol`).
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for filter in &profile.traffic_filters {
            let protocol = match &filter.protocol {
                None => None,
                Some(leaf) => match leaf.trimmed().parse::<u16>() {
                    Ok(6 | 17) => continue,
                    Ok(n) if n <= 255 => Some((leaf, n)),
                    // A name (`TCP`) or a number out of range: not a protocol Windows reads,
                    // so there is no number to judge the ports against.
                    _ => continue,
                },
            };
            for (element, ports) in [
                ("LocalPortRanges", &filter.local_port_ranges),
                ("RemotePortRanges", &filter.remote_port_ranges),
            ] {
                let Some(ports) = ports.as_ref().filter(|p| !p.trimmed().is_empty()) else {
                    continue;
                };
                let diagnostic = match protocol {
                    None => cx.report(
                        ports.trimmed_span(),
                        format!("`{element}` is set but the `TrafficFilter` has no `Protocol`: ports exist only for TCP (6) and UDP (17), so this filter is invalid"),
                    ),
                    Some((leaf, n)) => {
                        let d = cx.report(
                            ports.trimmed_span(),
                            format!("`{element}` is set but `Protocol` is {n}: ports exist only for TCP (6) and UDP (17), so this filter is invalid"),
                        );
                        d.label(leaf.trimmed_span(), "protocol");
                        d
                    }
                };
                diagnostic.help("set `<Protocol>6</Protocol>` (TCP) or `<Protocol>17</Protocol>` (UDP), or remove the port ranges; for both protocols write two filters");
            }
        }
    }
}
