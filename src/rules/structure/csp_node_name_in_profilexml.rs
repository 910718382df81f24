//! S004 `csp-node-name-in-profilexml`: element names copied from CSP node paths or in the
//! wrong letter case.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::SchemaIssue;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;

pub struct CspNodeNameInProfilexml;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S004",
    name: "csp-node-name-in-profilexml",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "Element names copied from CSP node paths or with the wrong letter case (`DomainNameInformationList`, `DNSServers`, `RouteList`, `Lockdown`).",
    predicts: &["0x87D101F4 (Intune)", "settings silently missing (NRPT, routes, filters)"],
    evidence: Evidence::Documented,
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

/// Renames the element whose start-tag name is at `name_span` to `correct`, in its start and
/// end tags. A list node (`RouteList`) that already holds `Route` elements is a wrapper to
/// remove, not an element to rename: no fix then.
fn rename(cx: &Context, name_span: Span, name: &str, correct: &str) -> Option<Fix> {
    let node = cx.tree?.descendants().find(|n| {
        n.is_element() && n.range().start + 1 == name_span.start && n.tag_name().name() == name
    })?;
    if node
        .children()
        .any(|c| c.is_element() && c.tag_name().name() == correct)
    {
        return None;
    }
    if cx.text_at(name_span) != name {
        return None;
    }
    let mut edits = vec![Edit::replace(name_span, correct)];
    let range = node.range();
    let self_closing = cx
        .text_at(Span::new(range.start, range.end))
        .ends_with("/>")
        && !node.has_children();
    if !self_closing {
        let end_tag = format!("</{name}>");
        let end = Span::new(range.end.checked_sub(end_tag.len())?, range.end);
        if cx.text_at(end) != end_tag {
            return None;
        }
        edits.push(Edit::replace(
            Span::new(end.start + 2, end.end - 1),
            correct,
        ));
    }
    Fix::safe(format!("Rename `{name}` to `{correct}`"), edits)
}

impl Rule for CspNodeNameInProfilexml {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        for issue in &cx.model.issues {
            if let SchemaIssue::CspNodeName {
                span,
                name,
                parent,
                correct,
            } = issue
            {
                let fix = rename(cx, *span, name, correct);
                let why = if name.eq_ignore_ascii_case(correct) {
                    "XML names are case-sensitive"
                } else {
                    "that is the CSP node name, not the ProfileXML element"
                };
                cx.report(
                    *span,
                    format!("`{name}` in `{parent}` is not a ProfileXML element ({why}); Windows ignores or rejects it"),
                )
                .help(format!("rename it to `{correct}`"))
                .fix(fix);
            }
        }
    }
}
