//! D — Device tunnel & LockDown.
pub mod device_tunnel_broad_routes;
pub mod device_tunnel_force_tunnel;
pub mod device_tunnel_not_always_on;
pub mod device_tunnel_nrpt_with_user_tunnel;
pub mod device_tunnel_protocol;
pub mod device_tunnel_tnd_matches_user_suffix;
pub mod device_tunnel_traffic_filter_blocks_inbound;
pub mod device_tunnel_user_auth;
pub mod device_tunnel_user_context;
pub mod device_tunnel_user_only_settings;
pub mod lockdown_coexistence;
pub mod lockdown_constraints;
pub mod multiple_always_on_profiles;
pub mod multiple_device_tunnels;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &device_tunnel_user_auth::DeviceTunnelUserAuth,
    &device_tunnel_protocol::DeviceTunnelProtocol,
    &device_tunnel_force_tunnel::DeviceTunnelForceTunnel,
    &device_tunnel_not_always_on::DeviceTunnelNotAlwaysOn,
    &device_tunnel_traffic_filter_blocks_inbound::DeviceTunnelTrafficFilterBlocksInbound,
    &device_tunnel_broad_routes::DeviceTunnelBroadRoutes,
    &device_tunnel_user_only_settings::DeviceTunnelUserOnlySettings,
    &lockdown_constraints::LockdownConstraints,
    &device_tunnel_user_context::DeviceTunnelUserContext,
    &device_tunnel_nrpt_with_user_tunnel::DeviceTunnelNrptWithUserTunnel,
    &device_tunnel_tnd_matches_user_suffix::DeviceTunnelTndMatchesUserSuffix,
    &multiple_device_tunnels::MultipleDeviceTunnels,
    &lockdown_coexistence::LockdownCoexistence,
    &multiple_always_on_profiles::MultipleAlwaysOnProfiles,
];
