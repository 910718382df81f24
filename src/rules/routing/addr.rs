//! IPv4/IPv6 addresses, prefixes and address ranges as ProfileXML writes them (`Route/Address`
//! + `PrefixSize`, `DnsServers`, `TrafficFilter/*AddressRanges`), parsed once with `std::net`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An IPv4 or IPv6 literal (surrounding whitespace ignored); `None` for anything else.
pub fn parse_ip(text: &str) -> Option<IpAddr> {
    text.trim().parse().ok()
}

/// The longest prefix for the address family: 32 or 128.
pub fn max_prefix(ip: IpAddr) -> u8 {
    match ip {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

fn to_bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

fn from_bits(like: IpAddr, bits: u128) -> IpAddr {
    match like {
        // Only the low 32 bits are ever set for an IPv4 address.
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(bits as u32)),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(bits)),
    }
}

/// Mask of the host part for `prefix` bits of network in a family of `width` bits.
fn host_mask(width: u8, prefix: u8) -> u128 {
    let host_bits = u32::from(width.saturating_sub(prefix.min(width)));
    let family = if width >= 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    if host_bits >= 128 {
        family
    } else {
        ((1u128 << host_bits) - 1) & family
    }
}

/// The network address of `ip` for `prefix` (host bits cleared): `172.21.12.0`/21 → `172.21.8.0`.
/// A prefix longer than the family allows is treated as the full length.
pub fn network(ip: IpAddr, prefix: u8) -> IpAddr {
    let mask = host_mask(max_prefix(ip), prefix);
    from_bits(ip, to_bits(ip) & !mask)
}

/// The longest prefix for which `ip` is itself the network address (its trailing zero bits):
/// `172.21.12.0` → 22.
pub fn longest_network_prefix(ip: IpAddr) -> u8 {
    let width = max_prefix(ip);
    let zeros = to_bits(ip).trailing_zeros().min(u32::from(width));
    // `zeros` ≤ 128, so the cast is lossless.
    width - zeros as u8
}

/// Why `text` is not an IP literal, as a phrase that reads after a colon (`a name, not an
/// address`); `None` when it is one.
pub fn address_problem(text: &str) -> Option<String> {
    let text = text.trim();
    if parse_ip(text).is_some() {
        return None;
    }
    if text.is_empty() {
        return Some("empty".into());
    }
    if let Some((address, prefix)) = text.split_once('/') {
        if parse_ip(address).is_some() {
            return Some(format!(
                "written in CIDR notation (`/{prefix}` belongs in `PrefixSize`)"
            ));
        }
    }
    if text.contains(':') {
        return Some("not a valid IPv6 address".into());
    }
    let parts: Vec<&str> = text.split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if numeric {
        if parts.len() != 4 {
            return Some(format!("{} dot-separated parts instead of 4", parts.len()));
        }
        if let Some(big) = parts
            .iter()
            .find(|p| p.parse::<u32>().map_or(true, |n| n > 255))
        {
            return Some(format!("`{big}` is larger than 255"));
        }
        return Some("an octet with a leading zero".into());
    }
    if text
        .bytes()
        .any(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
        && !text.contains(char::is_whitespace)
    {
        return Some("a name, not an address".into());
    }
    Some("not an IPv4 or IPv6 address".into())
}

/// An inclusive range of addresses of one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddrRange {
    pub first: IpAddr,
    pub last: IpAddr,
}

impl AddrRange {
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.first.is_ipv4() == ip.is_ipv4()
            && to_bits(self.first) <= to_bits(ip)
            && to_bits(ip) <= to_bits(self.last)
    }

    pub fn is_ipv6(&self) -> bool {
        self.first.is_ipv6()
    }

    /// Whether the two ranges share an address (never across address families).
    pub fn overlaps(&self, other: &AddrRange) -> bool {
        self.first.is_ipv4() == other.first.is_ipv4()
            && to_bits(self.first) <= to_bits(other.last)
            && to_bits(other.first) <= to_bits(self.last)
    }
}

/// One entry of a traffic-filter address list: `10.0.0.1`, `10.0.0.0/24` or
/// `10.0.0.1-10.0.0.9` (the forms the CSP documents and Microsoft's samples use).
pub fn parse_range(text: &str) -> Option<AddrRange> {
    let text = text.trim();
    if let Some((address, prefix)) = text.split_once('/') {
        let ip = parse_ip(address)?;
        let prefix: u8 = prefix.trim().parse().ok()?;
        if prefix > max_prefix(ip) {
            return None;
        }
        let first = network(ip, prefix);
        let last = from_bits(ip, to_bits(first) | host_mask(max_prefix(ip), prefix));
        return Some(AddrRange { first, last });
    }
    if let Some((a, b)) = text.split_once('-') {
        let (first, last) = (parse_ip(a)?, parse_ip(b)?);
        if first.is_ipv4() != last.is_ipv4() || to_bits(first) > to_bits(last) {
            return None;
        }
        return Some(AddrRange { first, last });
    }
    let ip = parse_ip(text)?;
    Some(AddrRange {
        first: ip,
        last: ip,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        parse_ip(text).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn parses_literals_only() {
        assert_eq!(
            parse_ip(" 10.0.0.1 "),
            Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)))
        );
        assert!(parse_ip("2001:db8:2112::").is_some_and(|a| a.is_ipv6()));
        assert_eq!(parse_ip("10.0.0.0/8"), None);
        assert_eq!(parse_ip("10.0.0.256"), None);
        assert_eq!(parse_ip("dc1.corp.example"), None);
    }

    #[test]
    fn masks_networks() {
        assert_eq!(network(ip("172.21.12.0"), 21), ip("172.21.8.0"));
        assert_eq!(network(ip("10.1.2.3"), 8), ip("10.0.0.0"));
        assert_eq!(network(ip("10.1.2.3"), 32), ip("10.1.2.3"));
        assert_eq!(network(ip("10.1.2.3"), 0), ip("0.0.0.0"));
        assert_eq!(network(ip("2001:db8:2112:1::"), 48), ip("2001:db8:2112::"));
        assert_eq!(network(ip("2001:db8::1"), 128), ip("2001:db8::1"));
        assert_eq!(network(ip("2001:db8::1"), 0), ip("::"));
    }

    #[test]
    fn longest_prefix_of_a_network_address() {
        assert_eq!(longest_network_prefix(ip("172.21.12.0")), 22);
        assert_eq!(longest_network_prefix(ip("10.0.0.0")), 7);
        assert_eq!(longest_network_prefix(ip("10.0.0.1")), 32);
        assert_eq!(longest_network_prefix(ip("0.0.0.0")), 0);
        assert_eq!(longest_network_prefix(ip("2001:db8::")), 29);
    }

    #[test]
    fn explains_bad_addresses() {
        assert_eq!(address_problem("10.0.0.0"), None);
        assert!(address_problem("10.0.0.0/8").is_some_and(|p| p.contains("CIDR")));
        assert!(address_problem("10.0.0.300").is_some_and(|p| p.contains("`300`")));
        assert!(address_problem("172.16.0.0.24").is_some_and(|p| p.starts_with("5 dot-separated")));
        assert!(address_problem("vpn.example.com").is_some_and(|p| p.contains("name")));
        assert!(address_problem("2001:db8::g").is_some_and(|p| p.contains("IPv6")));
        assert!(address_problem("").is_some());
    }

    #[test]
    fn ranges() {
        let cidr = parse_range("172.16.0.0/24");
        assert!(cidr.is_some_and(|r| r.contains(ip("172.16.0.255"))));
        assert!(cidr.is_some_and(|r| !r.contains(ip("172.16.1.0"))));
        let dash = parse_range("10.10.10.10-20.20.20.20");
        assert!(dash.is_some_and(|r| r.contains(ip("15.0.0.1"))));
        assert!(parse_range(" 10.10.0.2").is_some_and(|r| r.contains(ip("10.10.0.2"))));
        assert!(parse_range("2001:db8::/32").is_some_and(|r| r.is_ipv6()));
        assert_eq!(parse_range("172.16.0.0.24"), None);
        assert_eq!(parse_range("10.0.0.0/33"), None);
        assert_eq!(parse_range("10.0.0.9-10.0.0.1"), None);
        assert!(cidr.is_some_and(|r| !r.contains(ip("::ffff:172.16.0.1"))));
        let wide = parse_range("172.16.0.0/12");
        let other = parse_range("10.0.0.0/8");
        assert!(matches!((cidr, wide), (Some(a), Some(b)) if a.overlaps(&b) && b.overlaps(&a)));
        assert!(matches!((cidr, other), (Some(a), Some(b)) if !a.overlaps(&b)));
    }
}
