//! T013 `servers-syntax`: a server entry that is not a bare host name or IP address.

use super::servers::{server_entries, servers_leaf, ServerEntry};
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::Leaf;
use crate::rules::structure::literal_span;
use crate::rules::util::{host_name_problem, ip_literal, span_in_leaf, split_entries};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct ServersSyntax;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T013",
    name: "servers-syntax",
    severity: Severity::Error,
    category: Category::Tunnel,
    summary: "An entry in `Servers` (or `ServerUrlList`) that is not a bare host name or IP address: a scheme (`https://`), a path, a port, whitespace, an empty label (`contoso..com`), characters a host name cannot hold.",
    predicts: &["868", "809", "800"],
    evidence: Evidence::Documented,
    superseded_by: &[
        // An invisible character in an entry: that rule names the character.
        &crate::rules::structure::invisible_character::META,
        // A `Servers` value that is empty as a whole.
        &crate::rules::structure::profile_kind_structure::META,
    ],
    fix: FixKind::Mixed,
    ..RuleMeta::BASE
};

impl Rule for ServersSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        if let Some(servers) = servers_leaf(cx) {
            check_servers(cx, servers);
        }
        let plugin_lists: Vec<&Leaf> = cx
            .model
            .profile
            .iter()
            .flat_map(|p| p.plugin_profiles.iter())
            .filter_map(|p| p.server_url_list.as_ref())
            .collect();
        for list in plugin_lists {
            check_plugin_list(cx, list);
        }
    }
}

fn check_servers(cx: &mut Context, leaf: &Leaf) {
    let xml = cx.xml;
    let entries = server_entries(leaf);
    let count = entries.len();
    if count == 1 && entries[0].raw.trim().is_empty() {
        // Empty as a whole: no gateway at all, not a stray separator.
        cx.report(
            span_in_leaf(leaf, entries[0].raw_range.clone()),
            "`Servers` is empty; the connection has no gateway to dial",
        )
        .help("write the VPN gateway's public DNS name");
        return;
    }
    for (i, entry) in entries.iter().enumerate() {
        if entry.raw.trim().is_empty() {
            // `a,` or `a,,b`: an empty server between separators.
            let fix = empty_entry_edit(xml, leaf, &entries, i)
                .and_then(|edit| Fix::safe("Remove the empty entry", vec![edit]));
            cx.report(
                span_in_leaf(leaf, entry.raw_range.clone()),
                format!(
                    "`Servers` has an empty entry (position {} of {count})",
                    i + 1
                ),
            )
            .severity(Severity::Warning)
            .help(format!(
                "remove the extra `,`: write `{}`",
                joined_without_empty(&leaf.text)
            ))
            .fix(fix);
            continue;
        }
        if entry.server.is_empty() {
            cx.report(
                span_in_leaf(leaf, entry.raw_range.clone()),
                "this `Servers` entry has a friendly name after `;` but no server before it; Windows has nothing to dial",
            )
            .help("write the server's DNS name before the `;` (`vpn.example.net;Display name`)");
            continue;
        }
        if ip_literal(entry.server).is_some() {
            continue;
        }
        let Some(problem) = host_name_problem(entry.server) else {
            continue;
        };
        let span = span_in_leaf(leaf, entry.server_range.clone());
        let port_only = is_port_only(entry.server);
        let diagnostic = cx.report(
            span,
            format!(
                "`Servers` entry `{}` is not a host name: {problem}; {}",
                entry.server,
                if port_only {
                    "the built-in client expects a bare name (IKEv2 uses UDP 500/4500, SSTP TCP 443), and whether it accepts a port here is not documented"
                } else {
                    "Windows resolves the whole entry as a DNS name, the lookup fails and no tunnel is attempted (error 868, seen as 809/800 with Automatic)"
                }
            ),
        );
        if port_only {
            diagnostic.severity(Severity::Warning);
        }
        match normalised_host(entry.server) {
            Some(host) => {
                let fix = literal_span(xml, leaf, entry.server_range.clone())
                    .and_then(|span| host_fix(entry.server, &host, span));
                diagnostic
                    .help(format!(
                        "write `{host}`{}",
                        friendly_tail(entry.friendly.as_ref().map(|f| f.0))
                    ))
                    .fix(fix)
            }
            None => diagnostic.help("write the gateway's public DNS name (as in its certificate) or IP address, nothing else"),
        };
    }
}

/// The fix that writes `host` for the server part `written`: safe when only a scheme, a path,
/// whitespace or empty labels go (none of it can reach the gateway), unsafe when a port goes
/// (the gateway may really listen there, and the client will then dial the default port).
fn host_fix(written: &str, host: &str, span: crate::span::Span) -> Option<Fix> {
    let title = format!("Replace `{written}` with `{host}`");
    let edits = vec![Edit::replace(span, host)];
    if carries_port(written) {
        Fix::unsafe_edit(title, edits)
    } else {
        Fix::safe(title, edits)
    }
}

/// Whether the entry names a port (`host:8443`, `https://host:443/path`).
fn carries_port(text: &str) -> bool {
    let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    authority
        .rsplit_once(':')
        .is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
}

/// The edit that removes the empty entry `i` and one `,` next to it (the one before it, or the
/// one after it for a leading empty entry).
fn empty_entry_edit(xml: &str, leaf: &Leaf, entries: &[ServerEntry], i: usize) -> Option<Edit> {
    let range = entries[i].raw_range.clone();
    let range = if i > 0 {
        range.start - 1..range.end
    } else {
        range.start..range.end + 1
    };
    literal_span(xml, leaf, range).map(Edit::delete)
}

fn friendly_tail(friendly: Option<&str>) -> String {
    friendly.map_or_else(String::new, |f| format!(" (keeping `;{f}`)"))
}

fn joined_without_empty(text: &str) -> String {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// `host:443`: only a port added to an otherwise valid name.
fn is_port_only(text: &str) -> bool {
    text.rsplit_once(':').is_some_and(|(host, port)| {
        !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
            && host_name_problem(host).is_none()
    })
}

/// The host name the entry most likely meant: scheme, path, port and whitespace removed,
/// empty labels collapsed. `None` when that still is not a host name.
pub fn normalised_host(text: &str) -> Option<String> {
    let mut host = text.trim();
    if let Some((_, rest)) = host.split_once("://") {
        host = rest;
    }
    host = host.split(['/', '?', '#']).next().unwrap_or(host);
    if let Some((name, port)) = host.rsplit_once(':') {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            host = name;
        }
    }
    let squeezed: String = host.chars().filter(|c| !c.is_whitespace()).collect();
    let labels: Vec<&str> = squeezed.split('.').filter(|l| !l.is_empty()).collect();
    let candidate = labels.join(".");
    (host_name_problem(&candidate).is_none() || ip_literal(&candidate).is_some())
        .then_some(candidate)
        .filter(|c| c != text)
}

/// `PluginProfile/ServerUrlList`: `;`-separated; entries may be URLs (the plug-in reads
/// them), so only the host part is checked, for what cannot resolve anywhere.
fn check_plugin_list(cx: &mut Context, leaf: &Leaf) {
    let xml = cx.xml;
    for entry in split_entries(&leaf.text, ';') {
        let value = entry.trimmed();
        if value.is_empty() {
            continue;
        }
        let host = url_host(value);
        if ip_literal(host).is_some() {
            continue;
        }
        let problem = match host_name_problem(host) {
            Some(problem) if !is_port_only(host) => problem,
            _ => continue,
        };
        let diagnostic = cx.report(
            span_in_leaf(leaf, entry.trimmed_range()),
            format!("`ServerUrlList` entry `{value}` does not name a valid host: {problem}; the plug-in cannot resolve it"),
        );
        // A plug-in may well use a port: it is kept.
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
                (name, Some(port))
            }
            _ => (host, None),
        };
        let fixed = normalised_host(name).map(|fixed| match port {
            Some(port) => format!("{fixed}:{port}"),
            None => fixed,
        });
        match fixed {
            Some(fixed) => {
                let rewritten = value.replacen(host, &fixed, 1);
                let fix = literal_span(xml, leaf, entry.trimmed_range()).and_then(|span| {
                    Fix::safe(
                        format!("Replace `{value}` with `{rewritten}`"),
                        vec![Edit::replace(span, rewritten.clone())],
                    )
                });
                diagnostic.help(format!("write `{rewritten}`")).fix(fix)
            }
            None => diagnostic.help("write the gateway's DNS name, IP address or URL"),
        };
    }
}

/// The host part of a URL (`https://host:443/path` → `host:443`), or the text itself.
fn url_host(text: &str) -> &str {
    let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_what_it_can() {
        assert_eq!(
            normalised_host("https://vpn.example.net/"),
            Some("vpn.example.net".into())
        );
        assert_eq!(
            normalised_host("vpn.example.net:443"),
            Some("vpn.example.net".into())
        );
        assert_eq!(normalised_host("contoso..com"), Some("contoso.com".into()));
        assert_eq!(normalised_host("**Your FQDN**"), None);
    }
}
