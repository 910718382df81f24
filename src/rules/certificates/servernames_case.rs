//! C005 `servernames-case`: upper-case letters in `ServerNames`.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::authentication::escape_text;
use crate::rules::util::lowercase_server_names;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct ServerNamesCase;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C005",
    name: "servernames-case",
    severity: Severity::Info,
    category: Category::Certificates,
    summary: "`ServerNames` contains upper-case letters; Windows 11 21H2 compared the NPS name case-sensitively.",
    predicts: &["853"],
    evidence: Evidence::Documented,
    fix: FixKind::Unsafe,
    ..RuleMeta::BASE
};

impl Rule for ServerNamesCase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        // Every layer whose names Windows checks (see `servernames-separator`).
        for layer in host.validation_layers() {
            let Some(names) = layer.checked_server_names() else {
                continue;
            };
            let value = names.trimmed();
            // `$NpsServers`: a script template's variable, not a name.
            if is_template_variable(value) {
                continue;
            }
            let lower = lowercase_server_names(value);
            if lower == value {
                continue;
            }
            cx.report(
                names.trimmed_span(),
                format!("`ServerNames` of {} contains upper-case letters: Windows 11 21H2 compared server names case-sensitively, so there `{value}` does not match a certificate issued to `{lower}` and the connection fails with error 853 (Windows 10 and Windows 11 22H2 and later compare case-insensitively)", layer.method),
            )
            .help(format!("write `{lower}` (DNS names in certificates are normally lower-case; check the NPS certificate's subject and SAN first)"))
            // Unsafe: on Windows 11 21H2 it breaks a certificate whose name is upper-case.
            .fix(Fix::unsafe_edit(
                "Write the server names in lower case",
                vec![Edit::replace(names.trimmed_span(), escape_text(&lower))],
            ));
        }
    }
}

/// `$Name` (PowerShell interpolation). A `$` at the end of a regex is an anchor, not this.
fn is_template_variable(value: &str) -> bool {
    value
        .split('$')
        .skip(1)
        .any(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
}
