//! Profiles written element by element with `System.Xml.XmlTextWriter` / `XmlWriter`
//! (`$w.WriteStartElement('VPNProfile')`, `$w.WriteElementString('AlwaysOn', 'true')`, …), as
//! some deployment scripts build them: each call appends the markup the writer would produce to
//! a text kept per writer variable, so the profile is linted like any other. Markup is mapped
//! to the call that writes it, names and values to the literals they came from.

use super::value::Text;
use crate::span::Span;

/// What one writer has written so far.
#[derive(Debug, Default)]
pub(super) struct Writer {
    pub text: Text,
    /// Names of the open elements, innermost last.
    open: Vec<Text>,
    /// The last start tag is still open for attributes (`<Name` without its `>`).
    in_start_tag: bool,
}

/// A writer method call: its lower-case name and its arguments as text (an argument that is
/// not text, such as `$null`, is `None`).
pub(super) struct Call {
    pub method: String,
    pub at: Span,
    pub args: Vec<Option<Text>>,
}

/// The writer methods that add markup (others, such as `Flush` and `Close`, add nothing).
pub(super) fn is_writer_method(name: &str) -> bool {
    [
        "writestartelement",
        "writeelementstring",
        "writeendelement",
        "writefullendelement",
        "writeattributestring",
        "writestring",
        "writeraw",
        "writeenddocument",
    ]
    .contains(&name.to_ascii_lowercase().as_str())
}

impl Writer {
    pub fn apply(&mut self, call: Call) {
        let at = call.at.start;
        let arg = |k: usize| call.args.get(k).and_then(|a| a.as_ref());
        match call.method.as_str() {
            "writestartelement" => {
                self.close_start_tag(at);
                // (name), (name, namespace) or (prefix, name, namespace).
                let (prefix, name, namespace) = match call.args.len() {
                    3 => (arg(0), arg(1), arg(2)),
                    2 => (None, arg(0), arg(1)),
                    _ => (None, arg(0), None),
                };
                let Some(name) = name else { return };
                let mut qualified = Text::default();
                if let Some(prefix) = prefix.filter(|p| !p.as_str().is_empty()) {
                    qualified.append(prefix);
                    qualified.push_synthetic(":", at);
                }
                qualified.append(name);
                self.text.push_synthetic("<", at);
                self.text.append(&qualified);
                if let Some(namespace) = namespace.filter(|n| !n.as_str().is_empty()) {
                    match prefix.filter(|p| !p.as_str().is_empty()) {
                        Some(prefix) => {
                            self.text.push_synthetic(" xmlns:", at);
                            self.text.append(prefix);
                            self.text.push_synthetic("=\"", at);
                        }
                        None => self.text.push_synthetic(" xmlns=\"", at),
                    }
                    self.text.append(&escaped(namespace, at));
                    self.text.push_synthetic("\"", at);
                }
                self.open.push(qualified);
                self.in_start_tag = true;
            }
            "writeelementstring" => {
                self.close_start_tag(at);
                // (name, value) or (name, namespace, value).
                let (name, namespace, value) = match call.args.len() {
                    3 => (arg(0), arg(1), arg(2)),
                    _ => (arg(0), None, arg(1)),
                };
                let Some(name) = name else { return };
                self.text.push_synthetic("<", at);
                self.text.append(name);
                if let Some(namespace) = namespace.filter(|n| !n.as_str().is_empty()) {
                    self.text.push_synthetic(" xmlns=\"", at);
                    self.text.append(&escaped(namespace, at));
                    self.text.push_synthetic("\"", at);
                }
                self.text.push_synthetic(">", at);
                if let Some(value) = value {
                    self.text.append(&escaped(value, at));
                }
                self.text.push_synthetic("</", at);
                self.text.append(name);
                self.text.push_synthetic(">", at);
            }
            "writeattributestring" => {
                if !self.in_start_tag {
                    return;
                }
                let (name, value) = match call.args.len() {
                    3 => (arg(0), arg(2)),
                    4 => (arg(1), arg(3)),
                    _ => (arg(0), arg(1)),
                };
                let Some(name) = name else { return };
                self.text.push_synthetic(" ", at);
                self.text.append(name);
                self.text.push_synthetic("=\"", at);
                if let Some(value) = value {
                    self.text.append(&escaped(value, at));
                }
                self.text.push_synthetic("\"", at);
            }
            "writestring" => {
                self.close_start_tag(at);
                if let Some(value) = arg(0) {
                    self.text.append(&escaped(value, at));
                }
            }
            "writeraw" => {
                self.close_start_tag(at);
                if let Some(value) = arg(0) {
                    self.text.append(value);
                }
            }
            "writeendelement" | "writefullendelement" => self.end_element(at),
            "writeenddocument" => {
                while !self.open.is_empty() {
                    self.end_element(at);
                }
            }
            _ => {}
        }
    }

    fn close_start_tag(&mut self, at: usize) {
        if std::mem::take(&mut self.in_start_tag) {
            self.text.push_synthetic(">", at);
        }
    }

    fn end_element(&mut self, at: usize) {
        let Some(name) = self.open.pop() else { return };
        if std::mem::take(&mut self.in_start_tag) {
            self.text.push_synthetic("/>", at);
        } else {
            self.text.push_synthetic("</", at);
            self.text.append(&name);
            self.text.push_synthetic(">", at);
        }
    }
}

/// The text as a writer writes a value: `&`, `<`, `>` and `"` as entities, each mapped to the
/// character it stands for.
fn escaped(value: &Text, at: usize) -> Text {
    let s = value.as_str();
    if !s.contains(['&', '<', '>', '"']) {
        return value.clone();
    }
    let mut out = Text {
        literals: value.literals.clone(),
        ..Text::default()
    };
    let mut from = 0;
    for (i, c) in s.char_indices() {
        let entity = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            _ => continue,
        };
        out.append_range(value, from, i);
        let file = value.text.map.to_file(i);
        out.push_synthetic(entity, if file == 0 { at } else { file });
        from = i + c.len_utf8();
    }
    out.append_range(value, from, s.len());
    out
}
