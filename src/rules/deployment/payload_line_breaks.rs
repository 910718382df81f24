//! M007 `payload-line-breaks`: ProfileXML delivered through SyncML / an Intune custom setting
//! with line breaks and indentation.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::source::InputFormat;
use crate::span::Span;

pub struct PayloadLineBreaks;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M007",
    name: "payload-line-breaks",
    severity: Severity::Info,
    category: Category::Deployment,
    summary: "ProfileXML delivered through SyncML / an Intune custom OMA-URI setting with CR/LF line breaks and indentation.",
    predicts: &["profile applies on Windows 10 but not on Windows 11", "Intune 0x87d1fde8"],
    evidence: Evidence::Reported,
    ..RuleMeta::BASE
};

impl Rule for PayloadLineBreaks {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        if cx.wrapper.format != InputFormat::Syncml {
            return;
        }
        let breaks = cx
            .xml
            .matches('\n')
            .count()
            .max(cx.xml.matches('\r').count());
        let Some(first) = cx.xml.find(['\r', '\n']) else {
            return;
        };
        let len = if cx.xml[first..].starts_with("\r\n") {
            2
        } else {
            1
        };
        cx.report(
            Span::new(first, first + len),
            format!("the ProfileXML payload spans {} lines; administrators reported profiles that only applied on Windows 11 after the line breaks were removed, and stray CR characters make Intune report 0x87d1fde8", breaks + 1),
        )
        .help("send the profile on one line without indentation (keep a formatted copy in source control)");
    }
}
