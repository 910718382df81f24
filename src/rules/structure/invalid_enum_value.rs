//! S006 `invalid-enum-value`: a value outside the documented set.

use crate::diagnostic::Severity;
use crate::fix::{Applicability, Edit, Fix};
use crate::model::schema::{edit_distance, suggest};
use crate::model::SchemaIssue;
use crate::rules::tunnel::crypto_spelling::cmdlet_spelling;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct InvalidEnumValue;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S006",
    name: "invalid-enum-value",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "A value outside the documented set for `NativeProtocolType`, `RoutingPolicyType`, `UserMethod`, the `CryptographySuite` children, `TrafficFilter/Direction` and others (compared case-insensitively, as Windows does).",
    predicts: &["profile rejected, or the value silently replaced by a default", "13868"],
    evidence: Evidence::Documented,
    // RRAS spellings of `EncryptionMethod`: that rule says where the spelling comes from.
    superseded_by: &[&crate::rules::tunnel::crypto_cmdlet_spelling::META],
    fix: FixKind::Mixed,
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
            let list = allowed
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let value = raw.trim();
            // The edit replaces the value only where it is written as is (no entity in it).
            let literal = cx.text_at(*span) == value && !value.is_empty();
            let fix = |meant: &str, applicability: Applicability| {
                Fix::new(
                    format!("Replace `{value}` with `{meant}`"),
                    applicability,
                    vec![Edit::replace(*span, meant)],
                )
                .filter(|_| literal)
            };
            let diagnostic = cx.report(
                *span,
                format!("`{element}` is `{value}`, which is not one of {list}"),
            );
            if let Some((help, meant)) = known_meaning(element, value) {
                diagnostic.help(help);
                if let Some((meant, applicability)) = meant {
                    diagnostic.fix(fix(meant, applicability));
                }
                continue;
            }
            match suggest(value, allowed.iter().copied()) {
                Some(nearest) => {
                    let applicability = certainty(value, nearest, allowed);
                    diagnostic
                        .help(format!("did you mean `{nearest}`?"))
                        .fix(applicability.and_then(|a| fix(nearest, a)));
                }
                None => {
                    diagnostic.help(format!("use one of {list}"));
                }
            };
        }
    }
}

/// How sure a spelling suggestion is: safe when `nearest` is the only close value and every
/// other value is more than twice as far (`SplitTunneling` → `SplitTunnel`), unsafe when
/// another value is nearly as close (`AES129`: `AES128` or `AES192`), none on a tie.
fn certainty(value: &str, nearest: &str, allowed: &[&str]) -> Option<Applicability> {
    let lower = value.to_ascii_lowercase();
    let distance = |candidate: &str| edit_distance(&lower, &candidate.to_ascii_lowercase());
    let best = distance(nearest);
    let runner_up = allowed
        .iter()
        .filter(|c| **c != nearest)
        .map(|c| distance(c))
        .min()
        .unwrap_or(usize::MAX);
    if runner_up == best {
        None
    } else if runner_up > 2 * best {
        Some(Applicability::Safe)
    } else {
        Some(Applicability::Unsafe)
    }
}

/// The ProfileXML value meant, with how sure that is.
type Meant = Option<(&'static str, Applicability)>;

/// Values whose meaning is known although they are not ProfileXML words, with the help and,
/// where one value is meant, that value. Spelling distance would mislead here: `Group20` is one
/// edit from `Group2`, the weakest group, while IKE DH group 20 is the 384-bit elliptic curve
/// Windows calls `ECP384` (RFC 5903 groups 19 and 20). Writing a group's number as the name
/// ProfileXML gives the same group changes nothing the author chose: safe.
fn known_meaning(element: &str, raw: &str) -> Option<(String, Meant)> {
    let value = raw.to_ascii_uppercase();
    let ecp = |bits: &str, group: &str| {
        format!("IKE group {group} is the {bits}-bit elliptic curve group; write `ECP{bits}`")
    };
    match (element, value.as_str()) {
        ("DHGroup" | "PfsGroup", "GROUP19" | "PFS19" | "DH19" | "ECP19") => Some((
            ecp("256", "19"),
            Some(("ECP256", Applicability::Safe)),
        )),
        ("DHGroup" | "PfsGroup", "GROUP20" | "PFS20" | "DH20" | "ECP20") => Some((
            ecp("384", "20"),
            Some(("ECP384", Applicability::Safe)),
        )),
        ("PfsGroup", "PFS14" | "GROUP14") => Some((
            "PFS group 14 (2048-bit MODP) is written `PFS2048` in ProfileXML".into(),
            Some(("PFS2048", Applicability::Safe)),
        )),
        // The EAP method that uses the certificate is not in this element: no single value.
        ("UserMethod", "CERTIFICATE" | "CERT" | "EAP-TLS" | "TLS") => Some((
            "a user certificate is configured as `<UserMethod>Eap</UserMethod>` with an EAP-TLS (or PEAP + EAP-TLS) `EapHostConfig`; `Certificate` is a `MachineMethod` value".into(),
            None,
        )),
        _ => {
            // The RRAS/PowerShell name of the same cipher; a near miss of it is a guess.
            let meant = cmdlet_spelling(element, raw)?;
            let rras = meant.replace("AES_GCM_", "GCMAES");
            let applicability = if value == rras {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            Some((
                format!("`{rras}` is the RRAS/PowerShell name of this cipher; ProfileXML writes `{meant}`"),
                Some((meant, applicability)),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_numbers_are_not_treated_as_typos() {
        assert!(known_meaning("DHGroup", "Group20").is_some_and(|(h, _)| h.contains("ECP384")));
        assert!(known_meaning("PfsGroup", "pfs19").is_some_and(|(h, _)| h.contains("ECP256")));
        assert!(known_meaning("DHGroup", "Group15").is_none());
    }

    #[test]
    fn only_a_clear_nearest_value_is_a_safe_fix() {
        let routing = &["SplitTunnel", "ForceTunnel"];
        assert_eq!(
            certainty("SplitTunneling", "SplitTunnel", routing),
            Some(Applicability::Safe)
        );
        let ciphers = &["AES128", "AES192", "AES256"];
        assert_eq!(
            certainty("AES129", "AES128", ciphers),
            Some(Applicability::Unsafe)
        );
        assert_eq!(certainty("AES", "AES128", &["AES128", "AES256"]), None);
    }
}
