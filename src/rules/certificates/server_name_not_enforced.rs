//! C002 `server-name-not-enforced`: the server certificate is validated, but not its name.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ServerNameNotEnforced;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C002",
    name: "server-name-not-enforced",
    severity: Severity::Warning,
    category: Category::Certificates,
    summary: "Server validation is on, but no server name is checked: `ServerNames` is empty and `AcceptServerName` is not `true`.",
    predicts: &["any certificate from a trusted root is accepted as the NPS server"],
    evidence: Evidence::Documented,
    superseded_by: &[&super::servernames_acceptservername_inconsistent::META],
    ..RuleMeta::BASE
};

impl Rule for ServerNameNotEnforced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        // The outer layer authenticates the server (see `server-validation-disabled`).
        let layers = host.validation_layers();
        let Some(outer) = layers.iter().find(|l| !l.inner) else {
            return;
        };
        // With validation off nothing is validated, chain or name; and names that are listed
        // while the name check is not turned off may be enforced: neither is this finding.
        if outer.validation_off() || (outer.has_server_names() && !outer.names_ignored()) {
            return;
        }
        let span = match (outer.server_names(), outer.accept_server_name) {
            (Some(names), _) => names.element_span,
            (None, Some(accept)) if outer.names_required() => accept.trimmed_span(),
            (None, _) => outer
                .server_validation
                .map_or(outer.span, |v| v.span)
                .start_tag(cx.xml),
        };
        let message = if outer.names_required() {
            // `AcceptServerName` true with a blank `ServerNames`: a check is asked for, but there
            // is no name to check.
            format!("{} validates the server certificate's chain and asks for a name check, but gives no server name to check: nothing ties the certificate to your NPS server, so any certificate issued under an accepted root (including other servers' certificates from the same CA) may be trusted as the NPS server, or the user is asked to decide", outer.method)
        } else {
            format!("{} validates the server certificate's chain but not its name: any certificate issued under an accepted root (including other servers' certificates from the same CA) is trusted as the NPS server", outer.method)
        };
        let diagnostic = cx.report(span, message);
        if let Some(accept) = outer.accept_server_name {
            let label = if outer.names_required() {
                "name check on"
            } else {
                "name check off"
            };
            diagnostic.label(accept.trimmed_span(), label);
        }
        diagnostic.help("put the NPS server name(s) in `<ServerNames>` (several separated by `;`, e.g. `nps1.corp.example.com;nps2.corp.example.com`) and set `AcceptServerName` to `true`");
    }
}
