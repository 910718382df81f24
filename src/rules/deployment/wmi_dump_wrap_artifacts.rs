//! M011 `wmi-dump-wrap-artifacts`: text copied from `Get-WmiObject … MDM_VPNv2_01` output
//! still carries damage from wrapping or from being joined by hand.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::source::{DamageKind, InputFormat};

pub struct WmiDumpWrapArtifacts;

static META: RuleMeta = RuleMeta {
    code: "M011",
    name: "wmi-dump-wrap-artifacts",
    severity: Severity::Error,
    category: Category::Deployment,
    summary: "ProfileXML recovered from `Get-WmiObject … MDM_VPNv2_01` Format-List output still contains wrap damage: fused tokens (`<EapHostConfigxmlns=`), split tokens (`xml ns=`), a truncated value, or text that no re-joining makes well-formed.",
    predicts: &["WMI: A general error occurred that is not covered by a more specific error code (when the text is re-deployed)"],
    evidence: Evidence::Reported,
};

impl Rule for WmiDumpWrapArtifacts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        if cx.wrapper.format != InputFormat::Wmi {
            return;
        }
        let damage = cx.wrapper.wrap_damage.clone();
        let repaired: Vec<_> = damage
            .iter()
            .filter(|d| d.kind != DamageKind::Truncated)
            .collect();
        if let Some(first) = repaired.first() {
            let what = match first.kind {
                DamageKind::Fused => "lost the space between two tokens",
                _ => "has a space inside a name",
            };
            let more = match repaired.len() - 1 {
                0 => String::new(),
                1 => " (1 more place is labelled)".to_string(),
                n => format!(" ({n} more places are labelled)"),
            };
            let d = cx
                .report(
                    first.span,
                    format!("`{}` {what}: the wrapped lines were joined by hand{more}; profile-lint read it as `{}`, but this text is not well-formed XML and fails if it is deployed again", first.found, first.repaired),
                )
                .in_file_coordinates()
                .help(format!("write `{}`, or take the profile from the client again rather than from a copied dump", first.repaired));
            for other in repaired.iter().skip(1) {
                d.label(
                    other.span,
                    format!("`{}` → `{}`", other.found, other.repaired),
                );
            }
        }
        for truncated in damage.iter().filter(|d| d.kind == DamageKind::Truncated) {
            cx.report(
                truncated.span,
                "the ProfileXML value is cut short here (`...`), so there is no profile to check; the dump was truncated by the console or by whoever copied it",
            )
            .in_file_coordinates()
            .severity(Severity::Warning)
            .help("dump the full value: `(Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01).ProfileXML | Set-Content profile.xml`");
        }
        // A truncated value is reported as such; its parse failure says nothing more.
        if cx.wrapper.incomplete {
            return;
        }
        if let Some(failure) = cx.parse_failure {
            let message = format!(
                "the ProfileXML re-joined from this dump is not well-formed here ({}); Windows always returns well-formed XML, so the dump was damaged (lines edited or joined in a way profile-lint could not undo)",
                failure.message.trim_start_matches("the document is not well-formed XML: ")
            );
            cx.report(failure.span, message)
                .help("copy the profile again from the client, e.g. `(Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01).ProfileXML | Set-Content profile.xml`");
        }
    }
}
