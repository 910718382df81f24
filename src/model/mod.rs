//! The typed model of a ProfileXML document (and of a bare `EapHostConfig` document).
//!
//! Built once per document from the roxmltree tree. Every value keeps the byte range it came
//! from, so rules can point at it. What the builder did not understand (unknown elements,
//! malformed booleans and enum values, `https://` EAP namespaces) is recorded in
//! [`Model::issues`] for the schema rules, and never dropped silently.

mod build;
pub mod eap;
pub mod issues;
pub mod schema;
mod walk;
pub mod write_back;

pub use eap::*;
pub use issues::SchemaIssue;

use crate::span::Span;
use std::borrow::Cow;

/// A leaf element: its text (entity-decoded, CDATA included), where that text is, and where the
/// whole element is.
///
/// The text borrows from the parsed document (`'doc` is the roxmltree tree's lifetime) when the
/// element holds one text node, which is nearly every leaf; only text made of several parts
/// (an element with child elements, or text around a comment) is owned. Copying every leaf
/// value was the largest cost of building the model (docs/performance.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf<'doc> {
    pub text: Cow<'doc, str>,
    /// The text content; for an empty element, the element itself.
    pub value_span: Span,
    pub element_span: Span,
}

impl Leaf<'_> {
    /// The boolean Windows reads: only the exact lower-case words count. Anything else
    /// (`True`, ` true`, `1`) is silently dropped by Windows (MicrosoftDocs/windowsserverdocs #867).
    pub fn windows_bool(&self) -> Option<bool> {
        match &*self.text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    pub fn is_true(&self) -> bool {
        self.windows_bool() == Some(true)
    }

    pub fn is_false(&self) -> bool {
        self.windows_bool() == Some(false)
    }

    /// The value as an `xs:boolean` (EAP schemas): `true`, `false`, `1` or `0`.
    pub fn xs_bool(&self) -> Option<bool> {
        match self.text.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }

    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }

    /// The text matched case-insensitively against a documented enum.
    pub fn enum_value(&self, allowed: &'static [&'static str]) -> Option<&'static str> {
        schema::canonical_enum(allowed, &self.text)
    }

    /// Span of the trimmed value (for pointing at the value itself rather than its padding).
    pub fn trimmed_span(&self) -> Span {
        let leading = self.text.len() - self.text.trim_start().len();
        let trailing = self.text.len() - self.text.trim_end().len();
        if self.value_span.len() == self.text.len() && !self.text.trim().is_empty() {
            Span::new(
                self.value_span.start + leading,
                self.value_span.end - trailing,
            )
        } else {
            self.value_span
        }
    }
}

/// `NativeProtocolType` values (matched case-insensitively; Windows itself writes `Ikev2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NativeProtocolType {
    IkeV2,
    Automatic,
    Pptp,
    L2tp,
    Sstp,
    ProtocolList,
}

impl NativeProtocolType {
    fn parse(text: &str) -> Option<Self> {
        Some(
            match schema::canonical_enum(schema::NATIVE_PROTOCOL_TYPES, text)? {
                "IKEv2" => Self::IkeV2,
                "Automatic" => Self::Automatic,
                "PPTP" => Self::Pptp,
                "L2TP" => Self::L2tp,
                "SSTP" => Self::Sstp,
                _ => Self::ProtocolList,
            },
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutingPolicyType {
    SplitTunnel,
    ForceTunnel,
}

impl RoutingPolicyType {
    fn parse(text: &str) -> Option<Self> {
        match schema::canonical_enum(schema::ROUTING_POLICY_TYPES, text)? {
            "SplitTunnel" => Some(Self::SplitTunnel),
            _ => Some(Self::ForceTunnel),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserMethod {
    Eap,
    MsChapV2,
}

impl UserMethod {
    fn parse(text: &str) -> Option<Self> {
        match schema::canonical_enum(schema::USER_METHODS, text)? {
            "EAP" => Some(Self::Eap),
            _ => Some(Self::MsChapV2),
        }
    }
}

/// A leaf together with its parsed enum value (`None` when the text is not a known value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice<'doc, T> {
    pub leaf: Leaf<'doc>,
    pub value: Option<T>,
}

/// Root `<VPNProfile>`.
#[derive(Debug, Clone, Default)]
pub struct VpnProfile<'doc> {
    pub span: Span,
    /// Span of the `VPNProfile` start-tag name, for findings about the whole profile.
    pub name_span: Span,
    pub profile_name: Option<Leaf<'doc>>,
    pub remember_credentials: Option<Leaf<'doc>>,
    pub always_on: Option<Leaf<'doc>>,
    pub dns_suffix: Option<Leaf<'doc>>,
    pub trusted_network_detection: Option<Leaf<'doc>>,
    pub lock_down: Option<Leaf<'doc>>,
    pub device_tunnel: Option<Leaf<'doc>>,
    pub register_dns: Option<Leaf<'doc>>,
    pub use_ras_credentials: Option<Leaf<'doc>>,
    pub disable_ikev2_fragmentation: Option<Leaf<'doc>>,
    pub proxy: Option<Proxy<'doc>>,
    pub device_compliance: Option<DeviceCompliance<'doc>>,
    /// Every `NativeProfile` element (more than one is itself a finding).
    pub native_profiles: Vec<NativeProfile<'doc>>,
    pub plugin_profiles: Vec<PluginProfile<'doc>>,
    pub app_triggers: Vec<AppTrigger<'doc>>,
    pub domain_name_information: Vec<DomainNameInformation<'doc>>,
    pub traffic_filters: Vec<TrafficFilter<'doc>>,
    pub routes: Vec<Route<'doc>>,
    /// Every direct child element of `VPNProfile` in document order, by local name (for rules
    /// about settings the typed fields above do not hold, e.g. Windows-11-only ones), except
    /// the containers of the schema (`NativeProfile`, `Route`, ...), which the typed fields
    /// hold and whose text is only the whitespace between their children.
    pub child_elements: Vec<(&'doc str, Leaf<'doc>)>,
}

impl<'doc> VpnProfile<'doc> {
    pub fn native(&self) -> Option<&NativeProfile<'_>> {
        self.native_profiles.first()
    }

    pub fn is_device_tunnel(&self) -> bool {
        self.device_tunnel.as_ref().is_some_and(Leaf::is_true)
    }

    pub fn is_lock_down(&self) -> bool {
        self.lock_down.as_ref().is_some_and(Leaf::is_true)
    }

    pub fn is_always_on(&self) -> bool {
        self.always_on.as_ref().is_some_and(Leaf::is_true)
    }

    pub fn protocol(&self) -> Option<NativeProtocolType> {
        self.native()?.protocol.as_ref()?.value
    }

    pub fn authentication(&self) -> Option<&Authentication<'_>> {
        self.native()?.authentication.as_ref()
    }

    /// The `DeviceTunnel` element when it says `true` (for labelling findings).
    pub fn device_tunnel_declaration(&self) -> Option<&Leaf<'doc>> {
        self.device_tunnel.as_ref().filter(|d| d.is_true())
    }

    /// The `DeviceCompliance/Enabled` element when it says `true`.
    pub fn device_compliance_declaration(&self) -> Option<&Leaf<'doc>> {
        self.device_compliance
            .as_ref()?
            .enabled
            .as_ref()
            .filter(|e| e.is_true())
    }

    pub fn device_compliance_enabled(&self) -> bool {
        self.device_compliance
            .as_ref()
            .and_then(|dc| dc.enabled.as_ref())
            .is_some_and(Leaf::is_true)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Proxy<'doc> {
    pub span: Span,
    pub auto_config_url: Option<Leaf<'doc>>,
    pub manual_server: Option<Leaf<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct DeviceCompliance<'doc> {
    pub span: Span,
    pub enabled: Option<Leaf<'doc>>,
    pub sso: Option<Sso<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct Sso<'doc> {
    pub span: Span,
    pub enabled: Option<Leaf<'doc>>,
    pub eku: Option<Leaf<'doc>>,
    pub issuer_hash: Option<Leaf<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct PluginProfile<'doc> {
    pub span: Span,
    pub server_url_list: Option<Leaf<'doc>>,
    pub plugin_package_family_name: Option<Leaf<'doc>>,
    pub custom_configuration: Option<Leaf<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct AppTrigger<'doc> {
    pub span: Span,
    pub app_id: Option<Leaf<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct DomainNameInformation<'doc> {
    pub span: Span,
    pub domain_name: Option<Leaf<'doc>>,
    pub dns_servers: Option<Leaf<'doc>>,
    pub web_proxy_servers: Option<Leaf<'doc>>,
    pub auto_trigger: Option<Leaf<'doc>>,
    pub persistent: Option<Leaf<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct TrafficFilter<'doc> {
    pub span: Span,
    /// The `App` element; `app_id` is its `Id` child.
    pub app: Option<Leaf<'doc>>,
    pub app_id: Option<Leaf<'doc>>,
    pub claims: Option<Leaf<'doc>>,
    pub protocol: Option<Leaf<'doc>>,
    pub local_port_ranges: Option<Leaf<'doc>>,
    pub remote_port_ranges: Option<Leaf<'doc>>,
    pub local_address_ranges: Option<Leaf<'doc>>,
    pub remote_address_ranges: Option<Leaf<'doc>>,
    pub routing_policy_type: Option<Leaf<'doc>>,
    pub direction: Option<Leaf<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct Route<'doc> {
    pub span: Span,
    pub address: Option<Leaf<'doc>>,
    /// `address` parsed as an IPv4 or IPv6 literal (trimmed), once for the route rules;
    /// `None` when it is missing or not an address.
    pub address_ip: Option<std::net::IpAddr>,
    pub prefix_size: Option<Leaf<'doc>>,
    pub exclusion_route: Option<Leaf<'doc>>,
    pub metric: Option<Leaf<'doc>>,
}

impl Route<'_> {
    pub fn is_exclusion(&self) -> bool {
        self.exclusion_route.as_ref().is_some_and(Leaf::is_true)
    }
}

#[derive(Debug, Clone, Default)]
pub struct NativeProfile<'doc> {
    pub span: Span,
    pub servers: Option<Leaf<'doc>>,
    pub routing_policy_type: Option<Choice<'doc, RoutingPolicyType>>,
    pub protocol: Option<Choice<'doc, NativeProtocolType>>,
    pub l2tp_psk: Option<Leaf<'doc>>,
    pub disable_class_based_default_route: Option<Leaf<'doc>>,
    pub cryptography_suite: Option<CryptographySuite<'doc>>,
    pub authentication: Option<Authentication<'doc>>,
    pub protocol_list: Option<Leaf<'doc>>,
    /// `ProtocolList/NativeProtocol/Type` values, in order.
    pub protocol_list_types: Vec<Leaf<'doc>>,
    pub plumb_ikev2_ts_as_routes: Option<Leaf<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct CryptographySuite<'doc> {
    pub span: Span,
    pub authentication_transform_constants: Option<Leaf<'doc>>,
    pub cipher_transform_constants: Option<Leaf<'doc>>,
    pub pfs_group: Option<Leaf<'doc>>,
    pub dh_group: Option<Leaf<'doc>>,
    pub integrity_check_method: Option<Leaf<'doc>>,
    pub encryption_method: Option<Leaf<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct Authentication<'doc> {
    pub span: Span,
    pub user_method: Option<Choice<'doc, UserMethod>>,
    pub machine_method: Option<Leaf<'doc>>,
    pub eap: Option<EapElement<'doc>>,
}

impl Authentication<'_> {
    pub fn user_method(&self) -> Option<UserMethod> {
        self.user_method.as_ref()?.value
    }

    /// `MachineMethod` is exactly `Certificate` (case-insensitively).
    pub fn machine_certificate(&self) -> bool {
        self.machine_method
            .as_ref()
            .is_some_and(|m| m.trimmed().eq_ignore_ascii_case("Certificate"))
    }
}

/// `Authentication/Eap`: its `Configuration` and what that holds.
#[derive(Debug, Clone, Default)]
pub struct EapElement<'doc> {
    pub span: Span,
    pub configuration: Option<EapConfiguration<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct EapConfiguration<'doc> {
    pub span: Span,
    /// Text directly inside `Configuration` (not in child elements), trimmed; e.g. an
    /// entity-escaped EAP blob.
    pub text: Option<Leaf<'doc>>,
    pub host_config: Option<EapHostConfig<'doc>>,
}

/// Everything the model knows about one XML document.
#[derive(Debug, Clone, Default)]
pub struct Model<'doc> {
    pub profile: Option<VpnProfile<'doc>>,
    /// A document whose root is `EapHostConfig` (an exported EAP configuration).
    pub bare_eap: Option<EapHostConfig<'doc>>,
    pub issues: Vec<SchemaIssue>,
}

impl<'doc> Model<'doc> {
    /// The model of `doc`; its leaf text borrows from the tree where it can.
    pub fn build(doc: &'doc roxmltree::Document) -> Self {
        build::build(doc)
    }

    /// The profile's (first) `NativeProfile`.
    pub fn native_profile(&self) -> Option<&NativeProfile<'_>> {
        self.profile.as_ref()?.native()
    }

    /// `NativeProfile/CryptographySuite`.
    pub fn cryptography_suite(&self) -> Option<&CryptographySuite<'_>> {
        self.native_profile()?.cryptography_suite.as_ref()
    }

    /// The EAP configuration of the document, wherever it sits.
    pub fn eap_host_config(&self) -> Option<&EapHostConfig<'_>> {
        if let Some(eap) = &self.bare_eap {
            return Some(eap);
        }
        self.profile
            .as_ref()?
            .authentication()?
            .eap
            .as_ref()?
            .configuration
            .as_ref()?
            .host_config
            .as_ref()
    }
}
