//! E006 `aad-ca-sso-values-invalid`: `Sso/Eku` that is not a list of OIDs.
//!
//! The other half of the catalogue entry for this rule, `Sso/IssuerHash` not a 40-hex thumbprint, is reported by
//! `thumbprint-format` (C008), which owns every thumbprint in the profile; this rule owns `Sso/Eku`.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::structure::{doc_sample_placeholder, invisible_character};
use crate::rules::util::is_oid;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct AadCaSsoValuesInvalid;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "E006",
    name: "aad-ca-sso-values-invalid",
    severity: Severity::Warning,
    category: Category::ConditionalAccess,
    summary: "`DeviceCompliance/Sso/Eku` is not a comma-separated list of dotted OIDs (e.g. the sample text \"This is my Eku\"); `Sso/IssuerHash` is checked by `thumbprint-format`.",
    predicts: &["credential prompts for on-premises resources (SSO certificate never found)"],
    evidence: Evidence::Inferred,
    superseded_by: &[&invisible_character::META, &doc_sample_placeholder::META],
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

impl Rule for AadCaSsoValuesInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(eku) = cx
            .model
            .profile
            .as_ref()
            .and_then(|p| p.device_compliance.as_ref())
            .and_then(|d| d.sso.as_ref())
            .and_then(|s| s.eku.as_ref())
        else {
            return;
        };
        let value = eku.trimmed();
        if value.is_empty() {
            cx.report(eku.trimmed_span(), "`Sso/Eku` is empty, so it names no EKU for the single-sign-on certificate")
                .help("write the EKU OID of the on-premises user certificate, e.g. `1.3.6.1.5.5.7.3.2` (Client Authentication), or remove the element");
            return;
        }
        let parts: Vec<&str> = value.split(',').map(str::trim).collect();
        if parts.iter().all(|p| is_oid(p)) {
            return;
        }
        let semicolons: Vec<&str> = value.split([',', ';']).map(str::trim).collect();
        if value.contains(';') && semicolons.iter().all(|p| is_oid(p)) {
            cx.report(
                eku.trimmed_span(),
                "`Sso/Eku` separates OIDs with `;`; the CSP documents a comma-separated list, so Windows may read it as one invalid OID and never find the single-sign-on certificate",
            )
            .help(format!("write `{}`", semicolons.join(",")))
            .fix(Fix::safe(
                "Separate the OIDs with `,`",
                vec![Edit::replace(eku.trimmed_span(), semicolons.join(","))],
            ));
            return;
        }
        let bad = parts.iter().find(|p| !is_oid(p)).copied().unwrap_or(value);
        cx.report(
            eku.trimmed_span(),
            format!("`Sso/Eku` `{}` is not a dotted OID: Windows never finds a certificate for single sign-on, so users are prompted for credentials on on-premises resources", bad.escape_debug()),
        )
        .help("write the EKU OID(s) of the on-premises user certificate separated by commas, e.g. `1.3.6.1.5.5.7.3.2` (Client Authentication)");
    }
}
