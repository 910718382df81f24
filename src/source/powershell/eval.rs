//! Evaluates the string-building part of a PowerShell script, the way deployment scripts
//! assemble ProfileXML: assignments, `+` and `+=`, `-f`, `-join`, `[string]::Format`,
//! interpolation, here-strings, `StringBuilder.Append`, arrays and hash tables walked by
//! `foreach` (one iteration shows the shape), and parameters with default values.
//!
//! Anything else (a cmdlet's output, `Read-Host`, a parameter without a default) is a
//! [`Value::Unknown`] that remembers where it comes from; placed in a string it becomes a
//! hole. The profiles are the values of variables that hold a profile when they are
//! overwritten or when the script ends, and profile literals used directly (a hash table
//! entry `ProfileXML = '<VPNProfile>…'`), never a comparison operand (`-match '<VPNProfile>'`).
//!
//! Only the first branch of an `if` shapes the variables; a complete profile assigned in
//! another branch (`else`, `elseif`, `catch`) is a profile of its own.
//!
//! Work is bounded by a budget proportional to the script: values that would exceed it
//! (`$a = "$a$a"` in a loop) become unknown instead.

use super::lexer::{self, read_literal, skip_blank, Literal, Script};
use super::value::{Text, Value};
use super::writer::{self, Writer};
use crate::span::Span;
use std::collections::HashMap;
use std::rc::Rc;

/// A profile found: its text, and the variable that held it.
pub(super) struct Candidate {
    pub value: Text,
    pub variable: Option<String>,
}

/// How deep expressions may nest (`$( $( … ) )`, parentheses) before the rest is unknown.
const MAX_DEPTH: usize = 48;

enum Block {
    Plain,
    /// An `else`/`elseif`/`catch` body: the variables as they were before it.
    Alternative(HashMap<String, Rc<Value>>),
}

pub(super) struct Evaluator<'a> {
    script: &'a Script<'a>,
    text: &'a str,
    vars: HashMap<String, Rc<Value>>,
    /// The name as written at its first assignment, by normalised name.
    spelled: HashMap<String, String>,
    candidates: Vec<Candidate>,
    /// String literals used as the format of `-f` or `[string]::Format`: a variable holding
    /// such a template (`<Servers>{0}</Servers>`) is not a profile, what it formats is.
    templates: std::collections::HashSet<Span>,
    /// Every variable name the script could set anywhere (as written), or `None` when the
    /// script can set variables profile-lint cannot see (dot-sourcing, `Set-Variable`): a
    /// name outside it is never set, and PowerShell expands it to an empty string.
    settable: Option<HashMap<String, String>>,
    /// What each `XmlTextWriter` variable has written.
    writers: HashMap<String, Writer>,
    budget: usize,
    depth: usize,
}

impl<'a> Evaluator<'a> {
    pub fn new(script: &'a Script<'a>) -> Self {
        let text = script.text;
        Evaluator {
            script,
            text,
            vars: HashMap::new(),
            spelled: HashMap::new(),
            candidates: Vec::new(),
            templates: std::collections::HashSet::new(),
            settable: settable_names(text),
            writers: HashMap::new(),
            budget: text.len().saturating_mul(4).saturating_add(1 << 20),
            depth: 0,
        }
    }

    /// Runs the script and returns the profiles it builds, in the order they are complete.
    pub fn run(mut self) -> Vec<Candidate> {
        let text = self.text;
        let mut blocks: Vec<Block> = Vec::new();
        let mut alternative_next = false;
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            let Some(c) = rest.chars().next() else { break };
            if rest.starts_with("<#") {
                i = rest.find("#>").map_or(text.len(), |e| i + e + 2);
                continue;
            }
            if c == '#' && lexer::at_token_start(text, i) {
                i = rest.find('\n').map_or(text.len(), |e| i + e);
                continue;
            }
            match c {
                '{' => {
                    blocks.push(if std::mem::take(&mut alternative_next) {
                        self.spend_vars();
                        Block::Alternative(self.vars.clone())
                    } else {
                        Block::Plain
                    });
                    i += 1;
                    continue;
                }
                '}' => {
                    if let Some(Block::Alternative(before)) = blocks.pop() {
                        self.leave_alternative(before);
                    }
                    i += 1;
                    continue;
                }
                '$' => {
                    if let Some(next) = self.dollar_statement(i) {
                        i = next;
                        continue;
                    }
                }
                '@' | '\'' | '"' | '\u{2018}'..='\u{201E}' => {
                    if let Some(next) = self.literal_statement(i) {
                        i = next;
                        continue;
                    }
                }
                c if (c.is_ascii_alphabetic() || c == '%') && word_start(text, i) => {
                    let end = word_end(text, i);
                    let word = &text[i..end];
                    if ["Add-Content", "Set-Content", "ac"]
                        .iter()
                        .any(|c| c.eq_ignore_ascii_case(word))
                    {
                        if let Some(next) = self.content_statement(word, end) {
                            i = next;
                            continue;
                        }
                    }
                    if word.eq_ignore_ascii_case("foreach") {
                        if let Some(next) = self.foreach_statement(end) {
                            i = next;
                            continue;
                        }
                    } else if ["else", "elseif", "catch"]
                        .iter()
                        .any(|k| word.eq_ignore_ascii_case(k))
                    {
                        alternative_next = true;
                    } else if word.eq_ignore_ascii_case("param") {
                        if let Some(next) = self.param_block(end) {
                            i = next;
                            continue;
                        }
                    }
                    i = end.max(i + 1);
                    continue;
                }
                _ => {}
            }
            i += c.len_utf8();
        }
        let mut names: Vec<String> = self.vars.keys().cloned().collect();
        names.sort();
        for name in names {
            if let Some(value) = self.vars.remove(&name) {
                self.offer(&name, &value, false);
            }
        }
        let mut writers: Vec<(String, Writer)> =
            std::mem::take(&mut self.writers).into_iter().collect();
        writers.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, writer) in writers {
            self.offer(&name, &Value::Text(writer.text), false);
        }
        let templates = std::mem::take(&mut self.templates);
        self.candidates.retain(|c| {
            !(c.value.as_str().contains("{0}")
                && !c.value.literals.is_empty()
                && c.value
                    .literals
                    .iter()
                    .all(|(span, _)| templates.contains(span)))
        });
        self.candidates
    }

    /// Charges `bytes` of work; `false` when the budget is spent.
    fn spend(&mut self, bytes: usize) -> bool {
        if self.budget < bytes {
            self.budget = 0;
            return false;
        }
        self.budget -= bytes;
        true
    }

    fn spend_vars(&mut self) {
        let n = self.vars.len() * 16;
        self.spend(n);
    }

    /// The end of an `else` body: variables go back to what the first branch made them, and a
    /// complete profile assigned in this branch is kept as a profile of its own.
    fn leave_alternative(&mut self, before: HashMap<String, Rc<Value>>) {
        let after = std::mem::replace(&mut self.vars, before);
        let mut names: Vec<&String> = after.keys().collect();
        names.sort();
        for name in names {
            let value = &after[name];
            let unchanged = self.vars.get(name).is_some_and(|v| Rc::ptr_eq(v, value));
            if !unchanged {
                self.offer(name, value, true);
            }
        }
    }

    /// Keeps `value` (held by variable `name`) as a profile if it is one. `complete_only`: only
    /// if its root element is closed (a fragment left by a branch is not a profile).
    fn offer(&mut self, name: &str, value: &Value, complete_only: bool) {
        let text = match value {
            Value::Text(text) => text,
            // `@("<VPNProfile>…")`: an array of one string is passed on as that string.
            Value::Array(items) if items.len() == 1 => match &items[0] {
                Value::Text(text) => text,
                _ => return,
            },
            _ => return,
        };
        if !holds_profile(text.as_str()) || (complete_only && !is_complete(text.as_str())) {
            return;
        }
        let variable = self
            .spelled
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned());
        self.candidates.push(Candidate {
            value: text.clone(),
            variable: Some(variable),
        });
    }

    // ----- statements -------------------------------------------------------------------

    /// `$name = …`, `$name += …`, `$sb.Append(…)`, or an expression starting with `$`.
    fn dollar_statement(&mut self, at: usize) -> Option<usize> {
        let text = self.text;
        let var_end = self.script.variable_end(at);
        if var_end <= at + 1 {
            return None;
        }
        let written = &text[at..var_end];
        let after = skip_blank(text, var_end, false);
        let rest = &text[after..];
        if !written.starts_with("$(") {
            let name = normalise(written);
            if rest.starts_with("+=") {
                let (value, end) = self.right_hand_side(skip_blank(text, after + 2, true));
                self.append_to(&name, value, Span::new(at, var_end));
                return Some(end);
            }
            if rest.starts_with('=') && !rest.starts_with("==") {
                let (value, end) = self.right_hand_side(skip_blank(text, after + 1, true));
                self.assign(&name, written, value);
                return Some(end);
            }
            for method in [".AppendLine(", ".Append("] {
                if starts_with_ignore_case(rest, method) && after == var_end {
                    let open = after + method.len() - 1;
                    let (args, close) = self.arguments(open);
                    let mut value = args.into_iter().next().map(|(v, _)| v);
                    if method == ".AppendLine(" {
                        let line = Value::Text({
                            let mut t = Text::default();
                            t.push_synthetic("\r\n", open);
                            t
                        });
                        value = Some(match value {
                            Some(v) => {
                                self.add(v, Span::new(open, open), line, Span::new(close, close))
                            }
                            None => line,
                        });
                    }
                    if let Some(value) = value {
                        self.append_to(&name, value, Span::new(at, var_end));
                    }
                    return Some(close);
                }
            }
        }
        if let Some(end) = self.writer_call(at, var_end) {
            return Some(end);
        }
        let (value, end) = self.expression(at, false)?;
        self.pipeline_foreach(value, Span::new(at, end), end);
        Some(end.max(at + 1))
    }

    /// `$w.WriteStartElement('VPNProfile')` and the other `XmlWriter` calls that write markup.
    fn writer_call(&mut self, at: usize, var_end: usize) -> Option<usize> {
        let text = self.text;
        let rest = text[var_end..].strip_prefix('.')?;
        let method_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let method = &rest[..method_len];
        let open = var_end + 1 + method_len;
        if !writer::is_writer_method(method) || !text[open..].starts_with('(') {
            return None;
        }
        let (args, close) = self.arguments(open);
        let args = args
            .into_iter()
            .map(|(value, span)| {
                let mut t = Text::default();
                self.place(&mut t, value, span);
                Some(t)
            })
            .collect();
        let call = writer::Call {
            method: method.to_ascii_lowercase(),
            at: Span::new(at, close),
            args,
        };
        let name = normalise(&text[at..var_end]);
        self.writers.entry(name).or_default().apply(call);
        Some(close)
    }

    /// A string literal in any other place: a profile if it is one (a hash table entry, a
    /// cmdlet argument), unless it is the operand of a comparison.
    fn literal_statement(&mut self, at: usize) -> Option<usize> {
        let (value, end) = self.expression(at, false)?;
        if let Value::Text(text) = &value {
            let s = text.as_str();
            if holds_profile(s) && is_complete(s) && !after_comparison(self.text, at) {
                self.candidates.push(Candidate {
                    value: text.clone(),
                    variable: None,
                });
            }
        }
        self.pipeline_foreach(value, Span::new(at, end), end);
        Some(end.max(at + 1))
    }

    /// The output of `foreach ($x in $items) { <expression> }` used as a value: one
    /// iteration's, as an array (the shape of every element).
    fn foreach_output(&mut self, at: usize) -> Option<(Value, usize)> {
        let text = self.text;
        let keyword_end = word_end(text, at);
        if !text[at..keyword_end].eq_ignore_ascii_case("foreach") {
            return None;
        }
        let header_end = self.foreach_statement(keyword_end)?;
        let open = skip_blank(text, header_end, true);
        if !text[open..].starts_with('{') {
            return None;
        }
        self.block_output(open)
    }

    /// `<items> | ForEach-Object { <expression> }` used as a value.
    fn pipeline_output(&mut self, items: Value, span: Span, end: usize) -> Option<(Value, usize)> {
        let text = self.text;
        let pipe = skip_blank(text, end, false);
        if !text[pipe..].starts_with('|') {
            return None;
        }
        let word_at = skip_blank(text, pipe + 1, true);
        let word_end = word_end(text, word_at);
        let word = &text[word_at..word_end];
        if !["ForEach-Object", "foreach", "%"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
        {
            return None;
        }
        let open = skip_blank(text, word_end, true);
        if !text[open..].starts_with('{') {
            return None;
        }
        let item = Rc::new(items.first(span));
        self.vars.insert("_".into(), item.clone());
        self.vars.insert("psitem".into(), item);
        self.block_output(open)
    }

    /// The value a script block `{ <expression> }` at `open` outputs (its first statement, when
    /// that is an expression and not an assignment), and the offset after the block.
    fn block_output(&mut self, open: usize) -> Option<(Value, usize)> {
        let text = self.text;
        let body = skip_blank(text, open + 1, true);
        let (value, end) = self.expression(body, false)?;
        let next = skip_blank(text, end, false);
        if text[next..].starts_with('=') || text[next..].starts_with("+=") {
            return None;
        }
        Some((Value::Array(vec![value]), group_end(self.script, open)))
    }

    /// `… | ForEach-Object {` (or `%`, `foreach`): `$_` is the first element.
    fn pipeline_foreach(&mut self, value: Value, span: Span, end: usize) {
        let text = self.text;
        let pipe = skip_blank(text, end, false);
        if !text[pipe..].starts_with('|') {
            return;
        }
        let word_at = skip_blank(text, pipe + 1, true);
        let word_end = word_end(text, word_at);
        let word = &text[word_at..word_end];
        if ["ForEach-Object", "foreach", "%"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
        {
            let item = Rc::new(value.first(span));
            self.vars.insert("_".into(), item.clone());
            self.vars.insert("psitem".into(), item);
        }
    }

    /// `Add-Content -Path $f -Value '<VPNProfile>'` (and `Set-Content`): a profile written to a
    /// file line by line. The file's text is kept like a variable named after the path as
    /// written, so the lines add up to the profile; `Add-Content` ends each value with a line
    /// break, as PowerShell does.
    fn content_statement(&mut self, command: &str, after: usize) -> Option<usize> {
        let text = self.text;
        let end = statement_end(self.script, after);
        let mut path: Option<String> = None;
        let mut value: Option<(Value, Span)> = None;
        let mut positional = 0;
        let mut i = skip_blank(text, after, false);
        while i < end {
            let rest = &text[i..end];
            if let Some(name) = rest.strip_prefix('-') {
                let len = name
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(name.len());
                let parameter = name[..len].to_ascii_lowercase();
                let at = skip_blank(text, i + 1 + len, false);
                if ["path", "literalpath", "value"].contains(&parameter.as_str()) {
                    let (v, v_end) = self.unary(at)?;
                    if parameter == "value" {
                        value = Some((v, Span::new(at, v_end)));
                    } else {
                        path = Some(text[at..v_end].trim().to_owned());
                    }
                    i = skip_blank(text, v_end, false);
                } else {
                    // A switch or a parameter whose value does not matter here (`-Encoding`).
                    i = skip_blank(text, i + 1 + len, false);
                    if !text[i..end].starts_with('-') && i < end {
                        let v_end = self.unary(i).map_or_else(|| past_word(text, i), |(_, e)| e);
                        i = skip_blank(text, v_end, false);
                    }
                }
                continue;
            }
            let Some((v, v_end)) = self.unary(i) else {
                i = skip_blank(text, past_word(text, i), false);
                continue;
            };
            match positional {
                0 => path = Some(text[i..v_end].trim().to_owned()),
                1 => value = Some((v, Span::new(i, v_end))),
                _ => {}
            }
            positional += 1;
            i = skip_blank(text, v_end, false);
        }
        let (path, (value, span)) = (path?, value?);
        let name = format!("file {}", path.to_ascii_lowercase());
        self.spelled.entry(name.clone()).or_insert(path);
        let mut line = Text::default();
        self.place(&mut line, value, span);
        if !command.eq_ignore_ascii_case("Set-Content") {
            line.push_synthetic("\n", span.end);
        }
        let line = Value::Text(line);
        if command.eq_ignore_ascii_case("Set-Content") {
            let old = self.vars.insert(name.clone(), Rc::new(line));
            if let Some(old) = old {
                self.offer(&name, &old, false);
            }
        } else {
            match self.vars.remove(&name) {
                Some(current) => {
                    let current =
                        Rc::try_unwrap(current).unwrap_or_else(|shared| (*shared).clone());
                    let joined = self.add(current, span, line, span);
                    self.vars.insert(name, Rc::new(joined));
                }
                None => {
                    self.vars.insert(name, Rc::new(line));
                }
            }
        }
        Some(end)
    }

    /// `foreach ($item in <expression>)`: `$item` is the first element.
    fn foreach_statement(&mut self, after_keyword: usize) -> Option<usize> {
        let text = self.text;
        let open = skip_blank(text, after_keyword, true);
        if !text[open..].starts_with('(') {
            return None;
        }
        let var_at = skip_blank(text, open + 1, true);
        // `foreach (Á in …)`: no variable, and `variable_end` reads from a `$`.
        if !text[var_at..].starts_with('$') {
            return None;
        }
        let var_end = self.script.variable_end(var_at);
        if var_end <= var_at + 1 {
            return None;
        }
        let name = normalise(&text[var_at..var_end]);
        let in_at = skip_blank(text, var_end, true);
        if !starts_with_ignore_case(&text[in_at..], "in") {
            return None;
        }
        let source_at = skip_blank(text, in_at + 2, true);
        let (value, end) = match self.expression(source_at, true) {
            Some((value, end)) => (value, end),
            None => (
                Value::unknown(Span::new(source_at, source_at), "not evaluated"),
                source_at,
            ),
        };
        let item = value.first(Span::new(source_at, end));
        self.vars.insert(name, Rc::new(item));
        let close = skip_blank(text, end, true);
        Some(if text[close..].starts_with(')') {
            close + 1
        } else {
            end.max(open + 1)
        })
    }

    /// `param( [string]$Server = 'vpn.contoso.com', [Parameter(Mandatory)]$Suffix )`.
    fn param_block(&mut self, after_keyword: usize) -> Option<usize> {
        let text = self.text;
        let open = skip_blank(text, after_keyword, true);
        if !text[open..].starts_with('(') {
            return None;
        }
        let mut depth = 0usize;
        let mut i = open + 1;
        while i < text.len() {
            let rest = &text[i..];
            let c = rest.chars().next()?;
            if rest.starts_with("<#") {
                i = rest.find("#>").map_or(text.len(), |e| i + e + 2);
                continue;
            }
            if c == '#' {
                i = rest.find('\n').map_or(text.len(), |e| i + e);
                continue;
            }
            if let Some(literal) = read_literal(self.script, i) {
                i = literal.span.end.max(i + 1);
                continue;
            }
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' if depth > 0 => depth -= 1,
                ')' => return Some(i + 1),
                '$' if depth == 0 => {
                    let var_end = self.script.variable_end(i);
                    if var_end > i + 1 {
                        let written = &text[i..var_end];
                        let name = normalise(written);
                        let eq = skip_blank(text, var_end, true);
                        if text[eq..].starts_with('=') {
                            let at = skip_blank(text, eq + 1, true);
                            // Not `expression`: a comma ends the parameter.
                            if let Some((value, end)) = self.additive_or_format(at) {
                                self.assign(&name, written, value);
                                i = end.max(i + 1);
                                continue;
                            }
                        }
                        let origin = Value::unknown(
                            Span::new(i, var_end),
                            "a parameter without a default value",
                        );
                        self.assign(&name, written, origin);
                        i = var_end;
                        continue;
                    }
                }
                _ => {}
            }
            i += c.len_utf8();
        }
        Some(text.len())
    }

    fn assign(&mut self, name: &str, written: &str, value: Value) {
        if name.starts_with("env:") {
            return;
        }
        self.spelled
            .entry(name.to_owned())
            .or_insert_with(|| written.trim_start_matches('$').to_owned());
        let old = self.vars.insert(name.to_owned(), Rc::new(value));
        if let Some(old) = old {
            // The value is overwritten: what it held is a profile of its own.
            self.offer(name, &old, false);
        }
    }

    fn append_to(&mut self, name: &str, value: Value, reference: Span) {
        let current = self
            .vars
            .remove(name)
            .map(|rc| Rc::try_unwrap(rc).unwrap_or_else(|shared| (*shared).clone()))
            .unwrap_or_else(|| Value::unknown(reference, "not set in the script before `+=`"));
        let joined = self.add(current, reference, value, reference);
        self.vars.insert(name.to_owned(), Rc::new(joined));
    }

    /// The value of an assignment's right-hand side, and where the statement ends. Anything
    /// not understood to the end of the statement makes the whole value unknown.
    fn right_hand_side(&mut self, at: usize) -> (Value, usize) {
        let text = self.text;
        let end_of_statement = statement_end(self.script, at);
        if let Some(found) = self.foreach_output(at) {
            return found;
        }
        if let Some((value, end)) = self.expression(at, false) {
            let rest = text.get(end..end_of_statement.max(end)).unwrap_or("");
            if rest.trim().is_empty() {
                return (value, end);
            }
            if let Some(found) = self.pipeline_output(value, Span::new(at, end), end) {
                return found;
            }
        }
        let written = text[at..end_of_statement].trim_end();
        let why = why_unknown(&text[at..word_end(text, at)]);
        (
            Value::unknown(Span::new(at, at + written.len()), why),
            end_of_statement,
        )
    }

    // ----- expressions ------------------------------------------------------------------

    /// An expression: comparison < `+` < `-f` < `,` < unary < postfix (PowerShell's
    /// precedence, loosest first). `newlines`: inside parentheses, line breaks are blanks.
    fn expression(&mut self, at: usize, newlines: bool) -> Option<(Value, usize)> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let result = self.comparison(at, newlines);
        self.depth -= 1;
        result
    }

    fn comparison(&mut self, at: usize, newlines: bool) -> Option<(Value, usize)> {
        let (mut value, mut end) = self.additive(at, newlines)?;
        loop {
            let op_at = skip_blank(self.text, end, newlines);
            let Some((op, op_end)) = operator(self.text, op_at, COMPARISONS) else {
                break;
            };
            let rhs_at = skip_blank(self.text, op_end, true);
            let Some((rhs, rhs_end)) = self.additive(rhs_at, newlines) else {
                break;
            };
            value = if op.eq_ignore_ascii_case("join") {
                self.join(value, Span::new(at, end), rhs, Span::new(rhs_at, rhs_end))
            } else {
                Value::unknown(
                    Span::new(at, rhs_end),
                    format!("computed with `-{}`", op.to_ascii_lowercase()),
                )
            };
            end = rhs_end;
        }
        Some((value, end))
    }

    fn additive(&mut self, at: usize, newlines: bool) -> Option<(Value, usize)> {
        let (mut value, mut end) = self.format(at, newlines)?;
        loop {
            let op_at = skip_blank(self.text, end, newlines);
            let rest = &self.text[op_at..];
            if !rest.starts_with('+') || rest.starts_with("+=") || rest.starts_with("++") {
                break;
            }
            let rhs_at = skip_blank(self.text, op_at + 1, true);
            let Some((rhs, rhs_end)) = self.format(rhs_at, newlines) else {
                break;
            };
            value = self.add(value, Span::new(at, end), rhs, Span::new(rhs_at, rhs_end));
            end = rhs_end;
        }
        Some((value, end))
    }

    fn format(&mut self, at: usize, newlines: bool) -> Option<(Value, usize)> {
        let (mut value, mut end) = self.comma(at, newlines)?;
        loop {
            let op_at = skip_blank(self.text, end, newlines);
            let Some((_, op_end)) = operator(self.text, op_at, &["f"]) else {
                break;
            };
            let args_at = skip_blank(self.text, op_end, true);
            let Some((args, args_end)) = self.comma(args_at, newlines) else {
                break;
            };
            let args = match args {
                Value::Array(items) => items,
                other => vec![other],
            };
            value = self.format_string(
                value,
                Span::new(at, end),
                args,
                Span::new(args_at, args_end),
            );
            end = args_end;
        }
        Some((value, end))
    }

    fn comma(&mut self, at: usize, newlines: bool) -> Option<(Value, usize)> {
        let (first, mut end) = self.unary(at)?;
        let mut items: Option<Vec<Value>> = None;
        loop {
            let comma = skip_blank(self.text, end, newlines);
            if !self.text[comma..].starts_with(',') {
                break;
            }
            let next = skip_blank(self.text, comma + 1, true);
            let Some((item, item_end)) = self.unary(next) else {
                break;
            };
            items.get_or_insert_with(Vec::new).push(item);
            end = item_end;
        }
        Some(match items {
            None => (first, end),
            Some(mut rest) => {
                rest.insert(0, first);
                (Value::Array(rest), end)
            }
        })
    }

    fn unary(&mut self, at: usize) -> Option<(Value, usize)> {
        // `-join -join …` and `[t][t]…` recurse here without passing through `expression`.
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let result = self.unary_inner(at);
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self, at: usize) -> Option<(Value, usize)> {
        if let Some((_, op_end)) = operator(self.text, at, &["join"]) {
            let operand_at = skip_blank(self.text, op_end, true);
            let (value, end) = self.unary(operand_at)?;
            let empty = Value::Text(Text::default());
            let joined = self.join(value, Span::new(operand_at, end), empty, Span::new(at, at));
            return Some((joined, end));
        }
        self.postfix(at)
    }

    /// A primary value followed by `.Member`, `.Method(…)` and `[index]`.
    fn postfix(&mut self, at: usize) -> Option<(Value, usize)> {
        let text = self.text;
        let (mut value, mut end) = self.primary(at)?;
        loop {
            let rest = &text[end..];
            if let Some(member) = rest.strip_prefix('.') {
                let name_len = member
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(member.len());
                if name_len == 0 {
                    break;
                }
                let name = &member[..name_len];
                let name_end = end + 1 + name_len;
                if text[name_end..].starts_with('(') {
                    let (args, close) = self.arguments(name_end);
                    value = self.method(value, name, args, Span::new(at, close));
                    end = close;
                } else {
                    value = match value.member(name) {
                        Some(v) => v.clone(),
                        None => match &value {
                            Value::Text(_)
                                if ["OuterXml", "InnerXml", "InnerText"]
                                    .iter()
                                    .any(|m| m.eq_ignore_ascii_case(name)) =>
                            {
                                value
                            }
                            Value::Unknown(origin) => Value::Unknown(origin.clone()),
                            _ => Value::unknown(
                                Span::new(at, name_end),
                                format!("the property `{name}`"),
                            ),
                        },
                    };
                    end = name_end;
                }
                continue;
            }
            if rest.starts_with('[') {
                let index_at = skip_blank(text, end + 1, true);
                let Some((index, index_end)) = self.expression(index_at, true) else {
                    break;
                };
                let close = skip_blank(text, index_end, true);
                if !text[close..].starts_with(']') {
                    break;
                }
                let wanted = index
                    .text()
                    .and_then(|t| t.as_str().trim().parse::<usize>().ok());
                value = match (value, wanted) {
                    (Value::Array(items), Some(n)) if n < items.len() => items
                        .into_iter()
                        .nth(n)
                        .unwrap_or_else(|| Value::unknown(Span::new(at, close + 1), "an element")),
                    (Value::Map(entries), _) => {
                        let key = index
                            .text()
                            .map(|t| t.as_str().to_owned())
                            .unwrap_or_default();
                        Value::Map(entries)
                            .member(&key)
                            .cloned()
                            .unwrap_or_else(|| {
                                Value::unknown(Span::new(at, close + 1), "an element")
                            })
                    }
                    _ => Value::unknown(Span::new(at, close + 1), "an element of a collection"),
                };
                end = close + 1;
                continue;
            }
            break;
        }
        Some((value, end))
    }

    fn primary(&mut self, at: usize) -> Option<(Value, usize)> {
        let text = self.text;
        let rest = text.get(at..)?;
        let c = rest.chars().next()?;
        if let Some(literal) = read_literal(self.script, at) {
            let end = literal.span.end;
            return Some((self.literal_value(&literal), end));
        }
        match c {
            '$' => {
                let var_end = self.script.variable_end(at);
                if var_end <= at + 1 {
                    return None;
                }
                let written = &text[at..var_end];
                Some((self.reference(written, Span::new(at, var_end)), var_end))
            }
            '(' => {
                let inner = skip_blank(text, at + 1, true);
                let (value, end) = match self.expression(inner, true) {
                    Some(found) => found,
                    None => (Value::Unknown(Rc::new(self.origin_of_group(inner))), inner),
                };
                let close = skip_blank(text, end, true);
                if text[close..].starts_with(')') {
                    Some((value, close + 1))
                } else {
                    let close = group_end(self.script, at);
                    Some((Value::Unknown(Rc::new(self.origin_of_group(inner))), close))
                }
            }
            '@' if rest.starts_with("@(") => {
                let (items, close) = self.arguments(at + 1);
                let mut flat = Vec::new();
                for (item, _) in items {
                    match item {
                        Value::Array(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                Some((Value::Array(flat), close))
            }
            '@' if rest.starts_with("@{") => Some(self.hash_table(at + 1)),
            '[' => self.type_expression(at),
            c if c.is_ascii_digit() => {
                let end = at
                    + rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
                        .unwrap_or(rest.len());
                let mut t = Text::default();
                t.text.copy(&text[at..end], at);
                Some((Value::Text(t), end))
            }
            c if c.is_ascii_alphabetic() => {
                let end = word_end(text, at);
                let word = &text[at..end];
                if word.eq_ignore_ascii_case("New-Object") {
                    let type_at = skip_blank(text, end, false);
                    let type_end = word_end(text, type_at);
                    if text[type_at..type_end]
                        .to_ascii_lowercase()
                        .ends_with("stringbuilder")
                    {
                        return Some((Value::Text(Text::default()), type_end));
                    }
                }
                if is_command(word) {
                    let stop = statement_end(self.script, at);
                    return Some((Value::unknown(Span::new(at, stop), why_unknown(word)), stop));
                }
                None
            }
            _ => None,
        }
    }

    /// Why a parenthesised group is unknown: a command inside says whose output it is.
    fn origin_of_group(&self, inner: usize) -> super::value::Origin {
        let word = &self.text[inner..word_end(self.text, inner)];
        let end = statement_end(self.script, inner);
        super::value::Origin {
            span: Span::new(inner, end.max(inner)),
            why: why_unknown(word),
            never_set: None,
        }
    }

    /// `@{ Key = value; Key2 = value }` from the `{` at `open`.
    fn hash_table(&mut self, open: usize) -> (Value, usize) {
        let text = self.text;
        let mut entries = Vec::new();
        let mut i = skip_blank(text, open + 1, true);
        loop {
            i = skip_separators(text, i);
            if i >= text.len() {
                return (Value::Map(entries), text.len());
            }
            if text[i..].starts_with('}') {
                return (Value::Map(entries), i + 1);
            }
            let (key, key_end) = match read_literal(self.script, i) {
                Some(literal) => (literal.content.text.clone(), literal.span.end),
                None => {
                    let end = word_end(text, i);
                    if end <= i {
                        break;
                    }
                    (text[i..end].to_owned(), end)
                }
            };
            let eq = skip_blank(text, key_end, true);
            if !text[eq..].starts_with('=') {
                break;
            }
            let value_at = skip_blank(text, eq + 1, true);
            let Some((value, end)) = self.expression(value_at, false) else {
                break;
            };
            entries.push((key, value));
            i = end;
        }
        (Value::Map(entries), group_end(self.script, open - 1))
    }

    /// `[type]` followed by `::Method(…)` or a value to cast.
    fn type_expression(&mut self, at: usize) -> Option<(Value, usize)> {
        let text = self.text;
        let close = at + text[at..].find(']')?;
        let type_name = text[at + 1..close].trim().to_ascii_lowercase();
        if type_name.is_empty() || type_name.contains(|c: char| c.is_whitespace() || c == '\n') {
            return None;
        }
        let after = close + 1;
        if let Some(method_rest) = text[after..].strip_prefix("::") {
            let name_len = method_rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(method_rest.len());
            let name = &method_rest[..name_len];
            let open = after + 2 + name_len;
            if !text[open..].starts_with('(') {
                return Some((
                    Value::unknown(Span::new(at, open), format!("`[{type_name}]::{name}`")),
                    open,
                ));
            }
            let (args, end) = self.arguments(open);
            let span = Span::new(at, end);
            let is_string = type_name == "string" || type_name == "system.string";
            let value = if is_string && name.eq_ignore_ascii_case("Format") {
                let mut args = args.into_iter();
                match args.next() {
                    Some((format, format_span)) => {
                        let rest: Vec<Value> = args.map(|(v, _)| v).collect();
                        self.format_string(format, format_span, rest, span)
                    }
                    None => Value::unknown(span, "`[string]::Format` without arguments"),
                }
            } else if is_string && name.eq_ignore_ascii_case("Join") {
                let mut args = args.into_iter();
                match (args.next(), args.next()) {
                    (Some((separator, separator_span)), Some((items, items_span))) => {
                        self.join(items, items_span, separator, separator_span)
                    }
                    _ => Value::unknown(span, "`[string]::Join` without arguments"),
                }
            } else if is_string && name.eq_ignore_ascii_case("Concat") {
                let mut joined = Value::Text(Text::default());
                for (value, value_span) in args {
                    joined = self.add(joined, span, value, value_span);
                }
                joined
            } else if type_name.ends_with("stringbuilder") && name.eq_ignore_ascii_case("new") {
                Value::Text(Text::default())
            } else {
                Value::unknown(span, format!("the result of `[{type_name}]::{name}`"))
            };
            return Some((value, end));
        }
        // A cast: `[string]$x`, `[xml]$eap`, `[string[]]('a','b')`.
        let operand = skip_blank(text, after, false);
        match self.unary(operand) {
            Some(found) => Some(found),
            None => Some((Value::unknown(Span::new(at, after), "a type"), after)),
        }
    }

    /// The comma-separated arguments inside the parentheses at `open`, with the offset after
    /// the closing one.
    fn arguments(&mut self, open: usize) -> (Vec<(Value, Span)>, usize) {
        let text = self.text;
        let mut args = Vec::new();
        let mut i = skip_blank(text, open + 1, true);
        loop {
            i = skip_blank(text, i, true);
            if text[i..].starts_with(')') {
                return (args, i + 1);
            }
            let Some((value, end)) = self.additive_or_format(i) else {
                break;
            };
            args.push((value, Span::new(i, end)));
            i = skip_blank(text, end, true);
            if text[i..].starts_with(',') || text[i..].starts_with(';') {
                i += 1;
            } else if text[i..].starts_with(['\r', '\n']) {
                continue;
            } else if !text[i..].starts_with(')') {
                break;
            }
        }
        (args, group_end(self.script, open))
    }

    /// One argument: an expression without the comma operator.
    fn additive_or_format(&mut self, at: usize) -> Option<(Value, usize)> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let result = self.argument(at);
        self.depth -= 1;
        result
    }

    fn argument(&mut self, at: usize) -> Option<(Value, usize)> {
        let (mut value, mut end) = self.unary(at)?;
        loop {
            let op_at = skip_blank(self.text, end, true);
            let rest = &self.text[op_at..];
            if rest.starts_with('+') && !rest.starts_with("+=") {
                let rhs_at = skip_blank(self.text, op_at + 1, true);
                let Some((rhs, rhs_end)) = self.unary(rhs_at) else {
                    break;
                };
                value = self.add(value, Span::new(at, end), rhs, Span::new(rhs_at, rhs_end));
                end = rhs_end;
            } else if let Some((op, op_end)) = operator(self.text, op_at, COMPARISONS) {
                let rhs_at = skip_blank(self.text, op_end, true);
                let Some((rhs, rhs_end)) = self.unary(rhs_at) else {
                    break;
                };
                value = if op.eq_ignore_ascii_case("join") {
                    self.join(value, Span::new(at, end), rhs, Span::new(rhs_at, rhs_end))
                } else {
                    Value::unknown(Span::new(at, rhs_end), format!("computed with `-{op}`"))
                };
                end = rhs_end;
            } else if let Some((_, op_end)) = operator(self.text, op_at, &["f"]) {
                let args_at = skip_blank(self.text, op_end, true);
                let Some((args, args_end)) = self.comma(args_at, true) else {
                    break;
                };
                let args = match args {
                    Value::Array(items) => items,
                    other => vec![other],
                };
                value = self.format_string(
                    value,
                    Span::new(at, end),
                    args,
                    Span::new(args_at, args_end),
                );
                end = args_end;
            } else {
                break;
            }
        }
        Some((value, end))
    }

    // ----- operations -------------------------------------------------------------------

    /// The value of a string literal, with its `$` expansions evaluated.
    fn literal_value(&mut self, literal: &Literal) -> Value {
        if !self.spend(literal.content.len()) {
            return Value::unknown(literal.span, "too large to evaluate");
        }
        let whole = Text::literal(&literal.content, literal.span, literal.quoting);
        if literal.interpolations.is_empty() {
            return Value::Text(whole);
        }
        let mut out = Text {
            literals: whole.literals.clone(),
            ..Text::default()
        };
        let mut from = 0;
        for interpolation in &literal.interpolations {
            out.append_range(&whole, from, interpolation.content.start);
            let span = interpolation.span;
            let written = &self.text[span.start..span.end];
            let value = if written.starts_with("$(") {
                let inner = skip_blank(self.text, span.start + 2, true);
                match self.expression(inner, true) {
                    Some((value, end)) if skip_blank(self.text, end, true) + 1 >= span.end => value,
                    _ => Value::unknown(span, "an expression profile-lint does not evaluate"),
                }
            } else {
                self.reference(written, span)
            };
            self.place(&mut out, value, span);
            from = interpolation.content.end;
        }
        out.append_range(&whole, from, whole.len());
        Value::Text(out)
    }

    /// The value of the variable written `written` at `span`.
    fn reference(&mut self, written: &str, span: Span) -> Value {
        if written.starts_with("$(") {
            let inner = skip_blank(self.text, span.start + 2, true);
            return match self.expression(inner, true) {
                Some((value, _)) => value,
                None => Value::unknown(span, "an expression profile-lint does not evaluate"),
            };
        }
        let name = normalise(written);
        match name.as_str() {
            "true" => return plain_text("True", span),
            "false" => return plain_text("False", span),
            "null" => return Value::Text(Text::default()),
            _ => {}
        }
        if name.starts_with("env:") {
            return Value::unknown(span, "an environment variable");
        }
        match self.vars.get(&name) {
            Some(value) => {
                let value = (**value).clone();
                if self.spend(value.weight()) {
                    value
                } else {
                    Value::unknown(span, "too large to evaluate")
                }
            }
            None if self.never_set(&name) => {
                // Comparing with every name is quadratic in a generated script of thousands.
                let suggestion =
                    self.settable
                        .as_ref()
                        .filter(|n| n.len() <= 2000)
                        .and_then(|names| {
                            let wanted = name.as_str();
                            crate::model::schema::suggest(wanted, names.keys().map(String::as_str))
                                .and_then(|found| names.get(found))
                                .map(|spelled| format!("${spelled}"))
                        });
                // Treated as unknown, not as the empty string PowerShell would give: a fragment
                // of a longer script (or one run from a script that sets it) has it set.
                Value::Unknown(Rc::new(super::value::Origin {
                    span,
                    why: "never set in this script".into(),
                    never_set: Some(super::value::NeverSet { suggestion }),
                }))
            }
            None => Value::unknown(span, "not set in the script"),
        }
    }

    /// `name` is set nowhere in the script and is not one PowerShell sets itself.
    fn never_set(&self, name: &str) -> bool {
        let Some(names) = &self.settable else {
            return false;
        };
        !names.contains_key(name)
            && !AUTOMATIC.contains(&name)
            && !name.ends_with("preference")
            && !name.contains(':')
    }

    /// Appends `value`, referenced at `reference`, to `out` as text (PowerShell joins arrays
    /// with spaces; an unknown value becomes a hole).
    fn place(&mut self, out: &mut Text, value: Value, reference: Span) {
        match value {
            Value::Text(text) => {
                if self.spend(text.len()) {
                    out.append(&text);
                } else {
                    let origin = Rc::new(super::value::Origin {
                        span: reference,
                        why: "too large to evaluate".into(),
                        never_set: None,
                    });
                    out.push_hole(
                        reference,
                        &self.text[reference.start..reference.end],
                        origin,
                    );
                }
            }
            Value::Array(items) => {
                for (k, item) in items.into_iter().enumerate() {
                    if k > 0 {
                        out.push_synthetic(" ", reference.start);
                    }
                    self.place(out, item, reference);
                }
            }
            Value::Map(_) => {
                let origin = Rc::new(super::value::Origin {
                    span: reference,
                    why: "a hash table".into(),
                    never_set: None,
                });
                out.push_hole(
                    reference,
                    &self.text[reference.start..reference.end],
                    origin,
                );
            }
            Value::Unknown(origin) => {
                let written = self.text[reference.start..reference.end].to_owned();
                out.push_hole(reference, &written, origin);
            }
        }
    }

    /// `left + right`.
    fn add(&mut self, left: Value, left_span: Span, right: Value, right_span: Span) -> Value {
        match left {
            Value::Array(mut items) => {
                match right {
                    Value::Array(more) => items.extend(more),
                    other => items.push(other),
                }
                Value::Array(items)
            }
            Value::Map(_) => Value::unknown(
                Span::new(left_span.start, right_span.end),
                "a sum of hash tables",
            ),
            Value::Text(mut text) => {
                self.place(&mut text, right, right_span);
                Value::Text(text)
            }
            unknown @ Value::Unknown(_) => {
                let mut text = Text::default();
                self.place(&mut text, unknown, left_span);
                self.place(&mut text, right, right_span);
                Value::Text(text)
            }
        }
    }

    /// `items -join separator`.
    fn join(
        &mut self,
        items: Value,
        items_span: Span,
        separator: Value,
        separator_span: Span,
    ) -> Value {
        let items = match items {
            Value::Array(items) => items,
            other => vec![other],
        };
        let mut out = Text::default();
        for (k, item) in items.into_iter().enumerate() {
            if k > 0 {
                self.place(&mut out, separator.clone(), separator_span);
            }
            self.place(&mut out, item, items_span);
        }
        Value::Text(out)
    }

    /// `format -f args`: `{0}`, `{1,-10}`, `{0:N}` replaced, `{{`/`}}` un-doubled.
    fn format_string(
        &mut self,
        format: Value,
        format_span: Span,
        args: Vec<Value>,
        args_span: Span,
    ) -> Value {
        let Value::Text(format) = format else {
            return Value::unknown(
                format_span,
                "a format string only known when the script runs",
            );
        };
        self.templates
            .extend(format.literals.iter().map(|(span, _)| *span));
        let s = format.as_str().to_owned();
        let mut out = Text::default();
        let mut copied = 0;
        let mut i = 0;
        while i < s.len() {
            let rest = &s[i..];
            if rest.starts_with("{{") || rest.starts_with("}}") {
                out.append_range(&format, copied, i + 1);
                i += 2;
                copied = i;
                continue;
            }
            if rest.starts_with('{') {
                if let Some(close) = rest.find('}') {
                    let inside = &rest[1..close];
                    let index = inside.split([',', ':']).next().unwrap_or("").trim();
                    if let Ok(n) = index.parse::<usize>() {
                        out.append_range(&format, copied, i);
                        match args.get(n) {
                            Some(arg) => self.place(&mut out, arg.clone(), args_span),
                            None => {
                                let origin = Rc::new(super::value::Origin {
                                    span: args_span,
                                    why: format!("argument {n} of `-f`, which is missing"),
                                    never_set: None,
                                });
                                out.push_hole(
                                    args_span,
                                    &self.text[args_span.start..args_span.end],
                                    origin,
                                );
                            }
                        }
                        i += close + 1;
                        copied = i;
                        continue;
                    }
                }
            }
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
        out.append_range(&format, copied, s.len());
        Value::Text(out)
    }

    /// `value.Method(args)`.
    fn method(&mut self, value: Value, name: &str, args: Vec<(Value, Span)>, span: Span) -> Value {
        let lower = name.to_ascii_lowercase();
        match (value, lower.as_str()) {
            (Value::Text(text), "tostring" | "trim" | "trimstart" | "trimend" | "clone") => {
                // Trimming changes no byte the rules read: the profile is trimmed anyway.
                Value::Text(text)
            }
            (Value::Unknown(origin), _) => Value::Unknown(origin),
            (Value::Array(items), "tostring") => Value::Array(items),
            (_, _) => {
                let _ = args;
                Value::unknown(span, format!("the result of `.{name}()`"))
            }
        }
    }
}

/// Comparison-level binary operators (`-join` is evaluated; the rest give unknown values).
const COMPARISONS: &[&str] = &[
    "join",
    "replace",
    "ireplace",
    "creplace",
    "split",
    "isplit",
    "csplit",
    "match",
    "imatch",
    "cmatch",
    "notmatch",
    "like",
    "ilike",
    "clike",
    "notlike",
    "eq",
    "ieq",
    "ceq",
    "ne",
    "ine",
    "cne",
    "contains",
    "notcontains",
    "in",
    "notin",
    "gt",
    "ge",
    "lt",
    "le",
    "and",
    "or",
    "xor",
    "is",
    "isnot",
    "as",
];

/// `-op` at `at` (case-insensitive, not followed by a name character): the operator and the
/// offset after it.
fn operator<'o>(text: &str, at: usize, ops: &[&'o str]) -> Option<(&'o str, usize)> {
    let rest = text.get(at..)?.strip_prefix('-')?;
    let len = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let word = &rest[..len];
    ops.iter()
        .find(|op| op.eq_ignore_ascii_case(word))
        .map(|op| (*op, at + 1 + len))
}

/// A literal right after a comparison operator or a search call is a pattern, not a profile.
fn after_comparison(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t']);
    let tail_start = crate::span::floor_char_boundary(before, before.len().saturating_sub(24));
    let tail = before[tail_start..].to_ascii_lowercase();
    let word_len = tail
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let word = &tail[tail.len() - word_len..];
    let dashed = tail[..tail.len() - word_len].ends_with('-');
    (dashed && COMPARISONS.contains(&word) && word != "join")
        || (dashed && word == "pattern")
        || [
            ".contains(",
            ".indexof(",
            ".startswith(",
            ".endswith(",
            "select-string",
        ]
        .iter()
        .any(|call| tail.ends_with(call))
}

/// `$Name`, `${Name}`, `$script:Name` → `name` (PowerShell names are case-insensitive).
fn normalise(written: &str) -> String {
    let name = written.trim_start_matches('$');
    let name = name
        .strip_prefix('{')
        .and_then(|n| n.strip_suffix('}'))
        .unwrap_or(name);
    let lower = name.to_ascii_lowercase();
    for scope in ["script:", "global:", "local:", "private:", "using:"] {
        if let Some(rest) = lower.strip_prefix(scope) {
            return rest.to_owned();
        }
    }
    lower
}

fn plain_text(s: &str, span: Span) -> Value {
    let mut t = Text::default();
    t.push_synthetic(s, span.start);
    Value::Text(t)
}

/// Why the value a statement starting with `word` produces is unknown, for the reader.
fn why_unknown(word: &str) -> String {
    if word.eq_ignore_ascii_case("Read-Host") {
        "typed in when the script runs (`Read-Host`)".to_owned()
    } else if is_command(word) {
        format!("the output of `{word}`")
    } else {
        "an expression profile-lint does not evaluate".to_owned()
    }
}

/// A `Verb-Noun` command name (or a few common aliases).
fn is_command(word: &str) -> bool {
    let mut parts = word.splitn(2, '-');
    let verb = parts.next().unwrap_or("");
    let noun = parts.next().unwrap_or("");
    (!verb.is_empty()
        && !noun.is_empty()
        && verb.starts_with(|c: char| c.is_ascii_alphabetic())
        && noun.starts_with(|c: char| c.is_ascii_alphabetic()))
        || ["gc", "cat", "type", "iwr", "irm", "curl", "wget"]
            .iter()
            .any(|a| a.eq_ignore_ascii_case(word))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// A word starts here (not inside another word or a variable name).
fn word_start(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '.' | ':')),
    }
}

/// The end of a word (letters, digits, `-`, `_`, `.` and `%` alone).
fn word_end(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    if rest.starts_with('%') {
        return at + 1;
    }
    at + rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(rest.len())
}

/// After the word at `at`, or after its first character when no word starts there.
fn past_word(text: &str, at: usize) -> usize {
    let end = word_end(text, at);
    if end > at {
        end
    } else {
        at + text[at..].chars().next().map_or(1, char::len_utf8)
    }
}

fn skip_separators(text: &str, mut i: usize) -> usize {
    loop {
        let next = skip_blank(text, i, true);
        if text[next..].starts_with(';') {
            i = next + 1;
        } else {
            return next;
        }
    }
}

/// Where the statement starting at `at` ends: a line break or `;` outside brackets (a line
/// ending in `|` or a backtick goes on), or an unmatched closing bracket.
fn statement_end(script: &Script, at: usize) -> usize {
    let text = script.text;
    let mut depth = 0usize;
    let mut i = at;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if let Some(literal) = read_literal(script, i) {
            i = literal.span.end.max(i + 1);
            continue;
        }
        match c {
            '`' => {
                i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
                continue;
            }
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => {
                if depth == 0 {
                    return i;
                }
                depth -= 1;
            }
            ';' if depth == 0 => return i,
            '#' if depth == 0 && lexer::at_token_start(text, i) => {
                return i;
            }
            '\n' if depth == 0 => {
                let line = text[at..i].trim_end();
                if !line.ends_with('|') {
                    return i;
                }
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    text.len()
}

/// The offset after the bracket closing the one at `open` (strings and nesting respected).
fn group_end(script: &Script, open: usize) -> usize {
    let text = script.text;
    let mut depth = 0usize;
    let mut i = open + 1;
    while i < text.len() {
        if let Some(literal) = read_literal(script, i) {
            i = literal.span.end.max(i + 1);
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => {
                if depth == 0 {
                    return i + 1;
                }
                depth -= 1;
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    text.len()
}

/// A text that is (or starts) a profile: `<VPNProfile`, `<EapHostConfig`, escaped or not,
/// after an XML declaration.
pub(super) fn holds_profile(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let t = if t.starts_with("<?xml") {
        t.find("?>").map_or("", |e| t[e + 2..].trim_start())
    } else {
        t
    };
    t.starts_with("<VPNProfile")
        || t.starts_with("<EapHostConfig")
        || super::super::unescape::holds_escaped_profile(t)
}

/// The root element is closed (a whole profile, not the start of one).
fn is_complete(text: &str) -> bool {
    let t = text.trim_end();
    [
        "</VPNProfile>",
        "</EapHostConfig>",
        "&lt;/VPNProfile&gt;",
        "&lt;/EapHostConfig&gt;",
    ]
    .iter()
    .any(|end| t.ends_with(end))
        || (t.ends_with("/>") && !t.contains("</"))
}

/// Variables PowerShell sets itself (lower case).
const AUTOMATIC: &[&str] = &[
    "_",
    "psitem",
    "args",
    "input",
    "this",
    "psscriptroot",
    "pscommandpath",
    "myinvocation",
    "pwd",
    "home",
    "host",
    "pid",
    "psversiontable",
    "error",
    "lastexitcode",
    "matches",
    "psboundparameters",
    "executioncontext",
    "shellid",
    "profile",
    "pshome",
    "ofs",
    "switch",
    "foreach",
    "sender",
    "event",
    "eventargs",
    "eventsubscriber",
    "iswindows",
    "islinux",
    "ismacos",
    "iscoreclr",
    "nestedpromptlevel",
    "stacktrace",
    "psculture",
    "psuiculture",
    "pscmdlet",
    "psdebugcontext",
    "consolefilename",
    "true",
    "false",
    "null",
    "psedition",
    "psnativecommandargumentpassing",
    "psstyle",
    "maximumhistorycount",
];

/// Every name the script could set (lower case, with its spelling), or `None` when it can set
/// variables in ways not written as assignments (dot-sourcing another script, `Set-Variable`,
/// `-OutVariable`, `Invoke-Expression`, modules).
fn settable_names(text: &str) -> Option<HashMap<String, String>> {
    static DYNAMIC: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static SET: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let dynamic = lexer::regex(
        &DYNAMIC,
        r"(?im)^\s*\.\s+\S|(Set|New|Get|Clear|Remove)-Variable|-(OutVariable|ov|ErrorVariable|ev|WarningVariable|wv|InformationVariable|iv|PipelineVariable|pv)\b|Invoke-Expression|\biex\b|Import-Module|using\s+module|\$using:|\[ref\]|Get-Content\s+.*\|\s*Invoke|ConvertFrom-StringData",
    );
    if dynamic.is_match(text) {
        return None;
    }
    // Assignments (`$a =`, `$a +=`, `${a} =`), typed declarations and parameters (`[string]$a`),
    // loop variables, and names in a parameter list (`param($a, $b)`, which also catches some
    // call arguments: only more names are counted as set, never fewer).
    let set = lexer::regex(
        &SET,
        r"(?i)\$(?:\{([^}\r\n]+)\}|([\w:]+))\s*(?:[-+*/%]?=[^=]|[,)])|\]\s*\$(?:\{([^}\r\n]+)\}|([\w:]+))|(?:foreach|for)\s*\(\s*\$([\w:]+)|[(,]\s*\$([\w:]+)",
    );
    let mut names = HashMap::new();
    for captures in set.captures_iter(text) {
        for group in 1..=6 {
            if let Some(m) = captures.get(group) {
                let written = m.as_str();
                names
                    .entry(normalise(written))
                    .or_insert_with(|| written.to_owned());
            }
        }
    }
    Some(names)
}
