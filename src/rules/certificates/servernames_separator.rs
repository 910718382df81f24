//! C004 `servernames-separator`: several NPS names separated by something other than `;`.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::authentication::escape_text;
use crate::rules::util::rejoin_server_names;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct ServerNamesSeparator;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C004",
    name: "servernames-separator",
    severity: Severity::Error,
    category: Category::Certificates,
    summary: "`ServerNames` separates names with commas, spaces or line breaks instead of `;` alone (judged where the names are checked).",
    predicts: &["Continue connecting? We don't have enough info to validate the server", "server validation failure"],
    evidence: Evidence::Reported,
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

impl Rule for ServerNamesSeparator {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        // Every layer whose names Windows checks: a malformed value breaks the inner EAP-TLS
        // handshake as much as the outer one. Names that are not checked (validation off,
        // `AcceptServerName` false) cannot break anything.
        for layer in host.validation_layers() {
            let Some(names) = layer.checked_server_names() else {
                continue;
            };
            let value = names.trimmed();
            // A regex quantifier (`{1,3}`) is not a separator.
            let comma = value.contains(',') && !value.contains('{');
            let line_break = value.contains(['\n', '\r']);
            let space = value.contains([' ', '\t']);
            if !(comma || line_break || space) {
                continue;
            }
            let what = match (comma, line_break, space) {
                (true, _, _) => "commas",
                (false, true, _) => "line breaks",
                _ => "spaces",
            };
            let what = if value.contains('"') {
                format!("{what} and wraps them in double quotes")
            } else {
                what.to_string()
            };
            let rejoined = rejoin_server_names(value);
            let diagnostic = cx.report(
                names.trimmed_span(),
                format!("`ServerNames` of {} separates names with {what}: Windows splits the list only on `;`, so the value is read as one name that no server certificate matches, and the connection fails server validation or asks \"Continue connecting? We don't have enough info to validate the server\"", layer.method),
            );
            if !layer.names_required() {
                // `AcceptServerName` absent: whether the names are enforced is not documented.
                diagnostic.severity(Severity::Warning);
            }
            diagnostic.help(format!("write `{rejoined}`"));
            // Windows reads the value as one name that matches nothing, so separating the same
            // names with `;` changes nothing but that. A regex quantifier's comma (`{1,3}`) is
            // not a separator, and rewriting around it is not certain.
            if !value.contains('{') {
                diagnostic.fix(Fix::safe(
                    "Separate the names with `;`",
                    vec![Edit::replace(names.trimmed_span(), escape_text(&rejoined))],
                ));
            }
        }
    }
}
