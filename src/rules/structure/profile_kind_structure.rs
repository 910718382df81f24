//! S007 `profile-kind-structure`: a profile must be exactly one of native or plug-in, with the
//! elements that kind requires.

use crate::diagnostic::Severity;
use crate::model::{Authentication, SchemaIssue};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::span::Span;

pub struct ProfileKindStructure;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S007",
    name: "profile-kind-structure",
    severity: Severity::Error,
    category: Category::Structure,
    summary: "Both `NativeProfile` and `PluginProfile`, or neither; `NativeProfile` without `Servers` or `Authentication` (or with an empty one); `PluginProfile` without `ServerUrlList` or `PluginPackageFamilyName`.",
    predicts: &["0x80070057 (The parameter is incorrect)", "profile cannot be created"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for ProfileKindStructure {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let native = profile.native();
        let plugin = profile.plugin_profiles.first();
        match (native, plugin) {
            (None, None) => {
                cx.report(
                    profile.name_span,
                    "the profile has neither `NativeProfile` nor `PluginProfile`, so Windows has no connection to create",
                )
                .help("add a `NativeProfile` (built-in IKEv2/SSTP client) or a `PluginProfile` (Store VPN plug-in)");
            }
            (Some(native), Some(plugin)) => {
                let native_tag = native.span.start_tag(cx.xml);
                cx.report(
                    plugin.span.start_tag(cx.xml),
                    "the profile has both `NativeProfile` and `PluginProfile`; a profile is one or the other",
                )
                .label(native_tag, "`NativeProfile` is here")
                .help("keep the one that matches the VPN client you deploy");
            }
            _ => {}
        }
        if let Some(native) = native {
            let missing: Vec<&str> = [
                ("Servers", native.servers.is_none()),
                ("Authentication", native.authentication.is_none()),
            ]
            .into_iter()
            .filter_map(|(name, absent)| absent.then_some(name))
            .collect();
            if !missing.is_empty() {
                cx.report(
                    native.span.start_tag(cx.xml),
                    format!(
                        "`NativeProfile` has no {}; the VPNv2 CSP requires it",
                        join_names(&missing)
                    ),
                )
                .help("add the missing element (see the VPNv2 CSP ProfileXML schema)");
            } else if let Some(auth) = native
                .authentication
                .as_ref()
                .filter(|auth| is_empty_authentication(cx, auth))
            {
                cx.report(
                    auth.span.start_tag(cx.xml),
                    "`Authentication` is empty: it names no `UserMethod` or `MachineMethod`, so the connection has no authentication method; the VPNv2 CSP requires the node for native profiles",
                )
                // The CSP requires the node but does not say what Windows does with an empty
                // one (reject the profile, or create a connection that cannot authenticate).
                .severity(Severity::Warning)
                .help("add `<MachineMethod>Certificate</MachineMethod>` (device tunnel) or `<UserMethod>Eap</UserMethod>` with an `Eap/Configuration` (user tunnel)");
            }
            if native
                .servers
                .as_ref()
                .is_some_and(|s| s.trimmed().is_empty())
            {
                let servers = native
                    .servers
                    .as_ref()
                    .map(|s| s.element_span)
                    .unwrap_or(native.span);
                cx.report(
                    servers,
                    "`Servers` is empty; the connection has no gateway to dial",
                )
                .help("write the VPN gateway's public DNS name");
            }
        }
        if let Some(plugin) = plugin {
            let missing: Vec<&str> = [
                ("ServerUrlList", plugin.server_url_list.is_none()),
                (
                    "PluginPackageFamilyName",
                    plugin.plugin_package_family_name.is_none(),
                ),
            ]
            .into_iter()
            .filter_map(|(name, absent)| absent.then_some(name))
            .collect();
            if !missing.is_empty() {
                cx.report(
                    plugin.span.start_tag(cx.xml),
                    format!(
                        "`PluginProfile` has no {}; the VPNv2 CSP requires it",
                        join_names(&missing)
                    ),
                )
                .help("add the missing element (the plug-in's server list and its package family name)");
            }
        }
    }
}

/// An `Authentication` element with nothing in it Windows reads: no `UserMethod`, no
/// `MachineMethod`, no `Eap`, and no element the schema rules report instead (a misspelt or
/// CSP-only child such as `Certificate` means the author wrote something else: those rules say
/// what).
fn is_empty_authentication(cx: &Context, auth: &Authentication) -> bool {
    if auth.user_method.is_some() || auth.machine_method.is_some() || auth.eap.is_some() {
        return false;
    }
    let inside = |span: &Span| auth.span.start <= span.start && span.end <= auth.span.end;
    !cx.model.issues.iter().any(|issue| match issue {
        SchemaIssue::UnknownElement { span, .. } | SchemaIssue::CspNodeName { span, .. } => {
            inside(span)
        }
        _ => false,
    })
}

fn join_names(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" and no ")
}
