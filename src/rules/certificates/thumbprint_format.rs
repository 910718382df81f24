//! C008 `thumbprint-format`: thumbprints Windows will not match.
//!
//! The EAP schemas define `TrustedRootCA` as the SHA-1 thumbprint of a root CA (EAPHost
//! EapTlsConnectionPropertiesV1 / MsPeapConnectionPropertiesV1 reference), so a value that is
//! not 20 bytes of hex cannot be one: that part is documented and an error. How leniently Windows
//! parses separators and letter case is not documented, so those findings are only `info`.

use crate::diagnostic::Severity;
use crate::model::{EapLayer, EapMethodConfig, Leaf};
use crate::rules::util::{
    invisible_characters, is_script_variable, thumbprint_shape, ThumbprintShape,
};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ThumbprintFormat;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C008",
    name: "thumbprint-format",
    severity: Severity::Error,
    category: Category::Certificates,
    summary: "`TrustedRootCA` or `CAHashList/IssuerHash` is not a 20-byte SHA-1 thumbprint in hex (error), or not in the lower-case spaced form Windows exports (info); `Sso/IssuerHash` not 40 contiguous hex digits.",
    predicts: &["864", "0x800B0109"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

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

/// Values another rule judges better: `invisible-character` reports hidden characters more
/// precisely, and a PowerShell `$variable` has no value until the script runs.
fn left_to_other_rules(leaf: &Leaf) -> bool {
    invisible_characters(&leaf.text).next().is_some() || is_script_variable(&leaf.text)
}

fn check_eap_thumbprint(cx: &mut Context, element: &str, leaf: &Leaf) {
    // An empty element pins nothing (SDK samples ship `<TrustedRootCA />` as a placeholder):
    // that is `trusted-root-missing`'s finding, not a malformed thumbprint.
    if left_to_other_rules(leaf) || leaf.trimmed().is_empty() {
        return;
    }
    match thumbprint_shape(&leaf.text) {
        ThumbprintShape::Canonical => {}
        ThumbprintShape::Unusual { normalised } => {
            cx.report(
                leaf.trimmed_span(),
                format!("`{element}` is a valid SHA-1 thumbprint but not in the form Windows exports (lower-case hex bytes separated by single spaces)"),
            )
            .severity(Severity::Info)
            .help(format!("write `{normalised}`"));
        }
        ThumbprintShape::Invalid { reason, normalised } => {
            let diagnostic = cx.report(
                leaf.trimmed_span(),
                format!("`{element}` is not a SHA-1 certificate thumbprint: {reason}; it will never match a certificate"),
            );
            match normalised {
                Some(normalised) => diagnostic.help(format!("write `{normalised}`")),
                None => diagnostic.help("copy the certificate's SHA-1 thumbprint (20 bytes) and write it as lower-case hex bytes separated by spaces"),
            };
        }
    }
}

/// `DeviceCompliance/Sso/IssuerHash`: 40 hex digits, no spaces (several separated by `,` or `;`).
/// This rule owns `Sso/IssuerHash`; `aad-ca-sso-values-invalid` (E006) checks only `Sso/Eku`.
fn check_sso_hash(cx: &mut Context, leaf: &Leaf) {
    // `doc-sample-placeholder` reports the sample text ("This is my issuer hash") more precisely.
    if left_to_other_rules(leaf) || crate::rules::util::doc_sample_value(&leaf.text).is_some() {
        return;
    }
    for part in leaf.trimmed().split([',', ';']) {
        let part = part.trim();
        let digits: String = part.chars().filter(|c| !c.is_whitespace()).collect();
        let hex = digits.chars().all(|c| c.is_ascii_hexdigit());
        if hex && digits.len() == 40 {
            if part.contains(' ') {
                cx.report(
                    leaf.trimmed_span(),
                    "`Sso/IssuerHash` is written with spaces; this element takes 40 contiguous hex digits",
                )
                .severity(Severity::Info)
                .help(format!("write `{}`", digits.to_ascii_lowercase()));
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
            format!("`Sso/IssuerHash` `{part}` is not a SHA-1 thumbprint ({reason}); the SSO certificate will never be found"),
        )
        .help("write the SHA-1 thumbprint of the issuing or root CA of the SSO certificate as 40 hex digits without spaces");
        return;
    }
}
