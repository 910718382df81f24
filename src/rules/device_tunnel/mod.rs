//! D — Device tunnel & LockDown.
pub mod device_tunnel_protocol;
pub mod device_tunnel_user_auth;
pub mod device_tunnel_user_context;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &device_tunnel_user_auth::DeviceTunnelUserAuth,
    &device_tunnel_protocol::DeviceTunnelProtocol,
    &device_tunnel_user_context::DeviceTunnelUserContext,
];
