//! T016 `servers-ip-literal`: `Servers` holds an IP address.

use super::servers::{server_entries, servers_leaf};
use crate::diagnostic::Severity;
use crate::rules::util::{ip_literal, span_in_leaf};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ServersIpLiteral;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T016",
    name: "servers-ip-literal",
    severity: Severity::Warning,
    category: Category::Tunnel,
    summary: "`Servers` holds an IP address: the gateway's certificate names a DNS name, so validating it against the address fails.",
    predicts: &["13801", "0x800B010F"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for ServersIpLiteral {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(leaf) = servers_leaf(cx) else {
            return;
        };
        for entry in server_entries(leaf) {
            let Some(ip) = ip_literal(entry.server) else {
                continue;
            };
            cx.report(
                span_in_leaf(leaf, entry.server_range.clone()),
                format!(
                    "`Servers` entry `{ip}` is an IP address; the client checks the gateway certificate against the name it dialled, and VPN server certificates name a DNS name, so IKEv2 fails with 13801 (\"IKE authentication credentials are unacceptable\") and SSTP with 0x800B010F (certificate name mismatch)"
                ),
            )
            .help("write the public DNS name that is in the VPN server certificate's subject or subject alternative names");
        }
    }
}
