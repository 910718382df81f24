//! C009 `trusted-root-not-a-root`: a `TrustedRootCA` thumbprint that belongs to an issuing
//! (intermediate) CA or an end-entity certificate of the deployment.
//! C011 `trusted-root-not-nps-chain`: the NPS certificate chains to a root the profile does
//! not pin.

use crate::deploy::cert::{chain, Certificate};
use crate::deploy::ServerFile;
use crate::diagnostic::Severity;
use crate::model::{EapHostConfig, Leaf};
use crate::rules::util::thumbprint_hex;
use crate::rules::{Category, Context, Evidence, Needs, Rule, RuleMeta};
use std::sync::Arc;

pub struct TrustedRootNotARoot;
pub struct TrustedRootNotNpsChain;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "C009",
    name: "trusted-root-not-a-root",
    severity: Severity::Warning,
    category: Category::Certificates,
    summary: "A `TrustedRootCA` thumbprint belongs to an intermediate/issuing CA (or an end-entity certificate), not a root.",
    predicts: &["864", "0x800B0109"],
    evidence: Evidence::Documented,
    needs: &[Needs::Cert],
    ..RuleMeta::BASE
};

pub(crate) static NPS_CHAIN: RuleMeta = RuleMeta {
    code: "C011",
    name: "trusted-root-not-nps-chain",
    severity: Severity::Error,
    category: Category::Certificates,
    summary: "The NPS server certificate (the thumbprint in the NPS export's PEAP/EAP-TLS settings) chains to a root none of the profile's `TrustedRootCA` thumbprints names.",
    predicts: &["864", "0x800B0109", "server validation prompt"],
    evidence: Evidence::Documented,
    needs: &[Needs::Server, Needs::Cert],
    ..RuleMeta::BASE
};

/// Every pinned `TrustedRootCA` of the EAP configuration (PEAP's and each TLS layer's).
fn pinned<'a>(host: &'a EapHostConfig<'a>) -> Vec<&'a Leaf<'a>> {
    host.server_validations()
        .into_iter()
        .flat_map(|v| v.pinned_roots())
        .collect()
}

fn all_certificates(servers: &[Arc<ServerFile>]) -> Vec<(&Arc<ServerFile>, &Certificate)> {
    servers
        .iter()
        .flat_map(|file| file.certificates().iter().map(move |cert| (file, cert)))
        .collect()
}

impl Rule for TrustedRootNotARoot {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(host)) = (cx.scope, cx.model.eap_host_config()) else {
            return;
        };
        let certificates = all_certificates(&scope.servers);
        if certificates.is_empty() {
            return;
        }
        let pool: Vec<Certificate> = certificates.iter().map(|(_, c)| (*c).clone()).collect();
        for leaf in pinned(host) {
            let wanted = thumbprint_hex(leaf.trimmed());
            let Some((file, cert)) = certificates
                .iter()
                .find(|(_, c)| c.thumbprint_sha1 == wanted)
            else {
                continue;
            };
            if cert.self_issued {
                continue;
            }
            let what = if cert.is_ca {
                "an issuing (intermediate) CA"
            } else {
                "an end-entity certificate"
            };
            let subject = cert.subject_cn.as_deref().unwrap_or(&cert.subject);
            cx.report(
                leaf.trimmed_span(),
                format!(
                    "this `TrustedRootCA` thumbprint is `{subject}` ({}), {what}, not a root: Windows matches `TrustedRootCA` against the root of the server's chain, so validation fails (864, 0x800B0109)",
                    &*file.path
                ),
            )
            .label_elsewhere(file.place_certificate(cert.index), "the certificate with this thumbprint")
            .help(root_help(cert, &pool));
        }
    }
}

impl Rule for TrustedRootNotNpsChain {
    fn meta(&self) -> &'static RuleMeta {
        &NPS_CHAIN
    }

    fn check(&self, cx: &mut Context) {
        let (Some(scope), Some(host)) = (cx.scope, cx.model.eap_host_config()) else {
            return;
        };
        let pins = pinned(host);
        if pins.is_empty() {
            // No pin at all is `trusted-root-missing`.
            return;
        }
        let pool: Vec<Certificate> = all_certificates(&scope.servers)
            .into_iter()
            .map(|(_, c)| c.clone())
            .collect();
        let Some(outer) = host.method_type_value() else {
            return;
        };
        let pinned_thumbprints: Vec<String> =
            pins.iter().map(|l| thumbprint_hex(l.trimmed())).collect();
        for (export_place, _, leaf) in super::nps_certificates(scope, outer) {
            let path = chain(leaf, &pool);
            // Only a complete chain (ending in a self-issued root) says which root it is.
            let Some(root) = path.last().filter(|r| r.self_issued) else {
                continue;
            };
            if pinned_thumbprints.contains(&root.thumbprint_sha1) {
                continue;
            }
            // A pinned intermediate of this chain is `trusted-root-not-a-root`'s finding.
            if path
                .iter()
                .any(|c| pinned_thumbprints.contains(&c.thumbprint_sha1))
            {
                continue;
            }
            let subject = leaf.subject_cn.as_deref().unwrap_or(&leaf.subject);
            let root_name = root.subject_cn.as_deref().unwrap_or(&root.subject);
            cx.report(
                pins[0].trimmed_span(),
                format!(
                    "the NPS certificate `{subject}` chains to the root `{root_name}` ({}), which no `TrustedRootCA` of this profile names: the client does not trust the server (864 / 0x800B0109, or a validation prompt)",
                    root.thumbprint_sha1
                ),
            )
            .label_elsewhere(export_place, "the NPS certificate this export's EAP settings use")
            .help(format!("add `<TrustedRootCA>{}</TrustedRootCA>` (the root of the NPS certificate), or issue the NPS certificate from the pinned root", spaced(&root.thumbprint_sha1)));
        }
    }
}

/// What to pin instead of `cert`: the root at the top of its chain when the run holds it,
/// else the root above its issuer.
fn root_help(cert: &Certificate, pool: &[Certificate]) -> String {
    match chain(cert, pool).last().filter(|c| c.self_issued) {
        Some(root) => format!(
            "pin the root at the top of its chain, `{}`: `<TrustedRootCA>{}</TrustedRootCA>`",
            root.subject_cn.as_deref().unwrap_or(&root.subject),
            spaced(&root.thumbprint_sha1)
        ),
        None => format!(
            "pin the root CA at the top of its chain instead (above `{}`, which issued it): its SHA-1 thumbprint, as `certutil` or the certificate's Details tab shows it",
            cert.issuer
        ),
    }
}

/// A thumbprint written as ProfileXML samples do: pairs of hex digits separated by spaces.
fn spaced(thumbprint: &str) -> String {
    thumbprint
        .as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}
