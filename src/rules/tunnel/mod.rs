//! T — Tunnel & protocol.
pub mod automatic_protocol_order;
pub mod crypto_spelling;
pub mod legacy_protocol;
pub mod machine_method_value;
pub mod mschapv2_with_ikev2;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &automatic_protocol_order::AutomaticProtocolOrder,
    &legacy_protocol::LegacyProtocol,
    &mschapv2_with_ikev2::Mschapv2WithIkev2,
    &machine_method_value::MachineMethodValue,
];
