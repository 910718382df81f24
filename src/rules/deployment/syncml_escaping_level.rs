//! M009 `syncml-escaping-level`: the ProfileXML string inside SyncML `<Data>` is neither in
//! CDATA nor entity-escaped, or is escaped twice or more.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::source::PayloadEscaping;

pub struct SyncmlEscapingLevel;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M009",
    name: "syncml-escaping-level",
    severity: Severity::Error,
    category: Category::Deployment,
    summary: "ProfileXML inside SyncML `<Data>` neither in CDATA nor entity-escaped (child elements), or escaped twice (`&amp;lt;`, or `&lt;` inside CDATA).",
    predicts: &["SyncML parse error", "profile stored as literal text (never applied)"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for SyncmlEscapingLevel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(oma) = cx.wrapper.oma.clone() else {
            return;
        };
        match oma.escaping {
            PayloadEscaping::Entities | PayloadEscaping::Cdata | PayloadEscaping::Plain => {}
            PayloadEscaping::Markup => {
                cx.report(
                    oma.escaping_span,
                    "the profile sits in `<Data>` as XML elements, not as a string; `ProfileXML` is a string (chr) node, so the SyncML is read as markup and the profile is not set",
                )
                .in_file_coordinates()
                .help("escape the profile once (`&lt;VPNProfile&gt;…`) or wrap it in `<![CDATA[ … ]]>`");
            }
            PayloadEscaping::Double => {
                cx.report(
                    oma.escaping_span,
                    "the profile is escaped twice (`&amp;lt;`, or `&lt;` inside CDATA); Windows receives the text `&lt;VPNProfile&gt;…` instead of XML and rejects or ignores the profile",
                )
                .in_file_coordinates()
                .help("escape the profile exactly once: entities (`&lt;VPNProfile&gt;`) or CDATA with plain XML, not both");
            }
            PayloadEscaping::Repeatedly { times, at_least } => {
                let times = if at_least {
                    format!("at least {times}")
                } else {
                    times.to_string()
                };
                cx.report(
                    oma.escaping_span,
                    format!("the profile is escaped {times} times (`&amp;amp;lt;`…); Windows receives escaped text instead of XML and rejects or ignores the profile"),
                )
                .in_file_coordinates()
                .help("escape the profile exactly once: entities (`&lt;VPNProfile&gt;`) or CDATA with plain XML");
            }
        }
    }
}
