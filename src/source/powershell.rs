//! PowerShell scripts that hold the profile in a string: `'...'` (with `''` escapes),
//! `"..."` (with `` ` `` escapes and `$variables`), `@'...'@` and `@"..."@` here-strings,
//! assigned to any variable or passed inline, possibly assembled with `+`.
//!
//! Every profile string of the script is one document; what is linted is the string after
//! PowerShell's own un-escaping, and positions map back into the script. Interpolated
//! `$variables` are left in the text as written (they are reported by
//! `powershell-interpolated-profile`: what is linted is not what is deployed).

use super::posmap::MappedText;
use super::{Document, InputFormat, NameEncoding, Property, Quoting, ScriptInfo, WrapperInfo};
use crate::span::Span;
use regex::Regex;
use std::cell::{Cell, OnceCell};
use std::sync::OnceLock;

/// PowerShell accepts typographic quotes as well (scripts pasted from web pages have them).
fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|_| Regex::new("$^").expect("valid")))
}

/// A script: PowerShell-looking lines, and something about VPN profiles in it.
pub fn sniff(text: &str, path: &str) -> bool {
    static SHAPE: OnceLock<Regex> = OnceLock::new();
    let shape = regex(
        &SHAPE,
        r#"(?m)^\s*(\$[A-Za-z_][\w:]*\s*\+?=|\[[A-Za-z.]+\]\s*\$|param\s*\(|function\s|<#|@'|@"|[A-Z][a-z]+-[A-Z][A-Za-z0-9]+\b)"#,
    );
    let topic = [
        "<VPNProfile",
        "&lt;VPNProfile",
        "ProfileXML",
        "MDM_VPNv2",
        "<EapHostConfig",
    ]
    .iter()
    .any(|t| text.contains(t));
    let script_name = path.to_ascii_lowercase().ends_with(".ps1");
    topic && (script_name || shape.is_match(text))
}

/// One string literal of the script.
struct Literal {
    quoting: Quoting,
    span: Span,
    content: MappedText,
    interpolations: Vec<Span>,
}

pub fn extract(text: &str) -> Vec<Document> {
    let facts = script_facts(text);
    let script = Script::new(text);
    let mut documents = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("<#") {
            i = rest.find("#>").map_or(text.len(), |e| i + e + 2);
            continue;
        }
        if rest.starts_with('#') && at_token_start(text, i) {
            i = rest.find('\n').map_or(text.len(), |e| i + e);
            continue;
        }
        if let Some(first) = read_literal(&script, i) {
            let start = first.span.start;
            let (chain, end) = concatenation(&script, first);
            if let Some(doc) = profile_document(text, start, chain, &facts) {
                documents.push(doc);
            }
            i = end;
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    documents
}

/// `#` starts a comment only at the start of a token.
fn at_token_start(text: &str, i: usize) -> bool {
    match text[..i].chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, ';' | '(' | '{' | '}' | ')'),
    }
}

/// Reads the string literal that starts at `at`, if one does.
fn read_literal(script: &Script, at: usize) -> Option<Literal> {
    let text = script.text;
    let rest = &text[at..];
    let mut chars = rest.chars();
    let first = chars.next()?;
    if first == '@' {
        let quote = chars.next()?;
        if !(is_single_quote(quote) || is_double_quote(quote)) {
            return None;
        }
        let after = at + 1 + quote.len_utf8();
        // Only blanks may follow the opener on its line. Reading just those (instead of
        // searching for the end of the line first) keeps a run of `@''` without a line
        // break from reading the rest of the file at every opener.
        let blanks = text[after..]
            .find(|c: char| c == '\n' || !c.is_whitespace())
            .map(|e| after + e)?;
        if !text[blanks..].starts_with('\n') {
            return None;
        }
        let line_end = blanks;
        let content_start = line_end + 1;
        // The closing `'@` / `"@` starts a line.
        let mut search = content_start;
        let (content_end, close_end) = loop {
            let line_end = text[search..].find('\n').map_or(text.len(), |e| search + e);
            let line = &text[search..line_end];
            let trimmed = line.trim_start();
            let mut tc = trimmed.chars();
            let closes = tc.next().is_some_and(|c| {
                if is_single_quote(quote) {
                    is_single_quote(c)
                } else {
                    is_double_quote(c)
                }
            }) && tc.next() == Some('@');
            if closes {
                let mut end = search.saturating_sub(1).max(content_start);
                if text[..end].ends_with('\r') && end > content_start {
                    end -= 1;
                }
                let close_at = search + (line.len() - trimmed.len());
                break (
                    end,
                    close_at + trimmed.chars().take(2).map(char::len_utf8).sum::<usize>(),
                );
            }
            if line_end >= text.len() {
                // Unterminated: PowerShell fails to parse the script; the rest is the string
                // (reading on from the next character would be quadratic).
                break (text.len(), text.len());
            }
            search = line_end + 1;
        };
        let body = &text[content_start..content_end];
        return Some(if is_single_quote(quote) {
            let mut content = MappedText::new();
            content.copy(body, content_start);
            Literal {
                quoting: Quoting::SingleHere,
                span: Span::new(at, close_end),
                content,
                interpolations: Vec::new(),
            }
        } else {
            let (content, interpolations, _) = expandable(script, content_start, Some(content_end));
            Literal {
                quoting: Quoting::DoubleHere,
                span: Span::new(at, close_end),
                content,
                interpolations,
            }
        });
    }
    if is_single_quote(first) {
        let mut content = MappedText::new();
        let mut i = at + first.len_utf8();
        loop {
            let Some(c) = text[i..].chars().next() else {
                // Unterminated: the rest of the script is the string.
                return Some(Literal {
                    quoting: Quoting::Single,
                    span: Span::new(at, text.len()),
                    content,
                    interpolations: Vec::new(),
                });
            };
            let len = c.len_utf8();
            if is_single_quote(c) {
                // `''` is one quote.
                if text[i + len..].starts_with(is_single_quote) {
                    content.copy(&text[i..i + len], i);
                    i += len + text[i + len..].chars().next().map_or(0, char::len_utf8);
                    continue;
                }
                return Some(Literal {
                    quoting: Quoting::Single,
                    span: Span::new(at, i + len),
                    content,
                    interpolations: Vec::new(),
                });
            }
            content.copy(&text[i..i + len], i);
            i += len;
        }
    }
    if is_double_quote(first) {
        let (content, interpolations, end) = expandable(script, at + first.len_utf8(), None);
        return Some(Literal {
            quoting: Quoting::Double,
            span: Span::new(at, end),
            content,
            interpolations,
        });
    }
    None
}

/// Reads an expandable string body from `start`: up to `end` (here-string) or to the closing
/// quote. Returns the content, the `$` expansions, and the offset after the literal.
fn expandable(script: &Script, start: usize, end: Option<usize>) -> (MappedText, Vec<Span>, usize) {
    let text = script.text;
    let mut content = MappedText::new();
    let mut interpolations = Vec::new();
    let limit = end.unwrap_or(text.len());
    let mut i = start;
    while i < limit {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if c == '`' {
            let Some(next) = text[i + len..].chars().next() else {
                break;
            };
            let decoded = match next {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '0' => '\0',
                'a' => '\u{7}',
                'b' => '\u{8}',
                'e' => '\u{1b}',
                'f' => '\u{c}',
                'v' => '\u{b}',
                other => other,
            };
            let mut buf = [0u8; 4];
            content.synthetic(decoded.encode_utf8(&mut buf), i);
            i += len + next.len_utf8();
            continue;
        }
        if end.is_none() && is_double_quote(c) {
            if text[i + len..].starts_with(is_double_quote) {
                content.copy(&text[i..i + len], i);
                i += len + text[i + len..].chars().next().map_or(0, char::len_utf8);
                continue;
            }
            return (content, interpolations, i + len);
        }
        if c == '$' {
            let var_end = script.variable_end(i).min(limit);
            if var_end > i + 1 {
                content.copy(&text[i..var_end], i);
                interpolations.push(Span::new(i, var_end));
                i = var_end;
                continue;
            }
        }
        content.copy(&text[i..i + len], i);
        i += len;
    }
    (content, interpolations, limit)
}

/// The script text, with what is learnt about it once instead of at every `$`.
struct Script<'a> {
    text: &'a str,
    /// `(open, close)` offsets of the parentheses of every `$( ... )`, by `open`; found in
    /// one pass on first use. Searching for the `)` from each `$(` read up to the look-ahead
    /// bound per `$`: a run of `$(` cost seconds per megabyte.
    subexpressions: OnceCell<Vec<(usize, usize)>>,
    /// The last search for a `}`: from where, and the first one found there (`None`: none up
    /// to the end). Expansions are read front to back, so a run of `${` searches once.
    next_brace: Cell<(usize, Option<usize>)>,
}

/// How far an expansion may reach: `${...}` and `$(...)` are short in real scripts, and a
/// `$(` whose `)` is further away is read as text.
const EXPANSION_LOOK_AHEAD: usize = 4096;

impl<'a> Script<'a> {
    fn new(text: &'a str) -> Self {
        Script {
            text,
            subexpressions: OnceCell::new(),
            next_brace: Cell::new((usize::MAX, None)),
        }
    }

    /// The offset of the `)` closing the `(` at `open` (which follows a `$`), counting every
    /// parenthesis in between.
    fn subexpression_close(&self, open: usize) -> Option<usize> {
        let pairs = self.subexpressions.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut open: Vec<(usize, bool)> = Vec::new();
            let mut pairs = Vec::new();
            for at in memchr::memchr2_iter(b'(', b')', bytes) {
                if bytes[at] == b'(' {
                    open.push((at, at > 0 && bytes[at - 1] == b'$'));
                } else if let Some((start, true)) = open.pop() {
                    pairs.push((start, at));
                }
            }
            pairs.sort_unstable();
            pairs
        });
        let i = pairs.binary_search_by_key(&open, |&(o, _)| o).ok()?;
        Some(pairs[i].1)
    }

    /// The first `}` at or after `from`.
    fn brace_from(&self, from: usize) -> Option<usize> {
        let (searched_from, found) = self.next_brace.get();
        if searched_from <= from && found.is_none_or(|f| f >= from) {
            return found;
        }
        let found = memchr::memchr(b'}', self.text.as_bytes().get(from..)?).map(|i| from + i);
        self.next_brace.set((from, found));
        found
    }

    /// End of a `$name`, `${name}` or `$( ... )` expansion starting at `at` (`at + 1` if none).
    fn variable_end(&self, at: usize) -> usize {
        let text = self.text;
        let limit =
            crate::span::floor_char_boundary(text, (at + 1 + EXPANSION_LOOK_AHEAD).min(text.len()))
                .max(at + 1);
        let rest = &text[at + 1..limit];
        if rest.starts_with('{') {
            return self
                .brace_from(at + 1)
                .filter(|&close| close < limit)
                .map_or(at + 1, |close| close + 1);
        }
        if rest.starts_with('(') {
            return self
                .subexpression_close(at + 1)
                .filter(|&close| close < limit)
                .map_or(at + 1, |close| close + 1);
        }
        let len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | ':' | '?')))
            .map_or(rest.len(), |(k, _)| k);
        // `$env:` alone, or a trailing `:` is not part of the name.
        let name = rest[..len].trim_end_matches(':');
        if name.is_empty() || !name.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            return at + 1;
        }
        at + 1 + name.len()
    }
}

/// A profile assembled with `+`: the pieces (literals and variables), and where it ends.
struct Chain {
    pieces: Vec<Literal>,
    concatenations: Vec<Span>,
}

fn skip_blank(text: &str, mut i: usize, newlines: bool) -> usize {
    loop {
        let rest = &text[i..];
        if rest.starts_with("`\r\n") {
            i += 3;
        } else if rest.starts_with("`\n") {
            i += 2;
        } else if rest.starts_with([' ', '\t']) || (newlines && rest.starts_with(['\r', '\n'])) {
            i += 1;
        } else {
            return i;
        }
    }
}

fn concatenation(script: &Script, first: Literal) -> (Chain, usize) {
    let text = script.text;
    let mut end = first.span.end;
    let mut chain = Chain {
        pieces: vec![first],
        concatenations: Vec::new(),
    };
    loop {
        let op = skip_blank(text, end, false);
        if !text[op..].starts_with('+') || text[op + 1..].starts_with('=') {
            break;
        }
        let operand = skip_blank(text, op + 1, true);
        if let Some(literal) = read_literal(script, operand) {
            chain.concatenations.push(Span::new(op, op + 1));
            end = literal.span.end;
            chain.pieces.push(literal);
        } else if text[operand..].starts_with('$') {
            let var_end = script.variable_end(operand);
            if var_end <= operand + 1 {
                break;
            }
            chain.concatenations.push(Span::new(op, op + 1));
            let mut content = MappedText::new();
            content.copy(&text[operand..var_end], operand);
            chain.pieces.push(Literal {
                quoting: Quoting::Double,
                span: Span::new(operand, var_end),
                content,
                interpolations: vec![Span::new(operand, var_end)],
            });
            end = var_end;
        } else {
            break;
        }
    }
    (chain, end)
}

/// Copies `src[range]` into `out`, keeping each byte's file position.
fn append(out: &mut MappedText, src: &MappedText, from: usize, to: usize) {
    let mut k = from;
    for c in src.text[from..to].chars() {
        let mut buf = [0u8; 4];
        out.copy(c.encode_utf8(&mut buf), src.map.to_file(k));
        k += c.len_utf8();
    }
}

fn profile_document(
    text: &str,
    start: usize,
    chain: Chain,
    facts: &ScriptInfo,
) -> Option<Document> {
    let mut joined = MappedText::new();
    for piece in &chain.pieces {
        append(&mut joined, &piece.content, 0, piece.content.len());
    }
    // A profile pasted already escaped for the WMI bridge (`&lt;VPNProfile&gt;…`).
    if super::unescape::holds_escaped_profile(&joined.text) {
        let mut unescaped = MappedText::new();
        super::unescape::unescape_into(&mut unescaped, &joined.text, &|i| joined.map.to_file(i));
        joined = unescaped;
    }
    let trimmed = joined.text.trim();
    let is_profile = trimmed.starts_with('<')
        && (trimmed.contains("<VPNProfile") || trimmed.contains("<EapHostConfig"));
    if !is_profile {
        return None;
    }
    let lead = joined.text.len() - joined.text.trim_start().len();
    let mut doc = MappedText::new();
    append(&mut doc, &joined, lead, lead + trimmed.len());
    let mut script = facts.clone();
    let first = chain.pieces.first()?;
    script.quoting = Some(first.quoting);
    script.literal_span = Span::new(
        first.span.start,
        chain.pieces.last().map_or(first.span.end, |p| p.span.end),
    );
    script.variable = assigned_variable(text, start);
    script.interpolations = chain
        .pieces
        .iter()
        .flat_map(|p| p.interpolations.iter())
        .map(|s| (*s, text[s.start..s.end].to_owned()))
        .collect();
    script.concatenations = chain.concatenations;
    let mut wrapper = WrapperInfo::for_format(InputFormat::Powershell);
    wrapper.script = Some(script);
    let (xml, map) = doc.into_parts();
    Some(Document { xml, map, wrapper })
}

/// `$ProfileXML = ` (or `$x += `, `[string]$x = `) just before the literal at `at`.
fn assigned_variable(text: &str, at: usize) -> Option<String> {
    static ASSIGN: OnceLock<Regex> = OnceLock::new();
    let re = regex(&ASSIGN, r"^\$([A-Za-z_][\w:]*)\s*\+?=\s*$");
    // Read backwards over `= `, the name and its `$` only: searching the whole line before
    // every literal was quadratic in a line holding many of them.
    let before = &text[..at];
    let op = before.trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    let op = op.strip_suffix('=')?;
    let op = op.strip_suffix('+').unwrap_or(op);
    let name_end = op
        .trim_end_matches(|c: char| c.is_whitespace() && c != '\n')
        .len();
    // Over the name to its `$` (the name's own characters are checked by the pattern).
    let dollar = op[..name_end].rfind(|c: char| {
        c == '$'
            || (c.is_ascii() && !(c.is_ascii_alphanumeric() || matches!(c, '_' | ':')))
            || c.is_whitespace()
    })?;
    if !op[dollar..].starts_with('$') {
        return None;
    }
    re.captures(&text[dollar..at])
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_owned())
}

/// What the script does around its profiles (the same for every profile of the script).
fn script_facts(text: &str) -> ScriptInfo {
    static ESCAPE_LT: OnceLock<Regex> = OnceLock::new();
    static ESCAPE_AMP: OnceLock<Regex> = OnceLock::new();
    static NAME: OnceLock<Regex> = OnceLock::new();
    static SPACES: OnceLock<Regex> = OnceLock::new();
    static SYSTEM: OnceLock<Regex> = OnceLock::new();
    let escape_lt = regex(
        &ESCAPE_LT,
        r#"(?i)(-replace\s*\(?\s*|\.Replace\(\s*)['"]<['"]\s*,\s*['"]&lt;['"]"#,
    );
    let escape_amp = regex(
        &ESCAPE_AMP,
        r#"(?i)((-replace\s*\(?\s*|\.Replace\(\s*)['"]&['"]\s*,\s*['"]&amp;['"])|SecurityElement\]::Escape|HtmlEncode|XmlEncode|EscapeXml"#,
    );
    let name = regex(
        &NAME,
        r#"(?i)(\$ProfileName\s*=\s*|-ProfileName\s+)(['"])([^'"\r\n]*)['"]"#,
    );
    let spaces = regex(
        &SPACES,
        r#"(?i)(-replace\s*\(?\s*|\.Replace\(\s*)['"](\s|\\s)['"]\s*,\s*['"]%20['"]"#,
    );
    let system = regex(
        &SYSTEM,
        r"(?i)S-1-5-18|IsSystem\b|NT AUTHORITY\\SYSTEM|\bLocalSystem\b",
    );
    let profile_name = name.captures(text).and_then(|c| {
        let value = c.get(3)?;
        Some(Property {
            name: "ProfileName".into(),
            value: value.as_str().to_owned(),
            span: Span::new(value.start(), value.end()),
        })
    });
    let lower = text.to_ascii_lowercase();
    let name_encoding = if ["escapedatastring", "urlencode", "escapeuristring"]
        .iter()
        .any(|k| lower.contains(k))
    {
        Some(NameEncoding::Full)
    } else if spaces.is_match(text) {
        Some(NameEncoding::SpacesOnly)
    } else {
        None
    };
    ScriptInfo {
        wmi_escape: escape_lt.find(text).map(|m| Span::new(m.start(), m.end())),
        wmi_escapes_ampersand: escape_amp.is_match(text),
        profile_name,
        name_encoding,
        user_context: lower
            .find("policyplatform_usercontext")
            .map(|at| Span::new(at, at + "PolicyPlatform_UserContext".len())),
        checks_system: system.is_match(text),
        uses_wmi_bridge: lower.contains("mdm_vpnv2_01"),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_util::assert_exact;

    #[test]
    fn single_quoted_with_doubled_quotes() {
        let text =
            "$ProfileXML = '<VPNProfile><ProfileName>O''Brien VPN</ProfileName></VPNProfile>'\r\n";
        assert!(sniff(text, "x.txt"));
        let docs = extract(text);
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0].xml,
            "<VPNProfile><ProfileName>O'Brien VPN</ProfileName></VPNProfile>"
        );
        assert_exact(&docs[0], text, &[]);
        let script = docs[0].wrapper.script.as_ref().expect("script facts");
        assert_eq!(script.variable.as_deref(), Some("ProfileXML"));
        assert_eq!(script.quoting, Some(Quoting::Single));
    }

    #[test]
    fn here_strings_and_interpolation() {
        let text = "<# deploys two profiles #>\n$A = @'\n<VPNProfile>\n  <AlwaysOn>true</AlwaysOn>\n</VPNProfile>\n'@\n$B = @\"\r\n<VPNProfile><Servers>$Server</Servers><DnsSuffix>a`$b</DnsSuffix></VPNProfile>\r\n\"@\r\n";
        let docs = extract(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].xml,
            "<VPNProfile>\n  <AlwaysOn>true</AlwaysOn>\n</VPNProfile>"
        );
        assert_eq!(
            docs[1].xml,
            "<VPNProfile><Servers>$Server</Servers><DnsSuffix>a$b</DnsSuffix></VPNProfile>"
        );
        for d in &docs {
            assert_exact(d, text, &['`']);
        }
        let script = docs[1].wrapper.script.as_ref().expect("script");
        assert_eq!(script.quoting, Some(Quoting::DoubleHere));
        assert_eq!(script.interpolations.len(), 1);
        let (s, name) = &script.interpolations[0];
        assert_eq!(&text[s.start..s.end], "$Server");
        assert_eq!(name, "$Server");
    }

    #[test]
    fn double_quoted_concatenation_and_wmi_facts() {
        let text = "$ProfileName = 'Contoso VPN'\n$x = \"<VPNProfile><Servers>`\"a`\"</Servers>\" + $srv +\n  '</VPNProfile>'\n$x = $x -replace '<', '&lt;'\n# MDM_VPNv2_01\n";
        let docs = extract(text);
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0].xml,
            "<VPNProfile><Servers>\"a\"</Servers>$srv</VPNProfile>"
        );
        assert_exact(&docs[0], text, &['`']);
        let script = docs[0].wrapper.script.as_ref().expect("script");
        assert_eq!(script.concatenations.len(), 2);
        assert!(script.wmi_escape.is_some());
        assert!(!script.wmi_escapes_ampersand);
        assert!(script.uses_wmi_bridge);
        assert_eq!(
            script.profile_name.as_ref().map(|p| p.value.as_str()),
            Some("Contoso VPN")
        );
        assert_eq!(script.name_encoding, None);
    }

    #[test]
    fn a_profile_pasted_escaped_is_unescaped() {
        let text = "$ProfileXML = '&lt;VPNProfile&gt;&lt;AlwaysOn&gt;true&lt;/AlwaysOn&gt;&lt;/VPNProfile&gt;'\n";
        let docs = extract(text);
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0].xml,
            "<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>"
        );
        assert_exact(&docs[0], text, &['&']);
    }

    #[test]
    fn scripts_without_profiles_are_not_sniffed() {
        assert!(!sniff("$a = 1\nWrite-Host 'hello'\n", "a.ps1"));
        assert!(sniff("<# help #>\n$p = '<VPNProfile/>'", "a.txt"));
    }
}
