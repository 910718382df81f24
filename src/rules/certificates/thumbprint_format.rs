//! C008 `thumbprint-format`: thumbprints Windows will not match.

use crate::diagnostic::Severity;
use crate::model::{EapLayer, EapMethodConfig, Leaf};
use crate::rules::util::{invisible_characters, thumbprint_shape, ThumbprintShape};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ThumbprintFormat;

static META: RuleMeta = RuleMeta {
    code: "C008",
    name: "thumbprint-format",
    severity: Severity::Error,
    category: Category::Certificates,
    summary: "`TrustedRootCA` or `CAHashList/IssuerHash` is not a 20-byte SHA-1 thumbprint in hex (error), or not in the lower-case spaced form Windows exports (info); `Sso/IssuerHash` not 40 contiguous hex digits.",
    predicts: &["864", "0x800B0109"],
    evidence: Evidence::Inferred,
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
    for root in validation.into_iter().flat_map(|v| v.trusted_root_cas.iter()) {
        check_eap_thumbprint(cx, "TrustedRootCA", root);
    }
}

/// `invisible-character` reports values holding invisible characters more precisely.
fn has_invisible(leaf: &Leaf) -> bool {
    invisible_characters(&leaf.text).next().is_some()
}

fn check_eap_thumbprint(cx: &mut Context, element: &str, leaf: &Leaf) {
    if has_invisible(leaf) {
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
        ThumbprintShape::Invalid { reason } => {
            cx.report(
                leaf.trimmed_span(),
                format!("`{element}` is not a SHA-1 certificate thumbprint: {reason}; it will never match a certificate"),
            )
            .help("copy the certificate's SHA-1 thumbprint (20 bytes) and write it as lower-case hex bytes separated by spaces");
        }
    }
}

/// `DeviceCompliance/Sso/IssuerHash`: 40 hex digits, no spaces (several separated by `,` or `;`).
fn check_sso_hash(cx: &mut Context, leaf: &Leaf) {
    if has_invisible(leaf) {
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
