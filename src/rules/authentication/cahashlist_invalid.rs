//! A007 `cahashlist-invalid`: an issuer filter that filters out every certificate, or that is
//! switched off while listing issuers.
//!
//! The format of each `IssuerHash` value (not 20 hex bytes, SHA-256, colons…) is reported by
//! `thumbprint-format`, which points at the value itself; this rule judges the list.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::structure::boolean_literal_case;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;

pub struct CaHashListInvalid;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A007",
    name: "cahashlist-invalid",
    severity: Severity::Warning,
    category: Category::Authentication,
    summary: "`CAHashList Enabled=\"true\"` with no `IssuerHash` (no certificate can pass), or `IssuerHash` entries in a `CAHashList` that is not enabled (the filter is ignored).",
    predicts: &["798"],
    evidence: Evidence::Inferred,
    superseded_by: &[&boolean_literal_case::META],
    fix: FixKind::Unsafe,
    ..RuleMeta::BASE
};

impl Rule for CaHashListInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        for info in host.filtering_infos() {
            let Some(list) = &info.ca_hash_list else {
                continue;
            };
            let enabled = list.enabled.as_ref();
            let listed = list.issuer_hashes.len();
            match (enabled.map(|e| e.xs_bool()), listed) {
                (Some(Some(true)), 0) => {
                    let diagnostic = cx.report(
                        list.span.start_tag(cx.xml),
                        "`CAHashList` is enabled but lists no `IssuerHash`: no client certificate can pass the issuer filter, so Windows finds no certificate to use (error 798 \"A certificate could not be found that can be used with this Extensible Authentication Protocol\")",
                    );
                    if let Some(enabled) = enabled {
                        diagnostic.label(enabled.value_span, "enabled here");
                    }
                    diagnostic
                        .superseded_by(&[])
                        .help("add `<IssuerHash>` with the SHA-1 thumbprint of the CA that issues the VPN client certificates (lower-case hex bytes separated by spaces), or remove the empty `CAHashList`");
                }
                // Not an xs:boolean (`True`): the list is not switched on, whatever was meant. With
                // no issuer listed either reading is harmless, so only a list with issuers counts.
                (Some(None), 1..) => {
                    let raw = enabled.map_or("", |e| &e.text);
                    cx.report(
                        list.span.start_tag(cx.xml),
                        format!(
                            "`CAHashList` lists {listed} issuer(s) but `Enabled` is `{}`, which is not `true`: Windows does not apply the issuer filter and may offer any client certificate",
                            raw.escape_debug()
                        ),
                    )
                    .label(enabled.map_or(list.span, |e| e.value_span), "not `true`")
                    .help("write `<CAHashList Enabled=\"true\">` to apply the issuer filter");
                }
                (None | Some(Some(false)), 1..) => {
                    // Switching the filter on changes which certificates are offered: review the
                    // listed issuers first.
                    let fix = match enabled {
                        Some(enabled) => Edit::replace(enabled.trimmed_span(), "true"),
                        None => Edit::insert(name_end(cx, list.span), " Enabled=\"true\""),
                    };
                    let diagnostic = cx.report(
                        list.span.start_tag(cx.xml),
                        format!(
                            "`CAHashList` lists {listed} issuer(s) but is not enabled (`Enabled` is {}; the schema default is false): Windows ignores the issuer filter and may offer any client certificate",
                            enabled.map_or_else(|| "absent".to_string(), |e| format!("`{}`", e.text))
                        ),
                    );
                    if let Some(enabled) = enabled {
                        diagnostic.label(enabled.value_span, "not enabled");
                    }
                    diagnostic
                        .superseded_by(&[])
                        .help("write `<CAHashList Enabled=\"true\">` to apply the issuer filter")
                        .fix(Fix::unsafe_edit(
                            "Enable the `CAHashList` issuer filter",
                            vec![fix],
                        ));
                }
                _ => {}
            }
        }
    }
}

/// The offset just past an element's name in its start tag (`<CAHashList|>`, `<v3:CAHashList| …`).
fn name_end(cx: &Context, element: Span) -> usize {
    let tag = cx.text_at(element.start_tag(cx.xml));
    element.start
        + tag
            .char_indices()
            .skip(1)
            .find(|(_, c)| c.is_whitespace() || matches!(c, '>' | '/'))
            .map_or(tag.len(), |(i, _)| i)
}
