//! The ProfileXML schema as data: which children each element may have, and the kind of value
//! each leaf holds. Element names and enum values are declared here once; the model builder,
//! the schema rules and the "did you mean" suggestions all read this table.
//!
//! Source: the VPNv2 CSP ProfileXML XSD (2023 revision) plus the CSP nodes that Windows accepts
//! inside ProfileXML although the XSD omits them (the CSP reference,
//! learn.microsoft.com/windows/client-management/mdm/vpnv2-csp, lists them as nodes).

/// What an element holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Child elements, checked against their own table.
    Complex,
    /// Child elements that are not checked (undocumented or free-form containers).
    Opaque,
    /// Windows accepts exactly `true` or `false` (lower case); anything else is dropped.
    Bool,
    /// One of a documented set of words; Windows matches them case-insensitively.
    Enum(&'static [&'static str]),
    /// A non-negative whole number.
    Number,
    /// Free text (checked, where needed, by a specific rule).
    Text,
}

/// One allowed child element.
#[derive(Debug, Clone, Copy)]
pub struct ElementDef {
    pub name: &'static str,
    pub kind: ValueKind,
    /// `false` for elements that may repeat (`Route`, `TrafficFilter`, ...).
    pub single: bool,
}

const fn one(name: &'static str, kind: ValueKind) -> ElementDef {
    ElementDef {
        name,
        kind,
        single: true,
    }
}

const fn many(name: &'static str, kind: ValueKind) -> ElementDef {
    ElementDef {
        name,
        kind,
        single: false,
    }
}

use ValueKind::{Bool, Complex, Enum, Number, Opaque, Text};

pub const NATIVE_PROTOCOL_TYPES: &[&str] =
    &["IKEv2", "Automatic", "PPTP", "L2TP", "SSTP", "ProtocolList"];
pub const ROUTING_POLICY_TYPES: &[&str] = &["SplitTunnel", "ForceTunnel"];
pub const USER_METHODS: &[&str] = &["EAP", "MSChapv2"];
pub const MACHINE_METHODS: &[&str] = &["Certificate"];
pub const AUTHENTICATION_TRANSFORM_CONSTANTS: &[&str] = &[
    "MD596",
    "SHA196",
    "SHA256128",
    "GCMAES128",
    "GCMAES192",
    "GCMAES256",
];
pub const CIPHER_TRANSFORM_CONSTANTS: &[&str] = &[
    "DES",
    "DES3",
    "AES128",
    "AES192",
    "AES256",
    "GCMAES128",
    "GCMAES192",
    "GCMAES256",
];
pub const ENCRYPTION_METHODS: &[&str] = &[
    "DES",
    "DES3",
    "AES128",
    "AES192",
    "AES256",
    "AES_GCM_128",
    "AES_GCM_256",
];
pub const INTEGRITY_CHECK_METHODS: &[&str] = &["MD5", "SHA196", "SHA256", "SHA384"];
pub const DH_GROUPS: &[&str] = &[
    "None", "Group1", "Group2", "Group14", "ECP256", "ECP384", "Group24",
];
pub const PFS_GROUPS: &[&str] = &[
    "None", "PFS1", "PFS2", "PFS2048", "ECP256", "ECP384", "PFSMM", "PFS24",
];
pub const DIRECTIONS: &[&str] = &["Outbound", "Inbound"];
pub const DATA_ENCRYPTION: &[&str] = &["None", "Require", "Max", "Optional"];
pub const PROTOCOL_LIST_TYPES: &[&str] = &["Pptp", "L2tp", "Ikev2", "Sstp"];

const VPN_PROFILE: &[ElementDef] = &[
    one("ProfileName", Text),
    one("EdpModeId", Text),
    one("RememberCredentials", Bool),
    one("AlwaysOn", Bool),
    one("DnsSuffix", Text),
    one("TrustedNetworkDetection", Text),
    one("DisableAdvancedOptionsEditButton", Bool),
    one("DisableDisconnectButton", Bool),
    one("LockDown", Bool),
    one("DeviceTunnel", Bool),
    one("RegisterDNS", Bool),
    one("ByPassForLocal", Bool),
    one("RequireVpnClientAppUI", Bool),
    one("Proxy", Complex),
    one("APNBinding", Complex),
    one("DeviceCompliance", Complex),
    one("PluginProfile", Complex),
    many("AppTrigger", Complex),
    many("DomainNameInformation", Complex),
    many("TrafficFilter", Complex),
    one("NativeProfile", Complex),
    many("Route", Complex),
    // CSP nodes that are not in the XSD but that Windows reads from ProfileXML (Windows 11).
    one("AlwaysOnActive", Bool),
    one("DataEncryption", Enum(DATA_ENCRYPTION)),
    one("DisableIKEv2Fragmentation", Bool),
    one("IPv4InterfaceMetric", Number),
    one("IPv6InterfaceMetric", Number),
    one("NetworkOutageTime", Number),
    one("PrivateNetwork", Bool),
    one("UseRasCredentials", Bool),
    // Exported by Windows after Set-VpnConnectionProxy; reported to work (windows-itpro-docs #10907).
    one("VpnProxy", Opaque),
];

const PROXY: &[ElementDef] = &[one("AutoConfigUrl", Text), one("Manual", Complex)];
const PROXY_MANUAL: &[ElementDef] = &[one("Server", Text)];
const APN_BINDING: &[ElementDef] = &[
    one("ProviderId", Text),
    one("AccessPointName", Text),
    one("UserName", Text),
    one("Password", Text),
    one("IsCompressionEnabled", Bool),
    one("AuthenticationType", Text),
];
const DEVICE_COMPLIANCE: &[ElementDef] = &[one("Enabled", Bool), one("Sso", Complex)];
const SSO: &[ElementDef] = &[
    one("Enabled", Bool),
    one("Eku", Text),
    one("IssuerHash", Text),
];
const PLUGIN_PROFILE: &[ElementDef] = &[
    one("ServerUrlList", Text),
    // Old Microsoft samples embed raw XML here instead of HTML-encoded text.
    one("CustomConfiguration", Opaque),
    one("PluginPackageFamilyName", Text),
];
const APP_TRIGGER: &[ElementDef] = &[one("App", Complex)];
const APP: &[ElementDef] = &[one("Id", Text)];
const DOMAIN_NAME_INFORMATION: &[ElementDef] = &[
    one("DomainName", Text),
    one("DnsServers", Text),
    one("WebProxyServers", Text),
    one("AutoTrigger", Bool),
    one("Persistent", Bool),
    // Read-only CSP node (`FQDN`/`Suffix`) that appears in profiles exported from clients.
    one("DomainNameType", Text),
];
const TRAFFIC_FILTER: &[ElementDef] = &[
    one("App", Complex),
    one("Claims", Text),
    one("Protocol", Text),
    one("LocalPortRanges", Text),
    one("RemotePortRanges", Text),
    one("LocalAddressRanges", Text),
    one("RemoteAddressRanges", Text),
    one("RoutingPolicyType", Enum(ROUTING_POLICY_TYPES)),
    one("Direction", Enum(DIRECTIONS)),
];
const NATIVE_PROFILE: &[ElementDef] = &[
    one("Servers", Text),
    one("RoutingPolicyType", Enum(ROUTING_POLICY_TYPES)),
    one("NativeProtocolType", Enum(NATIVE_PROTOCOL_TYPES)),
    one("L2tpPsk", Text),
    one("DisableClassBasedDefaultRoute", Bool),
    one("PlumbIKEv2TSAsRoutes", Bool),
    one("CryptographySuite", Complex),
    one("Authentication", Complex),
    // Windows 11 (10.0.20207+), shown in the CSP's own example but not in the XSD.
    one("ProtocolList", Complex),
];
const PROTOCOL_LIST: &[ElementDef] = &[
    many("NativeProtocol", Complex),
    one("RetryTimeInHours", Number),
    // The CSP's example spells it with a lower-case `i`; which one Windows reads is not documented.
    one("RetryTimeinHours", Number),
];
const NATIVE_PROTOCOL: &[ElementDef] = &[one("Type", Enum(PROTOCOL_LIST_TYPES))];
const CRYPTOGRAPHY_SUITE: &[ElementDef] = &[
    one(
        "AuthenticationTransformConstants",
        Enum(AUTHENTICATION_TRANSFORM_CONSTANTS),
    ),
    one("CipherTransformConstants", Enum(CIPHER_TRANSFORM_CONSTANTS)),
    one("PfsGroup", Enum(PFS_GROUPS)),
    one("DHGroup", Enum(DH_GROUPS)),
    one("IntegrityCheckMethod", Enum(INTEGRITY_CHECK_METHODS)),
    one("EncryptionMethod", Enum(ENCRYPTION_METHODS)),
];
const AUTHENTICATION: &[ElementDef] = &[
    one("UserMethod", Enum(USER_METHODS)),
    // Checked by `machine-method-value` (the docs disagree about `Eap`), not as a plain enum.
    one("MachineMethod", Text),
    one("Eap", Complex),
    // CSP nodes "reserved for future use", reported to work (windows-itpro-docs #8030).
    one("Certificate", Opaque),
];
const EAP: &[ElementDef] = &[one("Configuration", Opaque), one("Type", Number)];
const ROUTE: &[ElementDef] = &[
    one("Address", Text),
    one("PrefixSize", Number),
    one("ExclusionRoute", Bool),
    one("Metric", Number),
];

/// Every table of the ProfileXML schema.
const ALL_TABLES: &[&[ElementDef]] = &[
    VPN_PROFILE,
    PROXY,
    PROXY_MANUAL,
    APN_BINDING,
    DEVICE_COMPLIANCE,
    SSO,
    PLUGIN_PROFILE,
    APP_TRIGGER,
    APP,
    DOMAIN_NAME_INFORMATION,
    TRAFFIC_FILTER,
    NATIVE_PROFILE,
    PROTOCOL_LIST,
    NATIVE_PROTOCOL,
    CRYPTOGRAPHY_SUITE,
    AUTHENTICATION,
    EAP,
    ROUTE,
];

/// Whether `name` is an element of the ProfileXML schema (any level).
pub fn is_known_element(name: &str) -> bool {
    name == "VPNProfile"
        || ALL_TABLES
            .iter()
            .any(|table| table.iter().any(|d| d.name == name))
}

/// Every element name of the ProfileXML schema and of the EAP configurations the model reads
/// (for "did you mean" on configuration paths).
pub fn known_element_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = std::iter::once("VPNProfile")
        .chain(ALL_TABLES.iter().flat_map(|t| t.iter().map(|d| d.name)))
        .chain(
            crate::model::EapNamespace::ALL
                .iter()
                .flat_map(|(_, ns)| ns.known_names().iter().copied()),
        )
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The allowed children of the element at `path` (element names from the root, joined by `/`),
/// or `None` when the element is not a checked container.
pub fn children_of(path: &str) -> Option<&'static [ElementDef]> {
    Some(match path {
        "VPNProfile" => VPN_PROFILE,
        "VPNProfile/Proxy" => PROXY,
        "VPNProfile/Proxy/Manual" => PROXY_MANUAL,
        "VPNProfile/APNBinding" => APN_BINDING,
        "VPNProfile/DeviceCompliance" => DEVICE_COMPLIANCE,
        "VPNProfile/DeviceCompliance/Sso" => SSO,
        "VPNProfile/PluginProfile" => PLUGIN_PROFILE,
        "VPNProfile/AppTrigger" => APP_TRIGGER,
        "VPNProfile/AppTrigger/App" | "VPNProfile/TrafficFilter/App" => APP,
        "VPNProfile/DomainNameInformation" => DOMAIN_NAME_INFORMATION,
        "VPNProfile/TrafficFilter" => TRAFFIC_FILTER,
        "VPNProfile/NativeProfile" => NATIVE_PROFILE,
        "VPNProfile/NativeProfile/ProtocolList" => PROTOCOL_LIST,
        "VPNProfile/NativeProfile/ProtocolList/NativeProtocol" => NATIVE_PROTOCOL,
        "VPNProfile/NativeProfile/CryptographySuite" => CRYPTOGRAPHY_SUITE,
        "VPNProfile/NativeProfile/Authentication" => AUTHENTICATION,
        "VPNProfile/NativeProfile/Authentication/Eap" => EAP,
        "VPNProfile/Route" => ROUTE,
        _ => return None,
    })
}

/// Element names that come from CSP node paths (or differ from the ProfileXML name only in
/// letter case), with the ProfileXML element that was meant. Keyed by parent path.
/// Source: the VPNv2 CSP's own SyncML example and windows-itpro-docs #5161, #10700.
pub fn csp_node_name_correction(parent_path: &str, name: &str) -> Option<&'static str> {
    let known = match (parent_path, name) {
        ("VPNProfile", "DomainNameInformationList") => "DomainNameInformation",
        ("VPNProfile", "RouteList") => "Route",
        ("VPNProfile", "AppTriggerList") => "AppTrigger",
        ("VPNProfile", "TrafficFilterList") => "TrafficFilter",
        ("VPNProfile/DomainNameInformation", "DNSServers") => "DnsServers",
        _ => {
            // Same name in another letter case (`EDPModeID`, `Lockdown`, `SSO`, `EKU` ...).
            let defs = children_of(parent_path)?;
            return defs
                .iter()
                .find(|d| d.name.eq_ignore_ascii_case(name) && d.name != name)
                .map(|d| d.name);
        }
    };
    Some(known)
}

/// The canonical spelling of `value` in `allowed`, matched case-insensitively.
pub fn canonical_enum(allowed: &'static [&'static str], value: &str) -> Option<&'static str> {
    allowed
        .iter()
        .copied()
        .find(|v| v.eq_ignore_ascii_case(value.trim()))
}

/// The closest name in `candidates` to `name`, if it is close enough to be a likely typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let name_chars = name.chars().count();
    // No candidate is accepted further away than this, so no distance beyond it needs to be
    // known exactly: a name much longer than every candidate (a hostile megabyte-long element
    // name) is settled by its length instead of a distance table of its size per candidate.
    let cap = (name_chars.max(candidates.iter().map(|c| c.len()).max()?) / 3).max(1);
    let lower: Vec<char> = name.chars().map(|c| c.to_ascii_lowercase()).collect();
    let name_bag = Bag::of(&lower);
    // Buffers shared by all candidates: a document of 160,000 unknown siblings asks this
    // for each of them, against every known name (docs/hostile-round2.md, #10).
    let mut candidate_lower: Vec<char> = Vec::new();
    let mut rows = Rows::default();
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        // Only a candidate nearer than the best so far matters: distances beyond that are
        // not computed either.
        let bound = match best {
            Some((_, 0)) => break,
            Some((_, d)) => cap.min(d - 1),
            None => cap,
        };
        candidate_lower.clear();
        candidate_lower.extend(candidate.chars().map(|c| c.to_ascii_lowercase()));
        // Two cheap lower bounds of the distance first: the difference in length, and the
        // letters one name has more of than the other (each edit fixes at most one of each).
        if lower.len().abs_diff(candidate_lower.len()) > bound
            || name_bag.distance(&candidate_lower) > bound
        {
            continue;
        }
        let distance = rows.distance(&lower, &candidate_lower, bound);
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((candidate, distance));
        }
    }
    let (candidate, distance) = best?;
    let limit = (name_chars.max(candidate.len()) / 3).max(1);
    (distance <= limit).then_some(candidate)
}

/// How often each character occurs in a name, in 64 buckets (characters sharing a bucket
/// count as one: the bound below can only get smaller, so it stays a lower bound).
struct Bag([u32; 64]);

impl Bag {
    fn of(chars: &[char]) -> Bag {
        let mut counts = [0u32; 64];
        for &c in chars {
            counts[c as usize % 64] += 1;
        }
        Bag(counts)
    }

    /// A lower bound of the edit distance between this bag's name and `other`: a
    /// substitution removes one surplus character on each side, an insertion or deletion one
    /// on one side, so at least the larger surplus of edits is needed.
    fn distance(&self, other: &[char]) -> usize {
        let theirs = Bag::of(other);
        let (mut ours_more, mut theirs_more) = (0u32, 0u32);
        for (a, b) in self.0.iter().zip(theirs.0.iter()) {
            ours_more += a.saturating_sub(*b);
            theirs_more += b.saturating_sub(*a);
        }
        ours_more.max(theirs_more) as usize
    }
}

/// The two rows of a distance table, reused from one comparison to the next.
#[derive(Default)]
struct Rows {
    previous: Vec<usize>,
    current: Vec<usize>,
}

impl Rows {
    /// [`bounded_distance`] over characters already split (and lower-cased).
    fn distance(&mut self, a: &[char], b: &[char], cap: usize) -> usize {
        self.previous.clear();
        self.previous.extend(0..=b.len());
        self.current.clear();
        self.current.resize(b.len() + 1, 0);
        for (i, ca) in a.iter().enumerate() {
            self.current[0] = i + 1;
            let mut smallest = self.current[0];
            for (j, cb) in b.iter().enumerate() {
                let substitution = self.previous[j] + usize::from(ca != cb);
                let value = substitution
                    .min(self.previous[j + 1] + 1)
                    .min(self.current[j] + 1);
                self.current[j + 1] = value;
                smallest = smallest.min(value);
            }
            if smallest > cap {
                return cap + 1;
            }
            std::mem::swap(&mut self.previous, &mut self.current);
        }
        self.previous[b.len()].min(cap + 1)
    }
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    bounded_distance(a, b, usize::MAX - 1)
}

/// The edit distance of `a` and `b` when it is at most `cap`, else `cap + 1`: for callers
/// that only accept near misses, so that a long value costs its length, not a table of it.
pub fn edit_distance_capped(a: &str, b: &str, cap: usize) -> usize {
    capped_distance(a, a.chars().count(), b, cap)
}

fn capped_distance(a: &str, a_chars: usize, b: &str, cap: usize) -> usize {
    // The distance is at least the difference in length.
    if a_chars.abs_diff(b.chars().count()) > cap {
        return cap + 1;
    }
    bounded_distance(a, b, cap)
}

/// Levenshtein distance, or `cap + 1` as soon as a row of the table shows it is beyond `cap`
/// (the distance is at least the smallest entry of every row). Two rows are reused: every
/// unknown element of a document is compared with every known name.
fn bounded_distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    Rows::default().distance(&a, &b, cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `build_route` checks a `Route`'s children without walking below them.
    #[test]
    fn routes_have_no_container_children() {
        let route = children_of("VPNProfile/Route").unwrap_or_default();
        assert!(!route.is_empty());
        assert!(route.iter().all(|d| d.kind != ValueKind::Complex));
    }

    #[test]
    fn suggests_near_names_only() {
        let names = VPN_PROFILE.iter().map(|d| d.name);
        assert_eq!(suggest("AlwayOn", names.clone()), Some("AlwaysOn"));
        assert_eq!(suggest("Foo", names.clone()), None);
        // A long name is settled by its length alone.
        assert_eq!(suggest(&"N".repeat(1_000_000), names), None);
        assert_eq!(edit_distance_capped("GCMAES256", "GCMAES128", 1), 2);
        assert_eq!(edit_distance_capped(&"x".repeat(1000), "GCMAES128", 1), 2);
        assert_eq!(edit_distance_capped("GCMAES25", "GCMAES256", 1), 1);
    }

    #[test]
    fn enum_values_match_in_any_case() {
        assert_eq!(
            canonical_enum(NATIVE_PROTOCOL_TYPES, "Ikev2"),
            Some("IKEv2")
        );
        assert_eq!(canonical_enum(NATIVE_PROTOCOL_TYPES, "IKEv3"), None);
    }

    #[test]
    fn csp_names_are_corrected() {
        assert_eq!(
            csp_node_name_correction("VPNProfile", "DomainNameInformationList"),
            Some("DomainNameInformation")
        );
        assert_eq!(
            csp_node_name_correction("VPNProfile", "Lockdown"),
            Some("LockDown")
        );
        assert_eq!(csp_node_name_correction("VPNProfile", "AlwaysOn"), None);
    }
}
