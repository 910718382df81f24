//! C008 `thumbprint-format`: thumbprints Windows will not match.
//!
//! The EAP schemas define `TrustedRootCA` as the SHA-1 thumbprint of a root CA (EAPHost
//! EapTlsConnectionPropertiesV1 / MsPeapConnectionPropertiesV1 reference), so a value that is
//! not 20 bytes of hex cannot be one: that part is documented and an error. How leniently Windows
//! parses separators and letter case is not documented, so those findings are only `info`.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::{EapLayer, EapMethodConfig, Leaf};
use crate::rules::structure::{doc_sample_placeholder, invisible_character};
use crate::rules::util::{is_script_variable, thumbprint_shape, ThumbprintShape};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;

pub struct ThumbprintFormat;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C008",
    name: "thumbprint-format",
    severity: Severity::Error,
    category: Category::Certificates,
    summary: "`TrustedRootCA` or `CAHashList/IssuerHash` is not a 20-byte SHA-1 thumbprint in hex (error), or not in the lower-case spaced form Windows exports (info); `Sso/IssuerHash` not 40 contiguous hex digits.",
    predicts: &["864", "0x800B0109"],
    evidence: Evidence::Documented,
    superseded_by: &[
        &invisible_character::META,
        &super::trusted_root_missing::META,
        &doc_sample_placeholder::META,
    ],
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

/// What reports the same defect more precisely, by element: an invisible character anywhere;
/// an empty `TrustedRootCA` (a validating layer without a root); the sample text of
/// `Sso/IssuerHash`. An empty `IssuerHash` is reported by nobody else, and a sample thumbprint
/// in the EAP XML is a different defect from how it is written.
const IN_EAP_ROOT: &[&RuleMeta] = &[
    &invisible_character::META,
    &super::trusted_root_missing::META,
];
const IN_EAP_ISSUER: &[&RuleMeta] = &[&invisible_character::META];
const IN_SSO: &[&RuleMeta] = &[&invisible_character::META, &doc_sample_placeholder::META];

impl Rule for ThumbprintFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        if let Some(host) = cx.model.eap_host_config() {
            if let Some(layer) = &host.config {
                check_layer_roots(cx, layer);
            }
            for info in host.filtering_infos() {
                if let Some(list) = &info.ca_hash_list {
                    for hash in &list.issuer_hashes {
                        check_eap_thumbprint(cx, "IssuerHash", hash);
                    }
                }
            }
        }
        let sso_hash = cx
            .model
            .profile
            .as_ref()
            .and_then(|p| p.device_compliance.as_ref())
            .and_then(|d| d.sso.as_ref())
            .and_then(|s| s.issuer_hash.as_ref());
        if let Some(hash) = sso_hash {
            check_sso_hash(cx, hash);
        }
    }
}

fn check_layer_roots(cx: &mut Context, layer: &EapLayer) {
    let validation = match &layer.method {
        EapMethodConfig::Tls(tls) => tls.server_validation.as_ref(),
        EapMethodConfig::Peap(peap) => {
            for inner in &peap.inner {
                check_layer_roots(cx, inner);
            }
            peap.server_validation.as_ref()
        }
        _ => None,
    };
    for root in validation
        .into_iter()
        .flat_map(|v| v.trusted_root_cas.iter())
    {
        check_eap_thumbprint(cx, "TrustedRootCA", root);
    }
}

fn check_eap_thumbprint(cx: &mut Context, element: &str, leaf: &Leaf) {
    // A PowerShell `$variable` has no value until the script runs.
    if is_script_variable(&leaf.text) {
        return;
    }
    let superseded_by = if element == "TrustedRootCA" {
        IN_EAP_ROOT
    } else {
        IN_EAP_ISSUER
    };
    match thumbprint_shape(&leaf.text) {
        ThumbprintShape::Canonical => {}
        ThumbprintShape::Unusual { normalised } => {
            let fix = rewrite(leaf, &normalised);
            cx.report(
                leaf.trimmed_span(),
                format!("`{element}` is a valid SHA-1 thumbprint but not in the form Windows exports (lower-case hex bytes separated by single spaces)"),
            )
            .severity(Severity::Info)
            .superseded_by(superseded_by)
            .help(format!("write `{normalised}`"))
            .fix(fix);
        }
        ThumbprintShape::Invalid { reason, normalised } => {
            let diagnostic = cx.report(
                leaf.trimmed_span(),
                format!("`{element}` is not a SHA-1 certificate thumbprint: {reason}; it will never match a certificate"),
            );
            diagnostic.superseded_by(superseded_by);
            match normalised {
                // 20 bytes written with `:` or `-` between them: the same thumbprint.
                Some(normalised) => diagnostic
                    .help(format!("write `{normalised}`"))
                    .fix(rewrite(leaf, &normalised)),
                None => diagnostic.help("copy the certificate's SHA-1 thumbprint (20 bytes) and write it as lower-case hex bytes separated by spaces"),
            };
        }
    }
}

/// The safe fix that writes the same thumbprint in the canonical form.
fn rewrite(leaf: &Leaf, normalised: &str) -> Option<Fix> {
    Fix::safe(
        format!("Write the thumbprint as `{normalised}`"),
        vec![Edit::replace(leaf.trimmed_span(), normalised)],
    )
}

/// `DeviceCompliance/Sso/IssuerHash`: 40 hex digits, no spaces (several separated by `,` or `;`).
/// This rule owns `Sso/IssuerHash`; `aad-ca-sso-values-invalid` (E006) checks only `Sso/Eku`.
fn check_sso_hash(cx: &mut Context, leaf: &Leaf) {
    if is_script_variable(&leaf.text) {
        return;
    }
    let text = leaf.text.as_ref();
    let mut offset = 0;
    for raw in text.split([',', ';']) {
        let start = offset;
        offset += raw.len() + 1;
        let part = raw.trim();
        let digits: String = part.chars().filter(|c| !c.is_whitespace()).collect();
        let hex = digits.chars().all(|c| c.is_ascii_hexdigit());
        if hex && digits.len() == 40 {
            if part.contains(' ') {
                // The part's own bytes, when the value is written as it reads (no entities).
                let lead = raw.len() - raw.trim_start().len();
                let exact = (leaf.value_span.len() == text.len()).then(|| {
                    let at = leaf.value_span.start + start + lead;
                    Span::new(at, at + part.len())
                });
                cx.report(
                    leaf.trimmed_span(),
                    "`Sso/IssuerHash` is written with spaces; this element takes 40 contiguous hex digits",
                )
                .severity(Severity::Info)
                .superseded_by(IN_SSO)
                .help(format!("write `{digits}`"))
                .fix(exact.and_then(|span| {
                    Fix::safe(
                        format!("Write the thumbprint as `{digits}`"),
                        vec![Edit::replace(span, digits.as_str())],
                    )
                }));
            }
            continue;
        }
        let reason = if !hex {
            "it is not hexadecimal".to_string()
        } else {
            format!("it has {} hex digits instead of 40", digits.len())
        };
        cx.report(
            leaf.trimmed_span(),
            format!(
                "`Sso/IssuerHash` `{}` is not a SHA-1 thumbprint ({reason}); the SSO certificate will never be found",
                part.escape_debug()
            ),
        )
        .superseded_by(IN_SSO)
        .help("write the SHA-1 thumbprint of the issuing or root CA of the SSO certificate as 40 hex digits without spaces");
        return;
    }
}
