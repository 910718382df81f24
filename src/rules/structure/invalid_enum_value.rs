//! S006 `invalid-enum-value`: a value outside the documented set.

use crate::diagnostic::Severity;
use crate::model::schema::suggest;
use crate::model::SchemaIssue;
use crate::rules::tunnel::crypto_spelling::cmdlet_spelling;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct InvalidEnumValue;

static META: RuleMeta = RuleMeta {
    code: "S006",
    name: "invalid-enum-value",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "A value outside the documented set for `NativeProtocolType`, `RoutingPolicyType`, `UserMethod`, the `CryptographySuite` children, `TrafficFilter/Direction` and others (compared case-insensitively, as Windows does).",
    predicts: &["profile rejected, or the value silently replaced by a default", "13868"],
    evidence: Evidence::Documented,
};

impl Rule for InvalidEnumValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        for issue in &cx.model.issues {
            let SchemaIssue::BadEnum {
                span,
                element,
                raw,
                allowed,
            } = issue
            else {
                continue;
            };
            // `crypto-cmdlet-spelling` reports RRAS spellings more precisely.
            if cmdlet_spelling(element, raw).is_some() {
                continue;
            }
            let list = allowed
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let diagnostic = cx.report(
                *span,
                format!("`{element}` is `{}`, which is not one of {list}", raw.trim()),
            );
            match suggest(raw.trim(), allowed.iter().copied()) {
                Some(nearest) => diagnostic.help(format!("did you mean `{nearest}`?")),
                None => diagnostic.help(format!("use one of {list}")),
            };
        }
    }
}
