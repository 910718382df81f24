//! T015 `servers-no-failover`: more than one server in `Servers`.

use super::servers::{server_entries, servers_leaf};
use crate::diagnostic::Severity;
use crate::rules::util::span_in_leaf;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ServersNoFailover;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T015",
    name: "servers-no-failover",
    severity: Severity::Info,
    category: Category::Tunnel,
    summary: "More than one server in `Servers` (comma list): Windows dials only the first and does not fail over to the others.",
    predicts: &["no automatic failover when the first gateway is down"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for ServersNoFailover {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(leaf) = servers_leaf(cx) else {
            return;
        };
        let entries: Vec<_> = server_entries(leaf)
            .into_iter()
            .filter(|e| !e.server.is_empty())
            .collect();
        let [first, second, rest @ ..] = entries.as_slice() else {
            return;
        };
        let diagnostic = cx.report(
            span_in_leaf(leaf, second.server_range.clone()),
            format!(
                "`Servers` lists {} servers, but Windows always dials the first one (`{}`) and does not fail over automatically; the others are only offered as manual choices",
                entries.len(),
                first.server
            ),
        );
        diagnostic.label(
            span_in_leaf(leaf, first.server_range.clone()),
            "the only server dialled automatically",
        );
        for other in rest {
            diagnostic.label(
                span_in_leaf(leaf, other.server_range.clone()),
                "never dialled automatically",
            );
        }
        diagnostic.help(
            "for resilience, list one DNS name that resolves to several gateways (DNS round robin, a load balancer, or Azure Traffic Manager / global server load balancing)",
        );
    }
}
