//! S002 `invisible-character`: non-printing characters in the document.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::util::{char_name, invisible_characters, is_invisible};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;

pub struct InvisibleCharacter;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S002",
    name: "invisible-character",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "Non-printing characters (direction marks, zero-width spaces, no-break spaces, a stray BOM), especially inside values such as thumbprints and host names.",
    predicts: &["864", "0x800B0109", "0x87D101F4 (Intune)"],
    evidence: Evidence::Reported,
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

/// The fix for one invisible character at `span`: a no-break space becomes the space it looks
/// like (whether a space belongs there is other rules' business); every other one is deleted,
/// since it prints as nothing.
fn fix_for(c: char, span: Span) -> Option<Fix> {
    if c == '\u{00A0}' {
        Fix::safe(
            "Replace the no-break space with a space",
            vec![Edit::replace(span, " ")],
        )
    } else {
        Fix::safe(
            format!("Delete the invisible U+{:04X}", c as u32),
            vec![Edit::delete(span)],
        )
    }
}

/// Elements whose values are compared byte for byte by Windows: an invisible character there
/// makes the value silently never match.
const EXACT_VALUES: &[&str] = &[
    "TrustedRootCA",
    "IssuerHash",
    "Servers",
    "ServerNames",
    "ServerUrlList",
    "EKUOID",
    "Eku",
    "DomainName",
    "DnsServers",
    "DnsSuffix",
    "TrustedNetworkDetection",
];

impl Rule for InvisibleCharacter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(tree) = cx.tree else { return };
        // Every character this rule looks for is outside ASCII; most profiles are pure ASCII,
        // and this check is a vectorised scan instead of a walk over every node.
        if cx.xml.is_ascii() {
            return;
        }
        for node in tree.descendants() {
            if node.is_element() {
                for attribute in node.attributes() {
                    let range: Span = attribute.range_value().into();
                    for (i, c) in invisible_characters(cx.text_at(range)) {
                        let at = range.start + i;
                        let span = Span::new(at, at + c.len_utf8());
                        cx.report(
                            span,
                            format!(
                                "attribute `{}` contains an invisible U+{:04X} {}",
                                attribute.name(),
                                c as u32,
                                char_name(c)
                            ),
                        )
                        .help("delete the character; retype the value if in doubt")
                        .fix(fix_for(c, span));
                    }
                }
            } else if node.is_text() {
                let element = node.parent_element().map_or("", |p| p.tag_name().name());
                let exact = EXACT_VALUES.contains(&element);
                // The source slice holds the characters literally (entities are decoded only
                // in `node.text()`), so offsets found in it are document offsets.
                let range: Span = node.range().into();
                let raw = cx.text_at(range);
                let blank = raw.chars().all(|c| c.is_whitespace() || is_invisible(c));
                if blank && !exact {
                    // Indentation between elements changes no value.
                    continue;
                }
                for (i, c) in invisible_characters(raw) {
                    let at = range.start + i;
                    let span = Span::new(at, at + c.len_utf8());
                    let diagnostic = cx.report(
                        span,
                        format!(
                            "`{element}` contains an invisible U+{:04X} {}",
                            c as u32,
                            char_name(c)
                        ),
                    );
                    if matches!(element, "TrustedRootCA" | "IssuerHash") {
                        diagnostic.help(format!(
                            "Windows compares `{element}` exactly, so the thumbprint will never match; delete the character (the certificate dialog adds it when a thumbprint is copied)"
                        ));
                    } else if exact {
                        diagnostic.help(format!(
                            "Windows uses `{element}` as written, so the value will not match or resolve; delete the character"
                        ));
                    } else {
                        diagnostic
                            .severity(Severity::Warning)
                            .help("delete the character; it is invisible in most editors");
                    }
                    diagnostic.fix(fix_for(c, span));
                }
            }
        }
    }
}
