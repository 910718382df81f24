//! T014 `servers-semicolon-is-friendly-name`: `Servers` = `a;b` where `b` is another host.

use super::servers::{server_entries, servers_leaf};
use crate::diagnostic::Severity;
use crate::rules::util::{host_name_problem, ip_literal, span_in_leaf};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ServersSemicolonIsFriendlyName;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T014",
    name: "servers-semicolon-is-friendly-name",
    severity: Severity::Warning,
    category: Category::Tunnel,
    summary: "`Servers` = `a;b` where `b` is a different host name: `;` introduces a friendly name, servers are separated by `,` (`a;a` is the deliberate Intune/Windows 11 form and passes).",
    predicts: &["the second gateway is never dialled"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

/// A friendly name that is written like a gateway address: an IP, or a dotted host name.
fn looks_like_server(text: &str) -> bool {
    ip_literal(text).is_some() || (text.contains('.') && host_name_problem(text).is_none())
}

fn same_host(a: &str, b: &str) -> bool {
    a.trim_end_matches('.')
        .eq_ignore_ascii_case(b.trim_end_matches('.'))
}

impl Rule for ServersSemicolonIsFriendlyName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(leaf) = servers_leaf(cx) else {
            return;
        };
        for entry in server_entries(leaf) {
            let (Some((friendly, range)), Some(semicolon)) =
                (entry.friendly.clone(), entry.semicolon)
            else {
                continue;
            };
            if entry.server.is_empty() || !looks_like_server(friendly) {
                continue;
            }
            if same_host(entry.server, friendly) {
                continue;
            }
            let mut fixed = leaf.text.trim().to_owned();
            let trim_offset = leaf.text.len() - leaf.text.trim_start().len();
            if let Some(at) = semicolon.checked_sub(trim_offset) {
                if fixed.get(at..at + 1) == Some(";") {
                    fixed.replace_range(at..at + 1, ",");
                }
            }
            cx.report(
                span_in_leaf(leaf, range),
                format!(
                    "`{friendly}` after `;` is only the display name of `{}`, not a second server: in `Servers`, `;` separates a server from its friendly name and servers are separated by `,`; Windows never dials `{friendly}`",
                    entry.server
                ),
            )
            .label(span_in_leaf(leaf, semicolon..semicolon + 1), "`;` starts the friendly name")
            .help(format!(
                "for a second server write `{fixed}` (Windows still dials only the first one, see `servers-no-failover`); to keep the Intune/Windows 11 form, repeat the same name: `{0};{0}`",
                entry.server
            ));
        }
    }
}
