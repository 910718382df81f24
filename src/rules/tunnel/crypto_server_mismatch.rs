//! T006 `crypto-server-mismatch`: the profile's `CryptographySuite` is not the RRAS custom
//! IKEv2 policy.

use crate::deploy::rras::{normalise, CryptoField};
use crate::diagnostic::Severity;
use crate::model::{CryptographySuite, Leaf};
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct CryptoServerMismatch;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T006",
    name: "crypto-server-mismatch",
    severity: Severity::Error,
    category: Category::Tunnel,
    summary: "After name normalisation, `CryptographySuite` ≠ the RRAS custom IPsec policy (`Get-VpnServerConfiguration` / `Get-VpnServerIPsecConfiguration`).",
    predicts: &["13868", "RasClient 20227"],
    evidence: Evidence::Reported,
    needs: &[Needs::Server],
    ..RuleMeta::BASE
};

fn profile_value<'a>(suite: &'a CryptographySuite<'a>, field: CryptoField) -> Option<&'a Leaf<'a>> {
    match field {
        CryptoField::EncryptionMethod => suite.encryption_method.as_ref(),
        CryptoField::IntegrityCheckMethod => suite.integrity_check_method.as_ref(),
        CryptoField::DhGroup => suite.dh_group.as_ref(),
        CryptoField::CipherTransform => suite.cipher_transform_constants.as_ref(),
        CryptoField::AuthenticationTransform => suite.authentication_transform_constants.as_ref(),
        CryptoField::PfsGroup => suite.pfs_group.as_ref(),
    }
}

impl Rule for CryptoServerMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(profile)) = (cx.scope, &cx.model.profile) else {
            return;
        };
        if !super::ikev2_in_use(profile) {
            return;
        }
        let suite = profile.native().and_then(|n| n.cryptography_suite.as_ref());
        for server in &scope.servers {
            let Some(policy) = server.rras().and_then(|d| d.ipsec.as_ref()) else {
                continue;
            };
            if policy.custom_policy != Some(true) {
                // No custom policy: the server offers its default proposals, which are not
                // documented; nothing to compare with.
                continue;
            }
            let Some(suite) = suite else {
                // The client's default proposals (3DES/SHA-1/DH2 among them) against a
                // hardened server: reported to fail with 13868.
                // Where `ikev2-default-crypto` reports the same missing suite (it gives way).
                let Some(native) = profile.native() else {
                    continue;
                };
                let at = native
                    .protocol
                    .as_ref()
                    .map_or_else(|| native.span.start_tag(cx.xml), |p| p.leaf.trimmed_span());
                cx.report(
                    at,
                    format!(
                        "RRAS ({}) has a custom IKEv2 policy but this profile has no `CryptographySuite`: Windows then proposes its defaults, which a hardened server refuses (error 13868)",
                        &*server.path
                    ),
                )
                .severity(Severity::Warning)
                .label_elsewhere(server.place(policy.span), "the RRAS custom IKEv2 policy")
                .help("add a `CryptographySuite` to `NativeProfile` with the six values of the server's custom policy");
                continue;
            };
            let mut differences = Vec::new();
            for field in CryptoField::ALL {
                let (Some(mine), Some(theirs)) = (profile_value(suite, field), policy.value(field))
                else {
                    continue;
                };
                if normalise(field, mine.trimmed()) != normalise(field, &theirs.text) {
                    differences.push((field, mine, theirs));
                }
            }
            let Some((_, first, _)) = differences.first() else {
                continue;
            };
            let listed: Vec<String> = differences
                .iter()
                .map(|(field, mine, theirs)| {
                    // The server's key is named only where RRAS spells it differently.
                    let key = if field
                        .rras_key()
                        .eq_ignore_ascii_case(field.profile_element())
                    {
                        String::new()
                    } else {
                        format!("`{}` ", field.rras_key())
                    };
                    format!(
                        "`{}` is `{}`, the server's {key}is `{}`",
                        field.profile_element(),
                        mine.trimmed(),
                        theirs.text.trim()
                    )
                })
                .collect();
            let message = format!(
                "the profile's IKEv2 proposal does not match the RRAS custom policy ({}): {}; the client proposes exactly one set and the server refuses it (error 13868)",
                &*server.path,
                listed.join("; ")
            );
            let finding = cx.report(first.trimmed_span(), message);
            finding.help("make the six `CryptographySuite` values and `Set-VpnServerConfiguration -CustomPolicy` agree (ProfileXML spells GCM `AES_GCM_128` in `EncryptionMethod` and SHA-1 `SHA196` in `IntegrityCheckMethod`, RRAS `GCMAES128` and `SHA1`)");
            for (field, mine, theirs) in differences.iter().skip(1) {
                finding.label(
                    mine.trimmed_span(),
                    format!("`{}` differs too", field.profile_element()),
                );
                let _ = theirs;
            }
            for (field, _, theirs) in &differences {
                finding.label_elsewhere(
                    server.place(theirs.span),
                    format!("the server's `{}`", field.rras_key()),
                );
            }
        }
    }
}
