//! S012 `doc-sample-placeholder`: values copied verbatim from Microsoft or community samples.

use crate::diagnostic::Severity;
use crate::model::{EapLayer, EapMethodConfig, Leaf, ServerValidation};
use crate::rules::util::{
    doc_sample_value, is_in_domain, span_in_leaf, split_entries, ListEntry, DOCUMENTATION_DOMAINS,
};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};
use crate::span::Span;

pub struct DocSamplePlaceholder;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "S012",
    name: "doc-sample-placeholder",
    severity: Severity::Warning,
    category: Category::Structure,
    summary: "Values copied verbatim from Microsoft/community samples: `HelloServer`, `Helloworld.Com`, `This is my Eku`, `This is my issuer hash`, `testServer.VPN.com`, the all-`ff` and sample root thumbprints, names under `contoso.com` / `example.com` / `example.net` / `example.org`.",
    predicts: &[
        "server unreachable",
        "certificate filters never select a certificate",
        "SSO never finds its certificate",
    ],
    evidence: Evidence::Inferred,
    ..RuleMeta::BASE
};

/// A value to look at: the element it is in, the leaf, and the separator of its list.
struct Value<'a> {
    element: &'static str,
    leaf: &'a Leaf<'a>,
    separator: Option<char>,
    /// Whether names in it are checked against the documentation domains.
    host_names: bool,
}

impl Rule for DocSamplePlaceholder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let values = collect(cx);
        let mut domain_hits: Vec<(Span, String, &'static str)> = Vec::new();
        for value in &values {
            let entries = match value.separator {
                Some(separator) => split_entries(&value.leaf.text, separator),
                None => vec![ListEntry {
                    raw: &value.leaf.text,
                    offset: 0,
                }],
            };
            for entry in entries {
                let mut range = entry.trimmed_range();
                // Only the server part of a `server;friendly name` entry is a host name.
                if value.element == "Servers" {
                    if let Some(at) = entry.trimmed().find(';') {
                        range.end = range.start + entry.trimmed()[..at].trim_end().len();
                    }
                }
                let text = value.leaf.text.get(range.clone()).unwrap_or("");
                if text.is_empty() {
                    continue;
                }
                let span = span_in_leaf(value.leaf, range);
                if let Some(source) = doc_sample_value(text) {
                    cx.report(
                        span,
                        format!(
                            "`{}` `{text}` is {source}, copied without being replaced; it matches nothing real, so {}",
                            value.element,
                            consequence(value.element)
                        ),
                    )
                    .help(format!("replace it with your own {}", what_to_write(value.element)));
                    continue;
                }
                if !value.host_names {
                    continue;
                }
                // A malformed name under a documentation domain is still a sample name: its
                // syntax is a defect of its own.
                let host = host_part(text);
                if let Some(domain) = DOCUMENTATION_DOMAINS.iter().find(|d| is_in_domain(host, d)) {
                    domain_hits.push((span, host.to_owned(), domain));
                }
            }
        }
        report_domains(cx, &domain_hits);
    }
}

/// One finding for every name under a documentation domain: one fix (use your own names).
fn report_domains(cx: &mut Context, hits: &[(Span, String, &'static str)]) {
    let Some((span, host, domain)) = hits.first() else {
        return;
    };
    let more = match hits.len() {
        1 => String::new(),
        2 => " (1 more name in this profile is too)".into(),
        n => format!(" ({} more names in this profile are too)", n - 1),
    };
    let place = if host.trim_matches('.').eq_ignore_ascii_case(domain) {
        format!("`{host}` is")
    } else {
        format!("`{host}` is under `{domain}`,")
    };
    let diagnostic = cx.report(
        *span,
        format!("{place} a documentation domain of the published samples{more}; deployed as is, the profile points at gateways, DNS zones and servers that are not yours"),
    );
    for (span, _, domain) in hits.iter().skip(1) {
        diagnostic.label(*span, format!("also under `{domain}`"));
    }
    diagnostic.help("replace the sample names with your organisation's: the gateway's public name, your DNS suffixes and NRPT namespaces, your NPS server names; suppress this rule for templates that are meant to be filled in later");
}

/// `https://host:8080/path` or `host:8080` → `host`.
fn host_part(text: &str) -> &str {
    // Searched as bytes: this runs for every name of every profile, nearly all bare names.
    let scheme_end = memchr::memchr_iter(b':', text.as_bytes())
        .find(|&colon| text.as_bytes()[colon..].starts_with(b"://"))
        .map_or(0, |colon| colon + 3);
    let rest = &text[scheme_end..];
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let rest = &rest[..end];
    match rest.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => rest,
    }
}

fn consequence(element: &str) -> &'static str {
    match element {
        "Servers" | "ServerUrlList" => "the client dials a gateway that is not yours",
        "TrustedRootCA" => "server validation trusts a root that did not issue your NPS certificate (error 864 or a trust prompt)",
        "IssuerHash" => "the certificate filter never selects a certificate (error 798)",
        "Sso/Eku" | "Sso/IssuerHash" => "the SSO certificate is never found and users are prompted for credentials on internal resources",
        _ => "the setting has no useful effect",
    }
}

fn what_to_write(element: &str) -> &'static str {
    match element {
        "Servers" | "ServerUrlList" => "gateway's public DNS name",
        "TrustedRootCA" => {
            "root CA's SHA-1 thumbprint (the root that issued the NPS server certificate)"
        }
        "IssuerHash" => "issuing or root CA's SHA-1 thumbprint",
        "Sso/Eku" => "EKU OIDs (comma-separated, e.g. `1.3.6.1.5.5.7.3.2`)",
        "Sso/IssuerHash" => "CA thumbprint (40 hex digits, no spaces)",
        "Proxy/Manual/Server" => "proxy as `host:port`, or remove `Proxy`",
        "Proxy/AutoConfigUrl" => "PAC file URL (`http://…/proxy.pac`), or remove `Proxy`",
        _ => "value",
    }
}

fn collect<'a>(cx: &Context<'a>) -> Vec<Value<'a>> {
    let mut out = Vec::new();
    let mut push = |element, leaf: Option<&'a Leaf<'a>>, separator, host_names| {
        if let Some(leaf) = leaf {
            out.push(Value {
                element,
                leaf,
                separator,
                host_names,
            });
        }
    };
    if let Some(profile) = &cx.model.profile {
        if let Some(native) = profile.native() {
            push("Servers", native.servers.as_ref(), Some(','), true);
        }
        for plugin in &profile.plugin_profiles {
            push(
                "ServerUrlList",
                plugin.server_url_list.as_ref(),
                Some(';'),
                true,
            );
        }
        push("DnsSuffix", profile.dns_suffix.as_ref(), Some(','), true);
        push(
            "TrustedNetworkDetection",
            profile.trusted_network_detection.as_ref(),
            Some(','),
            true,
        );
        for dni in &profile.domain_name_information {
            push("DomainName", dni.domain_name.as_ref(), None, true);
        }
        if let Some(proxy) = &profile.proxy {
            push(
                "Proxy/Manual/Server",
                proxy.manual_server.as_ref(),
                None,
                true,
            );
            push(
                "Proxy/AutoConfigUrl",
                proxy.auto_config_url.as_ref(),
                None,
                true,
            );
        }
        if let Some(sso) = profile
            .device_compliance
            .as_ref()
            .and_then(|d| d.sso.as_ref())
        {
            push("Sso/Eku", sso.eku.as_ref(), None, false);
            push("Sso/IssuerHash", sso.issuer_hash.as_ref(), None, false);
        }
    }
    if let Some(host) = cx.model.eap_host_config() {
        let mut validations = Vec::new();
        if let Some(layer) = &host.config {
            server_validations(layer, &mut validations);
        }
        for validation in validations {
            push(
                "ServerNames",
                validation.server_names.as_ref(),
                Some(';'),
                true,
            );
            for root in &validation.trusted_root_cas {
                push("TrustedRootCA", Some(root), None, false);
            }
        }
        for info in host.filtering_infos() {
            for hash in info
                .ca_hash_list
                .iter()
                .flat_map(|l| l.issuer_hashes.iter())
            {
                push("IssuerHash", Some(hash), None, false);
            }
        }
    }
    out
}

fn server_validations<'a>(layer: &'a EapLayer<'a>, out: &mut Vec<&'a ServerValidation<'a>>) {
    match &layer.method {
        EapMethodConfig::Tls(tls) => out.extend(tls.server_validation.as_ref()),
        EapMethodConfig::Peap(peap) => {
            out.extend(peap.server_validation.as_ref());
            for inner in &peap.inner {
                server_validations(inner, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::host_part;

    #[test]
    fn host_part_drops_scheme_path_and_port() {
        assert_eq!(
            host_part("https://vpn.contoso.com:8080/proxy.pac"),
            "vpn.contoso.com"
        );
        assert_eq!(
            host_part("http://wpad.example.com/wpad.dat?x#y"),
            "wpad.example.com"
        );
        assert_eq!(host_part("proxy.example.org:3128"), "proxy.example.org");
        assert_eq!(host_part("vpn.example.net"), "vpn.example.net");
        assert_eq!(host_part("a:b://c.example.com/x"), "c.example.com");
        assert_eq!(host_part("[2001:db8::1]"), "[2001:db8::1]");
    }
}
