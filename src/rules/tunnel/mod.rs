//! T — Tunnel & protocol.
pub mod automatic_protocol_order;
pub mod crypto_cmdlet_spelling;
pub mod crypto_gcm_pairing;
pub mod crypto_server_mismatch;
pub mod crypto_spelling;
pub mod crypto_weak_algorithms;
pub mod crypto_with_automatic_protocol;
pub mod element_needs_newer_windows;
pub mod ikev2_default_crypto;
pub mod ikev2_fragmentation_disabled;
pub mod legacy_protocol;
pub mod machine_method_needs_ikev2;
pub mod machine_method_value;
pub mod mschapv2_with_ikev2;
pub mod nps_no_radius_client;
pub mod protocol_needs_windows_11;
pub mod servers;
pub mod servers_cert_name_mismatch;
pub mod servers_ip_literal;
pub mod servers_no_failover;
pub mod servers_semicolon_is_friendly_name;
pub mod servers_syntax;

use crate::model::{NativeProtocolType, VpnProfile};
use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &automatic_protocol_order::AutomaticProtocolOrder,
    &legacy_protocol::LegacyProtocol,
    &mschapv2_with_ikev2::Mschapv2WithIkev2,
    &machine_method_value::MachineMethodValue,
    &crypto_with_automatic_protocol::CryptoWithAutomaticProtocol,
    &crypto_cmdlet_spelling::CryptoCmdletSpelling,
    &crypto_gcm_pairing::CryptoGcmPairing,
    &crypto_weak_algorithms::CryptoWeakAlgorithms,
    &ikev2_default_crypto::Ikev2DefaultCrypto,
    &protocol_needs_windows_11::ProtocolNeedsWindows11,
    &machine_method_needs_ikev2::MachineMethodNeedsIkev2,
    &servers_syntax::ServersSyntax,
    &servers_semicolon_is_friendly_name::ServersSemicolonIsFriendlyName,
    &servers_no_failover::ServersNoFailover,
    &servers_ip_literal::ServersIpLiteral,
    &ikev2_fragmentation_disabled::Ikev2FragmentationDisabled,
    &element_needs_newer_windows::ElementNeedsNewerWindows,
    &crypto_server_mismatch::CryptoServerMismatch,
    &servers_cert_name_mismatch::ServersCertNameMismatch,
    &nps_no_radius_client::NpsNoRadiusClient,
];

/// Whether the profile may run IKEv2: `NativeProtocolType` IKEv2 or `Automatic` (IKEv2 is one
/// of the candidates), a `ProtocolList` naming `Ikev2`, or a device tunnel (IKEv2 only) whose
/// protocol is absent or unreadable. A device tunnel that names SSTP, L2TP or PPTP does not run
/// IKEv2 at all (a defect of its own), and IKEv2 advice would be wrong there.
pub fn ikev2_in_use(profile: &VpnProfile) -> bool {
    let Some(native) = profile.native() else {
        return profile.is_device_tunnel();
    };
    match native.protocol.as_ref().and_then(|p| p.value) {
        Some(NativeProtocolType::IkeV2 | NativeProtocolType::Automatic) => true,
        Some(NativeProtocolType::ProtocolList) => native
            .protocol_list_types
            .iter()
            .any(|t| t.trimmed().eq_ignore_ascii_case("Ikev2")),
        None => profile.is_device_tunnel(),
        _ => false,
    }
}
