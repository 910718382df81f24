//! T017 `servers-cert-name-mismatch`: the VPN server's certificate does not name the host the
//! profile connects to, or lacks the Server Authentication EKU.

use crate::deploy::cert::{name_matches, Certificate, SERVER_AUTH};
use crate::deploy::ServerFile;
use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};
use std::sync::Arc;

pub struct ServersCertNameMismatch;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T017",
    name: "servers-cert-name-mismatch",
    severity: Severity::Error,
    category: Category::Tunnel,
    summary: "Host in `Servers` is not in the subject/SAN of the VPN server's certificate (or the certificate lacks the Server Authentication EKU).",
    predicts: &["13801", "0x80070040", "0x800B010F"],
    evidence: Evidence::Documented,
    needs: &[Needs::Cert],
    ..RuleMeta::BASE
};

/// Whether `cert` names `host` (SAN DNS names, SAN IP addresses, else the subject CN).
fn names(cert: &Certificate, host: &str) -> bool {
    if cert.dns_names.is_empty() && cert.ip_addresses.is_empty() {
        return cert
            .subject_cn
            .as_deref()
            .is_some_and(|cn| name_matches(cn, host));
    }
    cert.dns_names.iter().any(|name| name_matches(name, host))
        || cert
            .ip_addresses
            .iter()
            .any(|ip| ip.eq_ignore_ascii_case(host))
}

/// The certificates that can be the VPN server's: RRAS's `CertificateAdvertised` when a dump
/// names it, else every end-entity certificate of the run except the NPS server's.
fn candidates(servers: &[Arc<ServerFile>]) -> (Vec<(&Arc<ServerFile>, &Certificate)>, bool) {
    let nps_thumbprints: Vec<String> = servers
        .iter()
        .filter_map(|s| s.nps())
        .flat_map(|config| {
            config
                .network_policies
                .iter()
                .filter_map(|p| p.settings.as_ref())
                .flat_map(|s| s.eap_configs.iter())
                .filter_map(|c| c.thumbprint.clone())
        })
        .map(|t| t.to_ascii_uppercase())
        .collect();
    let advertised: Vec<String> = servers
        .iter()
        .filter_map(|s| {
            s.rras()?
                .auth
                .as_ref()?
                .certificate_advertised
                .as_ref()?
                .thumbprint
                .clone()
        })
        .collect();
    let all = servers
        .iter()
        .flat_map(|file| file.certificates().iter().map(move |cert| (file, cert)));
    if !advertised.is_empty() {
        let named: Vec<_> = all
            .filter(|(_, c)| {
                advertised
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(&c.thumbprint_sha1))
            })
            .collect();
        return (named, true);
    }
    let leaves = all
        .filter(|(_, c)| !c.is_ca && !nps_thumbprints.contains(&c.thumbprint_sha1))
        .collect();
    (leaves, false)
}

impl Rule for ServersCertNameMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(profile)) = (cx.scope, &cx.model.profile) else {
            return;
        };
        let Some(servers_leaf) = profile.native().and_then(|n| n.servers.as_ref()) else {
            return;
        };
        let hosts: Vec<String> = super::servers::server_entries(servers_leaf)
            .iter()
            .map(|e| e.server.trim_end_matches('.').to_owned())
            .filter(|h| !h.is_empty())
            .collect();
        let (candidates, identified) = candidates(&scope.servers);
        if hosts.is_empty() || candidates.is_empty() {
            return;
        }
        let span = servers_leaf.trimmed_span();
        // A certificate that names a host: it is that server's, and must be usable for it.
        let named: Vec<_> = candidates
            .iter()
            .filter(|(_, c)| hosts.iter().any(|h| names(c, h)))
            .collect();
        for (file, cert) in &named {
            if cert.allows_eku(SERVER_AUTH) {
                continue;
            }
            let subject = cert.subject_cn.as_deref().unwrap_or(&cert.subject);
            cx.report(
                span,
                format!(
                    "the VPN server certificate `{subject}` ({}) names this server but lacks the Server Authentication EKU (1.3.6.1.5.5.7.3.1): the client refuses it (0x80070040 or 13801)",
                    &*file.path
                ),
            )
            .label_elsewhere(file.place_certificate(cert.index), "the VPN server's certificate")
            .help("issue the RRAS certificate from a template with the Server Authentication EKU (and IP security IKE intermediate for IKEv2), and bind it with `Set-VpnAuthProtocol -CertificateAdvertised`");
        }
        if !named.is_empty() {
            return;
        }
        // No certificate names the host. Only a single server certificate (or the one RRAS
        // advertises) is surely the VPN server's; with several, which is which is unknown.
        let servers_certs: Vec<_> = candidates
            .iter()
            .filter(|(_, c)| identified || c.allows_eku(SERVER_AUTH))
            .collect();
        let [(file, cert)] = servers_certs.as_slice() else {
            return;
        };
        let mut listed: Vec<String> = cert.dns_names.clone();
        listed.extend(cert.ip_addresses.iter().cloned());
        if listed.is_empty() {
            listed.extend(cert.subject_cn.clone());
        }
        let how = if identified {
            "the certificate RRAS advertises"
        } else {
            "the only server certificate of the deployment"
        };
        cx.report(
            span,
            format!(
                "`{}` {} {how} ({}), which names {}: the client rejects the server (13801, or 0x800B010F)",
                hosts.join("`, `"),
                if hosts.len() == 1 { "is not a name of" } else { "are not names of" },
                &*file.path,
                if listed.is_empty() { "nothing".to_owned() } else { format!("`{}`", listed.join("`, `")) }
            ),
        )
        .severity(if identified { META.severity } else { Severity::Warning })
        .label_elsewhere(file.place_certificate(cert.index), "the VPN server's certificate")
        .help("connect to a name the certificate holds (its subject alternative names), or reissue the certificate with the public name clients use in `Servers`");
    }
}
