//! Format-List output of `Get-WmiObject -Class MDM_VPNv2_01 -Namespace root\cimv2\mdm\dmmap`
//! and `Get-CimInstance`: `ProfileXML : <VPNProfile>...` wrapped over many lines with a
//! hanging indent, several instances per dump.
//!
//! PowerShell wraps a value at the console width `W` word by word: a word (with the space
//! after it) that does not fit goes to the next line, and a word longer than `W` is cut into
//! chunks of exactly `W` characters. So a line break falls either inside a token (the line is
//! `W` long: join with nothing) or after a space (the space ends the line; pasted copies lose
//! it: join with one space). Each break is decided from the line length, the length of the
//! next word (a space break means that word did not fit), and the XML around the break
//! (`</Routin` + `gPolicyType>` cannot take a space; `<EapHostConfig` + `xmlns=` needs one).
//! What is still ambiguous is settled by which choice lets the document parse. Damage that is
//! not at a line break (lines joined by hand: `<EapHostConfigxmlns=`, `xml ns=`) is repaired
//! when the repair is unambiguous and recorded as [`WrapDamage`] for `wmi-dump-wrap-artifacts`.

mod lexer;
mod repair;
pub mod table;

use super::posmap::MappedText;
use super::{is_known_element, DamageKind, Document, Property, WrapDamage, WrapperInfo};
use crate::span::Span;
use lexer::{is_name_char, Lexer, State};
use repair::{apply, find_repairs, Repair};
use std::collections::{HashMap, HashSet};

/// A dump has a `ProfileXML : ` property line, or the `InstanceID`/`ParentID` pair.
pub fn sniff(text: &str) -> bool {
    let mut names = Vec::new();
    for line in lines(text).take(2000).map(|l| l.text) {
        if let Some((_, name, _)) = property_line(line) {
            if name.eq_ignore_ascii_case("ProfileXML") {
                return true;
            }
            names.push(name.to_ascii_lowercase());
        }
    }
    names.iter().any(|n| n == "instanceid") && names.iter().any(|n| n == "parentid")
}

/// One line of the file: its text without the line break, and where it starts.
struct Line<'a> {
    text: &'a str,
    start: usize,
}

/// Lines end at LF, CRLF or a lone CR: a dump saved by a tool that writes classic Mac line
/// ends (or a paste that lost its LFs) is still one property per line.
fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut start = 0;
    let mut breaks = crate::span::line_breaks(text.as_bytes());
    std::iter::from_fn(move || {
        let end = match breaks.next() {
            Some(end) => end,
            None if start < text.len() => text.len(),
            None => return None,
        };
        let body = text.get(start..end).unwrap_or("");
        let line = Line {
            text: body.strip_suffix('\r').unwrap_or(body),
            start,
        };
        start = end + 1;
        Some(line)
    })
}

/// `Name   : value` → (indentation, name, byte offset of the value in the line).
fn property_line(line: &str) -> Option<(usize, &str, usize)> {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    let name_len = rest
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_alphanumeric() || *c == '_') || (*i == 0 && c.is_ascii_digit()))
        .map_or(rest.len(), |(i, _)| i);
    if name_len == 0 {
        return None;
    }
    let after = rest[name_len..].trim_start_matches([' ', '\t']);
    let after_colon = after.strip_prefix(':')?;
    if !(after_colon.is_empty() || after_colon.starts_with([' ', '\t'])) {
        return None;
    }
    let value = after_colon.trim_start_matches([' ', '\t']);
    Some((indent, &rest[..name_len], line.len() - value.len()))
}

/// A prompt line pasted with the dump (`PS C:\> Get-WmiObject ...`).
fn is_prompt(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("PS ") && t.contains('>')
}

/// A property of one instance: its name and the pieces of its (wrapped) value.
struct Prop<'a> {
    name: &'a str,
    /// Where the name is in the file.
    name_at: usize,
    indent: usize,
    /// (file offset, text) of each line of the value, indentation removed.
    segments: Vec<(usize, &'a str)>,
    /// The indentation (bytes of blanks) removed from each continuation line.
    indents: Vec<usize>,
    /// The continuation lines as found (with their indentation).
    full_lines: Vec<&'a str>,
}

impl<'a> Prop<'a> {
    /// Continuation lines indented one or more blanks deeper than the hanging indent begin
    /// with content blanks: PowerShell cuts a long word (with the space after it) into
    /// chunks, so a space can open the next line.
    fn restore_leading_blanks(&mut self) {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for &indent in &self.indents {
            *counts.entry(indent).or_default() += 1;
        }
        let Some((&base, _)) = counts
            .iter()
            .max_by_key(|&(indent, n)| (*n, std::cmp::Reverse(*indent)))
        else {
            return;
        };
        for (k, &indent) in self.indents.iter().enumerate() {
            if indent > base && !inside_number(self.segments.get(k), self.segments.get(k + 1)) {
                if let Some(segment) = self.segments.get_mut(k + 1) {
                    let extra = indent - base;
                    let start = segment.0 - extra;
                    // Safe: the removed indentation is ASCII blanks right before the segment.
                    *segment = (start, self.full_lines[k].get(base..).unwrap_or(segment.1));
                }
            }
        }
    }
}

/// The break falls inside a number or an address (`10.10.` / `0.2`): no value has blanks there,
/// so deeper indentation of that line is a hand edit of the dump (as in Microsoft's published
/// example), not blanks of the value.
fn inside_number(before: Option<&(usize, &str)>, after: Option<&(usize, &str)>) -> bool {
    let numeric = |c: char| c.is_ascii_digit() || c == '.';
    let ends = before
        .and_then(|(_, s)| s.chars().next_back())
        .is_some_and(numeric);
    let starts = after
        .and_then(|(_, s)| s.trim_start_matches([' ', '\t']).chars().next())
        .is_some_and(|c| c.is_ascii_digit());
    ends && starts
}

impl Prop<'_> {
    fn joined(&self) -> String {
        self.segments.iter().map(|(_, s)| *s).collect()
    }

    fn span(&self) -> Span {
        let start = self.segments.first().map_or(0, |(o, _)| *o);
        let end = self.segments.last().map_or(start, |(o, s)| o + s.len());
        Span::new(start, end)
    }
}

/// Calls `each` with the properties of every instance of the dump, in file order, as each is
/// complete (a dump of 150,000 instances is never held as properties all at once).
fn for_each_instance<'a>(text: &'a str, mut each: impl FnMut(&mut Vec<Prop<'a>>)) {
    let mut current: Vec<Prop> = Vec::new();
    // Lower-cased names of the properties of `current`: a name seen again starts a new
    // instance. A set, because a hostile instance may have any number of properties.
    let mut names: HashSet<String> = HashSet::new();
    // The value of the last property, for telling when a flattened ProfileXML is complete.
    let mut value = OpenValue::default();
    let mut open = false; // the last property can still take continuation lines
    for line in lines(text) {
        if line.text.trim().is_empty() || is_prompt(line.text) {
            open = false;
            continue;
        }
        let indent = line.text.len() - line.text.trim_start_matches([' ', '\t']).len();
        let property = property_line(line.text);
        if open {
            if let Some(last) = current.last_mut() {
                // Deeper than the property: a continuation. At the same depth (a dump whose
                // indentation was flattened) only while a ProfileXML value is still open, so
                // that a Markdown fence or other junk after the dump is not taken in.
                let continuation = indent > last.indent
                    || (property.is_none()
                        && last.name.eq_ignore_ascii_case("ProfileXML")
                        && !value.complete());
                if continuation {
                    let body = &line.text[indent..];
                    last.segments.push((line.start + indent, body));
                    last.indents.push(indent);
                    last.full_lines.push(line.text);
                    value.push(body);
                    continue;
                }
            }
        }
        match property {
            Some((indent, name, value_at)) => {
                if !names.insert(name.to_ascii_lowercase()) {
                    each(&mut current);
                    current.clear();
                    names.clear();
                    names.insert(name.to_ascii_lowercase());
                }
                let first = &line.text[value_at..];
                value = OpenValue::default();
                value.push(first);
                current.push(Prop {
                    name,
                    name_at: line.start + indent,
                    indent,
                    segments: vec![(line.start + value_at, first)],
                    indents: Vec::new(),
                    full_lines: Vec::new(),
                });
                open = true;
            }
            None => open = false,
        }
    }
    if !current.is_empty() {
        each(&mut current);
    }
}

/// A property value growing line by line, and whether it is an XML value whose root element
/// is closed (`<VPNProfile>…</VPNProfile>`). What is known about it is kept as lines arrive:
/// re-joining and re-reading the whole value at every line made a value that never closes
/// (a flattened paste of a cut-off dump) quadratic in its number of lines.
#[derive(Default)]
struct OpenValue {
    value: String,
    /// Where the value's first non-blank character is, once there is one.
    lead: Option<usize>,
    /// Where the root element's name ends (the first character after it), once read.
    name_end: Option<usize>,
    /// How far the search for `lead`, and then for `name_end`, has read.
    scanned: usize,
}

impl OpenValue {
    fn push(&mut self, segment: &str) {
        self.value.push_str(segment);
    }

    fn complete(&mut self) -> bool {
        let value = self.value.as_str();
        let lead = match self.lead {
            Some(lead) => lead,
            None => {
                let rest = value.get(self.scanned..).unwrap_or("");
                let Some(at) = rest.find(|c: char| !c.is_whitespace()) else {
                    self.scanned = value.len();
                    return false;
                };
                let lead = self.scanned + at;
                self.lead = Some(lead);
                // Past the `<` (one byte) when there is one; otherwise the value is no XML.
                self.scanned = lead + 1;
                lead
            }
        };
        if !value[lead..].starts_with('<') {
            return false;
        }
        let name_end = match self.name_end {
            Some(end) => end,
            None => {
                let rest = value.get(self.scanned..).unwrap_or("");
                // A name running to the end cannot be followed by its end tag yet.
                let Some(at) = rest.find(|c: char| !is_name_char(c)) else {
                    self.scanned = value.len();
                    return false;
                };
                self.name_end = Some(self.scanned + at);
                self.scanned + at
            }
        };
        let name = &value[lead + 1..name_end];
        !name.is_empty()
            && value[lead..]
                .trim_end()
                .strip_suffix('>')
                .and_then(|t| t.strip_suffix(name))
                .is_some_and(|t| t.ends_with("</"))
    }
}

pub fn extract(text: &str) -> Vec<Document> {
    let mut documents = Vec::new();
    for_each_instance(text, |instance| {
        for prop in instance.iter_mut() {
            prop.restore_leading_blanks();
        }
        let Some(profile) = instance
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case("ProfileXML"))
        else {
            return;
        };
        let mut wrapper = WrapperInfo::for_format(super::InputFormat::Wmi);
        wrapper.properties = instance
            .iter()
            .filter(|p| !p.name.eq_ignore_ascii_case("ProfileXML"))
            .map(|p| Property {
                name: p.name.to_owned(),
                value: p.joined().trim_end().to_owned(),
                span: p.span(),
            })
            .collect();
        if profile.joined().trim().is_empty() {
            // The profile node exists on the device but holds no XML: a document with nothing
            // to parse, kept so that the instance is reported rather than silently dropped.
            wrapper.incomplete = true;
            wrapper.wrap_damage.push(WrapDamage {
                kind: DamageKind::Empty,
                span: Span::new(profile.name_at, profile.name_at + profile.name.len()),
                found: String::new(),
                repaired: String::new(),
            });
            let value_at = profile.segments.first().map_or(profile.name_at, |s| s.0);
            documents.push(Document {
                xml: String::new(),
                map: super::SourceMap::verbatim(value_at),
                wrapper,
            });
            return;
        }
        let (xml, map, damage) = rejoin(&profile.segments);
        // A complete profile may contain `...` in a comment or a value: the value was cut
        // short only when it no longer parses, or when an element holds nothing but `...`
        // (`<VPNProfile>...</VPNProfile>`, as Format-List prints a value it elides).
        // Both need a `...` or `…` (written as it is, or as a character reference): without
        // one, the value is not cut short and need not be parsed here (a dump of 150,000
        // instances parsed each of them twice more for nothing).
        let may_be_cut = xml.contains("...") || xml.contains('\u{2026}') || xml.contains('&');
        let cut_short = match may_be_cut.then(|| parse_error_at(&xml)) {
            None => None,
            Some(Some(_)) => truncation(&xml),
            Some(None) => elided_element(&xml),
        };
        if let Some(span) = cut_short {
            let start = map.to_file(span.start);
            let end = map.to_file(span.end.saturating_sub(1)) + 1;
            wrapper.incomplete = true;
            wrapper.wrap_damage.push(WrapDamage {
                kind: DamageKind::Truncated,
                span: Span::new(start, end),
                found: xml.get(span.start..span.end).unwrap_or("").to_owned(),
                repaired: String::new(),
            });
        }
        wrapper.wrap_damage.extend(damage);
        documents.push(Document { xml, map, wrapper });
    });
    documents
}

/// `...` or `…` in the value: PowerShell (or the person who pasted it) cut it short. The last
/// one is the cut.
fn truncation(xml: &str) -> Option<Span> {
    let at = match (xml.rfind("..."), xml.rfind('\u{2026}')) {
        (Some(dots), Some(ellipsis)) => dots.max(ellipsis),
        (dots, ellipsis) => dots.or(ellipsis)?,
    };
    let len = if xml[at..].starts_with("...") {
        3
    } else {
        '\u{2026}'.len_utf8()
    };
    Some(Span::new(at, at + len))
}

/// An element whose whole text is `...` or `…`: the place where the value was elided.
fn elided_element(xml: &str) -> Option<Span> {
    let doc = crate::limits::parse_guarded(xml)?;
    let node = doc
        .descendants()
        .find(|n| n.is_text() && matches!(n.text().map(str::trim), Some("..." | "\u{2026}")))?;
    let range = node.range();
    let text = xml.get(range.clone())?;
    let start = range.start + (text.len() - text.trim_start().len());
    Some(Span::new(
        start,
        range.end - (text.len() - text.trim_end().len()),
    ))
}

/// How one line break is re-joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// The break was inside a token.
    Nothing,
    /// The break was at a space that the dump no longer has.
    Space,
    /// The line still ends with its space(s): nothing to add.
    Kept,
}

#[derive(Debug, Clone, Copy)]
struct Decision {
    join: Join,
    /// How sure the evidence is; breaks below [`FLIPPABLE`] may be flipped to make the
    /// document parse.
    margin: i32,
}

const FLIPPABLE: i32 = 5;

/// Re-joins the wrapped value; returns the XML, its map, and the damage found off the breaks.
fn rejoin(segments: &[(usize, &str)]) -> (String, super::SourceMap, Vec<WrapDamage>) {
    let width = wrap_width(segments);
    let mut decisions = decide(segments, width);
    let mut built = build(segments, &decisions);
    // Settle ambiguous breaks by well-formedness: flip the nearest uncertain break before the
    // first parse error while that moves the error further on.
    // Real profiles are a few KiB; the search is bounded so that huge inputs stay fast.
    // Only uncertain breaks are flipped: with none (a value on one line), nothing to parse.
    let flippable = |d: &Decision| d.join != Join::Kept && d.margin < FLIPPABLE;
    let attempts = if built.0.text.len() <= 512 * 1024 && decisions.iter().any(flippable) {
        24
    } else {
        0
    };
    for _ in 0..attempts {
        let Some(error_at) = parse_error_at(&built.0.text) else {
            break;
        };
        let mut improved = false;
        let mut candidates: Vec<usize> = (0..decisions.len())
            .filter(|&i| flippable(&decisions[i]))
            .filter(|&i| built.1[i] <= error_at + 1)
            .collect();
        candidates.sort_by_key(|&i| std::cmp::Reverse(built.1[i]));
        for i in candidates.into_iter().take(4) {
            let mut trial = decisions.clone();
            trial[i].join = if trial[i].join == Join::Space {
                Join::Nothing
            } else {
                Join::Space
            };
            trial[i].margin = FLIPPABLE;
            let rebuilt = build(segments, &trial);
            let better = match parse_error_at(&rebuilt.0.text) {
                None => true,
                Some(e) => e > error_at + 1,
            };
            if better {
                decisions = trial;
                built = rebuilt;
                improved = true;
                break;
            }
        }
        if !improved {
            break;
        }
    }
    // Damage off the breaks (lines joined by hand): repair what is unambiguous.
    let (mapped, breaks) = built;
    let repairs = find_repairs(&mapped.text);
    let repairs: Vec<Repair> = repairs
        .into_iter()
        .filter(|r| {
            // At a line break a fusion or split was the re-joiner's own choice, not damage.
            // (`breaks` is in document order: searched, not scanned, per repair.)
            r.kind == DamageKind::Pasted
                || !(breaks.binary_search(&r.at).is_ok() || breaks.binary_search(&r.end).is_ok())
        })
        .collect();
    let mut damage = Vec::new();
    for r in &repairs {
        let start = mapped.map.to_file(r.token.start);
        let end = mapped.map.to_file(r.token.end.saturating_sub(1)) + 1;
        damage.push(WrapDamage {
            kind: r.kind,
            span: Span::new(start, end),
            found: mapped
                .text
                .get(r.token.start..r.token.end)
                .unwrap_or("")
                .to_owned(),
            repaired: r.replacement_of(&mapped.text),
        });
    }
    let repaired = apply(&mapped, &repairs);
    let (xml, map) = repaired.into_parts();
    (xml, map, damage)
}

/// The wrap width: the most common length of the lines that were wrapped (all but the last).
fn wrap_width(segments: &[(usize, &str)]) -> usize {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for (_, s) in segments.iter().take(segments.len().saturating_sub(1)) {
        *counts.entry(s.trim_end().chars().count()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(len, n)| (n, len))
        .map_or(usize::MAX, |(len, _)| len)
}

/// Length (with its trailing space) of the first word of `segments[i..]`; only compared with
/// the width, so a word running over more than two full lines is reported as that long.
fn next_word_len(segments: &[(usize, &str)], i: usize, width: usize) -> usize {
    let mut total = 0;
    for (_, s) in segments.iter().skip(i).take(3) {
        match s.find(' ') {
            Some(at) => return total + s[..at].chars().count() + 1,
            // No space on the line: the word goes on; a full line means a word longer than W.
            None if s.chars().count() >= width => total += width + 1,
            None => return total + s.chars().count(),
        }
    }
    total
}

fn decide(segments: &[(usize, &str)], width: usize) -> Vec<Decision> {
    let mut lexer = Lexer::default();
    let mut out = Vec::new();
    for (i, (_, a)) in segments.iter().enumerate() {
        // The last line (a value on one line is all last line) has no break to weigh.
        let Some((_, b)) = segments.get(i + 1) else {
            break;
        };
        lexer.feed(a);
        let decision = if a.ends_with([' ', '\t']) || b.starts_with([' ', '\t']) {
            Decision {
                join: Join::Kept,
                margin: 100,
            }
        } else {
            let next = next_word_len(segments, i + 1, width);
            score(&lexer, a, b, next, width)
        };
        if decision.join == Join::Space {
            lexer.feed(" ");
        }
        out.push(decision);
    }
    out
}

/// Weighs "join with nothing" against "join with a space" for the break between `a` and `b`.
fn score(lexer: &Lexer, a: &str, b: &str, next_word: usize, width: usize) -> Decision {
    let (mut none, mut space) = (0i32, 0i32);
    let len = a.chars().count();
    if len >= width {
        none += 3;
    } else {
        // A space break means the next word (with its space) did not fit in what was left,
        // and was not longer than a line (those are cut into chunks instead).
        let left = width as i64 - len as i64 - 1;
        let word = next_word as i64;
        let consistent = word >= left && (word <= width as i64 || left <= 0);
        space += if consistent { 3 } else { 1 };
    }
    let rt: String = b.chars().take_while(|&c| is_name_char(c)).collect();
    let after_rt = b[rt.len()..].chars().next();
    match lexer.state {
        State::Open => none += 20,
        State::Name { end: true } if !rt.is_empty() => none += 20,
        State::Name { end: false } if !rt.is_empty() => {
            let joined = format!("{}{}", lexer.token, rt);
            let token_known = is_known_element(&lexer.token);
            if is_known_element(&joined) {
                none += if token_known { 3 } else { 6 };
            }
            if token_known && (after_rt == Some('=') || rt.starts_with("xmlns")) {
                space += 5;
            }
        }
        // An attribute name must be followed by `=`.
        State::Attr if !rt.is_empty() => none += 6,
        // Attributes must be separated by white space.
        State::AfterValue if !rt.is_empty() => space += 20,
        // Namespace URIs and the other attribute values hold no spaces.
        State::Value(_) => none += 4,
        _ => {}
    }
    let (join, margin) = if space > none {
        (Join::Space, space - none)
    } else {
        (Join::Nothing, none - space)
    };
    Decision { join, margin }
}

/// Builds the document for a set of decisions; also returns the document offset at which
/// each break's second line starts.
fn build(segments: &[(usize, &str)], decisions: &[Decision]) -> (MappedText, Vec<usize>) {
    let mut out = MappedText::new();
    let mut breaks = Vec::new();
    for (i, (offset, s)) in segments.iter().enumerate() {
        if i > 0 {
            if decisions.get(i - 1).is_some_and(|d| d.join == Join::Space) {
                // The space stood at the end of the previous line.
                let (prev_offset, prev) = segments[i - 1];
                out.synthetic(" ", prev_offset + prev.len());
            }
            breaks.push(out.len());
        }
        out.copy(s, *offset);
    }
    // Trailing blanks after the value are not part of it.
    let trimmed = out.text.trim_end().len();
    out.text.truncate(trimmed);
    (out, breaks)
}

fn parse_error_at(xml: &str) -> Option<usize> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 1_000_000,
        ..Default::default()
    };
    match roxmltree::Document::parse_with_options(xml, options) {
        Ok(_) => None,
        Err(e) => {
            let pos = e.pos();
            let index = crate::span::LineIndex::new(xml);
            Some(index.offset_of(xml, pos.row as usize, pos.col as usize))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_util::assert_exact;

    fn doc(text: &str) -> Document {
        let mut docs = extract(text);
        assert_eq!(docs.len(), 1, "one document expected");
        docs.remove(0)
    }

    #[test]
    fn rejoins_inside_tokens_and_at_spaces() {
        // Width 20; breaks inside `Routin|gPolicy` and at the space of `<Eap |xmlns`.
        let text = "InstanceID : Test\nProfileXML : <VPNProfile><RoutingP\n             olicyType>x</Routin\n             gPolicyType><Eap\n             xmlns=\"urn:x\"/></VPNProfile>\nParentID : ./Vendor/MSFT/VPNv2\n";
        let d = doc(text);
        assert_eq!(
            d.xml,
            "<VPNProfile><RoutingPolicyType>x</RoutingPolicyType><Eap xmlns=\"urn:x\"/></VPNProfile>"
        );
        assert_exact(&d, text, &[]);
        assert_eq!(
            d.wrapper.property("InstanceID").map(|p| p.value.as_str()),
            Some("Test")
        );
        assert!(d.wrapper.property("ParentID").is_some());
    }

    #[test]
    fn dots_inside_a_complete_profile_are_not_a_truncation() {
        let complete =
            "ProfileXML : <VPNProfile><!-- edited... --><AlwaysOn>True</AlwaysOn></VPNProfile>\n";
        assert!(!doc(complete).wrapper.incomplete);
        let cut = "ProfileXML : <VPNProfile><!-- edited... --><AlwaysOn>tr...\n";
        assert!(doc(cut).wrapper.incomplete);
    }

    #[test]
    fn crlf_and_kept_trailing_spaces() {
        let text = "ProfileXML : <VPNProfile><EKUName>AAD \r\n             Conditional Access</EKUName></VPNProfile>\r\n";
        let d = doc(text);
        assert_eq!(
            d.xml,
            "<VPNProfile><EKUName>AAD Conditional Access</EKUName></VPNProfile>"
        );
        assert_exact(&d, text, &[]);
    }

    #[test]
    fn repairs_hand_joined_lines() {
        let text = "ProfileXML : <VPNProfile><Eap><Configuration><EapHostConfigxmlns=\"http://www.microsoft.com/provisioning/EapHostConfig\"><Config xml ns=\"x\"/></EapHostConfig></Configuration></Eap></VPNProfile>\n";
        let d = doc(text);
        assert!(d.xml.contains("<EapHostConfig xmlns="), "{}", d.xml);
        assert!(d.xml.contains("<Config xmlns="), "{}", d.xml);
        let kinds: Vec<DamageKind> = d.wrapper.wrap_damage.iter().map(|w| w.kind).collect();
        assert_eq!(kinds, vec![DamageKind::Fused, DamageKind::Split]);
        assert_exact(&d, text, &[]);
        let fused = &d.wrapper.wrap_damage[0];
        assert_eq!(
            &text[fused.span.start..fused.span.end],
            "<EapHostConfigxmlns="
        );
    }

    #[test]
    fn repairs_what_mail_programs_change() {
        let text = "ProfileXML : <VPNProfile><Eap\u{a0}xmlns=\u{201d}http://www.microsoft.com/provisioning/EapHostConfig\u{201d}/><Type xmlns=\"https://eur01.safelinks.protection.outlook.com/?url=http%3A%2F%2Fwww.microsoft.com%2Fprovisioning%2FEapCommon&data=05%7C01&reserved=0\">13</Type></VPNProfile>\n";
        let d = doc(text);
        assert_eq!(
            d.xml,
            "<VPNProfile><Eap xmlns=\"http://www.microsoft.com/provisioning/EapHostConfig\"/><Type xmlns=\"http://www.microsoft.com/provisioning/EapCommon\">13</Type></VPNProfile>"
        );
        assert!(d
            .wrapper
            .wrap_damage
            .iter()
            .all(|w| w.kind == DamageKind::Pasted));
        assert_eq!(d.wrapper.wrap_damage.len(), 4);
        // Outside the rewritten URL every byte maps exactly; the URL maps to the Safe Links
        // URL it was recovered from.
        let url = d
            .xml
            .find("http://www.microsoft.com/provisioning/EapCommon")
            .unwrap_or(0);
        let safe = text.find("https://eur01").unwrap_or(0);
        assert_eq!(d.map.to_file(url), safe);
        for (i, c) in d.xml.char_indices() {
            let f = d.map.to_file(i);
            if i >= url && i < url + 47 {
                assert!(f >= safe && f < text.len());
                continue;
            }
            let found = text[f..].chars().next();
            assert!(
                found == Some(c)
                    || (c == '"' && found == Some('\u{201d}'))
                    || (c == ' ' && found == Some('\u{a0}')),
                "byte {i} {c:?} -> {found:?}"
            );
        }
    }

    #[test]
    fn several_instances_and_truncation() {
        let text = "PS C:\\> Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01\n\nInstanceID : A\nProfileXML : <VPNProfile>...</VPNProfile>\n\nInstanceID : B\nProfileXML : <VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>\n";
        let docs = extract(text);
        assert_eq!(docs.len(), 2);
        assert!(docs[0].wrapper.incomplete);
        assert!(!docs[1].wrapper.incomplete);
        assert_eq!(
            docs[1]
                .wrapper
                .property("InstanceID")
                .map(|p| p.value.as_str()),
            Some("B")
        );
        for d in &docs {
            assert_exact(d, text, &[]);
        }
    }

    #[test]
    fn a_line_indented_deeper_by_hand_inside_an_address_keeps_the_address() {
        // Microsoft's published dump has one continuation line indented 4 blanks deeper, in
        // the middle of `10.10.0.2`; a number has no blanks, so they are not part of the value.
        let text = "InstanceID : A\nProfileXML : <VPNProfile><NativeProfile><Servers>vpn.contos\n  o.com</Servers></NativeProfile><DomainNameInformation><Do\n  mainName>.corp.contoso.com</DomainName><DnsServers>10.10.\n      0.2,10.10.0.3</DnsServers></DomainNameInformation></VPNPr\n  ofile>\n";
        let d = doc(text);
        assert!(
            d.xml
                .contains("<DnsServers>10.10.0.2,10.10.0.3</DnsServers>"),
            "{}",
            d.xml
        );
    }

    #[test]
    fn flattened_indentation_and_trailing_junk() {
        let text = "```\nInstanceID : A\nProfileXML : <VPNProfile><AlwaysOn>true</Alw\naysOn></VPNProfile>\n```\n";
        let d = doc(text);
        assert_eq!(d.xml, "<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>");
        assert_exact(&d, text, &[]);
    }

    #[test]
    fn sniffs_dumps_only() {
        assert!(sniff("  ProfileXML              : <VPNProfile>"));
        assert!(!sniff("$ProfileXML = '<VPNProfile>'"));
        assert!(!sniff("<VPNProfile/>"));
    }
}
