//! R024 `traffic-filter-range-invalid`: an entry of a traffic filter's address ranges that is
//! no address, range or prefix.

use super::addr::{address_problem, max_prefix, parse_ip, parse_range};
use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::Leaf;
use crate::rules::util::{is_script_variable, span_in_leaf, split_entries};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct TrafficFilterRangeInvalid;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "R024",
    name: "traffic-filter-range-invalid",
    severity: Severity::Warning,
    category: Category::Routing,
    summary: "An entry of `TrafficFilter/RemoteAddressRanges` or `LocalAddressRanges` that is not an IP address, an `a-b` range or a CIDR prefix (e.g. `172.16.0.0.24`, `10.0.0.0/33`, a host name).",
    predicts: &["filter rejected or matching nothing; traffic to that network blocked by the implicit deny"],
    evidence: Evidence::Inferred,
    superseded_by: &[&crate::rules::structure::invisible_character::META],
    fix: FixKind::Unsafe,
    ..RuleMeta::BASE
};

impl Rule for TrafficFilterRangeInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// VPNv2 CSP: `RemoteAddressRanges`/`LocalAddressRanges` are "comma separated" IP address
    /// ranges; Microsoft's samples use single addresses, `a.b.c.d/len` and `a-b` ranges. What
    /// Windows does with an entry that is none of these (reject the profile, drop the filter,
    /// or let it match nothing) is not documented, hence `warning`.
    fn check(&self, cx: &mut Context) {
        let Some(profile) = &cx.model.profile else {
            return;
        };
        for filter in &profile.traffic_filters {
            for (element, leaf) in [
                ("RemoteAddressRanges", &filter.remote_address_ranges),
                ("LocalAddressRanges", &filter.local_address_ranges),
            ] {
                if let Some(leaf) = leaf {
                    check_ranges(cx, element, leaf);
                }
            }
        }
    }
}

fn check_ranges(cx: &mut Context, element: &str, leaf: &Leaf) {
    let text: &str = &leaf.text;
    // A value a script fills in (`$Ranges`, `$($cfg.Ranges)`) is not known here.
    if text.contains('$') && (is_script_variable(text) || text.contains("$(")) {
        return;
    }
    for entry in split_entries(text, ',') {
        let item = entry.trimmed();
        // An empty entry (`a,,b`, a trailing comma) adds nothing; not judged.
        if item.is_empty() || parse_range(item).is_some() {
            continue;
        }
        let span = span_in_leaf(leaf, entry.trimmed_range());
        let why = range_problem(item);
        let diagnostic = cx.report(
            span,
            format!("`{item}` in `{element}` is not an IP address, range or prefix: {why}; what Windows does with it is not documented: the profile may be rejected, or the network meant falls under the traffic filters' implicit deny"),
        );
        match typo_prefix(item) {
            Some(cidr) => {
                diagnostic.help(format!("write `{cidr}` (a `/` before the prefix length)"));
                diagnostic.fix(Fix::unsafe_edit(
                    format!("Write `{cidr}`"),
                    vec![Edit::replace(span, cidr)],
                ));
            }
            None => {
                diagnostic.help("write a single address (`10.0.0.10`), a prefix (`10.0.0.0/24`) or a range (`10.0.0.1-10.0.0.99`), entries separated by commas");
            }
        }
    }
}

/// Why `item` is no address range, as a phrase that reads after a colon.
fn range_problem(item: &str) -> String {
    if item.contains(';') {
        return "entries are separated by `;`; the list takes commas".into();
    }
    if let Some((address, prefix)) = item.split_once('/') {
        let Some(ip) = parse_ip(address) else {
            return format!(
                "the address before `/` is not one ({})",
                address_problem(address).unwrap_or_default()
            );
        };
        return match prefix.trim().parse::<u32>() {
            Ok(bits) => format!(
                "`/{bits}` is longer than an {} address ({} bits)",
                if ip.is_ipv4() { "IPv4" } else { "IPv6" },
                max_prefix(ip)
            ),
            Err(_) => format!("`/{}` is not a prefix length", prefix.trim()),
        };
    }
    if let Some((first, last)) = item.split_once('-') {
        return match (parse_ip(first), parse_ip(last)) {
            (Some(a), Some(b)) if a.is_ipv4() != b.is_ipv4() => {
                "the range mixes an IPv4 and an IPv6 address".into()
            }
            (Some(_), Some(_)) => {
                "the range runs backwards (its first address is larger than its last)".into()
            }
            (None, _) => format!(
                "`{}` is not an address ({})",
                first.trim(),
                address_problem(first).unwrap_or_default()
            ),
            (_, None) => format!(
                "`{}` is not an address ({})",
                last.trim(),
                address_problem(last).unwrap_or_default()
            ),
        };
    }
    address_problem(item).unwrap_or_else(|| "not an address".into())
}

/// `172.16.0.0.24`: four octets and a prefix length joined by `.` instead of `/`, the typo
/// seen in a published template. The prefix must be a valid IPv4 length.
fn typo_prefix(item: &str) -> Option<String> {
    let (address, prefix) = item.rsplit_once('.')?;
    let ip = parse_ip(address).filter(|ip| ip.is_ipv4())?;
    let bits: u8 = prefix.parse().ok().filter(|b| *b <= 32)?;
    // `10.0.0.1.5` could as well be a mistyped address; only a network address whose host bits
    // are clear for that prefix reads as a prefix typo.
    (super::addr::network(ip, bits) == ip).then(|| format!("{address}/{bits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_bad_ranges() {
        assert!(range_problem("172.16.0.0.24").starts_with("5 dot-separated"));
        assert!(range_problem("10.0.0.0/33").contains("`/33`"));
        assert!(range_problem("10.0.0.9-10.0.0.1").contains("backwards"));
        assert!(range_problem("10.0.0.1-fe80::1").contains("mixes"));
        assert!(range_problem("dc1.corp.example").contains("name"));
        assert!(range_problem("10.0.0.1;10.0.0.2").contains("`;`"));
    }

    #[test]
    fn repairs_only_a_prefix_typo() {
        assert_eq!(
            typo_prefix("172.16.0.0.24").as_deref(),
            Some("172.16.0.0/24")
        );
        assert_eq!(typo_prefix("10.0.0.1.5"), None);
        assert_eq!(typo_prefix("10.0.0.0.33"), None);
        assert_eq!(typo_prefix("10.0.0.0"), None);
    }
}
