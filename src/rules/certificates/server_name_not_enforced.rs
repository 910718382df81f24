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
        // Validation off is `server-validation-disabled`; names present but ignored, or
        // required but empty, is `servernames-acceptservername-inconsistent`.
        if outer.validation_off() || outer.has_server_names() || outer.names_required() {
            return;
        }
        let span = match (outer.server_names(), outer.server_validation) {
            (Some(names), _) => names.element_span,
            (None, Some(validation)) => validation.span.start_tag(cx.xml),
            (None, None) => outer.span.start_tag(cx.xml),
        };
        let diagnostic = cx.report(
            span,
            format!("{} validates the server certificate's chain but not its name: any certificate issued under an accepted root (including other servers' certificates from the same CA) is trusted as the NPS server", outer.method),
        );
        if let Some(accept) = outer.accept_server_name {
            diagnostic.label(accept.trimmed_span(), "name check off");
        }
        diagnostic.help("put the NPS server name(s) in `<ServerNames>` (several separated by `;`, e.g. `nps1.corp.example.com;nps2.corp.example.com`) and set `AcceptServerName` to `true`");
    }
}
