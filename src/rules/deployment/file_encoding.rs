//! M013 `file-encoding`: the file's encoding will hurt a deployment. It is UTF-16; or its XML
//! declaration disagrees with its bytes; or it is in a single-byte "ANSI" code page and holds
//! non-ASCII characters that tools assuming UTF-8 garble.
//!
//! A plain-ASCII file reads the same in every encoding profile-lint knows, so a declaration
//! such as `encoding="ISO-8859-1"` on one is no finding.

use crate::decode::{declared_encoding, encode_single_byte, ChosenBy, Declared, Encoding};
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
    summary: "File is UTF-16 (Windows PowerShell 5.1 `Out-File` default), its XML declaration disagrees with its bytes, or it is ANSI (windows-1252, ISO-8859-1; `Set-Content` default) with non-ASCII characters.",
    predicts: &["profile mangled by tools or uploads that assume UTF-8"],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

const SAVE_AS_UTF8: &str = "save it as UTF-8: in Windows PowerShell 5.1, `(Get-Content profile.xml) | Set-Content -Encoding utf8 profile.xml` reads the ANSI text right and writes UTF-8; then declare `encoding=\"utf-8\"` (or drop the declaration)";

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
            declared_encoding(cx.xml.as_bytes())
                .map(|(value, range)| (value.to_owned(), Span::new(range.start, range.end)))
        } else {
            None
        };
        if file.encoding.is_single_byte() {
            single_byte(cx, file.encoding, file.chosen_by, declared);
            return;
        }
        if let Some((value, span)) = declared {
            let kind = Declared::of(&value);
            let utf16 = kind == Declared::Utf16;
            let mismatch = if file.encoding.is_utf16() {
                !utf16
            } else {
                utf16 || (kind != Declared::Utf8 && !cx.xml.is_ascii())
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
            let origin = if file.encoding == Encoding::Utf16Le && file.bom {
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

/// A file read in a single-byte code page. Only non-ASCII characters of the profile can be
/// hurt, so the findings point at the first one.
fn single_byte(
    cx: &mut Context,
    encoding: Encoding,
    chosen_by: ChosenBy,
    declared: Option<(String, Span)>,
) {
    // A dump is the output of a command, never deployed: its encoding hurts nothing.
    if cx.wrapper.format == InputFormat::Wmi {
        return;
    }
    let Some((at, c)) = cx.xml.char_indices().find(|(_, c)| !c.is_ascii()) else {
        return;
    };
    let first = Span::new(at, at + c.len_utf8());
    match chosen_by {
        ChosenBy::Declaration { also_utf8: true } => {
            let Some((value, span)) = declared else {
                return;
            };
            // The UTF-8 bytes of one character, read one byte per character.
            let run: String = cx.xml[at..].chars().take_while(|c| !c.is_ascii()).collect();
            let bytes = encode_single_byte(encoding, &run).unwrap_or_default();
            let meant = match std::str::from_utf8(&bytes) {
                Ok(s) => s.chars().next(),
                Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()])
                    .ok()
                    .and_then(|s| s.chars().next()),
            };
            let Some(meant) = meant else {
                return;
            };
            let seen: String = run.chars().take(meant.len_utf8()).collect();
            let seen_span = Span::new(at, at + seen.len());
            cx.report(
                span,
                format!("the XML declaration says `encoding=\"{value}\"` but the file is UTF-8: a parser that follows the declaration reads `{meant}` as `{seen}`"),
            )
            .severity(Severity::Warning)
            .label(seen_span, format!("`{meant}` in UTF-8"))
            .help("the text is UTF-8 already: declare `encoding=\"utf-8\"` (or drop the declaration)");
        }
        ChosenBy::Guessed => {
            let shown = shown(c);
            let script = cx.wrapper.format == InputFormat::Powershell;
            let message = if script {
                format!("the script is not UTF-8: it was read as windows-1252 (the ANSI code page, what Windows PowerShell 5.1 `Set-Content` writes); PowerShell 7 and most editors read a script without a byte-order mark as UTF-8 and turn `{shown}` into `\u{FFFD}` in the profile")
            } else {
                let says = match &declared {
                    Some((value, _)) => format!("the XML declaration says `encoding=\"{value}\"`"),
                    None => "no XML declaration names an encoding".to_owned(),
                };
                format!("the file is not UTF-8 and {says}: it was read as windows-1252 (the ANSI code page, what Windows PowerShell 5.1 `Set-Content` writes); an XML parser reads it as UTF-8 and rejects it at `{shown}`, and uploads and tools that assume UTF-8 garble it")
            };
            let d = cx.report(first, message);
            d.severity(Severity::Warning);
            if let Some((_, span)) = declared {
                d.label(span, "declared here");
            }
            d.help(if script {
                "save the script as UTF-8 with a byte-order mark, which Windows PowerShell 5.1 and PowerShell 7 both read right: `(Get-Content deploy.ps1) | Set-Content -Encoding utf8 deploy.ps1` in Windows PowerShell 5.1"
            } else {
                SAVE_AS_UTF8
            });
        }
        ChosenBy::Declaration { also_utf8: false } => {
            let label = encoding.label();
            if let Some((c1_at, c1)) = (encoding == Encoding::Latin1)
                .then(|| {
                    cx.xml
                        .char_indices()
                        .find(|(_, c)| ('\u{80}'..='\u{9f}').contains(c))
                })
                .flatten()
            {
                // Bytes 0x80–0x9F are control characters in ISO-8859-1 but letters and
                // punctuation (`€`, `–`, typographic quotes) in windows-1252.
                let byte = u32::from(c1);
                let in_1252 = crate::decode::decode_windows_1252_byte(byte as u8);
                let d = cx.report(
                    Span::new(c1_at, c1_at + c1.len_utf8()),
                    format!("byte 0x{byte:02X} is an invisible control character in ISO-8859-1, as the XML declaration says, but `{in_1252}` in windows-1252: the file was most likely saved as windows-1252"),
                );
                d.severity(Severity::Warning);
                if let Some((_, span)) = declared {
                    d.label(span, "declared here");
                }
                d.help("declare `encoding=\"windows-1252\"`, or better save the file as UTF-8");
                return;
            }
            let shown = shown(c);
            let d = cx.report(
                first,
                format!("the file is {label} with non-ASCII text (`{shown}`): XML parsers read it right, but tools that assume UTF-8 (PowerShell 7 `Get-Content`, editors, uploads that copy the text) garble `{shown}`"),
            );
            if let Some((_, span)) = declared {
                d.label(span, "declared here");
            }
            d.help(SAVE_AS_UTF8);
        }
        ChosenBy::Bom | ChosenBy::Default => {}
    }
}

/// A character for a message: control characters as `U+0096`.
fn shown(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", u32::from(c))
    } else {
        c.to_string()
    }
}
