//! M003 `profile-name-encoding`: the profile name in the OMA-URI, the WMI `InstanceID` or the
//! deployment script is not percent-encoded as the VPNv2 CSP requires.

use super::percent_encode;
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::util::shorten;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::source::NameEncoding;
use crate::span::Span;

pub struct ProfileNameEncoding;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "M003",
    name: "profile-name-encoding",
    severity: Severity::Error,
    category: Category::Deployment,
    summary: "Profile name (OMA-URI segment, WMI `InstanceID`, or the name a deployment script encodes) contains `/`, or spaces or other non-alphanumerics that are not percent-encoded.",
    predicts: &["MDM event 404", "WMI: A general error occurred that is not covered by a more specific error code"],
    evidence: Evidence::Documented,
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

/// Characters a CSP node name may hold as they are: letters, digits, `%XX`, and `-._~`.
fn bad_char(name: &str) -> Option<(usize, char)> {
    let bytes = name.as_bytes();
    name.char_indices().find(|&(i, c)| {
        if c == '%' {
            !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        } else {
            !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
        }
    })
}

impl Rule for ProfileNameEncoding {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        if let Some(oma) = cx.wrapper.oma.clone() {
            let Some(segments) = oma.vpnv2_segments() else {
                return;
            };
            // `VPNv2/<name>/ProfileXML`: more segments mean the name holds a `/`.
            if segments.len() > 2 && cx.model.profile.is_some() {
                let leaf_is_profile = segments
                    .last()
                    .is_some_and(|(s, _)| s.eq_ignore_ascii_case("ProfileXML"));
                if leaf_is_profile {
                    let first = segments[0].1;
                    let last_name = segments[segments.len() - 2].1;
                    let name: Vec<&str> = segments[..segments.len() - 1]
                        .iter()
                        .map(|(s, _)| *s)
                        .collect();
                    cx.report(
                        Span::new(first.start, last_name.end),
                        format!("the profile name `{}` contains `/`; the VPNv2 CSP forbids it and the MDM client reads the extra segment as a node path (event 404)", shorten(&name.join("/"))),
                    )
                    .in_file_coordinates()
                    .help(format!("choose a name without `/`, e.g. `{}`", shorten(&name.join("-"))));
                    return;
                }
            }
            if let Some(&(name, span)) = segments.first() {
                if segments.len() >= 2 {
                    report_unencoded(cx, name, span, "OMA-URI", true);
                }
            }
            return;
        }
        if let Some(id) = cx.wrapper.property("InstanceID").cloned() {
            // A WMI dump is command output, not a source to edit: no fix.
            report_unencoded(cx, &id.value, id.span, "WMI `InstanceID`", false);
            return;
        }
        let Some(script) = cx.wrapper.script.clone() else {
            return;
        };
        let Some(name) = script.profile_name.clone() else {
            return;
        };
        // Only the WMI bridge creates the node from the script (one detection for every rule:
        // `WrapperInfo::deployment`, which configuration can also state).
        if cx.wrapper.deployment != crate::meta::Deployment::WmiBridge {
            return;
        }
        let fails = match script.name_encoding {
            Some(NameEncoding::Full) => None,
            Some(NameEncoding::SpacesOnly) => name
                .value
                .char_indices()
                .find(|&(_, c)| {
                    c != ' ' && !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
                })
                .map(|(i, c)| (i, c, "the script percent-encodes only spaces")),
            None => bad_char(&name.value)
                .map(|(i, c)| (i, c, "the script does not percent-encode the name")),
        };
        if let Some((i, c, why)) = fails {
            let at = name.span.start + i;
            cx.report(
                Span::new(at, at + c.len_utf8()),
                format!("the profile name `{}` holds `{c}` and {why}; the WMI bridge needs the CSP node name URL-encoded, and `CreateInstance` fails", shorten(&name.value)),
            )
            .in_file_coordinates()
            .help(format!("encode the whole name (`[uri]::EscapeDataString($ProfileName)` gives `{}`), or rename the profile", shorten(&percent_encode(&name.value))));
        }
    }
}

/// The whole name is the finding's span (the first bad character is named in the message):
/// every character of it is part of one encoding mistake.
fn report_unencoded(cx: &mut Context, name: &str, span: Span, place: &str, fixable: bool) {
    if let Some((_, c)) = bad_char(name) {
        let encoded = percent_encode(&super::percent_decode(name));
        let diagnostic = cx.report(
            span,
            format!("the profile name `{}` in the {place} holds `{c}`, which is not percent-encoded; the VPNv2 CSP requires non-alphanumeric characters to be URL-encoded, and the node is not found (event 404)", shorten(name)),
        );
        diagnostic
            .in_file_coordinates()
            .help(format!("write `{}`", shorten(&encoded)));
        // Encoding names the same node for the CSP. Only for printable text that the wrapper
        // writes as is: an entity (`&amp;`) or a JSON escape would be encoded as text, and a
        // line break in the name is damage, not part of the name.
        let plain = name.chars().all(|c| {
            (c.is_ascii_graphic() || c == ' ') && !matches!(c, '&' | '\\' | '"' | '<' | '>')
        });
        if fixable && plain {
            diagnostic.fix(Fix::safe(
                format!("Percent-encode the name: `{encoded}`"),
                vec![Edit::replace(span, encoded.clone())],
            ));
        }
    }
}
