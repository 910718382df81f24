//! M011 `wmi-dump-wrap-artifacts`: text copied from `Get-WmiObject … MDM_VPNv2_01` output
//! still carries damage from wrapping or from being joined by hand.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::source::{DamageKind, InputFormat};

pub struct WmiDumpWrapArtifacts;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M011",
    name: "wmi-dump-wrap-artifacts",
    severity: Severity::Error,
    category: Category::Deployment,
    summary: "ProfileXML recovered from `Get-WmiObject … MDM_VPNv2_01` Format-List output still contains wrap damage: fused tokens (`<EapHostConfigxmlns=`), split tokens (`xml ns=`), characters changed by pasting (typographic quotes, non-breaking spaces, Safe Links URLs), a truncated or empty value, or text that no re-joining makes well-formed.",
    predicts: &["WMI: A general error occurred that is not covered by a more specific error code (when the text is re-deployed)"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
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
            .filter(|d| !matches!(d.kind, DamageKind::Truncated | DamageKind::Empty))
            .collect();
        if let Some(first) = repaired.first() {
            let what = match first.kind {
                DamageKind::Fused => "lost the space between two tokens: the wrapped lines were joined by hand",
                DamageKind::Pasted => "was changed when the dump was pasted through mail or a word processor (typographic quotes, a non-breaking space or a Safe Links URL)",
                _ => "has a space inside a name: the wrapped lines were joined by hand",
            };
            let more = match repaired.len() - 1 {
                0 => String::new(),
                1 => " (1 more place is labelled)".to_string(),
                n => format!(" ({n} more places are labelled)"),
            };
            let d = cx
                .report(
                    first.span,
                    format!("{} {what}{more}; profile-lint read it as {}, but this text is not well-formed XML and fails if it is deployed again", show(&first.found), show(&first.repaired)),
                )
                .in_file_coordinates()
                .help(format!("write {}, or take the profile from the client again rather than from a copied dump", show(&first.repaired)));
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
        for empty in damage.iter().filter(|d| d.kind == DamageKind::Empty) {
            let instance = cx
                .wrapper
                .property("InstanceID")
                .map(|p| p.value.clone())
                .filter(|v| !v.is_empty());
            let which = instance
                .as_deref()
                .map_or(String::new(), |id| format!(" of `{id}`"));
            let id = instance.as_deref().unwrap_or("<InstanceID>");
            cx.report(
                empty.span,
                format!("the `ProfileXML`{which} is empty: the VPNv2 profile node exists on the device but holds no profile, so Windows has no VPN connection for it and there is nothing to check (a deployment that failed or stopped part-way can leave this)"),
            )
            .in_file_coordinates()
            .help(format!("deploy the profile again and check its deployment status (Intune: the configuration profile's per-device status), or, as SYSTEM, remove the empty node: `Get-CimInstance -Namespace root\\cimv2\\mdm\\dmmap -ClassName MDM_VPNv2_01 | Where-Object InstanceID -eq '{id}' | Remove-CimInstance`"));
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

/// Text for a message: in backticks, except blanks, which are named (a non-breaking space
/// is invisible in backticks).
fn show(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(' '), None) => "a space".to_string(),
        (Some(c), None) if c.is_whitespace() => {
            let name = if c == '\u{a0}' {
                "a non-breaking space"
            } else {
                "a Unicode space"
            };
            format!("{name} (U+{:04X})", u32::from(c))
        }
        _ => format!("`{text}`"),
    }
}
