//! C012 `servernames-nps-cert-mismatch`: no name in `ServerNames` is a name of the NPS
//! certificate. C013 `nps-cert-no-server-auth`: the NPS certificate lacks the Server
//! Authentication EKU. Both need the NPS export (whose PEAP/EAP-TLS settings name the
//! certificate by thumbprint) and the certificate itself.

use crate::deploy::cert::{name_matches, Certificate, SERVER_AUTH};
use crate::diagnostic::Severity;
use crate::model::{EapHostConfig, Leaf};
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};

pub struct ServerNamesNpsCertMismatch;
pub struct NpsCertNoServerAuth;

pub(crate) static NAMES: RuleMeta = RuleMeta {
    code: "C012",
    name: "servernames-nps-cert-mismatch",
    severity: Severity::Warning,
    category: Category::Certificates,
    summary: "No name in the profile's `ServerNames` is a name (SAN DNS name, or CN without SANs) of the NPS certificate the NPS export's EAP settings use.",
    predicts: &["857", "server validation prompt"],
    evidence: Evidence::Documented,
    needs: &[Needs::Server, Needs::Cert],
    ..RuleMeta::BASE
};

pub(crate) static EKU: RuleMeta = RuleMeta {
    code: "C013",
    name: "nps-cert-no-server-auth",
    severity: Severity::Error,
    category: Category::Certificates,
    summary:
        "The NPS certificate the NPS export's EAP settings use lacks the Server Authentication EKU.",
    predicts: &["857", "13801"],
    evidence: Evidence::Documented,
    needs: &[Needs::Server, Needs::Cert],
    ..RuleMeta::BASE
};

/// The `ServerNames` of every layer that validates the server (PEAP's and each TLS layer's).
fn server_names<'a>(host: &'a EapHostConfig<'a>) -> Vec<&'a Leaf<'a>> {
    host.server_validations()
        .into_iter()
        .filter_map(|v| v.server_names.as_ref())
        .filter(|leaf| !leaf.trimmed().is_empty())
        .collect()
}

/// Whether `wanted` (a `ServerNames` entry) names `cert`: one of its names equal to it (a
/// wildcard certificate name matching it), or ending with `.wanted` — the entries are matched
/// leniently so that the rule stays quiet wherever Windows might accept the name.
fn entry_names(cert: &Certificate, wanted: &str) -> bool {
    let wanted = wanted.trim().trim_end_matches('.').to_ascii_lowercase();
    if wanted.is_empty() {
        return true;
    }
    let names: Vec<&String> = if cert.dns_names.is_empty() {
        cert.subject_cn.iter().collect()
    } else {
        cert.dns_names.iter().collect()
    };
    names.iter().any(|name| {
        let name = name.to_ascii_lowercase();
        name_matches(&name, &wanted) || name == wanted || name.ends_with(&format!(".{wanted}"))
    })
}

impl Rule for ServerNamesNpsCertMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &NAMES
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(host)) = (cx.scope, cx.model.eap_host_config()) else {
            return;
        };
        let Some(outer) = host.method_type_value() else {
            return;
        };
        let leaves = server_names(host);
        if leaves.is_empty() {
            return;
        }
        for (_, cert_place, cert) in super::nps_certificates(scope, outer) {
            for leaf in &leaves {
                let entries: Vec<&str> = leaf
                    .text
                    .split(';')
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .collect();
                // A regular-expression entry cannot be judged here.
                if entries
                    .iter()
                    .any(|e| e.contains(['*', '^', '$', '\\', '[', '(']))
                {
                    continue;
                }
                if entries.iter().any(|e| entry_names(cert, e)) {
                    continue;
                }
                let names = if cert.dns_names.is_empty() {
                    cert.subject_cn.clone().unwrap_or_default()
                } else {
                    cert.dns_names.join("`, `")
                };
                cx.report(
                    leaf.trimmed_span(),
                    format!(
                        "`ServerNames` does not name the NPS certificate, which is for `{names}`: the client refuses the server or prompts the user (857)"
                    ),
                )
                .label_elsewhere(cert_place.clone(), "the NPS certificate")
                .help(format!("put the NPS certificate's name in `ServerNames` (`{}`), or issue the NPS certificate for the name the profile expects", names.split("`, `").next().unwrap_or("")));
            }
        }
    }
}

impl Rule for NpsCertNoServerAuth {
    fn meta(&self) -> &'static RuleMeta {
        &EKU
    }

    fn check(&self, cx: &mut Context) {
        let Some(scope) = cx.scope else { return };
        // Reported at the profile's EAP method: the certificate is what the method validates.
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        let (Some(at), Some(outer)) = (
            host.method_type.as_ref().map(Leaf::trimmed_span),
            host.method_type_value(),
        ) else {
            return;
        };
        for (export_place, cert_place, cert) in super::nps_certificates(scope, outer) {
            if cert.allows_eku(SERVER_AUTH) {
                continue;
            }
            let subject = cert.subject_cn.as_deref().unwrap_or(&cert.subject);
            cx.report(
                at,
                format!(
                    "the NPS certificate `{subject}` lacks the Server Authentication EKU (1.3.6.1.5.5.7.3.1): the client's EAP refuses it as a server certificate and the connection fails"
                ),
            )
            .label_elsewhere(cert_place, "the NPS certificate")
            .label_elsewhere(export_place, "where the NPS export uses it")
            .help("issue the NPS certificate from a template with the Server Authentication EKU (the RAS and IAS Server template has it) and select it in the policy's PEAP/EAP-TLS settings");
        }
    }
}
