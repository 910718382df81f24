//! A007 `cahashlist-invalid`: an issuer filter that filters out every certificate, or that is
//! switched off while listing issuers.
//!
//! The format of each `IssuerHash` value (not 20 hex bytes, SHA-256, colons…) is reported by
//! `thumbprint-format`, which points at the value itself; this rule judges the list.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct CaHashListInvalid;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A007",
    name: "cahashlist-invalid",
    severity: Severity::Warning,
    category: Category::Authentication,
    summary: "`CAHashList Enabled=\"true\"` with no `IssuerHash` (no certificate can pass), or `IssuerHash` entries in a `CAHashList` that is not enabled (the filter is ignored).",
    predicts: &["798"],
    evidence: Evidence::Inferred,
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
            // A malformed `Enabled` value is `boolean-literal-case`'s finding.
            let enabled = match &list.enabled {
                None => None,
                Some(e) => match e.xs_bool() {
                    Some(value) => Some(value),
                    None => continue,
                },
            };
            match (enabled, list.issuer_hashes.is_empty()) {
                (Some(true), true) => {
                    let diagnostic = cx.report(
                        list.span.start_tag(cx.xml),
                        "`CAHashList` is enabled but lists no `IssuerHash`: no client certificate can pass the issuer filter, so Windows finds no certificate to use (error 798 \"A certificate could not be found that can be used with this Extensible Authentication Protocol\")",
                    );
                    if let Some(enabled) = &list.enabled {
                        diagnostic.label(enabled.value_span, "enabled here");
                    }
                    diagnostic.help("add `<IssuerHash>` with the SHA-1 thumbprint of the CA that issues the VPN client certificates (lower-case hex bytes separated by spaces), or remove the empty `CAHashList`");
                }
                (Some(false) | None, false) => {
                    let diagnostic = cx.report(
                        list.span.start_tag(cx.xml),
                        format!(
                            "`CAHashList` lists {} issuer(s) but is not enabled (`Enabled` is {}; the schema default is false): Windows ignores the issuer filter and may offer any client certificate",
                            list.issuer_hashes.len(),
                            list.enabled
                                .as_ref()
                                .map_or_else(|| "absent".to_string(), |e| format!("`{}`", e.text))
                        ),
                    );
                    if let Some(enabled) = &list.enabled {
                        diagnostic.label(enabled.value_span, "not enabled");
                    }
                    diagnostic
                        .help("write `<CAHashList Enabled=\"true\">` to apply the issuer filter");
                }
                _ => {}
            }
        }
    }
}
