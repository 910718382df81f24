//! M — Deployment wrappers & encoding.
pub mod intune_win11_element_order;
pub mod intune_win11_servers_workaround;

use crate::rules::Rule;

/// The rules of this category (registered in `rules::registry`).
pub static RULES: &[&dyn Rule] = &[
    &intune_win11_element_order::IntuneWin11ElementOrder,
    &intune_win11_servers_workaround::IntuneWin11ServersWorkaround,
];
