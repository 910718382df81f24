//! S013 `duplicate-singleton`: an element allowed once appears twice.

use crate::diagnostic::Severity;
use crate::model::SchemaIssue;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct DuplicateSingleton;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S013",
    name: "duplicate-singleton",
    severity: Severity::Warning,
    category: Category::Structure,
    summary: "An element allowed once appears twice (`AlwaysOn`, `DnsSuffix`, `NativeProfile`, `Servers`, `CryptographySuite`, `Authentication`, ...).",
    predicts: &["one value silently wins, or the profile is rejected"],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

impl Rule for DuplicateSingleton {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        for issue in &cx.model.issues {
            if let SchemaIssue::DuplicateSingleton { span, first, name } = issue {
                cx.report(
                    *span,
                    format!("`{name}` appears more than once; the schema allows one"),
                )
                .label(*first, "first defined here")
                .help(format!("keep one `{name}` element"));
            }
        }
    }
}
