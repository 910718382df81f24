//! D007 `device-tunnel-user-only-settings`: settings that only mean something for a user tunnel.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::span::Span;

pub struct DeviceTunnelUserOnlySettings;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "D007",
    name: "device-tunnel-user-only-settings",
    severity: Severity::Info,
    category: Category::DeviceTunnel,
    summary: "`DeviceTunnel` = `true` with user-tunnel settings that a machine-certificate tunnel ignores: `DeviceCompliance` (disabled), `RememberCredentials` `true`, or `Proxy`.",
    predicts: &[],
    evidence: Evidence::Inferred,
    // Enabled device compliance on a device tunnel is that rule's error, at the same place.
    superseded_by: &[&crate::rules::conditional_access::aad_ca_needs_certificate_eap::META],
    ..RuleMeta::BASE
};

impl Rule for DeviceTunnelUserOnlySettings {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        let Some(device_tunnel) = profile.device_tunnel_declaration() else {
            return;
        };
        let mut found: Vec<(Span, &str, &str)> = Vec::new();
        if let Some(dc) = &profile.device_compliance {
            // Enabled compliance is reported on the whole `DeviceCompliance` element, which holds
            // the `Enabled` value a conditional access finding about the same contradiction
            // points at; disabled compliance is dead configuration of its own.
            match profile.device_compliance_declaration() {
                Some(enabled) => {
                    cx.report(
                        dc.span,
                        "`DeviceCompliance` is enabled on a device tunnel and has no effect: conditional access uses a user certificate from Entra ID; a device tunnel authenticates with the computer certificate",
                    )
                    .label(enabled.trimmed_span(), "conditional access enabled here")
                    .label(device_tunnel.trimmed_span(), "device tunnel declared here")
                    .help("remove `DeviceCompliance` from the device-tunnel profile (put it in the user-tunnel profile)");
                }
                None => found.push((
                    dc.span.start_tag(cx.xml),
                    "DeviceCompliance",
                    "conditional access uses a user certificate from Entra ID; a device tunnel authenticates with the computer certificate",
                )),
            }
        }
        if let Some(remember) = profile
            .remember_credentials
            .as_ref()
            .filter(|r| r.is_true())
        {
            found.push((
                remember.trimmed_span(),
                "RememberCredentials",
                "a device tunnel has no user credentials to cache",
            ));
        }
        if let Some(proxy) = &profile.proxy {
            found.push((
                proxy.span.start_tag(cx.xml),
                "Proxy",
                "the VPN proxy applies only to force-tunnelled connections, and a device tunnel must be split-tunnelled",
            ));
        }
        for (span, element, why) in found {
            cx.report(
                span,
                format!("`{element}` has no effect on a device tunnel: {why}"),
            )
            .label(device_tunnel.trimmed_span(), "device tunnel declared here")
            .help(format!("remove `{element}` from the device-tunnel profile (put it in the user-tunnel profile if it is needed)"));
        }
    }
}
