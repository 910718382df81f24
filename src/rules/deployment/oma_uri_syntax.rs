//! M002 `oma-uri-syntax`: the OMA-URI of a ProfileXML item is not a clean path ending in
//! `/ProfileXML`.

use crate::diagnostic::Severity;
use crate::model::schema::edit_distance_capped;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::span::Span;

pub struct OmaUriSyntax;

static META: RuleMeta = RuleMeta {
    code: "M002",
    name: "oma-uri-syntax",
    severity: Severity::Error,
    category: Category::Deployment,
    summary: "OMA-URI containing whitespace or line breaks, a misspelled leaf (`PrfolieXML`), or not ending in `/ProfileXML`.",
    predicts: &["MDM event 404 (The system cannot find the file specified)"],
    evidence: Evidence::Reported,
};

impl Rule for OmaUriSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(oma) = cx.wrapper.oma.clone() else {
            return;
        };
        // A plain space inside the profile name is `profile-name-encoding`'s finding.
        let name_span = oma
            .vpnv2_segments()
            .filter(|s| s.len() >= 2)
            .and_then(|s| s.first().map(|(_, span)| *span));
        let stray = oma.loc_uri.char_indices().find(|&(i, c)| {
            let at = oma.loc_uri_span.start + i;
            let in_name = name_span.is_some_and(|n| n.start < at && at + 1 < n.end);
            c.is_whitespace() && !(c == ' ' && in_name)
        });
        if let Some((at, c)) = stray {
            let start = oma.loc_uri_span.start + at;
            let what = if c == '\n' || c == '\r' {
                "a line break"
            } else {
                "white space"
            };
            cx.report(
                Span::new(start, start + c.len_utf8()),
                format!("the OMA-URI contains {what}; the MDM client looks the node up literally and answers with event 404 (\"The system cannot find the file specified\")"),
            )
            .in_file_coordinates()
            .help(format!("write `{}`", oma.loc_uri.split_whitespace().collect::<String>()));
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
