//! SyncML payloads and OMA-URI exports: the ProfileXML string sits in `<Data>`, entity-escaped
//! (`&lt;VPNProfile&gt;…`) or in CDATA, next to the `LocURI` it is written to.
//!
//! The file is scanned as text rather than parsed, because real payloads are often fragments
//! (an `<Atomic>` or a list of `<Add>` without the `SyncML` root) and because a wrongly
//! escaped `<Data>` is exactly what has to be reported, not a reason to stop.

use super::posmap::MappedText;
use super::unescape::{holds_escaped_profile, unescape_into};
use super::{Document, InputFormat, OmaItem, PayloadEscaping, WrapperInfo};
use crate::span::Span;
use std::collections::HashMap;

/// Elements a SyncML payload or fragment starts with.
const ROOTS: &[&str] = &[
    "SyncML", "SyncBody", "SyncHdr", "Atomic", "Sequence", "Add", "Replace", "Delete", "Get",
    "Exec", "Copy", "Item", "Target", "CmdID",
];

/// A SyncML payload or fragment: its first element (after the declaration and comments) is
/// a SyncML element. A profile that merely mentions `<LocURI>` in a comment stays XML.
pub fn sniff(text: &str) -> bool {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    loop {
        if rest.starts_with("<?") {
            rest = rest.find("?>").map_or("", |e| &rest[e + 2..]);
        } else if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
        } else if rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
        } else {
            break;
        }
        rest = rest.trim_start();
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name: String = tag
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
        .collect();
    let local = name.rsplit(':').next().unwrap_or(&name);
    ROOTS.contains(&local)
}

/// Commands an `Item` can belong to (OMA-DM).
const COMMANDS: &[&str] = &["Add", "Replace", "Delete", "Get", "Exec", "Copy"];

#[derive(Default)]
struct ItemState {
    loc_uri: Option<(String, Span)>,
    data: Option<Span>,
}

pub fn extract(text: &str) -> Vec<Document> {
    let mut documents = Vec::new();
    let mut stack = OpenElements::default();
    let mut item: Option<(ItemState, Span)> = None;
    let mut i = 0;
    while let Some(found) = text[i..].find('<') {
        let lt = i + found;
        let rest = &text[lt..];
        let skip_to = |end: &str| rest.find(end).map_or(text.len(), |e| lt + e + end.len());
        if rest.starts_with("<!--") {
            i = skip_to("-->");
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            i = skip_to("]]>");
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            i = skip_to(">");
            continue;
        }
        let tag_end = crate::span::start_tag_end(text, lt);
        let end_tag = rest.starts_with("</");
        let name_start = lt + if end_tag { 2 } else { 1 };
        let name_len = text[name_start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(text.len() - name_start);
        let full_name = &text[name_start..name_start + name_len];
        // Namespace prefixes (`<A:Add>`) do not matter here.
        let name = full_name.rsplit(':').next().unwrap_or(full_name);
        let tag = Span::new(lt, tag_end);
        if end_tag {
            stack.close(name);
            if name == "Item" {
                if let Some((state, item_tag)) = item.take() {
                    if let Some(doc) = document(text, state, item_tag, &stack) {
                        documents.push(doc);
                    }
                }
            }
            i = tag_end;
            continue;
        }
        let self_closing = text[..tag_end].ends_with("/>");
        match name {
            "Item" if !self_closing => item = Some((ItemState::default(), tag)),
            "LocURI" if !self_closing => {
                let close = text[tag_end..]
                    .find("</")
                    .map_or(text.len(), |e| tag_end + e);
                if let Some((state, _)) = item.as_mut() {
                    state.loc_uri =
                        Some((text[tag_end..close].to_owned(), Span::new(tag_end, close)));
                }
                i = close;
                continue;
            }
            "Data" if !self_closing => {
                let close = data_end(text, tag_end, full_name);
                if let Some((state, _)) = item.as_mut() {
                    state.data = Some(Span::new(tag_end, close));
                }
                i = close;
                continue;
            }
            _ => {}
        }
        if !self_closing {
            stack.push(name, tag);
        }
        i = tag_end.max(lt + 1);
    }
    documents
}

/// Where the `</Data>` that closes the element opened before `from` starts (CDATA skipped).
/// Each search starts where the last one stopped: searching again for the end tag from every
/// CDATA section, or for a CDATA section to the end of the file from every `<Data>`, was
/// quadratic in the number of sections or items.
fn data_end(text: &str, from: usize, name: &str) -> usize {
    let close = format!("</{name}");
    let find = |needle: &str, from: usize, to: usize| {
        memchr::memmem::find(text.as_bytes().get(from..to)?, needle.as_bytes()).map(|e| from + e)
    };
    let mut at = from;
    let mut next_close = find(&close, at, text.len());
    loop {
        let Some(c) = next_close else {
            return text.len();
        };
        // A CDATA section that starts before the end tag hides what it holds (a `</Data>`
        // inside it is text).
        let Some(d) = find("<![CDATA[", at, c) else {
            return c;
        };
        at = find("]]>", d, text.len()).map_or(text.len(), |e| e + 3);
        if at > c {
            next_close = find(&close, at, text.len());
        }
    }
}

/// The open elements, innermost last, with where each name was last opened: an end tag finds
/// the element it closes without scanning the stack, so a payload of unmatched end tags is
/// not quadratic.
#[derive(Default)]
struct OpenElements<'a> {
    /// (name, start-tag span).
    stack: Vec<(&'a str, Span)>,
    /// Stack positions of the open elements of each name, innermost last.
    by_name: HashMap<&'a str, Vec<usize>>,
}

impl<'a> OpenElements<'a> {
    fn push(&mut self, name: &'a str, tag: Span) {
        self.by_name.entry(name).or_default().push(self.stack.len());
        self.stack.push((name, tag));
    }

    /// Closes the innermost open `name` and every element inside it; an end tag that matches
    /// nothing is ignored.
    fn close(&mut self, name: &str) {
        let Some(&pos) = self.by_name.get(name).and_then(|p| p.last()) else {
            return;
        };
        while self.stack.len() > pos {
            if let Some((closed, _)) = self.stack.pop() {
                if let Some(positions) = self.by_name.get_mut(closed) {
                    positions.pop();
                }
            }
        }
    }

    /// The innermost open element of one of `names`.
    fn innermost(&self, names: &[&str]) -> Option<(&'a str, Span)> {
        names
            .iter()
            .filter_map(|n| self.by_name.get(n)?.last().copied())
            .max()
            .map(|pos| self.stack[pos])
    }

    fn is_open(&self, name: &str) -> bool {
        self.by_name.get(name).is_some_and(|p| !p.is_empty())
    }
}

/// Most levels of escaping undone beyond the first. Each level is a pass over the payload;
/// no tool escapes a profile more than a few times by mistake, and without a bound a payload
/// of `&amp;amp;amp;…` would cost a pass per four bytes.
const MAX_EXTRA_LEVELS: usize = 16;

/// How many more levels of escaping [`unescape_more`] undid.
struct Unescaped {
    levels: usize,
    /// The payload was still escaped when [`MAX_EXTRA_LEVELS`] was reached.
    exhausted: bool,
}

/// Whether `text` is a profile escaped (once more): `&lt;VPNProfile…`, or `&amp;lt;…` and
/// deeper for a profile escaped yet again.
fn still_escaped(text: &str) -> bool {
    holds_escaped_profile(text)
        || (text.trim_start().starts_with("&amp;")
            && (text.contains("VPNProfile") || text.contains("EapHostConfig")))
}

/// Undoes levels of escaping while the payload still holds an escaped profile, so that a
/// profile escaped three or more times is found (and reported) like one escaped twice.
fn unescape_more(mut text: MappedText) -> (MappedText, Unescaped) {
    let mut levels = 0;
    while still_escaped(&text.text) {
        if levels == MAX_EXTRA_LEVELS {
            return (
                text,
                Unescaped {
                    levels,
                    exhausted: true,
                },
            );
        }
        let mut next = MappedText::new();
        unescape_into(&mut next, &text.text, &|i| text.map.to_file(i));
        text = next;
        levels += 1;
    }
    (
        text,
        Unescaped {
            levels,
            exhausted: false,
        },
    )
}

/// The escaping of a payload escaped `times` times in all (CDATA counts as one).
fn escaping_of(times: usize, exhausted: bool) -> PayloadEscaping {
    match (times, exhausted) {
        (1, _) => PayloadEscaping::Entities,
        (2, false) => PayloadEscaping::Double,
        (times, at_least) => PayloadEscaping::Repeatedly { times, at_least },
    }
}

/// The span of `text[span]` without surrounding white space.
fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    Span::new(span.start + lead, span.end - trail)
}

fn document(
    text: &str,
    state: ItemState,
    item_tag: Span,
    stack: &OpenElements,
) -> Option<Document> {
    let data = trim_span(text, state.data?);
    let raw = &text[data.start..data.end];
    let mut escaping_span = Span::new(data.start, data.start);
    let (escaping, mapped) = if let Some(inner) = raw.strip_prefix("<![CDATA[") {
        let inner_end = inner.rfind("]]>").unwrap_or(inner.len());
        let start = data.start + "<![CDATA[".len();
        let inner_span = trim_span(text, Span::new(start, start + inner_end));
        let inner = &text[inner_span.start..inner_span.end];
        let mut out = MappedText::new();
        out.copy(inner, inner_span.start);
        let (out, more) = unescape_more(out);
        if more.levels > 0 {
            escaping_span = Span::new(inner_span.start, inner_span.start + 4);
        }
        if more.levels == 0 {
            (PayloadEscaping::Cdata, out)
        } else {
            // CDATA is one level, like entities.
            (escaping_of(1 + more.levels, more.exhausted), out)
        }
    } else if raw.starts_with('<') {
        let mut out = MappedText::new();
        out.copy(raw, data.start);
        escaping_span = Span::new(
            data.start,
            crate::span::start_tag_end(text, data.start).min(data.end),
        );
        (PayloadEscaping::Markup, out)
    } else {
        let mut once = MappedText::new();
        unescape_into(&mut once, raw, &|i| data.start + i);
        let (out, more) = unescape_more(once);
        if more.levels > 0 {
            let at = raw.find("&amp;").map_or(data.start, |a| data.start + a);
            escaping_span = Span::new(at, at + "&amp;".len());
        }
        (escaping_of(1 + more.levels, more.exhausted), out)
    };
    let gave_up = matches!(escaping, PayloadEscaping::Repeatedly { at_least: true, .. });
    // A payload still escaped after every level undone is reported as such (the document
    // itself is then not XML), never skipped as "no profile here".
    if !(gave_up || mapped.text.contains("<VPNProfile") || mapped.text.contains("<EapHostConfig")) {
        return None;
    }
    let (loc_uri, loc_uri_span) = state
        .loc_uri
        .unwrap_or_else(|| (String::new(), Span::new(item_tag.start, item_tag.start)));
    let command = stack.innermost(COMMANDS);
    let mut wrapper = WrapperInfo::for_format(InputFormat::Syncml);
    wrapper.oma = Some(Box::new(OmaItem {
        loc_uri,
        loc_uri_span,
        command: command.map(|(n, _)| n.to_owned()),
        command_span: command.map_or(item_tag, |(_, s)| s),
        in_atomic: stack.is_open("Atomic"),
        escaping,
        data_span: data,
        escaping_span,
    }));
    let (xml, map) = mapped.into_parts();
    Some(Document { xml, map, wrapper })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_util::assert_exact;

    const ESCAPED: &str = "<SyncML>\r\n<SyncBody>\r\n<Atomic>\r\n<Add><CmdID>2</CmdID>\r\n<Item><Target><LocURI>./Device/Vendor/MSFT/VPNv2/Corp%20VPN/ProfileXML</LocURI></Target>\r\n<Meta><Format xmlns=\"syncml:metinf\">chr</Format></Meta>\r\n<Data>&lt;VPNProfile&gt;&lt;ProfileName&gt;R&amp;amp;D&lt;/ProfileName&gt;&lt;/VPNProfile&gt;</Data></Item>\r\n</Add>\r\n</Atomic>\r\n</SyncBody>\r\n</SyncML>\r\n";

    #[test]
    fn unescapes_data_and_reads_the_item() {
        assert!(sniff(ESCAPED));
        let docs = extract(ESCAPED);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(
            d.xml,
            "<VPNProfile><ProfileName>R&amp;D</ProfileName></VPNProfile>"
        );
        assert_exact(d, ESCAPED, &['&']);
        let oma = d.wrapper.oma.as_ref().expect("an OMA item");
        assert_eq!(
            oma.loc_uri,
            "./Device/Vendor/MSFT/VPNv2/Corp%20VPN/ProfileXML"
        );
        assert_eq!(
            &ESCAPED[oma.loc_uri_span.start..oma.loc_uri_span.end],
            oma.loc_uri
        );
        assert_eq!(oma.command.as_deref(), Some("Add"));
        assert!(oma.in_atomic);
        assert_eq!(oma.escaping, PayloadEscaping::Entities);
        // `<ProfileName>` maps to the `&` of `&lt;ProfileName&gt;`.
        let at = d.xml.find("<ProfileName>").unwrap_or(0);
        assert_eq!(&ESCAPED[d.map.to_file(at)..d.map.to_file(at) + 4], "&lt;");
    }

    #[test]
    fn cdata_markup_and_double_escaping() {
        let cdata = "<Replace><Item><Target><LocURI>./User/Vendor/MSFT/VPNv2/A/ProfileXML</LocURI></Target><Data><![CDATA[\n<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>\n]]></Data></Item></Replace>";
        let d = &extract(cdata)[0];
        assert_eq!(d.xml, "<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>");
        assert_exact(d, cdata, &[]);
        let oma = d.wrapper.oma.as_ref().expect("item");
        assert_eq!(oma.escaping, PayloadEscaping::Cdata);
        assert!(!oma.in_atomic);
        assert_eq!(oma.command.as_deref(), Some("Replace"));

        let markup = "<Add><Item><Target><LocURI>./Vendor/MSFT/VPNv2/A/ProfileXML</LocURI></Target><Data><VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile></Data></Item></Add>";
        let d = &extract(markup)[0];
        assert_eq!(
            d.wrapper.oma.as_ref().map(|o| o.escaping),
            Some(PayloadEscaping::Markup)
        );
        assert_exact(d, markup, &[]);

        let double = "<Add><Item><Target><LocURI>./Vendor/MSFT/VPNv2/A/ProfileXML</LocURI></Target><Data>&amp;lt;VPNProfile&amp;gt;&amp;lt;/VPNProfile&amp;gt;</Data></Item></Add>";
        let d = &extract(double)[0];
        assert_eq!(d.xml, "<VPNProfile></VPNProfile>");
        assert_eq!(
            d.wrapper.oma.as_ref().map(|o| o.escaping),
            Some(PayloadEscaping::Double)
        );
        assert_exact(d, double, &['&']);
    }

    #[test]
    fn sniffs_by_the_first_element() {
        assert!(sniff(
            "<?xml version=\"1.0\"?>\n<!-- payload -->\n<SyncML xmlns=\"SYNCML:SYNCML1.2\">"
        ));
        assert!(sniff("  <Atomic><CmdID>1</CmdID>"));
        assert!(!sniff("<!-- send to <LocURI>./Device/Vendor/MSFT/VPNv2/A/ProfileXML</LocURI> -->\n<VPNProfile/>"));
        assert!(!sniff("<VPNProfile><Item/></VPNProfile>"));
    }

    #[test]
    fn items_without_a_profile_are_not_documents() {
        let text = "<SyncML><SyncBody><Replace><Item><Target><LocURI>./Device/Vendor/MSFT/VPNv2/A/AlwaysOn</LocURI></Target><Data>true</Data></Item></Replace></SyncBody></SyncML>";
        assert!(extract(text).is_empty());
    }
}
