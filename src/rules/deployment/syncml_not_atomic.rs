//! M010 `syncml-not-atomic`: a VPNv2 profile sent without `<Atomic>`, or changed with
//! `<Replace>`.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct SyncmlNotAtomic;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M010",
    name: "syncml-not-atomic",
    severity: Severity::Warning,
    category: Category::Deployment,
    summary: "VPNv2 `Add`/`Replace` of ProfileXML not wrapped in `<Atomic>`, or a `Replace` used to change an existing profile.",
    predicts: &["profile half-applied or not updated"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for SyncmlNotAtomic {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(oma) = cx.wrapper.oma.clone() else {
            return;
        };
        let Some(command) = oma.command.as_deref() else {
            return;
        };
        if command == "Replace" {
            cx.report(
                oma.command_span,
                "the profile is changed with `<Replace>`; the VPNv2 CSP does not support updating a profile piecemeal, and changes made this way are unreliable",
            )
            .in_file_coordinates()
            .help("send `<Delete>` of the profile node and a full `<Add>` of the new profile, inside one `<Atomic>`");
        } else if command == "Add" && !oma.in_atomic {
            cx.report(
                oma.command_span,
                "the VPNv2 `<Add>` is not inside `<Atomic>`; the VPNv2 CSP requires a profile to be added atomically, or a failure leaves a half-created profile behind",
            )
            .in_file_coordinates()
            .help("wrap the `<Add>` (and any related commands) in `<Atomic><CmdID>…</CmdID> … </Atomic>`");
        }
    }
}
