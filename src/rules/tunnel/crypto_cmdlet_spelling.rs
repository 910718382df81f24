//! T002 `crypto-cmdlet-spelling`: `EncryptionMethod` written the RRAS/PowerShell way.

use super::crypto_spelling::cmdlet_spelling;
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::schema::ENCRYPTION_METHODS;
use crate::rules::structure::literal_trimmed_span;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct CryptoCmdletSpelling;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T002",
    name: "crypto-cmdlet-spelling",
    severity: Severity::Error,
    category: Category::Tunnel,
    summary: "`EncryptionMethod` = `GCMAES128`/`GCMAES256` (the spelling of `Set-VpnServerConfiguration` and `Set-VpnConnectionIPsecConfiguration`) or a near miss such as `GSMAES128`; ProfileXML wants `AES_GCM_128`/`AES_GCM_256`.",
    predicts: &["13868", "EncryptionMethod applied as DES"],
    evidence: Evidence::Reported,
    fix: FixKind::Mixed,
    ..RuleMeta::BASE
};

impl Rule for CryptoCmdletSpelling {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(leaf) = cx
            .model
            .cryptography_suite()
            .and_then(|s| s.encryption_method.as_ref())
        else {
            return;
        };
        if leaf.enum_value(ENCRYPTION_METHODS).is_some() {
            return;
        }
        let Some(profile_spelling) = cmdlet_spelling("EncryptionMethod", &leaf.text) else {
            return;
        };
        let raw = leaf.trimmed();
        let rras = profile_spelling.replace("AES_GCM_", "GCMAES");
        let exact = raw.eq_ignore_ascii_case(&rras);
        // The RRAS name and the ProfileXML name are the same cipher: safe. A near miss of the
        // RRAS name is very likely that cipher, but it is a guess: unsafe.
        let fix = literal_trimmed_span(cx.xml, leaf).and_then(|span| {
            let title = format!("Replace `{raw}` with `{profile_spelling}`");
            let edits = vec![Edit::replace(span, profile_spelling)];
            if exact {
                Fix::safe(title, edits)
            } else {
                Fix::unsafe_edit(title, edits)
            }
        });
        let what = if exact {
            format!("`{raw}` is the RRAS/PowerShell spelling")
        } else {
            format!("`{raw}` is a misspelling of the RRAS/PowerShell value `{rras}`")
        };
        cx.report(
            leaf.trimmed_span(),
            format!(
                "`EncryptionMethod` {what}; ProfileXML spells it `{profile_spelling}`, so Windows cannot apply it (in a public report the client ended up with DES) and IKE negotiation with the server's custom policy fails (error 13868)"
            ),
        )
        .help(format!(
            "write `<EncryptionMethod>{profile_spelling}</EncryptionMethod>` (the server keeps `-EncryptionMethod {rras}`)"
        ))
        .fix(fix);
    }
}
