//! R006 `proxy-ignored-split-tunnel`: a VPN proxy that Windows does not apply.

use super::{native_profile, policy, Policy};
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ProxyIgnoredSplitTunnel;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R006",
    name: "proxy-ignored-split-tunnel",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`Proxy` element in a SplitTunnel profile (VPN proxy settings only take effect with force tunnelling).",
    predicts: &["proxy setting silently ignored; the system proxy is used"],
    evidence: Evidence::Documented,
    superseded_by: &[&crate::rules::device_tunnel::device_tunnel_user_only_settings::META],
    ..RuleMeta::BASE
};

impl Rule for ProxyIgnoredSplitTunnel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// vpn-profile-options: "VPN proxy settings are only used on Force Tunnel Connections. On Split
    /// Tunnel Connections, the general proxy settings are used." (windows-itpro-docs #8612)
    fn check(&self, cx: &mut Context) {
        let Some((profile, native)) = native_profile(cx) else {
            return;
        };
        let (Some(proxy), Policy::Split(split)) = (&profile.proxy, policy(native)) else {
            return;
        };
        cx.report(
            proxy.span.start_tag(cx.xml),
            "`Proxy` is set but the profile uses split tunnelling: Windows applies VPN proxy settings only to force-tunnel connections, so this proxy is ignored and the system proxy is used",
        )
        .label(split.trimmed_span(), "split tunnelling chosen here")
        .help("remove `Proxy` (a proxy for internal names can be given per namespace with `DomainNameInformation/WebProxyServers`), or use `<RoutingPolicyType>ForceTunnel</RoutingPolicyType>` if all traffic should go through the tunnel and this proxy");
    }
}
