//! Fixes: the mechanical part of a correction, as edits a tool can apply (ruff's `Fix`/`Edit`).
//! Help text explains; a fix does. Rules make edits in document coordinates; the engine maps
//! them back to the file through the same source maps as positions, and refuses edits that
//! a wrapper's escaping cannot carry back.

use crate::span::Span;
use serde::Serialize;

/// How safe it is to apply a fix without review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes what the profile means (or may): apply only after review (`--unsafe-fixes`).
    Unsafe,
    /// Cannot change what the profile means beyond the rule's correction.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the text at `span` with `content` (an empty span inserts, empty content deletes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

impl Edit {
    pub fn replace(span: Span, content: impl Into<String>) -> Self {
        Edit {
            span,
            content: content.into(),
        }
    }

    pub fn insert(at: usize, content: impl Into<String>) -> Self {
        Edit::replace(Span::new(at, at), content)
    }

    pub fn delete(span: Span) -> Self {
        Edit::replace(span, "")
    }
}

/// One correction: a title for menus ("Replace `True` with `true`"), how safe it is, and its
/// edits, which never overlap and are sorted by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of the given edits; `None` when they are empty or overlap (a rule's mistake is
    /// never turned into a broken document).
    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Option<Self> {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let overlapping = edits
            .windows(2)
            .any(|pair| pair[0].span.end > pair[1].span.start);
        if edits.is_empty() || overlapping {
            return None;
        }
        Some(Fix {
            title: title.into(),
            applicability,
            edits,
        })
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Option<Self> {
        Fix::new(title, Applicability::Safe, edits)
    }

    pub fn unsafe_edit(title: impl Into<String>, edits: Vec<Edit>) -> Option<Self> {
        Fix::new(title, Applicability::Unsafe, edits)
    }

    /// The text after applying the edits to `text` (spans in `text`'s coordinates); `None`
    /// when an edit lies outside the text or off a character boundary.
    pub fn apply(&self, text: &str) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for edit in &self.edits {
            out.push_str(text.get(at..edit.span.start)?);
            out.push_str(&edit.content);
            at = edit.span.end;
        }
        out.push_str(text.get(at..)?);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order() {
        let fix = Fix::safe(
            "t",
            vec![
                Edit::replace(Span::new(6, 9), "two"),
                Edit::insert(0, ">"),
                Edit::delete(Span::new(3, 4)),
            ],
        )
        .expect("valid fix");
        assert_eq!(fix.apply("one 2 TWO").as_deref(), Some(">one2 two"));
    }

    #[test]
    fn overlapping_or_empty_edits_make_no_fix() {
        assert!(Fix::safe("t", vec![]).is_none());
        assert!(Fix::safe(
            "t",
            vec![
                Edit::replace(Span::new(0, 4), "a"),
                Edit::replace(Span::new(3, 5), "b")
            ]
        )
        .is_none());
    }

    #[test]
    fn out_of_range_edits_do_not_apply() {
        let fix = Fix::safe("t", vec![Edit::replace(Span::new(2, 40), "x")]).expect("fix");
        assert_eq!(fix.apply("short"), None);
        let fix = Fix::safe("t", vec![Edit::replace(Span::new(1, 2), "x")]).expect("fix");
        assert_eq!(fix.apply("é"), None);
    }
}
