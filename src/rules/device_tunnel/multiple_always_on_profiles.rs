//! D014 `multiple-always-on-profiles`: two user-tunnel profiles with `AlwaysOn` = `true`.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct MultipleAlwaysOnProfiles;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D014",
    name: "multiple-always-on-profiles",
    severity: Severity::Warning,
    category: Category::DeviceTunnel,
    summary:
        "More than one user-tunnel profile with `AlwaysOn` = `true` aimed at the same devices.",
    predicts: &["only one of the profiles connects automatically"],
    evidence: Evidence::Documented,
    needs: &[Needs::Set],
    ..RuleMeta::BASE
};

impl Rule for MultipleAlwaysOnProfiles {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(profile)) = (cx.scope, &cx.model.profile) else {
            return;
        };
        if profile.is_device_tunnel() {
            return;
        }
        let Some(mine) = profile
            .always_on
            .as_ref()
            .filter(|_| profile.is_always_on())
        else {
            return;
        };
        let Some((peer, theirs)) = scope.earlier_peers().find_map(|p| {
            let always_on = p.facts.always_on.clone()?;
            p.facts.is_user_tunnel().then_some((p, always_on))
        }) else {
            return;
        };
        let message = format!(
            "a second Always On user tunnel for the same devices (the first is {}){}: Windows auto-connects one Always On profile, so the others never connect on their own",
            scope.describe(peer, &theirs),
            peer.how_known()
        );
        let severity = peer.severity(META.severity);
        cx.report(mine.trimmed_span(), message)
            .severity(severity)
            .label_elsewhere(theirs, "the other Always On user tunnel")
            .help("keep `AlwaysOn` on one user-tunnel profile per device, or send the profiles to different devices");
    }
}
