//! Hover: on a finding, its rule (summary and the first paragraph of its page); on an element
//! name, what the schema says the element holds and which children it may have.

use super::completion::{definition, describe};
use super::documents::Documents;
use super::position::Encoding;
use super::xml_context;
use crate::model::schema::{children_of, ValueKind};
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

pub fn hover(documents: &mut Documents, encoding: Encoding, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let document = documents.get_mut(&at.text_document.uri)?;
    let offset = document.lines.offset(&document.text, at.position, encoding);
    let mut sections = Vec::new();
    let linted = document.linted();
    if let Ok(report) = &linted.report {
        let mut seen = Vec::new();
        for d in &report.diagnostics {
            let covers = d.start.offset <= offset && offset <= d.end.offset.max(d.start.offset + 1);
            if covers && !seen.contains(&d.rule.code()) {
                seen.push(d.rule.code());
                sections.push(rule_section(
                    d.rule.code(),
                    d.rule.name(),
                    d.rule.summary(),
                    &d.rule.url(),
                ));
            }
        }
    }
    if let Some(section) = element_section(&document.text, offset) {
        sections.push(section);
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

fn rule_section(code: &str, name: &str, summary: &str, url: &str) -> String {
    let mut out = format!("**{code}** `{name}`: {summary}");
    if let Some(paragraph) = crate::docs::rule_page(name).and_then(first_paragraph) {
        out.push_str("\n\n");
        out.push_str(&paragraph);
    }
    out.push_str(&format!("\n\n[Rule page]({url})"));
    out
}

/// The first paragraph of a rule page that is not a heading, with the list it introduces
/// when it ends in a colon ("Boolean settings whose text is not exactly `true`:").
fn first_paragraph(page: &str) -> Option<String> {
    let mut blocks = page
        .split("\n\n")
        .map(str::trim)
        .skip_while(|p| p.is_empty() || p.starts_with('#'));
    let first = blocks.next()?.to_owned();
    if !first.ends_with(':') {
        return Some(first);
    }
    match blocks.next() {
        Some(list) if !list.starts_with('#') => Some(format!("{first}\n\n{list}")),
        _ => Some(first),
    }
}

fn element_section(text: &str, offset: usize) -> Option<String> {
    let Some((start, end, closing)) = xml_context::name_at(text, offset) else {
        return value_section(text, offset);
    };
    let name = xml_context::local(text.get(start..end)?);
    let mut open = xml_context::at(text, start.saturating_sub(if closing { 2 } else { 1 })).open;
    if closing {
        // The end tag's element is still open just before `</`.
        open.pop();
    }
    open.push(name.to_owned());
    let path = open.join("/");
    if path == "VPNProfile" {
        return Some(children_line("`VPNProfile`: the profile root", &path));
    }
    let def = definition(&open)?;
    let head = format!(
        "`{name}` in `{}`: {}",
        open[..open.len() - 1].join("/"),
        describe(def)
    );
    Some(children_line(&head, &path))
}

/// On an element's text (`SplitTunnel`): what the element may hold.
fn value_section(text: &str, offset: usize) -> Option<String> {
    let context = xml_context::at(text, offset);
    if !matches!(context.place, xml_context::Place::Text { .. }) {
        return None;
    }
    let def = definition(&context.open)?;
    if matches!(def.kind, ValueKind::Complex | ValueKind::Opaque) {
        return None;
    }
    Some(format!("`{}` holds {}", def.name, describe(def)))
}

fn children_line(head: &str, path: &str) -> String {
    match children_of(path) {
        Some(children) if !children.is_empty() => {
            let names: Vec<String> = children.iter().map(|c| format!("`{}`", c.name)).collect();
            format!("{head}\n\nchildren: {}", names.join(", "))
        }
        _ => head.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_hover_names_values_and_children() {
        let text = "<VPNProfile><NativeProfile><RoutingPolicyType>x</RoutingPolicyType></NativeProfile></VPNProfile>";
        let at = text.find("RoutingPolicyType").unwrap_or(0) + 1;
        let section = element_section(text, at).unwrap_or_default();
        assert!(section.contains("SplitTunnel"), "{section}");
        let at = text.find("NativeProfile").unwrap_or(0) + 1;
        let section = element_section(text, at).unwrap_or_default();
        assert!(
            section.contains("children:") && section.contains("`Servers`"),
            "{section}"
        );
    }
}
