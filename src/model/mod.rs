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

pub use eap::*;
pub use issues::SchemaIssue;

use crate::span::Span;

/// A leaf element: its text (entity-decoded, CDATA included), where that text is, and where the
/// whole element is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    pub text: String,
    /// The text content; for an empty element, the element itself.
    pub value_span: Span,
    pub element_span: Span,
}

impl Leaf {
    /// The boolean Windows reads: only the exact lower-case words count. Anything else
    /// (`True`, ` true`, `1`) is silently dropped by Windows (MicrosoftDocs/windowsserverdocs #867).
    pub fn windows_bool(&self) -> Option<bool> {
        match self.text.as_str() {
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
pub struct Choice<T> {
    pub leaf: Leaf,
    pub value: Option<T>,
}

/// Root `<VPNProfile>`.
#[derive(Debug, Clone, Default)]
pub struct VpnProfile {
    pub span: Span,
    /// Span of the `VPNProfile` start-tag name, for findings about the whole profile.
    pub name_span: Span,
    pub profile_name: Option<Leaf>,
    pub remember_credentials: Option<Leaf>,
    pub always_on: Option<Leaf>,
    pub dns_suffix: Option<Leaf>,
    pub trusted_network_detection: Option<Leaf>,
    pub lock_down: Option<Leaf>,
    pub device_tunnel: Option<Leaf>,
    pub register_dns: Option<Leaf>,
    pub use_ras_credentials: Option<Leaf>,
    pub disable_ikev2_fragmentation: Option<Leaf>,
    pub proxy: Option<Proxy>,
    pub device_compliance: Option<DeviceCompliance>,
    /// Every `NativeProfile` element (more than one is itself a finding).
    pub native_profiles: Vec<NativeProfile>,
    pub plugin_profiles: Vec<PluginProfile>,
    pub app_triggers: Vec<AppTrigger>,
    pub domain_name_information: Vec<DomainNameInformation>,
    pub traffic_filters: Vec<TrafficFilter>,
    pub routes: Vec<Route>,
    /// Every direct child element of `VPNProfile` in document order, by local name (for rules
    /// about elements the typed fields above do not hold, e.g. Windows-11-only settings),
    /// except the repeated containers `Route`, `TrafficFilter`, `DomainNameInformation` and
    /// `AppTrigger` (held in the typed lists above).
    pub child_elements: Vec<(String, Leaf)>,
}

impl VpnProfile {
    pub fn native(&self) -> Option<&NativeProfile> {
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

    pub fn authentication(&self) -> Option<&Authentication> {
        self.native()?.authentication.as_ref()
    }

    /// The `DeviceTunnel` element when it says `true` (for labelling findings).
    pub fn device_tunnel_declaration(&self) -> Option<&Leaf> {
        self.device_tunnel.as_ref().filter(|d| d.is_true())
    }

    /// The `DeviceCompliance/Enabled` element when it says `true`.
    pub fn device_compliance_declaration(&self) -> Option<&Leaf> {
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
pub struct Proxy {
    pub span: Span,
    pub auto_config_url: Option<Leaf>,
    pub manual_server: Option<Leaf>,
}

#[derive(Debug, Clone, Default)]
pub struct DeviceCompliance {
    pub span: Span,
    pub enabled: Option<Leaf>,
    pub sso: Option<Sso>,
}

#[derive(Debug, Clone, Default)]
pub struct Sso {
    pub span: Span,
    pub enabled: Option<Leaf>,
    pub eku: Option<Leaf>,
    pub issuer_hash: Option<Leaf>,
}

#[derive(Debug, Clone, Default)]
pub struct PluginProfile {
    pub span: Span,
    pub server_url_list: Option<Leaf>,
    pub plugin_package_family_name: Option<Leaf>,
    pub custom_configuration: Option<Leaf>,
}

#[derive(Debug, Clone, Default)]
pub struct AppTrigger {
    pub span: Span,
    pub app_id: Option<Leaf>,
}

#[derive(Debug, Clone, Default)]
pub struct DomainNameInformation {
    pub span: Span,
    pub domain_name: Option<Leaf>,
    pub dns_servers: Option<Leaf>,
    pub web_proxy_servers: Option<Leaf>,
    pub auto_trigger: Option<Leaf>,
    pub persistent: Option<Leaf>,
}

#[derive(Debug, Clone, Default)]
pub struct TrafficFilter {
    pub span: Span,
    /// The `App` element; `app_id` is its `Id` child.
    pub app: Option<Leaf>,
    pub app_id: Option<Leaf>,
    pub claims: Option<Leaf>,
    pub protocol: Option<Leaf>,
    pub local_port_ranges: Option<Leaf>,
    pub remote_port_ranges: Option<Leaf>,
    pub local_address_ranges: Option<Leaf>,
    pub remote_address_ranges: Option<Leaf>,
    pub routing_policy_type: Option<Leaf>,
    pub direction: Option<Leaf>,
}

#[derive(Debug, Clone, Default)]
pub struct Route {
    pub span: Span,
    pub address: Option<Leaf>,
    /// `address` parsed as an IPv4 or IPv6 literal (trimmed), once for the route rules;
    /// `None` when it is missing or not an address.
    pub address_ip: Option<std::net::IpAddr>,
    pub prefix_size: Option<Leaf>,
    pub exclusion_route: Option<Leaf>,
    pub metric: Option<Leaf>,
}

impl Route {
    pub fn is_exclusion(&self) -> bool {
        self.exclusion_route.as_ref().is_some_and(Leaf::is_true)
    }
}

#[derive(Debug, Clone, Default)]
pub struct NativeProfile {
    pub span: Span,
    pub servers: Option<Leaf>,
    pub routing_policy_type: Option<Choice<RoutingPolicyType>>,
    pub protocol: Option<Choice<NativeProtocolType>>,
    pub l2tp_psk: Option<Leaf>,
    pub disable_class_based_default_route: Option<Leaf>,
    pub cryptography_suite: Option<CryptographySuite>,
    pub authentication: Option<Authentication>,
    pub protocol_list: Option<Leaf>,
    /// `ProtocolList/NativeProtocol/Type` values, in order.
    pub protocol_list_types: Vec<Leaf>,
    pub plumb_ikev2_ts_as_routes: Option<Leaf>,
}

#[derive(Debug, Clone, Default)]
pub struct CryptographySuite {
    pub span: Span,
    pub authentication_transform_constants: Option<Leaf>,
    pub cipher_transform_constants: Option<Leaf>,
    pub pfs_group: Option<Leaf>,
    pub dh_group: Option<Leaf>,
    pub integrity_check_method: Option<Leaf>,
    pub encryption_method: Option<Leaf>,
}

#[derive(Debug, Clone, Default)]
pub struct Authentication {
    pub span: Span,
    pub user_method: Option<Choice<UserMethod>>,
    pub machine_method: Option<Leaf>,
    pub eap: Option<EapElement>,
}

impl Authentication {
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
pub struct EapElement {
    pub span: Span,
    pub configuration: Option<EapConfiguration>,
}

#[derive(Debug, Clone, Default)]
pub struct EapConfiguration {
    pub span: Span,
    /// Text directly inside `Configuration` (not in child elements), trimmed; e.g. an
    /// entity-escaped EAP blob.
    pub text: Option<Leaf>,
    pub host_config: Option<EapHostConfig>,
}

/// Everything the model knows about one XML document.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub profile: Option<VpnProfile>,
    /// A document whose root is `EapHostConfig` (an exported EAP configuration).
    pub bare_eap: Option<EapHostConfig>,
    pub issues: Vec<SchemaIssue>,
}

impl Model {
    pub fn build(doc: &roxmltree::Document) -> Model {
        build::build(doc)
    }

    /// The EAP configuration of the document, wherever it sits.
    pub fn eap_host_config(&self) -> Option<&EapHostConfig> {
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
