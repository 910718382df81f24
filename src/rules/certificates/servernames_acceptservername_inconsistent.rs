//! C003 `servernames-acceptservername-inconsistent`: `ServerNames` and `AcceptServerName`
//! contradict each other.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::authentication::escape_text;
use crate::rules::util::rejoin_server_names;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct ServerNamesAcceptServerNameInconsistent;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C003",
    name: "servernames-acceptservername-inconsistent",
    severity: Severity::Warning,
    category: Category::Certificates,
    summary: "`ServerNames` filled while `AcceptServerName` = `false` (the names are ignored), or `AcceptServerName` = `true` with an empty `ServerNames`.",
    predicts: &["Continue connecting? We don't have enough info to validate the server"],
    evidence: Evidence::Reported,
    fix: FixKind::Unsafe,
    ..RuleMeta::BASE
};

impl Rule for ServerNamesAcceptServerNameInconsistent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        // The outer layer authenticates the server (see `server-validation-disabled`); with
        // validation off no name is compared, so the names cannot contradict the check.
        let layers = host.validation_layers();
        let Some(outer) = layers.iter().find(|l| !l.inner) else {
            return;
        };
        if outer.validation_off() {
            return;
        }
        let (Some(accept), names) = (outer.accept_server_name, outer.server_names()) else {
            return;
        };
        match names {
            Some(names) if outer.has_server_names() && outer.names_ignored() => {
                // Unsafe: names that do not match the NPS certificate make the connection fail
                // once they are enforced.
                // A regex quantifier's comma (`{1,3}`) is not a separator: no fix around it.
                let mut edits = vec![Edit::replace(accept.trimmed_span(), "true")];
                let rejoined = rejoin_server_names(names.trimmed());
                if rejoined != names.trimmed() {
                    if names.trimmed().contains('{') {
                        edits.clear();
                    } else {
                        edits.push(Edit::replace(names.trimmed_span(), escape_text(&rejoined)));
                    }
                }
                cx.report(
                    names.trimmed_span(),
                    format!("{} lists `ServerNames` but `AcceptServerName` is `false`: Windows ignores the names and accepts any server certificate from a trusted root", outer.method),
                )
                .label(accept.trimmed_span(), "name check off")
                .help(enforce_help(names.trimmed()))
                .fix(Fix::unsafe_edit("Enforce the server names", edits));
            }
            _ if outer.names_required() && !outer.has_server_names() => {
                let span = names.map_or(accept.trimmed_span(), |n| n.element_span);
                cx.report(
                    span,
                    format!("{} asks for a server name check (`AcceptServerName` = `true`) but `ServerNames` is empty: there is no name to compare the NPS certificate with, so either no name is checked at all or, as reported, the user is asked \"Continue connecting? We don't have enough info to validate the server\"", outer.method),
                )
                .label(accept.trimmed_span(), "name check on")
                .help("put the NPS server name(s) in `<ServerNames>` (several separated by `;`), or set `AcceptServerName` to `false`");
            }
            _ => {}
        }
    }
}

/// Turning the name check on enforces the value as written, so a value that would then never
/// match (commas, quotes, spaces: `servernames-separator`) is corrected in the same advice.
fn enforce_help(value: &str) -> String {
    let rejoined = rejoin_server_names(value);
    if rejoined == value {
        format!("set `AcceptServerName` to `true` so that `{value}` is enforced (check first that the names match the NPS certificate)")
    } else {
        format!("set `AcceptServerName` to `true` and write the names as `{rejoined}` (`;` only, no quotes or spaces; check first that they match the NPS certificate)")
    }
}
