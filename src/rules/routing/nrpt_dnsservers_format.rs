//! R010 `nrpt-dnsservers-format`: `DnsServers` that is not a comma-separated list of addresses.

use super::addr::{address_problem, parse_ip};
use super::list_shape;
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};
use crate::span::Span;

pub struct NrptDnsserversFormat;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R010",
    name: "nrpt-dnsservers-format",
    severity: Severity::Error,
    category: Category::Routing,
    summary: "`DnsServers` not a comma-separated list of IP literals (semicolons, spaces only, host names, ports), or empty (warning).",
    predicts: &["NRPT rule invalid; internal names not resolved through the tunnel"],
    evidence: Evidence::Documented,
    superseded_by: &[&crate::rules::structure::invisible_character::META],
    fix: FixKind::Mixed,
    ..RuleMeta::BASE
};

impl Rule for NrptDnsserversFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: `DnsServers` is a "List of comma separated DNS Server IP addresses to use for the
    /// namespace".
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for rule in &profile.domain_name_information {
            let Some(servers) = &rule.dns_servers else {
                continue;
            };
            // An empty element lists no address. The documented way to write an NRPT exemption
            // is to omit `DnsServers` (Hicks, "Always On VPN and the NRPT"); what Windows does
            // with an empty list is not documented (a deployment script's changelog reports
            // Windows 11 rejecting it), hence `warning`. A variable a script fills in is not
            // empty and not judged here.
            if servers.trimmed().is_empty() {
                let span = servers.element_span;
                let exemption = rule.web_proxy_servers.is_none();
                let line = whole_line(cx.xml, span);
                cx.report(
                    span,
                    "`DnsServers` is empty: it lists no DNS server address; an NRPT exemption is written by leaving `DnsServers` out, and an empty list is no documented form (it is reported to make Windows 11 reject the profile)",
                )
                .severity(Severity::Warning)
                .help(if exemption {
                    "list the internal DNS servers (`<DnsServers>10.0.0.10,10.0.0.11</DnsServers>`), or remove the element if the rule is meant as an exemption"
                } else {
                    "list the internal DNS servers (`<DnsServers>10.0.0.10,10.0.0.11</DnsServers>`), or remove the element"
                })
                // Removing it makes the rule an exemption (or a proxy-only rule): what Windows
                // would do with an empty list if it accepted it, but maybe not what was meant.
                .fix(Fix::unsafe_edit(
                    "Remove the empty `DnsServers` element",
                    vec![Edit::delete(line)],
                ));
                continue;
            }
            // The usual value, addresses separated by bare commas, has nothing to report.
            if servers
                .trimmed()
                .split(',')
                .all(|item| item.trim() == item && parse_ip(item).is_some())
            {
                continue;
            }
            let shape = list_shape(&servers.text);
            let bad = problems(&shape.items);
            let span = servers.trimmed_span();
            if !bad.is_empty() {
                let fixed: Vec<String> = shape
                    .items
                    .iter()
                    .filter_map(|item| fixed_address(item))
                    .collect();
                let diagnostic = cx.report(
                    span,
                    format!("`DnsServers` must list IP addresses, not {bad}: the NRPT rule is invalid and these names are not resolved through the tunnel"),
                );
                if fixed.len() == shape.items.len() {
                    let list = fixed.join(",");
                    diagnostic.help(format!("write `<DnsServers>{list}</DnsServers>`"));
                    // Dropping `:53` changes nothing; dropping another port sends the queries
                    // to port 53 instead, which may not be what that server listens on.
                    let title = format!("Write `{list}`");
                    let edits = vec![Edit::replace(span, list.clone())];
                    diagnostic.fix(if shape.items.iter().all(|i| port_is_53_or_none(i)) {
                        Fix::safe(title, edits)
                    } else {
                        Fix::unsafe_edit(title, edits)
                    });
                } else {
                    diagnostic.help("list the IP addresses of the DNS servers, separated by commas, e.g. `10.0.0.10,10.0.0.11`");
                }
            } else if let Some(separator) = shape.bad_separator {
                let list = shape.joined();
                cx.report(
                    span,
                    format!("`DnsServers` is separated by {separator}; Windows expects a comma-separated list, so the rule is invalid and these names are not resolved through the tunnel"),
                )
                .help(format!("write `<DnsServers>{list}</DnsServers>`"))
                .fix(Fix::safe(
                    format!("Separate the addresses with commas: `{list}`"),
                    vec![Edit::replace(span, list.clone())],
                ));
            } else if shape.padded_commas {
                let list = shape.joined();
                cx.report(
                    span,
                    "`DnsServers` has spaces around its commas; the CSP documents a plain comma-separated list and does not say whether Windows trims the spaces",
                )
                .severity(Severity::Info)
                .help(format!("write `<DnsServers>{list}</DnsServers>`"))
                .fix(Fix::safe(
                    format!("Remove the spaces: `{list}`"),
                    vec![Edit::replace(span, list.clone())],
                ));
            }
        }
    }
}

/// What is wrong with the entries, entries with the same problem grouped; empty when all are
/// addresses.
fn problems(items: &[String]) -> String {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for item in items {
        let Some(why) = address_problem(item) else {
            continue;
        };
        let why = if fixed_address(item).is_some() {
            "includes a port; DNS servers are always queried on port 53".to_string()
        } else {
            why
        };
        match groups.iter_mut().find(|(w, _)| *w == why) {
            Some((_, entries)) => entries.push(format!("`{item}`")),
            None => groups.push((why, vec![format!("`{item}`")])),
        }
    }
    groups
        .iter()
        .map(|(why, entries)| format!("{} ({why})", entries.join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The address inside an entry that is an address with a port or in brackets.
fn fixed_address(item: &str) -> Option<String> {
    if let Some(ip) = parse_ip(item) {
        return Some(ip.to_string());
    }
    let (host, port) = item.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    parse_ip(host.trim_matches(['[', ']'])).map(|ip| ip.to_string())
}

/// Whether an entry is a plain address or an address with port 53.
fn port_is_53_or_none(item: &str) -> bool {
    parse_ip(item).is_some() || item.rsplit_once(':').is_some_and(|(_, port)| port == "53")
}

/// `span` widened to its whole line (indentation and line break) when nothing else stands on
/// that line, so that deleting an element leaves no blank line behind.
fn whole_line(xml: &str, span: Span) -> Span {
    let line_start = xml[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let after = &xml[span.end..];
    let line_end = after.find('\n').map_or(xml.len(), |i| span.end + i + 1);
    let before_blank = xml[line_start..span.start]
        .chars()
        .all(|c| c == ' ' || c == '\t');
    let after_blank = xml[span.end..line_end].trim().is_empty();
    if before_blank && after_blank && line_start > 0 {
        Span::new(line_start, line_end)
    } else {
        span
    }
}
