//! A003 `eap-config-as-escaped-text`: the EAP configuration is text inside `Configuration`
//! (entity-escaped, escaped twice, or CDATA) instead of an `EapHostConfig` element.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::EapConfiguration;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;

pub struct EapConfigAsEscapedText;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A003",
    name: "eap-config-as-escaped-text",
    severity: Severity::Warning,
    category: Category::Authentication,
    summary: "`Eap/Configuration` holds the EAP XML as text (`&lt;EapHostConfig …`, escaped twice, or in CDATA) instead of an `EapHostConfig` element.",
    predicts: &["no usable EAP configuration: the connection cannot authenticate"],
    evidence: Evidence::Inferred,
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

/// How the EAP XML was turned into text.
enum Escaping {
    /// `&lt;EapHostConfig …` in the file: one level of escaping too many.
    Once,
    /// `&amp;lt;EapHostConfig …`: the decoded text is itself still escaped.
    Twice,
    /// `<![CDATA[<EapHostConfig …]]>`: not escaped, but still text to the XML parser.
    Cdata,
}

impl Rule for EapConfigAsEscapedText {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(config) = cx
            .model
            .profile
            .as_ref()
            .and_then(|p| p.authentication())
            .and_then(|a| a.eap.as_ref())
            .and_then(|e| e.configuration.as_ref())
        else {
            return;
        };
        // An element next to the text is what Windows reads; stray text is another matter.
        if config.host_config.is_some() {
            return;
        }
        let Some(text) = config.text.as_ref().filter(|t| looks_escaped(&t.text)) else {
            return;
        };
        let raw = cx.text_at(text.value_span);
        let escaping = if text.text.contains("&lt;EapHostConfig") {
            Escaping::Twice
        } else if raw.contains("<![CDATA[") && !raw.contains("&lt;") {
            Escaping::Cdata
        } else {
            Escaping::Once
        };
        let (what, fix) = match escaping {
            Escaping::Once => (
                "entity-escaped text (`&lt;EapHostConfig …`)",
                "un-escape it once (`&lt;` → `<`, `&gt;` → `>`, `&quot;` → `\"`, `&amp;` → `&`) so that `<EapHostConfig>` is a child element of `<Configuration>`",
            ),
            Escaping::Twice => (
                "text escaped twice (`&amp;lt;EapHostConfig …`)",
                "un-escape it twice so that `<EapHostConfig>` is a child element of `<Configuration>`",
            ),
            Escaping::Cdata => (
                "text in a CDATA section",
                "remove the `<![CDATA[` and `]]>` markers so that `<EapHostConfig>` is a child element of `<Configuration>`",
            ),
        };
        let unescaped = match escaping {
            Escaping::Twice => unescape(&text.text),
            _ => text.text.to_string(),
        };
        let well_formed = crate::limits::parse_guarded(unescaped.trim())
            .is_some_and(|doc| doc.root_element().tag_name().name() == "EapHostConfig");
        let check = if well_formed {
            "; the result is a well-formed `EapHostConfig`"
        } else {
            "; note that the result is not well-formed XML yet, so check it after un-escaping"
        };
        let label_span = first_line(text.value_span, raw);
        let edit = well_formed
            .then(|| element_edit(cx.xml, config, &escaping, &unescaped))
            .flatten();
        cx.report(
            config.span.start_tag(cx.xml),
            format!("`Eap/Configuration` holds the EAP configuration as {what} instead of an `<EapHostConfig>` element: ProfileXML embeds the EAP XML as elements (only the separate CSP node `Eap/Configuration` takes it escaped), so Windows is left without an EAP configuration it can read"),
        )
        .label(label_span, "EAP XML as text")
        .help(format!("{fix}{check}"))
        .fix(edit.and_then(|edit| {
            Fix::safe(
                "Write the EAP configuration as an `<EapHostConfig>` element",
                vec![edit],
            )
        }));
    }
}

/// The edit that turns the text content of `Configuration` into the element it spells, when
/// that is certain: the content is that one piece of text (no comment or element beside it,
/// one CDATA section at most) and the un-escaped XML is a well-formed `EapHostConfig`.
fn element_edit(
    xml: &str,
    config: &EapConfiguration,
    escaping: &Escaping,
    unescaped: &str,
) -> Option<Edit> {
    let start = config.span.start_tag(xml).end;
    let element = xml.get(config.span.start..config.span.end)?;
    let end = config.span.start + element.rfind("</")?;
    let content = xml.get(start..end)?;
    let plain_text = match escaping {
        Escaping::Once | Escaping::Twice => !content.contains('<'),
        Escaping::Cdata => {
            let inner = content.trim();
            inner.starts_with("<![CDATA[")
                && inner.ends_with("]]>")
                && inner.matches("<![CDATA[").count() == 1
        }
    };
    if !plain_text {
        return None;
    }
    // An XML declaration belongs at the start of a document, not inside `Configuration`.
    let body = unescaped.trim();
    let body = match body.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>")?.1.trim_start(),
        None => body,
    };
    let leading = &content[..content.len() - content.trim_start().len()];
    let trailing = &content[content.trim_end().len()..];
    Some(Edit::replace(
        Span::new(start, end),
        format!("{leading}{body}{trailing}"),
    ))
}

/// Whether `Configuration` holds EAP XML as text (entity-escaped, escaped twice, or in CDATA).
/// The text is already entity-decoded once here.
fn looks_escaped(text: &str) -> bool {
    ["<EapHostConfig", "&lt;EapHostConfig", ":EapHostConfig"]
        .iter()
        .any(|start| text.contains(start))
}

/// Decodes the five predefined XML entities once.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The first non-blank line of `span` (whose raw text is `raw`), so that the label points at
/// the start of the blob instead of covering all of it.
fn first_line(span: Span, raw: &str) -> Span {
    // A CDATA section's span may be the whole `Configuration` element: start at the section.
    let start = raw
        .find("<![CDATA[")
        .unwrap_or(raw.len() - raw.trim_start().len());
    let rest = &raw[start..];
    let end = start + rest.find(['\r', '\n']).unwrap_or(rest.len());
    Span::new(span.start + start, span.start + end)
}
