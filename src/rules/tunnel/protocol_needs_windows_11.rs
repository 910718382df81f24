//! T008 `protocol-needs-windows-11`: `NativeProtocolType` `SSTP` or `ProtocolList`.

use crate::diagnostic::Severity;
use crate::model::NativeProtocolType;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ProtocolNeedsWindows11;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T008",
    name: "protocol-needs-windows-11",
    severity: Severity::Info,
    category: Category::Tunnel,
    summary: "`NativeProtocolType` = `SSTP` or `ProtocolList` (with `ProtocolList/NativeProtocol`, `RetryTimeInHours`): only Windows 11 reads these.",
    predicts: &["Windows 10: profile not created, or created as Automatic"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for ProtocolNeedsWindows11 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(native) = cx.model.native_profile() else {
            return;
        };
        let Some(protocol) = &native.protocol else {
            return;
        };
        match protocol.value {
            Some(NativeProtocolType::Sstp) => {
                cx.report(
                    protocol.leaf.trimmed_span(),
                    "`NativeProtocolType` `SSTP` is honoured only by Windows 11; Windows 10 builds do not create an SSTP-only profile from it (it has been reported to come out as `Automatic`)",
                )
                .help("if the profile also targets Windows 10, use `Automatic` there (SSTP is tried first) or deploy a separate profile");
            }
            Some(NativeProtocolType::ProtocolList) => {
                let entries: Vec<&str> = native
                    .protocol_list_types
                    .iter()
                    .map(|t| t.trimmed())
                    .collect();
                let listed = if entries.is_empty() {
                    String::new()
                } else {
                    format!(" (here: {})", entries.join(", "))
                };
                let xml = cx.xml;
                let diagnostic = cx.report(
                    protocol.leaf.trimmed_span(),
                    format!("`NativeProtocolType` `ProtocolList`{listed} needs Windows 11 (the CSP lists build 10.0.20207 and later); Windows 10 does not read `ProtocolList`"),
                );
                if let Some(list) = &native.protocol_list {
                    diagnostic.label(
                        list.element_span.start_tag(xml),
                        "the ordered protocol list",
                    );
                }
                diagnostic.help("if the profile also targets Windows 10, use `IKEv2` or `Automatic` for those devices");
            }
            _ => {}
        }
    }
}
