//! T004 `crypto-weak-algorithms`: deprecated algorithms in `CryptographySuite`.

use crate::diagnostic::Severity;
use crate::model::schema::{
    AUTHENTICATION_TRANSFORM_CONSTANTS, CIPHER_TRANSFORM_CONSTANTS, DH_GROUPS, ENCRYPTION_METHODS,
    INTEGRITY_CHECK_METHODS, PFS_GROUPS,
};
use crate::model::Leaf;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct CryptoWeakAlgorithms;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T004",
    name: "crypto-weak-algorithms",
    severity: Severity::Warning,
    category: Category::Tunnel,
    summary: "`CipherTransformConstants`/`EncryptionMethod` DES or DES3, `AuthenticationTransformConstants` MD596 or SHA196, `IntegrityCheckMethod` MD5 or SHA196, `DHGroup` Group1/Group2, `PfsGroup` PFS1/PFS2.",
    predicts: &["connects, with deprecated cryptography"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

/// Element, its documented values, the weak ones with what they are, and what to use instead.
struct Check {
    element: &'static str,
    allowed: &'static [&'static str],
    weak: &'static [(&'static str, &'static str)],
    instead: &'static str,
}

const CHECKS: &[Check] = &[
    Check {
        element: "AuthenticationTransformConstants",
        allowed: AUTHENTICATION_TRANSFORM_CONSTANTS,
        weak: &[("MD596", "HMAC-MD5"), ("SHA196", "HMAC-SHA-1")],
        instead: "`SHA256128`, or `GCMAES128`/`GCMAES256` together with the same `CipherTransformConstants`",
    },
    Check {
        element: "CipherTransformConstants",
        allowed: CIPHER_TRANSFORM_CONSTANTS,
        weak: &[("DES", "single DES"), ("DES3", "triple DES")],
        instead: "`GCMAES128` or `GCMAES256` (with the same `AuthenticationTransformConstants`), or `AES256`",
    },
    Check {
        element: "DHGroup",
        allowed: DH_GROUPS,
        weak: &[("Group1", "768-bit MODP"), ("Group2", "1024-bit MODP")],
        instead: "`Group14`, `ECP256` or `ECP384`",
    },
    Check {
        element: "PfsGroup",
        allowed: PFS_GROUPS,
        weak: &[("PFS1", "768-bit MODP"), ("PFS2", "1024-bit MODP")],
        instead: "`PFS2048`, `ECP256` or `ECP384`",
    },
    Check {
        element: "IntegrityCheckMethod",
        allowed: INTEGRITY_CHECK_METHODS,
        weak: &[("MD5", "MD5"), ("SHA196", "SHA-1")],
        instead: "`SHA256` or `SHA384`",
    },
    Check {
        element: "EncryptionMethod",
        allowed: ENCRYPTION_METHODS,
        weak: &[("DES", "single DES"), ("DES3", "triple DES")],
        instead: "`AES_GCM_256`, `AES_GCM_128` or `AES256`",
    },
];

impl Rule for CryptoWeakAlgorithms {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(suite) = cx.model.cryptography_suite() else {
            return;
        };
        let leaves: [Option<&Leaf>; 6] = [
            suite.authentication_transform_constants.as_ref(),
            suite.cipher_transform_constants.as_ref(),
            suite.dh_group.as_ref(),
            suite.pfs_group.as_ref(),
            suite.integrity_check_method.as_ref(),
            suite.encryption_method.as_ref(),
        ];
        for (check, leaf) in CHECKS.iter().zip(leaves) {
            let Some(leaf) = leaf else { continue };
            let Some(value) = leaf.enum_value(check.allowed) else {
                continue;
            };
            let Some((_, what)) = check.weak.iter().find(|(weak, _)| *weak == value) else {
                continue;
            };
            cx.report(
                leaf.trimmed_span(),
                format!(
                    "`{}` is `{value}` ({what}), deprecated cryptography: the tunnel connects, but its protection is weak",
                    check.element
                ),
            )
            .help(format!(
                "use {} — and the same on the server's custom IPsec policy (`Set-VpnServerConfiguration -CustomPolicy`), or the connection fails with 13868",
                check.instead
            ));
        }
    }
}
