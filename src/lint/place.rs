//! Placing findings in the file: document spans mapped back through the source map, then
//! line/column and original byte offsets; fixes mapped the same way and re-escaped for the
//! wrapper they stand in.

use super::report::{FileDiagnostic, FileEdit, FileFix, FileLabel};
use crate::decode::OffsetMap;
use crate::diagnostic::{Coordinates, Diagnostic, Label};
use crate::fix::Fix;
use crate::meta::Severity;
use crate::source::{Document, InputFormat, PayloadEscaping, Quoting};
use crate::span::{ceil_char_boundary, floor_char_boundary, LineIndex, Position, Span};

/// Why a fix cannot be applied in place; most reasons are fixed texts, shared by every finding
/// of a large dump instead of copied into each.
type Why = std::borrow::Cow<'static, str>;

/// Places spans of one file's text: line/column and original byte offsets.
pub(crate) struct Placer<'a> {
    /// The decoded text of the file.
    text: &'a str,
    offsets: &'a OffsetMap,
    /// Built only after [`Placer::COUNTED`] positions: most files in a fleet have no finding
    /// and most of the rest one or two, which counting newlines places more cheaply.
    /// Shared by the placers of one file's parallel tasks (see [`Placer::sharing`]).
    index: std::cell::OnceCell<std::sync::Arc<LineIndex>>,
    /// The last position counted (byte offset, 0-based line) and how many were counted: the
    /// end of a span is counted on from its start.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

/// What a thread needs to make its own [`Placer`] of a file: the text, its offset map and the
/// line index, built once.
#[derive(Clone)]
pub(crate) struct SharedPlacer<'a> {
    text: &'a str,
    offsets: &'a OffsetMap,
    index: std::sync::Arc<LineIndex>,
}

impl<'a> SharedPlacer<'a> {
    pub(crate) fn placer(&self) -> Placer<'a> {
        Placer {
            text: self.text,
            offsets: self.offsets,
            index: std::cell::OnceCell::from(std::sync::Arc::clone(&self.index)),
            cursor: std::cell::Cell::new((0, 0, 0)),
        }
    }
}

impl<'a> Placer<'a> {
    pub(crate) fn new(text: &'a str, offsets: &'a OffsetMap) -> Self {
        Placer {
            text,
            offsets,
            index: std::cell::OnceCell::new(),
            cursor: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// A placer for another thread, with this one's line index (built now if it was not).
    pub(crate) fn sharing(&self) -> SharedPlacer<'a> {
        let text = self.text;
        SharedPlacer {
            text,
            offsets: self.offsets,
            index: std::sync::Arc::clone(
                self.index
                    .get_or_init(|| std::sync::Arc::new(LineIndex::new(text))),
            ),
        }
    }

    /// Positions placed by counting newlines before the line index is built.
    const COUNTED: usize = 16;

    /// 1-based (line, column) of `offset`, exactly as [`LineIndex::line_col`] gives it.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = self.text;
        if let Some(index) = self.index.get() {
            return index.line_col(text, offset);
        }
        let (last, last_line, counted) = self.cursor.get();
        if counted >= Self::COUNTED {
            return self
                .index
                .get_or_init(|| std::sync::Arc::new(LineIndex::new(text)))
                .line_col(text, offset);
        }
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let bytes = text.as_bytes();
        let (from, before) = if last <= offset {
            (last, last_line)
        } else {
            (0, 0)
        };
        // Line breaks as the index counts them (LF, CRLF, lone CR), so that positions do not
        // depend on whether the index was built yet.
        let line = before + crate::span::count_line_breaks(bytes, from, offset);
        self.cursor.set((offset, line, counted + 1));
        let start = crate::span::line_start_before(bytes, offset);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, column)
    }

    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset);
        let (line, column) = self.line_col(offset);
        Position {
            line,
            column,
            offset: self.offsets.original_offset(offset),
        }
    }

    /// A span moved onto character boundaries of the file text.
    pub(crate) fn span(&self, span: Span) -> Span {
        let start = floor_char_boundary(self.text, span.start);
        Span::new(start, ceil_char_boundary(self.text, span.end.max(start)))
    }

    fn place(&self, span: Span) -> (Span, Position, Position) {
        let text = self.text;
        let start = floor_char_boundary(text, span.start);
        let end = ceil_char_boundary(text, span.end.max(start));
        (
            Span::new(start, end),
            self.position(start),
            self.position(end),
        )
    }

    /// `span` of `doc` (document coordinates) placed in this file, as a label's place for
    /// findings on other documents (see [`crate::deploy`]).
    pub(crate) fn elsewhere(
        &self,
        path: &std::sync::Arc<str>,
        doc: &Document,
        span: Span,
    ) -> crate::diagnostic::Elsewhere {
        let (span, start, end) = self.place(to_file(doc, span));
        crate::diagnostic::Elsewhere {
            path: path.clone(),
            span,
            start,
            end,
        }
    }

    pub(crate) fn diagnostic(
        &self,
        d: Diagnostic,
        doc: Option<&Document>,
        severity: Severity,
    ) -> FileDiagnostic {
        let to_file = |span: Span| -> Span {
            match (d.coordinates, doc) {
                (Coordinates::Document, Some(doc)) => to_file(doc, span),
                _ => span,
            }
        };
        let (span, start, end) = self.place(to_file(d.span));
        let labels = d
            .labels
            .iter()
            .map(
                |Label {
                     span,
                     message,
                     elsewhere,
                 }| match elsewhere {
                    Some(place) => FileLabel {
                        message: message.clone(),
                        path: Some(place.path.clone()),
                        span: place.span,
                        start: place.start,
                        end: place.end,
                    },
                    None => {
                        let (span, start, end) = self.place(to_file(*span));
                        FileLabel {
                            message: message.clone(),
                            path: None,
                            span,
                            start,
                            end,
                        }
                    }
                },
            )
            .collect();
        let fix = d.fix.map(|fix| Box::new(self.fix(fix, d.coordinates, doc)));
        FileDiagnostic {
            rule: d.rule,
            severity,
            message: d.message,
            help: d.help,
            span,
            start,
            end,
            labels,
            element_path: None,
            fix,
        }
    }

    /// The fix placed in the file, or marked not applicable with the reason.
    fn fix(&self, fix: Fix, coordinates: Coordinates, doc: Option<&Document>) -> FileFix {
        let placed = match (coordinates, doc) {
            (Coordinates::Document, Some(doc)) => self.document_edits(&fix, doc),
            _ => self.file_edits(&fix),
        };
        let (edits, not_applicable) = match placed {
            Ok(edits) => (edits, None),
            Err(why) => (Vec::new(), Some(why)),
        };
        FileFix {
            title: fix.title,
            applicability: fix.applicability,
            edits,
            not_applicable,
        }
    }

    /// Edits already in file coordinates (wrapper findings).
    fn file_edits(&self, fix: &Fix) -> Result<Vec<FileEdit>, Why> {
        fix.edits
            .iter()
            .map(|edit| {
                self.text
                    .get(edit.span.start..edit.span.end)
                    .ok_or_else(|| "the edit lies outside the file".to_owned())?;
                Ok(self.edit(edit.span, edit.content.clone()))
            })
            .collect()
    }

    /// Edits of a document mapped to the file: each replaced range must be what the wrapper
    /// writes for the document's text there (the same text, or the same escaped as the
    /// wrapper escapes), and the new text is escaped the same way. Anything else (a line
    /// break of a console dump inside the range, an escaping profile-lint would write
    /// differently) makes the fix not applicable in place rather than a guess.
    fn document_edits(&self, fix: &Fix, doc: &Document) -> Result<Vec<FileEdit>, Why> {
        let mut edits: Vec<FileEdit> = Vec::with_capacity(fix.edits.len());
        for edit in &fix.edits {
            let original = doc
                .xml
                .get(edit.span.start..edit.span.end)
                .ok_or_else(|| "the edit lies outside the document".to_owned())?;
            // The file holds the escaped original from where its first byte maps to; its end
            // is found by length, not mapped (the last character may stand for an entity).
            let start = doc.map.to_file(edit.span.start);
            let (escaping, literal) = Escaping::of(doc, start)?;
            let expected = escaping.escape(original);
            let span = expected
                .as_ref()
                .map(|e| Span::new(start, start + e.len()))
                .filter(|span| literal.is_none_or(|l| span.end < l.end))
                .filter(|span| self.text.get(span.start..span.end) == expected.as_deref())
                .ok_or_else(|| {
                    format!(
                        "the text to replace is written differently in the {} (escaped or wrapped), so the fix is not applied in place",
                        escaping.describe()
                    )
                })?;
            let content = escaping.escape(&edit.content).ok_or_else(|| {
                format!(
                    "the new text cannot be written inside the {}",
                    escaping.describe()
                )
            })?;
            if edits.last().is_some_and(|last| last.span.end > span.start) {
                return Err("the edits overlap once mapped to the file".into());
            }
            edits.push(self.edit(span, content.into_owned()));
        }
        Ok(edits)
    }

    fn edit(&self, span: Span, content: String) -> FileEdit {
        let (span, start, end) = self.place(span);
        FileEdit {
            span,
            start,
            end,
            content,
        }
    }
}

/// A document span in decoded-file coordinates (an empty span stays empty).
pub(crate) fn to_file(doc: &Document, span: Span) -> Span {
    let start = doc.map.to_file(span.start);
    let end = if span.end > span.start {
        doc.map.to_file(span.end - 1) + 1
    } else {
        start
    };
    Span::new(start, end)
}

/// How a wrapper writes document text in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escaping {
    /// A plain XML file.
    Verbatim,
    /// A SyncML CDATA section (ends at `]]>`).
    Cdata,
    /// A PowerShell `@'...'@` here-string (ends at a line starting with `'@`).
    SingleHere,
    /// SyncML `<Data>` text: `&`, `<`, `>` as entities.
    XmlText,
    /// A PowerShell `'...'` string: `'` doubled.
    SingleQuoted,
    /// A PowerShell `"..."` string or `@"..."@` here-string: `` ` ``, `$` (and `"` in a
    /// plain string) escaped with a backtick.
    DoubleQuoted { here: bool },
    /// A JSON string (an Intune OMA-URI export).
    Json,
}

impl Escaping {
    /// How the wrapper writes the document's text at file offset `at`, and for a script, the
    /// string literal there (an edit must stay inside it: a profile assembled from several
    /// literals is written with each one's own quoting).
    fn of(doc: &Document, at: usize) -> Result<(Escaping, Option<Span>), Why> {
        let wrapper = &doc.wrapper;
        if let Some(script) = wrapper.script.as_ref().filter(|s| !s.literals.is_empty()) {
            let (span, quoting) = script
                .literals
                .iter()
                .find(|(span, _)| span.start < at && at < span.end)
                .ok_or("the text to replace is not written in a string literal of the script (it comes from a variable or an expression), so the fix is not applied in place")?;
            let escaping = match quoting {
                Quoting::Single => Escaping::SingleQuoted,
                Quoting::SingleHere => Escaping::SingleHere,
                Quoting::Double => Escaping::DoubleQuoted { here: false },
                Quoting::DoubleHere => Escaping::DoubleQuoted { here: true },
            };
            return Ok((escaping, Some(*span)));
        }
        Ok((match wrapper.format {
            InputFormat::Xml => Escaping::Verbatim,
            InputFormat::Wmi => {
                return Err("the file is the output of a command (a WMI/CIM dump), not a source: fix the profile it came from (`profile-lint extract` prints it)".into())
            }
            InputFormat::Powershell => match wrapper.script.as_ref().and_then(|s| s.quoting) {
                Some(Quoting::Single) => Escaping::SingleQuoted,
                Some(Quoting::SingleHere) => Escaping::SingleHere,
                Some(Quoting::Double) => Escaping::DoubleQuoted { here: false },
                Some(Quoting::DoubleHere) => Escaping::DoubleQuoted { here: true },
                None => return Err("profile-lint could not tell how the script quotes this string".into()),
            },
            InputFormat::Syncml => match wrapper.oma.as_ref().map(|o| o.escaping) {
                Some(PayloadEscaping::Entities) => Escaping::XmlText,
                Some(PayloadEscaping::Cdata) => Escaping::Cdata,
                Some(PayloadEscaping::Plain) => Escaping::Json,
                _ => return Err("the payload's escaping is itself wrong; fix that first".into()),
            },
        }, None))
    }

    fn describe(self) -> &'static str {
        match self {
            Escaping::Verbatim => "file",
            Escaping::Cdata => "CDATA section",
            Escaping::XmlText => "SyncML payload",
            Escaping::SingleHere | Escaping::SingleQuoted | Escaping::DoubleQuoted { .. } => {
                "PowerShell string"
            }
            Escaping::Json => "JSON string",
        }
    }

    /// Whether the wrapper writes `c` differently from itself.
    fn changes(self, c: char) -> bool {
        match self {
            Escaping::Verbatim | Escaping::Cdata | Escaping::SingleHere => false,
            Escaping::XmlText => matches!(c, '&' | '<' | '>'),
            Escaping::SingleQuoted => matches!(c, '\'' | '‘' | '’' | '‚' | '‛'),
            Escaping::DoubleQuoted { here } => {
                matches!(c, '`' | '$') || (!here && matches!(c, '"' | '“' | '”' | '„'))
            }
            Escaping::Json => matches!(c, '"' | '\\') || (c as u32) < 0x20,
        }
    }

    /// `text` as the wrapper writes it (borrowed when that is `text` itself: a fix that
    /// reorders a whole section is not copied character by character); `None` when it
    /// cannot be written there.
    fn escape(self, text: &str) -> Option<std::borrow::Cow<'_, str>> {
        let verbatim = matches!(
            self,
            Escaping::Verbatim | Escaping::Cdata | Escaping::SingleHere
        );
        let out = if !verbatim && text.contains(|c| self.changes(c)) {
            std::borrow::Cow::Owned(self.escape_each(text))
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        // A here-string ends at a line that starts with its closing quote; CDATA at `]]>`.
        let breaks_out = match self {
            Escaping::Cdata => out.contains("]]>"),
            Escaping::SingleHere => out.contains("\n'@"),
            Escaping::DoubleQuoted { here: true } => out.contains("\n\"@"),
            _ => false,
        };
        (!breaks_out).then_some(out)
    }

    fn escape_each(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match (self, c) {
                (Escaping::Verbatim | Escaping::Cdata | Escaping::SingleHere, _) => out.push(c),
                (Escaping::XmlText, '&') => out.push_str("&amp;"),
                (Escaping::XmlText, '<') => out.push_str("&lt;"),
                (Escaping::XmlText, '>') => out.push_str("&gt;"),
                (Escaping::SingleQuoted, '\'' | '‘' | '’' | '‚' | '‛') => {
                    out.push(c);
                    out.push(c);
                }
                (Escaping::DoubleQuoted { .. }, '`' | '$') => {
                    out.push('`');
                    out.push(c);
                }
                (Escaping::DoubleQuoted { here: false }, '"' | '“' | '”' | '„') => {
                    out.push('`');
                    out.push(c);
                }
                (Escaping::Json, '"' | '\\') => {
                    out.push('\\');
                    out.push(c);
                }
                (Escaping::Json, c) if (c as u32) < 0x20 => {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                }
                _ => out.push(c),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Edit;
    use crate::rules::find_rule_meta;
    use crate::source::extract;

    /// Places a fix that replaces the first `from` of the document with `to`, in `file` read
    /// as `format`; returns the edited file text or why the fix is not applicable.
    fn fixed(file: &str, format: InputFormat, from: &str, to: &str) -> Result<String, String> {
        let extraction = extract(file, format);
        let doc = extraction.documents.first().expect("a document");
        let at = doc.xml.find(from).expect("the text is in the document");
        let span = Span::new(at, at + from.len());
        let meta = find_rule_meta("boolean-literal-case").expect("rule");
        let mut d = Diagnostic::new(meta, span, "m");
        d.fix(Fix::safe("t", vec![Edit::replace(span, to)]));
        let decoded = crate::decode::DecodedText::decode(file.as_bytes()).expect("UTF-8");
        let placer = Placer::new(file, decoded.offsets());
        let placed = placer.diagnostic(d, Some(doc), Severity::Error);
        let fix = placed.fix.expect("the fix is kept");
        match &fix.not_applicable {
            Some(why) => Err(why.to_string()),
            None => Ok(crate::lint::apply_fixes(file, [&*fix]).0),
        }
    }

    #[test]
    fn fixes_map_through_syncml_entities() {
        let file = "<SyncML><SyncBody><Replace><Item><Target><LocURI>./Device/Vendor/MSFT/VPNv2/T/ProfileXML</LocURI></Target><Data>&lt;VPNProfile&gt;&lt;AlwaysOn&gt;True&lt;/AlwaysOn&gt;&lt;/VPNProfile&gt;</Data></Item></Replace></SyncBody></SyncML>";
        let out = fixed(file, InputFormat::Syncml, "True", "true").expect("applicable");
        assert!(
            out.contains("&lt;AlwaysOn&gt;true&lt;/AlwaysOn&gt;"),
            "{out}"
        );
        // Markup in the new text is escaped as the payload escapes it.
        let out = fixed(
            file,
            InputFormat::Syncml,
            "<AlwaysOn>True</AlwaysOn>",
            "<AlwaysOn>true</AlwaysOn>",
        )
        .expect("applicable");
        assert!(
            out.contains(
                "&lt;VPNProfile&gt;&lt;AlwaysOn&gt;true&lt;/AlwaysOn&gt;&lt;/VPNProfile&gt;"
            ),
            "{out}"
        );
    }

    #[test]
    fn fixes_map_through_powershell_quoting() {
        let file = "$ProfileXML = '<VPNProfile><ProfileName>Bob''s VPN</ProfileName><AlwaysOn>True</AlwaysOn></VPNProfile>'\n";
        let out = fixed(file, InputFormat::Powershell, "True", "true").expect("applicable");
        assert!(out.contains("<AlwaysOn>true</AlwaysOn>"), "{out}");
        let out =
            fixed(file, InputFormat::Powershell, "Bob's VPN", "Alice's VPN").expect("applicable");
        assert!(
            out.contains("<ProfileName>Alice''s VPN</ProfileName>"),
            "{out}"
        );
        let file = "$ProfileXML = \"<VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>\"\n";
        let out = fixed(file, InputFormat::Powershell, "True", "$x").expect("applicable");
        assert!(out.contains("<AlwaysOn>`$x</AlwaysOn>"), "{out}");
    }

    #[test]
    fn fixes_in_a_wmi_dump_are_not_applied_in_place() {
        let file =
            "InstanceID : Test\nProfileXML : <VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>\n";
        let why = fixed(file, InputFormat::Wmi, "True", "true").expect_err("not applicable");
        assert!(why.contains("extract"), "{why}");
    }

    #[test]
    fn escapings_round_trip_what_wrappers_write() {
        assert_eq!(
            Escaping::XmlText.escape("a<b>&c").as_deref(),
            Some("a&lt;b&gt;&amp;c")
        );
        assert_eq!(
            Escaping::SingleQuoted.escape("it's").as_deref(),
            Some("it''s")
        );
        assert_eq!(
            Escaping::DoubleQuoted { here: false }
                .escape("$x \"y\" `z")
                .as_deref(),
            Some("`$x `\"y`\" ``z")
        );
        assert_eq!(
            Escaping::DoubleQuoted { here: true }
                .escape("\"y\"")
                .as_deref(),
            Some("\"y\"")
        );
        assert_eq!(
            Escaping::Json.escape("a\"b\\\n").as_deref(),
            Some("a\\\"b\\\\\\u000a")
        );
        assert_eq!(Escaping::Cdata.escape("x]]>y"), None);
        assert_eq!(Escaping::Verbatim.escape("x]]>y").as_deref(), Some("x]]>y"));
    }
}
