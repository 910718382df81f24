//! The values a script's string-building computes: text that remembers where each byte was
//! written in the script, arrays, hash tables, and values only known when the script runs.

use super::super::posmap::MappedText;
use super::super::Quoting;
use crate::span::Span;
use std::ops::Range;
use std::rc::Rc;

/// Where a value that profile-lint cannot know comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Origin {
    /// The script text that produces it (a parameter, a cmdlet call, an expression).
    pub span: Span,
    /// Why it is unknown, for the reader: "a parameter without a default value".
    pub why: String,
    /// A variable the script never sets (empty at run time, unless a calling script or a
    /// pasted-from fragment sets it), with the nearest name the script does set.
    pub never_set: Option<NeverSet>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct NeverSet {
    pub suggestion: Option<String>,
}

/// An unknown part of a text: the reference written where it enters the string (`$Servers`),
/// and the origin of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hole {
    /// Its bytes in the text (the placeholder).
    pub range: Range<usize>,
    /// The reference in the script.
    pub reference: Span,
    pub written: String,
    pub origin: Rc<Origin>,
}

/// A string value: its characters mapped to the script, the holes in it, and the string
/// literals it was copied from (fixes are written back into those, with their quoting).
#[derive(Debug, Clone, Default)]
pub(super) struct Text {
    pub text: MappedText,
    pub holes: Vec<Hole>,
    pub literals: Vec<(Span, Quoting)>,
}

#[derive(Debug, Clone)]
pub(super) enum Value {
    Text(Text),
    Array(Vec<Value>),
    /// A hash table (`@{ Address = '10.0.0.0'; Prefix = 8 }`); keys as written.
    Map(Vec<(String, Value)>),
    Unknown(Rc<Origin>),
}

impl Value {
    pub fn unknown(span: Span, why: impl Into<String>) -> Value {
        Value::Unknown(Rc::new(Origin {
            span,
            why: why.into(),
            never_set: None,
        }))
    }

    pub fn text(&self) -> Option<&Text> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// Bytes this value holds, for the evaluation budget.
    pub fn weight(&self) -> usize {
        match self {
            Value::Text(t) => t.text.len() + 16,
            Value::Array(items) => items.iter().map(Value::weight).sum::<usize>() + 16,
            Value::Map(entries) => {
                entries
                    .iter()
                    .map(|(k, v)| k.len() + v.weight())
                    .sum::<usize>()
                    + 16
            }
            Value::Unknown(_) => 16,
        }
    }

    /// The first element of a collection (what one iteration of a loop over it sees).
    pub fn first(self, reference: Span) -> Value {
        match self {
            Value::Array(items) => items
                .into_iter()
                .next()
                .unwrap_or_else(|| Value::unknown(reference, "an element of an empty array")),
            other => other,
        }
    }

    /// A key of a hash table (case-insensitive, as PowerShell does).
    pub fn member(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

impl Text {
    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn as_str(&self) -> &str {
        &self.text.text
    }

    /// A copy of a string literal's content (no holes).
    pub fn literal(content: &MappedText, span: Span, quoting: Quoting) -> Text {
        Text {
            text: content.clone(),
            holes: Vec::new(),
            literals: vec![(span, quoting)],
        }
    }

    /// Appends `other[from..to]`, with the holes that lie in that range.
    pub fn append_range(&mut self, other: &Text, from: usize, to: usize) {
        let shift = self.text.len();
        self.text.append_range(&other.text, from, to);
        // Holes are in text order: only those in the range are visited.
        let first = other.holes.partition_point(|h| h.range.start < from);
        for hole in other.holes[first..]
            .iter()
            .take_while(|h| h.range.start < to)
        {
            if hole.range.end <= to {
                let mut hole = hole.clone();
                hole.range = hole.range.start - from + shift..hole.range.end - from + shift;
                self.holes.push(hole);
            }
        }
        // Repeats are removed when the document is built; here only the last is compared,
        // which keeps `$x += '…'` in a long loop linear.
        for literal in &other.literals {
            if self.literals.last() != Some(literal) {
                self.literals.push(*literal);
            }
        }
    }

    pub fn append(&mut self, other: &Text) {
        self.append_range(other, 0, other.len());
    }

    /// Appends a placeholder for an unknown value referenced at `reference` (whose text in
    /// the script is `written`): the reference itself, with characters that would change the
    /// XML's structure replaced, so that the document stays well-formed.
    pub fn push_hole(&mut self, reference: Span, written: &str, origin: Rc<Origin>) {
        let start = self.text.len();
        let placeholder: String = written
            .chars()
            .map(|c| match c {
                '<' | '>' | '&' | '"' | '\'' => '_',
                c if c.is_control() => '_',
                c => c,
            })
            .collect();
        let placeholder = if placeholder.is_empty() {
            "_".to_owned()
        } else {
            placeholder
        };
        self.text.copy(&placeholder, reference.start);
        self.holes.push(Hole {
            range: start..self.text.len(),
            reference,
            written: written.to_owned(),
            origin,
        });
    }

    /// Text written by profile-lint (a separator), mapped to `at`.
    pub fn push_synthetic(&mut self, piece: &str, at: usize) {
        self.text.synthetic(piece, at);
    }
}
