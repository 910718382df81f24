//! C006 `user-prompt-for-server-validation`: the user may accept a server Windows could not
//! validate.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct UserPromptForServerValidation;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C006",
    name: "user-prompt-for-server-validation",
    severity: Severity::Warning,
    category: Category::Certificates,
    summary: "`DisableUserPromptForServerValidation` = `false`: when the server certificate cannot be validated, the user is asked instead of the connection failing.",
    predicts: &["Continue connecting? We don't have enough info to validate the server"],
    evidence: Evidence::Reported,
    fix: FixKind::Unsafe,
    ..RuleMeta::BASE
};

impl Rule for UserPromptForServerValidation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        // The prompt comes from the layer that authenticates the server: the outer one. A layer
        // that validates nothing has nothing to prompt about.
        let layers = host.validation_layers();
        let Some(outer) = layers.iter().find(|l| !l.inner) else {
            return;
        };
        if outer.validation_off() {
            return;
        }
        let Some(prompt) = outer
            .server_validation
            .and_then(|v| v.disable_user_prompt.as_ref())
            .filter(|p| p.xs_bool() == Some(false))
        else {
            return;
        };
        cx.report(
            prompt.trimmed_span(),
            format!("{} lets the user decide when the NPS certificate cannot be validated: Windows shows \"Continue connecting? We don't have enough info to validate the server\" instead of failing, a user can accept a rogue server, and an Always On or unattended connection stalls on the prompt", outer.method),
        )
        .help("write `true` so that validation fails closed (with the NPS root in `TrustedRootCA` and its name in `ServerNames`)")
        // Unsafe: a connection that the user used to accept at the prompt now fails.
        .fix(Fix::unsafe_edit(
            "Fail instead of prompting",
            vec![Edit::replace(prompt.trimmed_span(), "true")],
        ));
    }
}
