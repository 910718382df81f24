//! T020 `nps-no-radius-client`: the NPS export has no enabled RADIUS client, so NPS discards
//! the VPN server's requests.

use crate::diagnostic::Severity;
use crate::model::UserMethod;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct NpsNoRadiusClient;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T020",
    name: "nps-no-radius-client",
    severity: Severity::Warning,
    category: Category::Tunnel,
    summary: "A user tunnel authenticated by NPS, but the NPS export's RADIUS clients are all disabled (warning), or it has none (info: RRAS on the NPS server itself needs none): NPS silently discards requests of unknown clients.",
    predicts: &["812", "930 (RRAS: authentication server timeout)"],
    evidence: Evidence::Documented,
    needs: &[Needs::Server],
    ..RuleMeta::BASE
};

impl Rule for NpsNoRadiusClient {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(profile)) = (cx.scope, &cx.model.profile) else {
            return;
        };
        // Machine-certificate device tunnels are authenticated by RRAS itself.
        if profile.is_device_tunnel() {
            return;
        }
        let Some(method) = profile
            .authentication()
            .and_then(|a| a.user_method.as_ref())
            .filter(|m| matches!(m.value, Some(UserMethod::Eap | UserMethod::MsChapV2)))
        else {
            return;
        };
        for server in &scope.servers {
            let Some(config) = server.nps() else { continue };
            // Clients named by address are what the rule looks at; which one is the VPN server
            // is unknown, so any enabled client keeps it quiet.
            if config.radius_clients.iter().any(|c| c.enabled) {
                continue;
            }
            // With no client at all, RRAS may be this NPS's own server, authenticating locally
            // ("Windows Authentication"), which needs no RADIUS client: only a hint. Clients
            // that exist but are all disabled show that RADIUS is used.
            let (what, severity, condition) = match config.radius_clients.len() {
                0 => (
                    "no RADIUS client at all".to_owned(),
                    Severity::Info,
                    "if the VPN server sends its requests to this NPS over RADIUS (not when RRAS on this same server authenticates with Windows Authentication), NPS",
                ),
                1 => ("one RADIUS client, disabled".to_owned(), META.severity, "NPS"),
                n => (format!("{n} RADIUS clients, all disabled"), META.severity, "NPS"),
            };
            let help = if config.radius_clients.is_empty() {
                "register the VPN server's internal address as a RADIUS client in NPS (NPS console: RADIUS Clients and Servers → RADIUS Clients → New), with the shared secret RRAS uses"
            } else {
                "enable the VPN server's RADIUS client in NPS (NPS console: RADIUS Clients and Servers → RADIUS Clients → the client → Properties → Enable this RADIUS client), or register its internal address as a new one, with the shared secret RRAS uses"
            };
            let finding = cx.report(
                method.leaf.trimmed_span(),
                format!(
                    "NPS ({}) has {what}: {condition} silently discards requests from a VPN server it does not know, so RRAS times out waiting for NPS and the connection fails",
                    &*server.path
                ),
            );
            finding.severity(severity).help(help);
            for client in &config.radius_clients {
                finding.label_elsewhere(
                    server.place(client.span),
                    format!(
                        "RADIUS client `{}` ({}), disabled",
                        client.name, client.address
                    ),
                );
            }
        }
    }
}
