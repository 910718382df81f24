//! What NPS does with a profile's authentication method: the connection request policy and
//! the network policies a VPN request can reach, in NPS's order, and whether each accepts
//! the method (`research/server-side.md` §1.14).
//!
//! Conditions that cannot be known offline (groups, time of day) make a policy a candidate,
//! not a match: the request may reach it or fall through to the next. A mismatch is predicted
//! only when *every* granting policy the request can reach rejects the method — whichever
//! groups the user is in, the connection fails.

use super::nps::BlobLayout;
use super::nps::{evaluate_all, NetworkPolicy, NpsConfig, PolicySettings, RequestFacts, Tri};
use crate::span::Span;

/// NPS authentication type codes (§1.7).
const AUTH_EAP: u32 = 5;
const AUTH_MSCHAPV2: u32 = 4;
const AUTH_MSCHAPV2_PASSWORD_CHANGE: u32 = 10;

/// What the client sends, from the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientMethod {
    /// `UserMethod` `Eap`: the outer EAP type and, for PEAP, the inner one.
    Eap { outer: u32, inner: Option<u32> },
    /// `UserMethod` `MSChapv2`.
    MsChapV2,
}

/// Why one policy rejects the method.
#[derive(Debug, Clone)]
pub struct Rejection<'a> {
    pub policy: &'a NetworkPolicy,
    /// `network policy`, or `connection request policy` when one overrides the methods.
    pub kind: &'static str,
    /// What the policy allows instead, in words.
    pub why: String,
    /// Where in the export: the value that decides, else the policy's settings.
    pub at: Span,
    /// `false` when the reading rests on an inferred blob layout or an unobserved case.
    pub certain: bool,
    /// The NPS reason code the rejection is logged with.
    pub reason: u32,
    /// `false` when the policy has conditions that cannot be checked offline (groups, time
    /// of day): the request reaches it only if it meets them.
    pub reached: bool,
}

/// What NPS does with the method.
#[derive(Debug, Clone)]
pub enum Prediction<'a> {
    /// Every granting policy the request can reach rejects the method.
    Rejected(Vec<Rejection<'a>>),
    /// Some policy accepts it, or what NPS does cannot be told from the export.
    NotRejected,
}

enum Verdict<'a> {
    Accept,
    Reject(Rejection<'a>),
    Deny,
    Unknown,
}

/// What NPS's policies do with `method` for an RRAS VPN request.
pub fn predict<'a>(config: &'a NpsConfig, method: ClientMethod) -> Prediction<'a> {
    let request = RequestFacts::rras_vpn();
    // The connection request policies the request can reach: one that forwards elsewhere or
    // replaces the network policies' methods makes the outcome a question for another server
    // or another list — not judged here.
    for crp in config.request_policies.iter().filter(|p| p.enabled) {
        let applies = evaluate_all(&crp.conditions, &request);
        if applies == Tri::False {
            continue;
        }
        let settings = crp.settings.as_ref();
        let forwards = settings
            .and_then(|s| s.auth_provider)
            .is_some_and(|p| p != 1);
        let overrides = settings.and_then(|s| s.override_auth) == Some(true);
        if forwards || (overrides && applies != Tri::True) {
            return Prediction::NotRejected;
        }
        if overrides {
            // Surely reached, and its own methods replace every network policy's (§1.10).
            return match verdict_of(crp, "connection request policy", settings, method) {
                Verdict::Reject(rejection) => Prediction::Rejected(vec![rejection]),
                _ => Prediction::NotRejected,
            };
        }
        if applies == Tri::True {
            break;
        }
    }
    let mut rejections = Vec::new();
    for policy in config.network_policies.iter().filter(|p| p.enabled) {
        let applies = evaluate_all(&policy.conditions, &request);
        if applies == Tri::False {
            continue;
        }
        match verdict(policy, method) {
            Verdict::Accept | Verdict::Unknown => return Prediction::NotRejected,
            Verdict::Reject(rejection) => rejections.push(Rejection {
                reached: applies == Tri::True,
                ..rejection
            }),
            Verdict::Deny => {}
        }
        if applies == Tri::True {
            break;
        }
    }
    if rejections.is_empty() {
        Prediction::NotRejected
    } else {
        Prediction::Rejected(rejections)
    }
}

fn verdict(policy: &NetworkPolicy, method: ClientMethod) -> Verdict<'_> {
    let Some(settings) = &policy.settings else {
        return Verdict::Unknown;
    };
    match settings.allow_access {
        Some(false) => return Verdict::Deny,
        Some(true) => {}
        None => return Verdict::Unknown,
    }
    verdict_of(policy, "network policy", Some(settings), method)
}

/// Whether the authentication methods of `settings` (a network policy's, or an overriding
/// connection request policy's) accept `method`.
fn verdict_of<'a>(
    policy: &'a NetworkPolicy,
    kind: &'static str,
    settings: Option<&'a PolicySettings>,
    method: ClientMethod,
) -> Verdict<'a> {
    let Some(settings) = settings else {
        return Verdict::Unknown;
    };
    if settings.auth_types.is_empty() {
        return Verdict::Unknown;
    }
    let reject = |why: String, at: Span, certain: bool, reason: u32| {
        Verdict::Reject(Rejection {
            policy,
            kind,
            why,
            at,
            certain,
            reason,
            reached: true,
        })
    };
    // The first `msNPAuthenticationType2` value, else the settings object.
    let auth_at = settings
        .auth_types
        .first()
        .map_or(settings.span, |t| t.span);
    match method {
        ClientMethod::MsChapV2 => {
            if settings.allows_auth_type(AUTH_MSCHAPV2)
                || settings.allows_auth_type(AUTH_MSCHAPV2_PASSWORD_CHANGE)
            {
                Verdict::Accept
            } else {
                reject(
                    format!("allows {}, not MS-CHAPv2", auth_list(settings)),
                    auth_at,
                    true,
                    66,
                )
            }
        }
        ClientMethod::Eap { outer, inner } => {
            if !settings.allows_auth_type(AUTH_EAP) {
                return reject(
                    format!("allows {}, not EAP", auth_list(settings)),
                    auth_at,
                    true,
                    66,
                );
            }
            if settings.eap_types.iter().any(|t| t.vendor_blob) {
                return Verdict::Unknown;
            }
            if !settings.allows_eap_type(outer) {
                let at = settings.eap_types.first().map_or(settings.span, |t| t.span);
                // No EAP type at all is our reading of an unobserved case (§1.8).
                let certain = !settings.eap_types.is_empty();
                return reject(
                    format!(
                        "allows the EAP types {}, not {}",
                        eap_list(settings),
                        crate::model::method_name(outer)
                    ),
                    at,
                    certain,
                    22,
                );
            }
            let (Some(inner), true) = (inner, outer == crate::model::PEAP) else {
                return Verdict::Accept;
            };
            let Some(peap) = settings.eap_config(outer) else {
                return Verdict::Unknown;
            };
            if peap.layout == BlobLayout::Unknown || peap.inner_methods.is_empty() {
                return Verdict::Unknown;
            }
            if peap.inner_methods.contains(&inner) {
                return Verdict::Accept;
            }
            let names: Vec<&str> = peap
                .inner_methods
                .iter()
                .map(|&m| crate::model::method_name(m))
                .collect();
            reject(
                format!(
                    "configures PEAP with the inner method {} only, not {}",
                    names.join(", "),
                    crate::model::method_name(inner)
                ),
                peap.span,
                peap.layout == BlobLayout::Known,
                66,
            )
        }
    }
}

fn auth_list(settings: &PolicySettings) -> String {
    let names: Vec<String> = settings
        .auth_types
        .iter()
        .map(|t| {
            super::nps_log::auth_type_name(t.code)
                .map_or_else(|| format!("type {}", t.code), str::to_owned)
        })
        .collect();
    names.join(", ")
}

fn eap_list(settings: &PolicySettings) -> String {
    let names: Vec<&str> = settings
        .eap_types
        .iter()
        .map(|t| crate::model::method_name(t.code))
        .collect();
    if names.is_empty() {
        "(none)".to_owned()
    } else {
        names.join(", ")
    }
}
