//! S003 `boolean-literal-case`: a boolean that is not exactly `true` or `false`.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::SchemaIssue;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct BooleanLiteralCase;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S003",
    name: "boolean-literal-case",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "A boolean element whose text is not exactly lower-case `true` or `false` (`True`, `TRUE`, ` true`, `1`).",
    predicts: &["partially configured profile: the setting is silently dropped (AlwaysOn does not auto-connect)"],
    evidence: Evidence::Documented,
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

impl Rule for BooleanLiteralCase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        for issue in &cx.model.issues {
            let SchemaIssue::BadBoolean {
                span,
                element,
                raw,
                xs_boolean,
            } = issue
            else {
                continue;
            };
            let lowered = raw.trim().to_ascii_lowercase();
            let intended = match lowered.as_str() {
                "true" | "1" | "yes" => Some("true"),
                "false" | "0" | "no" => Some("false"),
                _ => None,
            };
            let shown = raw.escape_debug().to_string();
            // `xs:boolean` collapses whitespace, so a padded `true` is valid by the schema; whether
            // the EAP method's reader trims it is not documented. Worth a warning, not an error.
            let padded_xs = *xs_boolean && matches!(raw.trim(), "true" | "false" | "1" | "0");
            // A correct lower-case word with spaces or line breaks around it (XML formatters wrap
            // values this way). Microsoft documents the casing problem, not whitespace; whether
            // the ProfileXML reader trims is unknown, so this is a warning and says so.
            let padded_word = !*xs_boolean && matches!(raw.trim(), "true" | "false");
            let around = if raw.contains(['\n', '\r']) {
                "line breaks"
            } else {
                "spaces"
            };
            let message = if padded_xs {
                format!("`{element}` is `{shown}`, padded with whitespace; Windows never writes EAP values this way and it is not documented that the EAP method trims them")
            } else if padded_word {
                format!(
                    "`{element}` is `{}` with {around} around it; Windows never writes a boolean this way and does not document that it trims it, so the setting may be dropped as if it were misspelt",
                    raw.trim()
                )
            } else if *xs_boolean {
                format!("`{element}` is `{shown}`, which is not an xs:boolean; the EAP method cannot read its configuration")
            } else if raw.trim().is_empty() {
                format!("`{element}` is empty; Windows reads only `true` or `false`")
            } else {
                format!(
                    "`{element}` is `{shown}`; Windows accepts only lower-case `true` or `false` and silently drops anything else"
                )
            };
            // The word meant is certain (`True`, ` false `, `1`, `no`): writing it the way Windows
            // reads it changes nothing else. Only where the value is written as is.
            let literal = cx.text_at(*span) == raw.as_str();
            let fix = intended.filter(|_| literal).and_then(|word| {
                let title = if raw.trim() == word {
                    format!("Remove the whitespace around `{word}`")
                } else {
                    format!("Replace `{}` with `{word}`", raw.trim())
                };
                Fix::safe(title, vec![Edit::replace(*span, word)])
            });
            let diagnostic = cx.report(*span, message);
            diagnostic.fix(fix);
            if padded_xs || padded_word {
                diagnostic.severity(Severity::Warning);
            }
            match intended {
                Some(word) => diagnostic.help(format!("write `{word}`")),
                None => diagnostic.help("write `true` or `false`"),
            };
        }
    }
}
