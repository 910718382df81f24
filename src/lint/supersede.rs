//! One defect, one finding: a finding whose rule is superseded by a more specific rule is
//! dropped when that rule reported an overlapping span in the same document. Runs after the
//! selection and suppressions, so a specific rule that is ignored, not selected, or suppressed
//! here lets the general finding through (ruff's `is_rule_enabled` checks, as data).

use crate::diagnostic::{Coordinates, Diagnostic};
use crate::span::Span;
use std::collections::HashMap;

/// Whether two spans share a byte, or an empty span touches the other (what
/// [`Reported::overlaps`] answers for a set of spans; the tests compare the two).
#[cfg(test)]
fn overlaps(a: Span, b: Span) -> bool {
    if a.is_empty() || b.is_empty() {
        a.start <= b.end && b.start <= a.end
    } else {
        a.start < b.end && b.start < a.end
    }
}

/// The spans one rule reported, arranged so "does any overlap this one" is a binary search
/// (documents with thousands of findings stay linear): non-empty spans sorted by start with
/// the largest end so far, and the positions of empty spans.
struct Reported {
    spans: Vec<Span>,
    max_end: Vec<usize>,
    points: Vec<usize>,
}

impl Reported {
    fn new(all: Vec<Span>) -> Self {
        let (points, mut spans): (Vec<Span>, Vec<Span>) =
            all.into_iter().partition(|s| s.is_empty());
        let mut points: Vec<usize> = points.into_iter().map(|s| s.start).collect();
        points.sort_unstable();
        spans.sort_by_key(|s| (s.start, s.end));
        let mut max_end = Vec::with_capacity(spans.len());
        let mut running = 0;
        for span in &spans {
            running = running.max(span.end);
            max_end.push(running);
        }
        Reported {
            spans,
            max_end,
            points,
        }
    }

    fn overlaps(&self, probe: Span) -> bool {
        let spans = if probe.is_empty() {
            let upto = self.spans.partition_point(|s| s.start <= probe.start);
            upto > 0 && self.max_end[upto - 1] >= probe.start
        } else {
            let upto = self.spans.partition_point(|s| s.start < probe.end);
            upto > 0 && self.max_end[upto - 1] > probe.start
        };
        let first = self.points.partition_point(|&x| x < probe.start);
        spans || self.points.get(first).is_some_and(|&x| x <= probe.end)
    }
}

/// Drops superseded findings of one document.
pub fn resolve(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // The rules that supersede one of the findings; usually none of them reported anything,
    // and then there is nothing to arrange.
    let mut superseding: Vec<&str> = diagnostics
        .iter()
        .flat_map(|d| d.superseded_by.iter().map(|meta| meta.code))
        .collect();
    superseding.sort_unstable();
    superseding.dedup();
    let is_superseding = |d: &Diagnostic| superseding.binary_search(&d.rule.code()).is_ok();
    if !diagnostics.iter().any(is_superseding) {
        return diagnostics;
    }
    let mut by_rule: HashMap<(&str, Coordinates), Vec<Span>> = HashMap::new();
    for d in diagnostics.iter().filter(|d| is_superseding(d)) {
        by_rule
            .entry((d.rule.code(), d.coordinates))
            .or_default()
            .push(d.span);
    }
    let reported: HashMap<(&str, Coordinates), Reported> = by_rule
        .into_iter()
        .map(|(key, spans)| (key, Reported::new(spans)))
        .collect();
    let superseded: Vec<bool> = diagnostics
        .iter()
        .map(|d| {
            d.superseded_by.iter().any(|specific| {
                reported
                    .get(&(specific.code, d.coordinates))
                    .is_some_and(|r| r.overlaps(d.span))
            })
        })
        .collect();
    diagnostics
        .into_iter()
        .zip(superseded)
        .filter_map(|(d, gone)| (!gone).then_some(d))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_is_shared_bytes_or_touching_empty_spans() {
        assert!(overlaps(Span::new(0, 5), Span::new(4, 9)));
        assert!(!overlaps(Span::new(0, 5), Span::new(5, 9)));
        assert!(overlaps(Span::new(3, 3), Span::new(0, 5)));
        assert!(overlaps(Span::new(5, 5), Span::new(0, 5)));
        assert!(!overlaps(Span::new(6, 6), Span::new(0, 5)));
    }

    #[test]
    fn sorted_search_agrees_with_a_scan() {
        let spans = vec![
            Span::new(10, 20),
            Span::new(0, 100),
            Span::new(30, 30),
            Span::new(40, 45),
        ];
        let reported = Reported::new(spans.clone());
        for start in 0..120 {
            for len in 0..15 {
                let probe = Span::new(start, start + len);
                let expected = spans.iter().any(|s| overlaps(*s, probe));
                assert_eq!(reported.overlaps(probe), expected, "{probe:?}");
            }
        }
    }
}
