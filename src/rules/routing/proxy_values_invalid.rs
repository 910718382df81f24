//! R007 `proxy-values-invalid`: proxy settings Windows cannot use as written.

use crate::diagnostic::Severity;
use crate::model::Leaf;
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct ProxyValuesInvalid;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R007",
    name: "proxy-values-invalid",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "`Proxy` with both `Manual/Server` and `AutoConfigUrl`; `AutoConfigUrl` not an absolute http(s) URL; `Manual/Server` not `host:port`.",
    predicts: &["no proxy, or not the intended one"],
    evidence: Evidence::Inferred,
    superseded_by: &[
        &crate::rules::structure::doc_sample_placeholder::META,
        &crate::rules::structure::invisible_character::META,
    ],
    ..RuleMeta::BASE
};

impl Rule for ProxyValuesInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The CSP documents `AutoConfigUrl` as the URL of a PAC file and `Manual/Server` as
    /// `host:port` (example `proxy.contoso.com:80`). What Windows does with other values, or
    /// with both set, is not documented.
    fn check(&self, cx: &mut Context) {
        let Some(proxy) = cx.model.profile.as_ref().and_then(|p| p.proxy.as_ref()) else {
            return;
        };
        let both = proxy
            .auto_config_url
            .as_ref()
            .zip(proxy.manual_server.as_ref());
        if let Some((url, server)) = both {
            cx.report(
                url.trimmed_span(),
                "`Proxy` sets both a PAC file (`AutoConfigUrl`) and a fixed server (`Manual/Server`); which one Windows uses is not documented",
            )
            .label(server.trimmed_span(), "fixed proxy")
            .help("keep one of them: `AutoConfigUrl` when the proxy choice depends on the destination, `Manual/Server` otherwise");
        }
        if let Some(url) = &proxy.auto_config_url {
            check_url(cx, url);
        }
        if let Some(server) = &proxy.manual_server {
            check_server(cx, server);
        }
    }
}

fn check_url(cx: &mut Context, leaf: &Leaf) {
    let text = leaf.trimmed();
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"));
    let host_ok = rest.is_some_and(|r| {
        let host = r.split(['/', ':', '?']).next().unwrap_or("");
        !host.is_empty()
    });
    if host_ok && !text.contains(char::is_whitespace) {
        return;
    }
    let reason = if text.is_empty() {
        "is empty".to_string()
    } else if text.contains(char::is_whitespace) {
        "contains spaces".to_string()
    } else if !lower.contains("://") {
        "has no `http://` or `https://` scheme".to_string()
    } else {
        "is not an http(s) URL with a host".to_string()
    };
    let suggestion = if !text.is_empty()
        && !lower.contains("://")
        && !text.contains(char::is_whitespace)
    {
        if text.contains('/') {
            format!("write the full URL: `http://{text}`")
        } else {
            format!("write the full URL of the PAC file, e.g. `http://{text}/proxy.pac`")
        }
    } else {
        "write the full http(s) URL of the PAC file, e.g. `http://proxy.corp.example.com/proxy.pac`"
            .to_string()
    };
    cx.report(
        leaf.trimmed_span(),
        format!("`AutoConfigUrl` `{text}` {reason}: Windows downloads the proxy auto-configuration (PAC) file from this URL, so no proxy script will be found"),
    )
    .help(suggestion);
}

fn check_server(cx: &mut Context, leaf: &Leaf) {
    let text = leaf.trimmed();
    let port_ok = text.rsplit_once(':').is_some_and(|(host, port)| {
        !host.is_empty() && !host.contains("//") && port.parse::<u16>().is_ok_and(|p| p > 0)
    });
    if port_ok && !text.contains(char::is_whitespace) && !text.contains("://") {
        return;
    }
    let (reason, help) = if let Some((_, rest)) = text.split_once("://") {
        let host = rest.trim_end_matches('/');
        let has_port = host
            .rsplit_once(':')
            .is_some_and(|(_, port)| port.parse::<u16>().is_ok());
        let help = if has_port {
            format!("write only host and port: `{host}`")
        } else {
            format!("write only host and port: `{host}:8080` (with your proxy's port)")
        };
        ("includes a URL scheme".to_string(), help)
    } else if text.is_empty() {
        (
            "is empty".to_string(),
            "write the proxy as `host:port`, e.g. `proxy.corp.example.com:8080`".to_string(),
        )
    } else {
        (
            "has no port".to_string(),
            format!("add the proxy port: `{text}:8080` (with your proxy's port)"),
        )
    };
    cx.report(
        leaf.trimmed_span(),
        format!("`Manual/Server` `{text}` {reason}; the CSP expects `host:port` (e.g. `proxy.contoso.com:80`)"),
    )
    .help(help);
}
