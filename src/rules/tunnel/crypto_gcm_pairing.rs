//! T003 `crypto-gcm-pairing`: AES-GCM must be chosen for both ESP integrity and encryption.

use crate::diagnostic::Severity;
use crate::model::schema::{AUTHENTICATION_TRANSFORM_CONSTANTS, CIPHER_TRANSFORM_CONSTANTS};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct CryptoGcmPairing;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T003",
    name: "crypto-gcm-pairing",
    severity: Severity::Error,
    category: Category::Tunnel,
    summary: "`AuthenticationTransformConstants` and `CipherTransformConstants` differ while either is a `GCMAES*` value (Windows IPsec requires the same AES-GCM choice for ESP integrity and encryption).",
    predicts: &["13868", "the IPsec (quick mode) proposal is invalid"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

fn is_gcm(value: &str) -> bool {
    value.starts_with("GCMAES")
}

impl Rule for CryptoGcmPairing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(suite) = cx.model.cryptography_suite() else {
            return;
        };
        let (Some(auth_leaf), Some(cipher_leaf)) = (
            &suite.authentication_transform_constants,
            &suite.cipher_transform_constants,
        ) else {
            return;
        };
        // The pairing of a value Windows does not know cannot be judged.
        let (Some(auth), Some(cipher)) = (
            auth_leaf.enum_value(AUTHENTICATION_TRANSFORM_CONSTANTS),
            cipher_leaf.enum_value(CIPHER_TRANSFORM_CONSTANTS),
        ) else {
            return;
        };
        if auth == cipher || !(is_gcm(auth) || is_gcm(cipher)) {
            return;
        }
        // Keep the GCM value the author chose for encryption when there is one.
        let (span, other_span, element, value) = if is_gcm(cipher) {
            (
                auth_leaf.trimmed_span(),
                cipher_leaf.trimmed_span(),
                "AuthenticationTransformConstants",
                cipher,
            )
        } else {
            (
                cipher_leaf.trimmed_span(),
                auth_leaf.trimmed_span(),
                "CipherTransformConstants",
                auth,
            )
        };
        cx.report(
            span,
            format!(
                "`AuthenticationTransformConstants` is `{auth}` but `CipherTransformConstants` is `{cipher}`: Windows IPsec requires an AES-GCM choice to be used for both ESP integrity and ESP encryption, so the IPsec proposal is invalid and the tunnel does not come up"
            ),
        )
        .label(other_span, "the other half of the ESP pair")
        .help(format!(
            "set `<{element}>{value}</{element}>` so both are `{value}` (and the same on the server's custom policy)"
        ));
    }
}
