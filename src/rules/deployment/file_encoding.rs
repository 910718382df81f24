//! M013 `file-encoding`: the file is UTF-16, or its byte-order mark disagrees with the
//! `encoding=` of its XML declaration.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::source::InputFormat;
use crate::span::Span;

pub struct FileEncoding;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M013",
    name: "file-encoding",
    severity: Severity::Info,
    category: Category::Deployment,
    summary: "File is UTF-16 (Windows PowerShell 5.1 `Out-File` default), or its byte-order mark disagrees with the `encoding=` of the XML declaration.",
    predicts: &["profile mangled by tools or uploads that assume UTF-8"],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

impl Rule for FileEncoding {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(file) = cx.wrapper.encoding else {
            return;
        };
        // The declaration of a plain XML file describes the file; inside a wrapper it does not.
        let declared = if cx.wrapper.format == InputFormat::Xml {
            declared_encoding(cx.xml)
        } else {
            None
        };
        if let Some((value, span)) = declared {
            let name = value.to_ascii_lowercase().replace('_', "-");
            let utf16 = name.starts_with("utf-16") || name == "unicode" || name == "ucs-2";
            let utf8 = name == "utf-8" || name == "utf8";
            let mismatch = if file.encoding.is_utf16() {
                !utf16
            } else {
                utf16 || (!utf8 && !cx.xml.is_ascii())
            };
            if mismatch {
                let what = if utf16 && !file.encoding.is_utf16() {
                    " (a UTF-16 document must start with a byte-order mark)"
                } else {
                    ""
                };
                cx.report(
                    span,
                    format!("the XML declaration says `encoding=\"{value}\"` but the file is {}{what}; tools that trust the declaration misread the profile", file.encoding.label()),
                )
                .help(if file.encoding.is_utf16() {
                    "save the file as UTF-8 and declare `encoding=\"utf-8\"` (or drop the declaration)".to_string()
                } else {
                    "declare `encoding=\"utf-8\"` (or drop the declaration)".to_string()
                });
                return;
            }
        }
        if file.encoding.is_utf16() && cx.wrapper.index == 0 {
            let bom = if file.bom {
                "with a byte-order mark"
            } else {
                "without a byte-order mark"
            };
            // Only UTF-16 LE with a byte-order mark is what Windows PowerShell 5.1 writes by
            // default; the other forms come from other tools.
            let origin = if file.encoding == crate::decode::Encoding::Utf16Le && file.bom {
                " (what Windows PowerShell 5.1 `Out-File` and `>` write)"
            } else {
                ""
            };
            let d = cx.report(
                Span::new(0, 0),
                format!("the file is {} {bom}{origin}; uploads and tools that expect UTF-8 (Intune custom settings, many editors and diff tools) mangle it", file.encoding.label()),
            );
            d.in_file_coordinates();
            // The parentheses make PowerShell read the whole file before writing it: piping
            // `Get-Content f | Set-Content f` opens the file for writing while it is being read.
            d.help("save it as UTF-8: `(Get-Content profile.xml) | Set-Content -Encoding utf8 profile.xml`, or write it with `Out-File -Encoding utf8`");
        }
    }
}

/// The `encoding` pseudo-attribute of an XML declaration at the start of `xml`.
fn declared_encoding(xml: &str) -> Option<(String, Span)> {
    let lead = xml.len() - xml.trim_start_matches('\u{feff}').len();
    let rest = &xml[lead..];
    if !rest.starts_with("<?xml") {
        return None;
    }
    let end = rest.find("?>")?;
    let decl = &rest[..end];
    // ` encoding` as an attribute name, not inside another attribute's value.
    let at = decl.find(" encoding")? + 1;
    let after = &decl[at + "encoding".len()..];
    let eq = after.find('=')?;
    let value_part = after[eq + 1..].trim_start();
    let quote = value_part
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')?;
    let close = value_part[1..].find(quote)?;
    let value = &value_part[1..1 + close];
    let value_start = lead + (decl.len() - value_part.len()) + 1;
    Some((
        value.to_owned(),
        Span::new(value_start, value_start + value.len()),
    ))
}
