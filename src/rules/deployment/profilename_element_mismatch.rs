//! M004 `profilename-element-mismatch`: `<ProfileName>` says one name, the OMA-URI or the
//! deployment script another.

use super::percent_decode;
use crate::diagnostic::Severity;
use crate::rules::util::shorten;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ProfilenameElementMismatch;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M004",
    name: "profilename-element-mismatch",
    severity: Severity::Info,
    category: Category::Deployment,
    summary: "`<ProfileName>` inside the XML differs from the profile name in the OMA-URI or the deployment script's `$ProfileName` / `-ProfileName`.",
    predicts: &["the connection shows another name than expected; a later update creates a second profile"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for ProfilenameElementMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(element) = cx
            .model
            .profile
            .as_ref()
            .and_then(|p| p.profile_name.clone())
        else {
            return;
        };
        let (outer, place) = if let Some(oma) = &cx.wrapper.oma {
            let Some(segments) = oma.vpnv2_segments().filter(|s| s.len() == 2) else {
                return;
            };
            (percent_decode(segments[0].0), "the OMA-URI")
        } else if let Some(name) = cx
            .wrapper
            .script
            .as_ref()
            .and_then(|s| s.profile_name.as_ref())
        {
            (name.value.clone(), "the deployment script")
        } else {
            return;
        };
        let inner = element.trimmed();
        if inner.is_empty() || inner == outer.trim() {
            return;
        }
        cx.report(
            element.trimmed_span(),
            format!("`<ProfileName>` is `{}` but {place} names the profile `{}`; the connection is created under {place}'s name, and an update sent under the other name creates a second profile", shorten(inner), shorten(&outer)),
        )
        .help(format!("use one name in both places (e.g. `{}`)", shorten(&outer)));
    }
}
