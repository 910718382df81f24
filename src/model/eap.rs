//! The EAP configuration (`EapHostConfig`) embedded in a profile: PEAP, EAP-TLS (with its
//! certificate filtering), EAP-MSCHAPv2, and server validation.
//!
//! Elements are recognised by namespace *and* local name. A namespace written with `https://`
//! is read as the `http://` one (and recorded once as an issue), so that the rules behind it
//! still see the PEAP / EAP-TLS settings instead of cascading into false findings.

use super::issues::SchemaIssue;
use super::walk::{attribute_leaf, child, child_leaf, elements, leaf, name_span, span_of};
use super::Leaf;
use crate::span::Span;
use roxmltree::Node;

pub const NS_PREFIX: &str = "http://www.microsoft.com/provisioning/";
pub const AAD_CA_EKU_OID: &str = "1.3.6.1.4.1.311.87";

/// The EAP namespaces Windows knows, by their last path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EapNamespace {
    EapHostConfig,
    EapCommon,
    BaseEapConnectionPropertiesV1,
    BaseEapMethodConfig,
    EapTlsV1,
    EapTlsV2,
    EapTlsV3,
    MsPeapV1,
    MsPeapV2,
    MsPeapV3,
    MsChapV2V1,
    Other,
}

impl EapNamespace {
    pub const ALL: &'static [(&'static str, EapNamespace)] = &[
        ("EapHostConfig", EapNamespace::EapHostConfig),
        ("EapCommon", EapNamespace::EapCommon),
        (
            "BaseEapConnectionPropertiesV1",
            EapNamespace::BaseEapConnectionPropertiesV1,
        ),
        ("BaseEapMethodConfig", EapNamespace::BaseEapMethodConfig),
        ("EapTlsConnectionPropertiesV1", EapNamespace::EapTlsV1),
        ("EapTlsConnectionPropertiesV2", EapNamespace::EapTlsV2),
        ("EapTlsConnectionPropertiesV3", EapNamespace::EapTlsV3),
        ("MsPeapConnectionPropertiesV1", EapNamespace::MsPeapV1),
        ("MsPeapConnectionPropertiesV2", EapNamespace::MsPeapV2),
        ("MsPeapConnectionPropertiesV3", EapNamespace::MsPeapV3),
        ("MsChapV2ConnectionPropertiesV1", EapNamespace::MsChapV2V1),
        ("EapTtlsConnectionPropertiesV1", EapNamespace::Other),
        ("EapTeapConnectionPropertiesV1", EapNamespace::Other),
        ("EapSimConnectionPropertiesV1", EapNamespace::Other),
        ("EapAkaConnectionPropertiesV1", EapNamespace::Other),
        ("EapAkaPrimeConnectionPropertiesV1", EapNamespace::Other),
    ];

    /// Classifies a namespace URI; `https://` is accepted here (reported elsewhere).
    pub fn of_uri(uri: &str) -> Option<EapNamespace> {
        let rest = uri
            .strip_prefix(NS_PREFIX)
            .or_else(|| uri.strip_prefix("https://www.microsoft.com/provisioning/"))?;
        Self::ALL
            .iter()
            .find(|(segment, _)| *segment == rest)
            .map(|(_, ns)| *ns)
    }

    /// The local names each namespace defines (used for the unknown-element check).
    pub fn known_names(self) -> &'static [&'static str] {
        match self {
            EapNamespace::EapHostConfig => &["EapHostConfig", "EapMethod", "Config", "ConfigBlob"],
            EapNamespace::EapCommon => &["Type", "VendorId", "VendorType", "AuthorId"],
            EapNamespace::BaseEapConnectionPropertiesV1 | EapNamespace::BaseEapMethodConfig => {
                &["Eap", "Type"]
            }
            EapNamespace::EapTlsV1 => &[
                "EapType",
                "CredentialsSource",
                "SmartCard",
                "CertificateStore",
                "SimpleCertSelection",
                "ServerValidation",
                "DisableUserPromptForServerValidation",
                "ServerNames",
                "TrustedRootCA",
                "DifferentUsername",
            ],
            EapNamespace::EapTlsV2 => &[
                "PerformServerValidation",
                "AcceptServerName",
                "TLSExtensions",
            ],
            EapNamespace::EapTlsV3 => &[
                "FilteringInfo",
                "AllPurposeEnabled",
                "CAHashList",
                "IssuerHash",
                "EKUMapping",
                "EKUMap",
                "EKUName",
                "EKUOID",
                "ClientAuthEKUList",
                "EKUMapInList",
                "AnyPurposeEKUList",
                "Extensions",
            ],
            EapNamespace::MsPeapV1 => &[
                "EapType",
                "ServerValidation",
                "DisableUserPromptForServerValidation",
                "ServerNames",
                "TrustedRootCA",
                "IdentityPrivacy",
                "FastReconnect",
                "InnerEapOptional",
                "EnableQuarantineChecks",
                "RequireCryptoBinding",
                "PeapExtensions",
            ],
            EapNamespace::MsPeapV2 => &[
                "PerformServerValidation",
                "AcceptServerName",
                "IdentityPrivacy",
                "EnableIdentityPrivacy",
                "AnonymousUserName",
                "PeapExtensionsV2",
            ],
            EapNamespace::MsPeapV3 => &["AllowPromptingWhenServerCANotFound", "PeapExtensionsV3"],
            EapNamespace::MsChapV2V1 => &["EapType", "UseWinLogonCredentials"],
            EapNamespace::Other => &[],
        }
    }
}

/// EAP elements whose value is an `xs:boolean`.
pub const EAP_BOOLEANS: &[&str] = &[
    "PerformServerValidation",
    "AcceptServerName",
    "DisableUserPromptForServerValidation",
    "FastReconnect",
    "InnerEapOptional",
    "EnableQuarantineChecks",
    "RequireCryptoBinding",
    "UseWinLogonCredentials",
    "SimpleCertSelection",
    "DifferentUsername",
    "AllPurposeEnabled",
    "EnableIdentityPrivacy",
    "AllowPromptingWhenServerCANotFound",
];

/// EAP method type numbers (IANA) that Windows configures for VPN.
pub const EAP_TLS: u32 = 13;
pub const PEAP: u32 = 25;
pub const EAP_MSCHAPV2: u32 = 26;

pub fn method_name(eap_type: u32) -> &'static str {
    match eap_type {
        4 => "MD5-Challenge",
        13 => "EAP-TLS",
        18 => "EAP-SIM",
        21 => "EAP-TTLS",
        23 => "EAP-AKA",
        25 => "PEAP",
        26 => "EAP-MSCHAPv2",
        50 => "EAP-AKA'",
        55 => "TEAP",
        _ => "an unknown method",
    }
}

/// `<EapHostConfig>`.
#[derive(Debug, Clone, Default)]
pub struct EapHostConfig<'doc> {
    pub span: Span,
    pub name_span: Span,
    /// `EapMethod/Type`: the method EapHost hands the configuration to.
    pub method_type: Option<Leaf<'doc>>,
    pub author_id: Option<Leaf<'doc>>,
    /// `Config/Eap`: the outer method's configuration.
    pub config: Option<EapLayer<'doc>>,
    /// `TLSExtensions` elements that are not where EAP-TLS reads them (child of the EAP-TLS
    /// `EapType`); their filtering info is still parsed so later rules see what was meant.
    pub misplaced_tls_extensions: Vec<TlsExtensions<'doc>>,
}

impl EapHostConfig<'_> {
    pub fn method_type_value(&self) -> Option<u32> {
        self.method_type.as_ref()?.trimmed().parse().ok()
    }

    /// Every layer's server validation: PEAP's, then each EAP-TLS layer's.
    pub fn server_validations(&self) -> Vec<&ServerValidation<'_>> {
        let mut out: Vec<&ServerValidation> = Vec::new();
        out.extend(self.peap().and_then(|p| p.server_validation.as_ref()));
        out.extend(
            self.tls_configs()
                .into_iter()
                .filter_map(|tls| tls.server_validation.as_ref()),
        );
        out
    }

    /// Every EAP-TLS configuration: the outer one, or the ones inside PEAP.
    pub fn tls_configs(&self) -> Vec<&TlsProperties<'_>> {
        let mut out = Vec::new();
        if let Some(layer) = &self.config {
            layer.collect_tls(&mut out);
        }
        out
    }

    /// Every filtering block, including misplaced ones.
    pub fn filtering_infos(&self) -> Vec<&FilteringInfo<'_>> {
        let mut out: Vec<&FilteringInfo> = self
            .tls_configs()
            .into_iter()
            .filter_map(|tls| tls.tls_extensions.as_ref()?.filtering_info.as_ref())
            .collect();
        out.extend(
            self.misplaced_tls_extensions
                .iter()
                .filter_map(|t| t.filtering_info.as_ref()),
        );
        out
    }

    pub fn peap(&self) -> Option<&PeapProperties<'_>> {
        match &self.config.as_ref()?.method {
            EapMethodConfig::Peap(peap) => Some(peap),
            _ => None,
        }
    }

    /// The method Windows will run for the user: PEAP's inner method, or the outer one.
    pub fn uses_certificate(&self) -> bool {
        match self.config.as_ref().map(|c| &c.method) {
            Some(EapMethodConfig::Tls(_)) => true,
            Some(EapMethodConfig::Peap(peap)) => peap
                .inner
                .iter()
                .any(|inner| matches!(inner.method, EapMethodConfig::Tls(_))),
            _ => false,
        }
    }
}

/// An `Eap` element (`BaseEapConnectionPropertiesV1`): a `Type` and the method's `EapType`.
#[derive(Debug, Clone, Default)]
pub struct EapLayer<'doc> {
    pub span: Span,
    pub type_leaf: Option<Leaf<'doc>>,
    /// Span of the `EapType` element's name, and the namespace segment it declared.
    pub eap_type_span: Option<Span>,
    pub eap_type_namespace: Option<String>,
    pub method: EapMethodConfig<'doc>,
}

impl EapLayer<'_> {
    pub fn type_value(&self) -> Option<u32> {
        self.type_leaf.as_ref()?.trimmed().parse().ok()
    }

    fn collect_tls<'a>(&'a self, out: &mut Vec<&'a TlsProperties<'a>>) {
        match &self.method {
            EapMethodConfig::Tls(tls) => out.push(tls),
            EapMethodConfig::Peap(peap) => {
                for inner in &peap.inner {
                    inner.collect_tls(out);
                }
            }
            _ => {}
        }
    }
}

/// Which method's properties an `EapType` holds, decided by its namespace (or, when the
/// namespace is unknown, by the layer's `Type`).
#[derive(Debug, Clone, Default)]
pub enum EapMethodConfig<'doc> {
    Tls(Box<TlsProperties<'doc>>),
    Peap(Box<PeapProperties<'doc>>),
    MsChapV2(MsChapV2Properties<'doc>),
    /// An `EapType` this model does not read (another method or namespace).
    Other,
    /// No `EapType` element.
    #[default]
    Missing,
}

impl EapMethodConfig<'_> {
    /// The EAP type number whose configuration this is.
    pub fn expected_type(&self) -> Option<u32> {
        match self {
            EapMethodConfig::Tls(_) => Some(EAP_TLS),
            EapMethodConfig::Peap(_) => Some(PEAP),
            EapMethodConfig::MsChapV2(_) => Some(EAP_MSCHAPV2),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ServerValidation<'doc> {
    pub span: Span,
    pub disable_user_prompt: Option<Leaf<'doc>>,
    pub server_names: Option<Leaf<'doc>>,
    pub trusted_root_cas: Vec<Leaf<'doc>>,
}

impl ServerValidation<'_> {
    /// `TrustedRootCA` elements that hold a value (an empty one pins nothing).
    pub fn pinned_roots(&self) -> impl Iterator<Item = &Leaf<'_>> {
        self.trusted_root_cas
            .iter()
            .filter(|root| !root.trimmed().is_empty())
    }

    pub fn pins_a_root(&self) -> bool {
        self.pinned_roots().next().is_some()
    }
}

#[derive(Debug, Clone, Default)]
pub struct TlsProperties<'doc> {
    pub span: Span,
    pub server_validation: Option<ServerValidation<'doc>>,
    pub perform_server_validation: Option<Leaf<'doc>>,
    pub accept_server_name: Option<Leaf<'doc>>,
    pub tls_extensions: Option<TlsExtensions<'doc>>,
    /// `CredentialsSource/SmartCard`: the client certificate comes from a smart card, not
    /// from the certificate store.
    pub smart_card: Option<Span>,
}

#[derive(Debug, Clone, Default)]
pub struct TlsExtensions<'doc> {
    pub span: Span,
    pub filtering_info: Option<FilteringInfo<'doc>>,
    /// Local name and namespace URI of the parent element (to say where a misplaced one is).
    pub parent_name: String,
    pub parent_namespace: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct FilteringInfo<'doc> {
    pub span: Span,
    pub all_purpose_enabled: Option<Leaf<'doc>>,
    pub ca_hash_list: Option<CaHashList<'doc>>,
    pub eku_maps: Vec<EkuMap<'doc>>,
    pub client_auth_eku_list: Option<EkuList<'doc>>,
    pub any_purpose_eku_list: Option<EkuList<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct CaHashList<'doc> {
    pub span: Span,
    pub enabled: Option<Leaf<'doc>>,
    pub issuer_hashes: Vec<Leaf<'doc>>,
}

/// `EKUMapping/EKUMap`: a name given to an OID.
#[derive(Debug, Clone, Default)]
pub struct EkuMap<'doc> {
    pub span: Span,
    pub name: Option<Leaf<'doc>>,
    pub oid: Option<Leaf<'doc>>,
}

/// `ClientAuthEKUList` or `AnyPurposeEKUList`.
#[derive(Debug, Clone, Default)]
pub struct EkuList<'doc> {
    pub span: Span,
    pub enabled: Option<Leaf<'doc>>,
    pub entries: Vec<EkuMap<'doc>>,
}

impl EkuList<'_> {
    pub fn is_enabled(&self) -> bool {
        self.enabled
            .as_ref()
            .is_some_and(|e| e.xs_bool() == Some(true))
    }
}

#[derive(Debug, Clone, Default)]
pub struct PeapProperties<'doc> {
    pub span: Span,
    pub server_validation: Option<ServerValidation<'doc>>,
    pub inner: Vec<EapLayer<'doc>>,
    pub perform_server_validation: Option<Leaf<'doc>>,
    pub accept_server_name: Option<Leaf<'doc>>,
}

#[derive(Debug, Clone, Default)]
pub struct MsChapV2Properties<'doc> {
    pub span: Span,
    pub use_winlogon_credentials: Option<Leaf<'doc>>,
}

/// Namespace of an element, classified (https accepted).
fn ns_of(node: Node) -> Option<EapNamespace> {
    EapNamespace::of_uri(node.tag_name().namespace()?)
}

/// Builds the EAP model from an `EapHostConfig` element and records the issues found inside.
pub fn build_host_config<'doc>(
    node: Node<'doc, '_>,
    issues: &mut Vec<SchemaIssue>,
) -> EapHostConfig<'doc> {
    check_tree(node, issues);
    let mut config = EapHostConfig {
        span: span_of(node),
        name_span: name_span(node),
        ..Default::default()
    };
    for part in elements(node) {
        match part.tag_name().name() {
            "EapMethod" => {
                config.method_type = child_leaf(part, "Type");
                config.author_id = child_leaf(part, "AuthorId");
            }
            "Config" => {
                config.config = elements(part)
                    .find(|n| n.tag_name().name() == "Eap")
                    .map(build_layer);
            }
            _ => {}
        }
    }
    // TLSExtensions anywhere other than directly under an EAP-TLS EapType.
    for ext in node
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "TLSExtensions")
    {
        let parent_ok = ext
            .parent_element()
            .is_some_and(|p| p.tag_name().name() == "EapType" && classify(p) == Some(EAP_TLS));
        if !parent_ok {
            config
                .misplaced_tls_extensions
                .push(build_tls_extensions(ext));
        }
    }
    config
}

/// The method an `EapType` element configures, by its namespace.
fn classify(eap_type: Node) -> Option<u32> {
    match ns_of(eap_type)? {
        EapNamespace::EapTlsV1 => Some(EAP_TLS),
        EapNamespace::MsPeapV1 => Some(PEAP),
        EapNamespace::MsChapV2V1 => Some(EAP_MSCHAPV2),
        _ => None,
    }
}

fn build_layer<'doc>(eap: Node<'doc, '_>) -> EapLayer<'doc> {
    let type_leaf = child_leaf(eap, "Type");
    let eap_type = elements(eap).find(|n| n.tag_name().name() == "EapType");
    let declared_type = type_leaf.as_ref().and_then(|t| t.trimmed().parse().ok());
    let method = match eap_type {
        None => EapMethodConfig::Missing,
        Some(et) => {
            // Namespace first; fall back on the declared Type when the namespace is not one
            // we know (a mangled namespace is reported by its own rule).
            let kind = if ns_of(et).is_some() {
                classify(et)
            } else {
                declared_type
            };
            match kind {
                Some(EAP_TLS) => EapMethodConfig::Tls(Box::new(build_tls(et))),
                Some(PEAP) => EapMethodConfig::Peap(Box::new(build_peap(et))),
                Some(EAP_MSCHAPV2) => EapMethodConfig::MsChapV2(MsChapV2Properties {
                    span: span_of(et),
                    use_winlogon_credentials: child_leaf(et, "UseWinLogonCredentials"),
                }),
                _ => EapMethodConfig::Other,
            }
        }
    };
    EapLayer {
        span: span_of(eap),
        type_leaf,
        eap_type_span: eap_type.map(name_span),
        eap_type_namespace: eap_type.and_then(|n| n.tag_name().namespace().map(str::to_owned)),
        method,
    }
}

fn build_server_validation<'doc>(node: Node<'doc, '_>) -> ServerValidation<'doc> {
    ServerValidation {
        span: span_of(node),
        disable_user_prompt: child_leaf(node, "DisableUserPromptForServerValidation"),
        server_names: child_leaf(node, "ServerNames"),
        trusted_root_cas: elements(node)
            .filter(|n| n.tag_name().name() == "TrustedRootCA")
            .map(leaf)
            .collect(),
    }
}

fn build_tls<'doc>(node: Node<'doc, '_>) -> TlsProperties<'doc> {
    TlsProperties {
        span: span_of(node),
        server_validation: elements(node)
            .find(|n| n.tag_name().name() == "ServerValidation")
            .map(build_server_validation),
        perform_server_validation: child_leaf(node, "PerformServerValidation"),
        accept_server_name: child_leaf(node, "AcceptServerName"),
        tls_extensions: elements(node)
            .find(|n| n.tag_name().name() == "TLSExtensions")
            .map(build_tls_extensions),
        smart_card: child(node, "CredentialsSource")
            .and_then(|c| child(c, "SmartCard"))
            .map(span_of),
    }
}

fn build_tls_extensions<'doc>(node: Node<'doc, '_>) -> TlsExtensions<'doc> {
    let parent = node.parent_element();
    TlsExtensions {
        span: span_of(node),
        filtering_info: elements(node)
            .find(|n| n.tag_name().name() == "FilteringInfo")
            .map(build_filtering_info),
        parent_name: parent.map_or_else(String::new, |p| p.tag_name().name().to_owned()),
        parent_namespace: parent.and_then(|p| p.tag_name().namespace().map(str::to_owned)),
    }
}

fn build_eku_map<'doc>(node: Node<'doc, '_>) -> EkuMap<'doc> {
    EkuMap {
        span: span_of(node),
        name: child_leaf(node, "EKUName"),
        oid: child_leaf(node, "EKUOID"),
    }
}

fn build_eku_list<'doc>(node: Node<'doc, '_>) -> EkuList<'doc> {
    EkuList {
        span: span_of(node),
        enabled: attribute_leaf(node, "Enabled"),
        entries: elements(node)
            .filter(|n| n.tag_name().name() == "EKUMapInList")
            .map(build_eku_map)
            .collect(),
    }
}

fn build_filtering_info<'doc>(node: Node<'doc, '_>) -> FilteringInfo<'doc> {
    let mut info = FilteringInfo {
        span: span_of(node),
        ..Default::default()
    };
    for part in elements(node) {
        match part.tag_name().name() {
            "AllPurposeEnabled" => info.all_purpose_enabled = Some(leaf(part)),
            "CAHashList" => {
                info.ca_hash_list = Some(CaHashList {
                    span: span_of(part),
                    enabled: attribute_leaf(part, "Enabled"),
                    issuer_hashes: elements(part)
                        .filter(|n| n.tag_name().name() == "IssuerHash")
                        .map(leaf)
                        .collect(),
                })
            }
            "EKUMapping" => info.eku_maps.extend(
                elements(part)
                    .filter(|n| n.tag_name().name() == "EKUMap")
                    .map(build_eku_map),
            ),
            "ClientAuthEKUList" => info.client_auth_eku_list = Some(build_eku_list(part)),
            "AnyPurposeEKUList" => info.any_purpose_eku_list = Some(build_eku_list(part)),
            _ => {}
        }
    }
    info
}

fn build_peap<'doc>(node: Node<'doc, '_>) -> PeapProperties<'doc> {
    let extensions = elements(node).find(|n| n.tag_name().name() == "PeapExtensions");
    PeapProperties {
        span: span_of(node),
        server_validation: elements(node)
            .find(|n| n.tag_name().name() == "ServerValidation")
            .map(build_server_validation),
        inner: elements(node)
            .filter(|n| n.tag_name().name() == "Eap")
            .map(build_layer)
            .collect(),
        perform_server_validation: extensions
            .and_then(|e| child_leaf(e, "PerformServerValidation")),
        accept_server_name: extensions.and_then(|e| child_leaf(e, "AcceptServerName")),
    }
}

/// Records the https and the damaged EAP namespaces that `node` declares (those in scope at
/// `node` but not at its `parent`).
fn check_declarations(node: Node, parent: Option<Node>, issues: &mut Vec<SchemaIssue>) {
    let declared = node
        .namespaces()
        .filter(|ns| parent.is_none_or(|p| !p.namespaces().any(|pns| std::ptr::eq(pns, *ns))));
    for ns in declared {
        if ns
            .uri()
            .starts_with("https://www.microsoft.com/provisioning/")
        {
            issues.push(SchemaIssue::HttpsNamespace {
                span: declaration_span(node, ns.uri()),
                uri: ns.uri().to_owned(),
            });
        } else if EapNamespace::of_uri(ns.uri()).is_none() {
            if let Some(meant) = meant_namespace(ns.uri()) {
                issues.push(SchemaIssue::MangledNamespace {
                    span: declaration_span(node, ns.uri()),
                    uri: ns.uri().to_owned(),
                    meant,
                });
            }
        }
    }
}

/// Records https namespaces, malformed booleans and unknown element names in the EAP tree.
fn check_tree(root: Node, issues: &mut Vec<SchemaIssue>) {
    for node in root.descendants().filter(Node::is_element) {
        let parent = node.parent_element();
        // roxmltree stores each distinct namespace once, so an inherited one is the very same
        // value as the parent's; most elements declare none and are skipped with one pass.
        let same_as_parent = parent.is_some_and(|p| {
            p.namespaces()
                .map(std::ptr::from_ref)
                .eq(node.namespaces().map(std::ptr::from_ref))
        });
        if !same_as_parent {
            check_declarations(node, parent, issues);
        }
        let name = node.tag_name().name();
        if EAP_BOOLEANS.contains(&name) && elements(node).next().is_none() {
            let value = leaf(node);
            if value.xs_bool().is_none() || value.text.trim() != value.text {
                issues.push(SchemaIssue::BadBoolean {
                    span: value.value_span,
                    element: name.to_owned(),
                    raw: value.text.into_owned(),
                    xs_boolean: true,
                });
            }
        }
        if matches!(
            name,
            "CAHashList" | "ClientAuthEKUList" | "AnyPurposeEKUList"
        ) {
            if let Some(enabled) = attribute_leaf(node, "Enabled") {
                if enabled.xs_bool().is_none() {
                    issues.push(SchemaIssue::BadBoolean {
                        span: enabled.value_span,
                        element: format!("{name}/@Enabled"),
                        raw: enabled.text.into_owned(),
                        xs_boolean: true,
                    });
                }
            }
        }
        // Classified once: this runs for every element of every EAP configuration.
        let namespace = ns_of(node);
        if let Some(expected) = namespace.and_then(|ns| expected_version(node, ns)) {
            issues.push(SchemaIssue::NamespaceVersion {
                span: name_span(node),
                element: name.to_owned(),
                found: node.tag_name().namespace().unwrap_or("").to_owned(),
                expected,
            });
        }
        if let Some(ns) = namespace {
            let all_known = EapNamespace::ALL
                .iter()
                .flat_map(|(_, ns)| ns.known_names().iter().copied());
            // Cheapest first: nearly every element is defined by its own namespace.
            let known_anywhere = || {
                ns.known_names().contains(&name)
                    || EapNamespace::ALL
                        .iter()
                        .any(|(_, n)| n.known_names().contains(&name))
            };
            // Content of extension points (xs:any) is not ours to judge.
            let in_extension = || {
                node.ancestors().skip(1).any(|a| {
                    matches!(
                        a.tag_name().name(),
                        "Extensions" | "PeapExtensionsV3" | "ConfigBlob"
                    )
                })
            };
            if ns != EapNamespace::Other && !known_anywhere() && !in_extension() {
                issues.push(SchemaIssue::UnknownElement {
                    span: name_span(node),
                    name: name.to_owned(),
                    parent: node
                        .parent_element()
                        .map_or_else(String::new, |p| p.tag_name().name().to_owned()),
                    suggestion: super::schema::suggest(name, all_known),
                });
            }
        }
    }
}

/// The last path segment of the known EAP namespace that `uri` was meant to be, when `uri` is
/// a damaged copy of one: whitespace inside (console output wrapped at the window width),
/// another letter case, or a few characters off. `None` for unrelated namespaces (`xsi`, ...).
fn meant_namespace(uri: &str) -> Option<&'static str> {
    let squeezed: String = uri.chars().filter(|c| !c.is_whitespace()).collect();
    let squeezed = squeezed.replacen("https://", "http://", 1);
    let known = EapNamespace::ALL.iter().map(|(segment, _)| *segment);
    // Exact after removing whitespace, or equal ignoring case.
    if let Some(segment) = known.clone().find(|segment| {
        let full = format!("{NS_PREFIX}{segment}");
        full == squeezed || full.eq_ignore_ascii_case(&squeezed)
    }) {
        return Some(segment);
    }
    // A typo: close to a known namespace as a whole.
    let lower = squeezed.to_ascii_lowercase();
    let (segment, distance) = known
        .map(|segment| {
            let full = format!("{NS_PREFIX}{segment}").to_ascii_lowercase();
            (
                segment,
                super::schema::edit_distance_capped(&lower, &full, 3),
            )
        })
        .min_by_key(|(_, d)| *d)?;
    (distance <= 3 && lower.contains("microsoft")).then_some(segment)
}

/// The known EAP namespace that a damaged URI was meant to be (see `meant_namespace`), for
/// rules that must stay silent where `eap-namespace-mangled` already reports the root cause:
/// elements under a mangled namespace are not recognised, so they look misplaced or missing.
pub fn meant_eap_namespace(uri: &str) -> Option<EapNamespace> {
    let segment = meant_namespace(uri)?;
    EapNamespace::ALL
        .iter()
        .find(|(known, _)| *known == segment)
        .map(|(_, ns)| *ns)
}

/// For an element of the EAP-TLS or PEAP schemas written in another version of its method's
/// namespace (the V1/V2/V3 schemas each define different elements), the namespace segment it
/// belongs to. Content of extension points is not judged.
fn expected_version(node: Node, ns: EapNamespace) -> Option<&'static str> {
    let segment = misversioned(node, ns)?;
    // Children that inherit a wrong namespace from a wrong parent are one mistake, reported
    // once at the parent.
    let inherited = node.parent_element().is_some_and(|p| {
        p.tag_name().namespace() == node.tag_name().namespace()
            && ns_of(p).is_some_and(|parent_ns| misversioned(p, parent_ns).is_some())
    });
    (!inherited).then_some(segment)
}

/// [`expected_version`] without the de-duplication of inherited namespaces; `ns` is the
/// namespace `node` is in.
fn misversioned(node: Node, ns: EapNamespace) -> Option<&'static str> {
    use EapNamespace::*;
    let family: &[EapNamespace] = match ns {
        EapTlsV1 | EapTlsV2 | EapTlsV3 => &[EapTlsV1, EapTlsV2, EapTlsV3],
        MsPeapV1 | MsPeapV2 | MsPeapV3 => &[MsPeapV1, MsPeapV2, MsPeapV3],
        _ => return None,
    };
    let name = node.tag_name().name();
    // Nearly every element is defined by the version it is written in.
    if ns.known_names().contains(&name) {
        return None;
    }
    // The versions that define `name`, without collecting them (this runs for every EAP element).
    let mut defining = family
        .iter()
        .copied()
        .filter(|v| v.known_names().contains(&name));
    let first_defining = defining.clone().next()?;
    if defining.any(|v| v == ns) {
        return None;
    }
    let in_extension = node.ancestors().skip(1).any(|a| {
        matches!(
            a.tag_name().name(),
            "Extensions" | "PeapExtensionsV3" | "ConfigBlob"
        )
    });
    if in_extension {
        return None;
    }
    EapNamespace::ALL
        .iter()
        .find(|(_, v)| *v == first_defining)
        .map(|(segment, _)| *segment)
}

/// Span of the `xmlns…="uri"` value in the start tag of `node`, or the tag name if not found.
fn declaration_span(node: Node, uri: &str) -> Span {
    let input = node.document().input_text();
    let start = node.range().start;
    let tag_end = crate::span::start_tag_end(input, start);
    input
        .get(start..tag_end)
        .and_then(|tag| tag.find(uri))
        .map_or_else(
            || name_span(node),
            |i| Span::new(start + i, start + i + uri.len()),
        )
}

/// One EAP layer that can validate the RADIUS (NPS) server certificate: the outer PEAP
/// (`ServerValidation` + `PeapExtensions`), a standalone EAP-TLS, or an EAP-TLS inside PEAP.
///
/// In PEAP the outer TLS handshake is the one that proves the NPS server's identity before any
/// credential is sent; the inner EAP-TLS runs inside that tunnel with its own copy of the
/// settings (MS-GPWL §6.8, §6.9.1). Rules decide per layer which of them they judge.
#[derive(Debug, Clone, Copy)]
pub struct ValidationLayer<'a> {
    /// `"PEAP"`, `"EAP-TLS"` or `"inner EAP-TLS"`, for messages.
    pub method: &'static str,
    pub inner: bool,
    /// The layer's `EapType` element.
    pub span: Span,
    pub server_validation: Option<&'a ServerValidation<'a>>,
    pub perform_server_validation: Option<&'a Leaf<'a>>,
    pub accept_server_name: Option<&'a Leaf<'a>>,
}

impl<'a> ValidationLayer<'a> {
    /// `PerformServerValidation` is explicitly false (`false`/`0`). Absent means on.
    pub fn validation_off(&self) -> bool {
        self.perform_server_validation
            .is_some_and(|p| p.xs_bool() == Some(false))
    }

    /// `AcceptServerName` is explicitly false: `ServerNames` is not checked.
    pub fn names_ignored(&self) -> bool {
        self.accept_server_name
            .is_some_and(|a| a.xs_bool() == Some(false))
    }

    /// `AcceptServerName` is explicitly true.
    pub fn names_required(&self) -> bool {
        self.accept_server_name
            .is_some_and(|a| a.xs_bool() == Some(true))
    }

    pub fn server_names(&self) -> Option<&'a Leaf<'a>> {
        self.server_validation?.server_names.as_ref()
    }

    /// `ServerNames` is present with something other than whitespace.
    pub fn has_server_names(&self) -> bool {
        self.server_names().is_some_and(|n| !n.trimmed().is_empty())
    }

    /// The `ServerNames` Windows actually compares with the server certificate: validation
    /// on, names not ignored (`AcceptServerName` not false), and a non-blank value.
    pub fn checked_server_names(&self) -> Option<&'a Leaf<'a>> {
        if self.validation_off() || self.names_ignored() || !self.has_server_names() {
            return None;
        }
        self.server_names()
    }
}

impl EapHostConfig<'_> {
    /// The outer validating layer (PEAP or EAP-TLS), then every EAP-TLS inside PEAP.
    pub fn validation_layers(&self) -> Vec<ValidationLayer<'_>> {
        let mut out = Vec::new();
        let Some(layer) = &self.config else {
            return out;
        };
        match &layer.method {
            EapMethodConfig::Peap(peap) => {
                out.push(ValidationLayer {
                    method: "PEAP",
                    inner: false,
                    span: peap.span,
                    server_validation: peap.server_validation.as_ref(),
                    perform_server_validation: peap.perform_server_validation.as_ref(),
                    accept_server_name: peap.accept_server_name.as_ref(),
                });
                for inner in &peap.inner {
                    if let EapMethodConfig::Tls(tls) = &inner.method {
                        out.push(tls.validation_layer("inner EAP-TLS", true));
                    }
                }
            }
            EapMethodConfig::Tls(tls) => out.push(tls.validation_layer("EAP-TLS", false)),
            _ => {}
        }
        out
    }
}

impl TlsProperties<'_> {
    fn validation_layer(&self, method: &'static str, inner: bool) -> ValidationLayer<'_> {
        ValidationLayer {
            method,
            inner,
            span: self.span,
            server_validation: self.server_validation.as_ref(),
            perform_server_validation: self.perform_server_validation.as_ref(),
            accept_server_name: self.accept_server_name.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_namespaces_are_recognised() {
        let meant = |uri: &str| meant_namespace(uri);
        assert_eq!(
            meant("http://www.microsoft.co m/provisioning/EapCommon"),
            Some("EapCommon")
        );
        assert_eq!(
            meant("http://www.microsoft.com/Provisioning/EapHostConfig"),
            Some("EapHostConfig")
        );
        assert_eq!(
            meant("http://www.microsoft.com/provisioning/EapTlsConnectionPropertesV1"),
            Some("EapTlsConnectionPropertiesV1")
        );
        assert_eq!(meant("http://www.w3.org/2001/XMLSchema-instance"), None);
        assert_eq!(meant("urn:vendor:eap"), None);
    }

    fn issues_of(xml: &str) -> Vec<SchemaIssue> {
        let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}"));
        let mut issues = Vec::new();
        build_host_config(doc.root_element(), &mut issues);
        issues
    }

    #[test]
    fn version_swaps_are_reported_once_at_the_declaring_element() {
        let xml = r#"<EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Config><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type><EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"><AcceptServerName>true</AcceptServerName><TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"><FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"><CAHashList Enabled="true"><IssuerHash>00</IssuerHash></CAHashList></FilteringInfo></TLSExtensions></EapType></Eap></Config></EapHostConfig>"#;
        let swaps: Vec<(String, &str)> = issues_of(xml)
            .into_iter()
            .filter_map(|i| match i {
                SchemaIssue::NamespaceVersion {
                    element, expected, ..
                } => Some((element, expected)),
                _ => None,
            })
            .collect();
        assert_eq!(
            swaps,
            vec![
                (
                    "AcceptServerName".to_string(),
                    "EapTlsConnectionPropertiesV2"
                ),
                ("FilteringInfo".to_string(), "EapTlsConnectionPropertiesV3"),
            ]
        );
    }
}
