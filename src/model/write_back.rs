//! The order in which Windows writes the children of `VPNProfile`, `NativeProfile` and
//! `CryptographySuite` back when it reads a profile: one table, read by the rule
//! `intune-win11-element-order` (M005) and by the formatter ([`crate::format`]), so that a
//! formatted profile can never be out of the order the rule checks.
//!
//! Which order: the order Windows itself emits, as seen in Windows' read-back of ProfileXML
//! (`Get-WmiObject MDM_VPNv2_01` output in Microsoft's deployment guide) and in Richard Hicks'
//! reference files, reordered because "XML element order is critical when deploying XML
//! configuration files using Intune to Windows 11 endpoints". That order is *not* the XSD
//! sequence (Windows writes `NativeProfile` before `Route`, `TrafficFilter` and
//! `DomainNameInformation`, and `Authentication` before `CryptographySuite`). Only elements
//! whose relative place those sources show are ranked; elements they never show (`LockDown`,
//! `EdpModeId`, `AppTrigger`, ...) are not.

/// Ranks of children, earliest first; the names of one group may appear in any order among
/// themselves.
pub type WriteBackOrder = &'static [&'static [&'static str]];

/// Ranks of `VPNProfile` children.
pub const VPN_PROFILE_ORDER: WriteBackOrder = &[
    &["RememberCredentials"],
    &["AlwaysOn"],
    &["DeviceTunnel"],
    &["DnsSuffix"],
    &["TrustedNetworkDetection"],
    &[
        "DisableAdvancedOptionsEditButton",
        "DisableDisconnectButton",
    ],
    &["Proxy", "DeviceCompliance"],
    &["NativeProfile", "PluginProfile"],
    &["Route"],
    &["TrafficFilter"],
    &["DomainNameInformation"],
    &["RegisterDNS"],
    // Windows 11 CSP nodes outside the XSD, last in Hicks' reference files.
    &[
        "NetworkOutageTime",
        "IPv4InterfaceMetric",
        "IPv6InterfaceMetric",
        "UseRasCredentials",
        "DataEncryption",
        "PrivateNetwork",
        "DisableIKEv2Fragmentation",
    ],
];

/// Ranks of `VPNProfile/NativeProfile` children.
pub const NATIVE_PROFILE_ORDER: WriteBackOrder = &[
    &["Servers"],
    &["RoutingPolicyType"],
    &["NativeProtocolType"],
    &["Authentication"],
    &["CryptographySuite"],
    &["DisableClassBasedDefaultRoute"],
];

/// Ranks of `VPNProfile/NativeProfile/CryptographySuite` children.
pub const CRYPTOGRAPHY_SUITE_ORDER: WriteBackOrder = &[
    &["AuthenticationTransformConstants"],
    &["CipherTransformConstants"],
    &["PfsGroup"],
    &["DHGroup"],
    &["IntegrityCheckMethod"],
    &["EncryptionMethod"],
];

/// The order of the children of the element at `path` (local names joined by `/`, from the
/// root), if Windows' read-back shows one.
pub fn order_of(path: &str) -> Option<WriteBackOrder> {
    match path {
        "VPNProfile" => Some(VPN_PROFILE_ORDER),
        "VPNProfile/NativeProfile" => Some(NATIVE_PROFILE_ORDER),
        "VPNProfile/NativeProfile/CryptographySuite" => Some(CRYPTOGRAPHY_SUITE_ORDER),
        _ => None,
    }
}

/// The group of `name` in `order` (names of one group may come in any order among
/// themselves) and its place among all the names listed; `None` when `order` does not list it.
pub fn rank(order: &[&[&str]], name: &str) -> Option<(usize, usize)> {
    let mut place = 0;
    for (group_index, group) in order.iter().enumerate() {
        if let Some(i) = group.iter().position(|n| *n == name) {
            return Some((group_index, place + i));
        }
        place += group.len();
    }
    None
}

/// Where each child goes when a container is written in Windows' order: for each place, the
/// index of the child written there. `groups` holds each child's group in the order ([`rank`]),
/// `None` for a child without one. The ranked children are sorted stably by group into the
/// places that ranked children held; a child without a group keeps its place (it stays the
/// n-th child), so no two children of one name ever swap. Shared by the formatter and the fix
/// of `intune-win11-element-order`, so both write the same order.
pub fn placement(groups: &[Option<usize>]) -> Vec<usize> {
    let mut ranked: Vec<(usize, usize)> = groups
        .iter()
        .enumerate()
        .filter_map(|(index, group)| group.map(|g| (g, index)))
        .collect();
    ranked.sort_by_key(|(group, _)| *group);
    let mut ranked = ranked.into_iter().map(|(_, index)| index);
    groups
        .iter()
        .enumerate()
        .map(|(index, group)| match group {
            Some(_) => ranked.next().unwrap_or(index),
            None => index,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_are_groups_and_places() {
        assert_eq!(rank(NATIVE_PROFILE_ORDER, "Authentication"), Some((3, 3)));
        assert_eq!(
            rank(VPN_PROFILE_ORDER, "DisableDisconnectButton"),
            Some((5, 6))
        );
        assert_eq!(rank(VPN_PROFILE_ORDER, "Unknown"), None);
        assert_eq!(order_of("VPNProfile/Route"), None);
    }

    #[test]
    fn placement_sorts_ranked_children_into_ranked_places() {
        // `b(2) x a(0) y c(1)`: x and y keep their places.
        let groups = [Some(2), None, Some(0), None, Some(1)];
        assert_eq!(placement(&groups), vec![2, 1, 4, 3, 0]);
        // Equal groups keep their order (the first `Route` stays first).
        assert_eq!(placement(&[Some(1), Some(0), Some(1)]), vec![1, 0, 2]);
        assert!(placement(&[]).is_empty());
    }

    #[test]
    fn every_ranked_name_is_a_child_in_the_schema() {
        for path in [
            "VPNProfile",
            "VPNProfile/NativeProfile",
            "VPNProfile/NativeProfile/CryptographySuite",
        ] {
            let defs = super::super::schema::children_of(path).unwrap_or_default();
            for name in order_of(path)
                .unwrap_or_default()
                .iter()
                .flat_map(|g| g.iter())
            {
                assert!(
                    defs.iter().any(|d| d.name == *name),
                    "{name} is ranked under {path} but the schema does not list it"
                );
            }
        }
    }
}
