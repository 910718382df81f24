//! Whether a name in a certificate covers a host name, the way Windows' client matches a
//! server certificate against `<Servers>` / `ServerNames`.

/// `pattern_from_cert` (a SAN dNSName or CN) matches `host`: equal ignoring ASCII case and
/// a trailing dot, or a wildcard `*` as the whole left-most label standing for exactly one
/// label (RFC 6125 §6.4.3). Partial-label wildcards (`vpn*.example.com`), wildcards elsewhere,
/// and a wildcard over a single remaining label (`*.com`) do not match: browsers and Windows
/// refuse them, so accepting them here would hide a certificate the client rejects.
pub fn name_matches(pattern_from_cert: &str, host: &str) -> bool {
    let pattern = pattern_from_cert.trim().trim_end_matches('.');
    let host = host.trim().trim_end_matches('.');
    if pattern.is_empty() || host.is_empty() {
        return false;
    }
    let Some(suffix) = pattern.strip_prefix("*.") else {
        return !pattern.contains('*') && pattern.eq_ignore_ascii_case(host);
    };
    if suffix.contains('*') || !suffix.contains('.') {
        return false;
    }
    let Some((first_label, host_suffix)) = host.split_once('.') else {
        return false;
    };
    !first_label.is_empty() && host_suffix.eq_ignore_ascii_case(suffix)
}

#[cfg(test)]
mod tests {
    use super::name_matches;

    #[test]
    fn exact_names_ignore_case_and_a_trailing_dot() {
        assert!(name_matches("vpn.example.com", "VPN.Example.com"));
        assert!(name_matches("vpn.example.com.", "vpn.example.com"));
        assert!(!name_matches("vpn.example.com", "vpn2.example.com"));
        assert!(!name_matches("vpn.example.com", "example.com"));
        assert!(!name_matches("", ""));
    }

    #[test]
    fn a_wildcard_stands_for_one_left_most_label() {
        assert!(name_matches("*.example.com", "vpn.example.com"));
        assert!(name_matches("*.Example.com", "VPN.example.COM"));
        assert!(!name_matches("*.example.com", "example.com"));
        assert!(!name_matches("*.example.com", "a.vpn.example.com"));
        assert!(!name_matches("*.example.com", ".example.com"));
    }

    #[test]
    fn other_wildcards_never_match() {
        assert!(!name_matches("vpn*.example.com", "vpn1.example.com"));
        assert!(!name_matches("*vpn.example.com", "avpn.example.com"));
        assert!(!name_matches("vpn.*.com", "vpn.example.com"));
        assert!(!name_matches("*.*.com", "a.b.com"));
        assert!(!name_matches("*.com", "example.com"));
        assert!(!name_matches("*", "example"));
    }
}
