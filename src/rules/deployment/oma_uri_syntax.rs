//! M002 `oma-uri-syntax`: the OMA-URI of a ProfileXML item is not a clean path ending in
//! `/ProfileXML`.

use super::{percent_decode, percent_encode};
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::schema::edit_distance_capped;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;

pub struct OmaUriSyntax;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M002",
    name: "oma-uri-syntax",
    severity: Severity::Error,
    category: Category::Deployment,
    summary: "OMA-URI containing whitespace or line breaks, a misspelled leaf (`PrfolieXML`), or not ending in `/ProfileXML`.",
    predicts: &["MDM event 404 (The system cannot find the file specified)"],
    evidence: Evidence::Reported,
    superseded_by: &[&crate::rules::deployment::profile_name_encoding::META],
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

impl Rule for OmaUriSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(oma) = cx.wrapper.oma.clone() else {
            return;
        };
        // White space inside the profile name (the first segment after `VPNv2/`) is also a
        // name that is not percent-encoded: that finding covers the whole name, so white
        // space there is one finding with it, and white space elsewhere in the path is
        // reported first.
        let name_span = oma
            .vpnv2_segments()
            .filter(|s| s.len() >= 2)
            .and_then(|s| s.first().map(|(name, span)| (*name, *span)));
        let in_name = |at: usize| name_span.is_some_and(|(_, n)| n.start <= at && at < n.end);
        let base = oma.loc_uri_span.start;
        let blanks: Vec<(usize, char)> = oma
            .loc_uri
            .char_indices()
            .filter(|(_, c)| c.is_whitespace())
            .map(|(i, c)| (base + i, c))
            .collect();
        let stray = blanks
            .iter()
            .find(|(at, _)| !in_name(*at))
            .or(blanks.first())
            .copied();
        if let Some((start, c)) = stray {
            let what = if c == '\n' || c == '\r' {
                "a line break"
            } else {
                "white space"
            };
            // The path without its white space; the name percent-encoded, not squeezed.
            let mut fixed = String::new();
            for (i, c) in oma.loc_uri.char_indices() {
                match name_span {
                    Some((name, span)) if base + i == span.start => {
                        fixed.push_str(&percent_encode(&percent_decode(name)));
                    }
                    _ if in_name(base + i) => {}
                    _ if c.is_whitespace() => {}
                    _ => fixed.push(c),
                }
            }
            let diagnostic = cx.report(
                Span::new(start, start + c.len_utf8()),
                format!("the OMA-URI contains {what}; the MDM client looks the node up literally and answers with event 404 (\"The system cannot find the file specified\")"),
            );
            diagnostic
                .in_file_coordinates()
                .help(format!("write `{fixed}`"));
            // White space outside the name means nothing and goes; the name's own white space
            // is encoded by the name's fix.
            let mut runs: Vec<Span> = Vec::new();
            for &(at, c) in blanks.iter().filter(|(at, _)| !in_name(*at)) {
                match runs.last_mut() {
                    Some(run) if run.end == at => run.end = at + c.len_utf8(),
                    _ => runs.push(Span::new(at, at + c.len_utf8())),
                }
            }
            let outside: Vec<Edit> = runs.into_iter().map(Edit::delete).collect();
            if !in_name(start) {
                diagnostic.fix(Fix::safe(
                    "Remove the white space from the OMA-URI",
                    outside,
                ));
            }
            return;
        }
        // Only ProfileXML items are checked for their leaf; node-by-node settings are fine.
        if cx.model.profile.is_none() {
            return;
        }
        let Some(segments) = oma.vpnv2_segments() else {
            return;
        };
        let Some(&(leaf, span)) = segments.last() else {
            return;
        };
        if leaf == "ProfileXML" {
            return;
        }
        let near = edit_distance_capped(&leaf.to_ascii_lowercase(), "profilexml", 3) <= 3;
        if near {
            cx.report(
                span,
                format!("`{leaf}` is not the CSP node `ProfileXML` (node names are case-sensitive); the MDM client answers with event 404 and the profile is never created"),
            )
            .in_file_coordinates()
            .help("write `ProfileXML`");
        } else if segments.len() <= 2 {
            let path = oma.loc_uri.trim_end_matches('/');
            cx.report(
                span,
                "this item carries a whole `<VPNProfile>` but its OMA-URI does not end in `/ProfileXML`; the node it names does not take a profile document",
            )
            .in_file_coordinates()
            .help(format!("write `{path}/ProfileXML` if `{leaf}` is the profile name"));
        }
    }
}
