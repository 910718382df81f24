//! S006 `invalid-enum-value`: a value outside the documented set.

use crate::diagnostic::Severity;
use crate::model::schema::suggest;
use crate::model::SchemaIssue;
use crate::rules::tunnel::crypto_spelling::cmdlet_spelling;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct InvalidEnumValue;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S006",
    name: "invalid-enum-value",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "A value outside the documented set for `NativeProtocolType`, `RoutingPolicyType`, `UserMethod`, the `CryptographySuite` children, `TrafficFilter/Direction` and others (compared case-insensitively, as Windows does).",
    predicts: &["profile rejected, or the value silently replaced by a default", "13868"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for InvalidEnumValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        for issue in &cx.model.issues {
            let SchemaIssue::BadEnum {
                span,
                element,
                raw,
                allowed,
            } = issue
            else {
                continue;
            };
            // `crypto-cmdlet-spelling` reports RRAS spellings more precisely.
            if cmdlet_spelling(element, raw).is_some() {
                continue;
            }
            let list = allowed
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let diagnostic = cx.report(
                *span,
                format!(
                    "`{element}` is `{}`, which is not one of {list}",
                    raw.trim()
                ),
            );
            if let Some(help) = known_meaning(element, raw.trim()) {
                diagnostic.help(help);
                continue;
            }
            match suggest(raw.trim(), allowed.iter().copied()) {
                Some(nearest) => diagnostic.help(format!("did you mean `{nearest}`?")),
                None => diagnostic.help(format!("use one of {list}")),
            };
        }
    }
}

/// Values whose meaning is known although they are not ProfileXML words. Spelling distance
/// would mislead here: `Group20` is one edit from `Group2`, the weakest group, while IKE DH
/// group 20 is the 384-bit elliptic curve Windows calls `ECP384` (RFC 5903 groups 19 and 20).
fn known_meaning(element: &str, raw: &str) -> Option<String> {
    let value = raw.to_ascii_uppercase();
    let ecp = |bits: &str, group: &str| {
        format!("IKE group {group} is the {bits}-bit elliptic curve group; write `ECP{bits}`")
    };
    match (element, value.as_str()) {
        ("DHGroup" | "PfsGroup", "GROUP19" | "PFS19" | "DH19" | "ECP19") => Some(ecp("256", "19")),
        ("DHGroup" | "PfsGroup", "GROUP20" | "PFS20" | "DH20" | "ECP20") => Some(ecp("384", "20")),
        ("PfsGroup", "PFS14" | "GROUP14") => {
            Some("PFS group 14 (2048-bit MODP) is written `PFS2048` in ProfileXML".into())
        }
        ("UserMethod", "CERTIFICATE" | "CERT" | "EAP-TLS" | "TLS") => Some(
            "a user certificate is configured as `<UserMethod>Eap</UserMethod>` with an EAP-TLS (or PEAP + EAP-TLS) `EapHostConfig`; `Certificate` is a `MachineMethod` value".into(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_numbers_are_not_treated_as_typos() {
        assert!(known_meaning("DHGroup", "Group20").is_some_and(|h| h.contains("ECP384")));
        assert!(known_meaning("PfsGroup", "pfs19").is_some_and(|h| h.contains("ECP256")));
        assert!(known_meaning("DHGroup", "Group15").is_none());
    }
}
