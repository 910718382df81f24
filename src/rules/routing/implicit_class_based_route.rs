//! R002 `implicit-class-based-route`: split tunnel that relies on the class-based route.

use super::{native_profile, policy, stray_element, Policy};
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ImplicitClassBasedRoute;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R002",
    name: "implicit-class-based-route",
    severity: Severity::Info,
    category: Category::Routing,
    summary: "SplitTunnel without `DisableClassBasedDefaultRoute` = `true`: Windows adds a /8, /16 or /24 route derived from the VPN address class.",
    predicts: &["networks outside the address class unreachable", "home LAN captured by the class route"],
    evidence: Evidence::Documented,
    superseded_by: &[
        &crate::rules::structure::boolean_literal_case::META,
        &crate::rules::structure::unknown_element::META,
        &crate::rules::structure::csp_node_name_in_profilexml::META,
    ],
    ..RuleMeta::BASE
};

impl Rule for ImplicitClassBasedRoute {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP on `DisableClassBasedDefaultRoute`: "if the interface IP begins with 10, it
    /// assumes a class a IP and pushes the route to 10.0.0.0/8"; the element turns that off.
    fn check(&self, cx: &mut Context) {
        let Some((profile, native)) = native_profile(cx) else {
            return;
        };
        // A LockDown profile is always force-tunnelled: no split tunnel, no class route.
        if profile.is_lock_down() {
            return;
        }
        let Policy::Split(split) = policy(native) else {
            return;
        };
        let element = native.disable_class_based_default_route.as_ref();
        if element.is_some_and(|d| d.is_true()) {
            return;
        }
        // `True` in place, or the element misplaced or mis-cased: Windows reads no `true`, so
        // the class route is added. The finding points where the schema rules point (the value,
        // or the stray element's name), so it is one finding while they report it.
        let stray = element
            .is_none()
            .then(|| stray_element(cx, "DisableClassBasedDefaultRoute"))
            .flatten();
        let span = element
            .map(|d| d.trimmed_span())
            .or(stray)
            .unwrap_or(split.trimmed_span());
        let unread = match (element, stray) {
            (Some(d), _) if d.windows_bool().is_none() => {
                format!(" (Windows reads only the exact text `true`, not `{}`)", d.text)
            }
            (None, Some(_)) => " (the element here is not where, or not how, Windows reads it: only `NativeProfile/DisableClassBasedDefaultRoute` counts)".to_string(),
            _ => String::new(),
        };
        let includes = profile.routes.iter().filter(|r| !r.is_exclusion()).count();
        let help = if includes == 0 {
            "add `<DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>` to `NativeProfile` together with a `Route` for every internal network (this profile has none yet)"
        } else {
            "add `<DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>` to `NativeProfile`; the `Route` entries then define exactly what goes through the tunnel"
        };
        cx.report(
            span,
            format!("split tunnel without `DisableClassBasedDefaultRoute` = `true`{unread}: Windows also routes the whole address class of the VPN client address into the tunnel (10.x → 10.0.0.0/8, 172.16.x → 172.16.0.0/16, 192.168.1.x → 192.168.1.0/24); other internal networks need explicit routes, and the class route can capture the user's home network"),
        )
        .help(help);
    }
}
