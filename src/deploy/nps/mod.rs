//! The NPS configuration export (`netsh nps export`, `Export-NpsConfiguration`, or NPS's own
//! `%SystemRoot%\System32\ias\ias.xml`), read into the facts an Always On VPN check needs:
//! network and connection request policies in processing order, their allowed authentication
//! and EAP methods, the PEAP/EAP-TLS server settings, RADIUS clients and logging settings.
//!
//! The export is Microsoft's SDO store serialised as XML (`research/server-side.md` §1). Its
//! element names are derived from display names and go stale when scripts rewrite the file, so
//! objects are found by their `name` attribute and their place in the tree, never by tag.
//! The file holds RADIUS shared secrets in clear text: this reader only records whether it
//! does ([`NpsConfig::holds_secrets`]) and never keeps a secret.

mod accounting;
mod clients;
pub mod conditions;
mod eap;
mod grammar;
mod policies;
mod tree;
mod values;

use serde::Serialize;

use crate::span::{LineIndex, Span};

pub use conditions::{evaluate, evaluate_all, targets_vpn, RequestFacts, Tri};

/// Everything read from one export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NpsConfig {
    /// Network policies in NPS's processing order: ascending `msNPSequence`, ties broken by
    /// document order (see [`NetworkPolicy::sequence_tie`]); disabled policies are kept in
    /// their place so that a rule can say "would match, but is disabled".
    pub network_policies: Vec<NetworkPolicy>,
    /// Connection request policies (`Proxy_Policies` paired with `Proxy_Profiles`), same order.
    pub request_policies: Vec<NetworkPolicy>,
    pub radius_clients: Vec<RadiusClient>,
    /// Text-file logging settings (`Microsoft Accounting` request handler), when present.
    pub accounting: Option<Accounting>,
    /// Whether any RADIUS client or remote server carries a non-empty shared secret: the file is
    /// then sensitive and must not be pasted into a ticket or committed.
    pub holds_secrets: bool,
    /// Things that were read but not understood (an unknown blob layout, a policy paired with
    /// its settings through `msNPAction`, a value that is not a number ...).
    pub notes: Vec<(Span, String)>,
}

/// A network policy or a connection request policy: the conditions object joined with its
/// settings object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkPolicy {
    pub name: String,
    /// The start tag of the conditions object (`NetworkPolicy/Children/<X name="...">`).
    pub span: Span,
    /// `Policy_Enabled`; an absent value counts as enabled (the default connection request
    /// policy of a fresh NPS has none).
    pub enabled: bool,
    /// `msNPSequence`; `i64::MAX` when absent or unreadable (sorted last, with a note).
    pub sequence: i64,
    /// Another policy of the same kind has the same sequence number, so the order between them
    /// was taken from the document and NPS's own order is not known for certain.
    pub sequence_tie: bool,
    /// `msNPAction`: the settings object NPS's SDO link names; can be stale after a rename.
    pub action: Option<String>,
    /// `msNPConstraint` values, all of which must match (AND).
    pub conditions: Vec<Condition>,
    pub settings: Option<PolicySettings>,
    /// How [`NetworkPolicy::settings`] was found.
    pub paired_by: Option<Pairing>,
}

/// How a policy's settings object was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Pairing {
    /// A settings object with the policy's own name (what the NPS console keeps in step).
    SameName,
    /// No settings object has the policy's name; the one `msNPAction` names was used.
    Action,
}

/// One `msNPConstraint` value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// The condition as written, trimmed.
    pub text: String,
    /// The trimmed condition text in the file.
    pub span: Span,
    pub kind: ConditionKind,
}

/// What a condition tests, from its function name (`research/server-side.md` §1.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ConditionKind {
    /// `MATCH("Attribute=regex")`: the attribute's value matches a .NET regular expression
    /// (searched, not anchored unless the pattern says so).
    Match { attribute: String, pattern: String },
    /// `NTGROUPS`, `USERNTGROUPS`, `MACHINENTGROUPS`: membership in one of the listed groups.
    Groups { function: String, sids: Vec<String> },
    /// `TIMEOFDAY("d hh:mm-hh:mm; ...")`, kept as written.
    TimeOfDay(String),
    /// Any other function, or text that is not `FUNCTION("argument")`.
    Unknown,
}

/// The settings object of a policy (`RadiusProfiles` or `Proxy_Profiles`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicySettings {
    pub name: String,
    /// The start tag of the settings object.
    pub span: Span,
    /// `msNPAllowDialin`: grant (`true`) or deny (`false`) access.
    pub allow_access: Option<bool>,
    /// `msIgnoreUserDialinProperties`.
    pub ignore_user_dialin: Option<bool>,
    /// `msNPAuthenticationType2`, in file order.
    pub auth_types: Vec<AuthType>,
    /// `msNPAllowedEapType`, in preference order.
    pub eap_types: Vec<EapType>,
    /// `msEAPConfiguration`, one per configured EAP method.
    pub eap_configs: Vec<EapConfig>,
    /// `msOverrideRAPAuth` (connection request policies): this policy's authentication lists
    /// replace the network policy's.
    pub override_auth: Option<bool>,
    /// `msAuthProviderType`: 0 none, 1 Windows (this server), 2 forwarded to a RADIUS group.
    pub auth_provider: Option<u32>,
    /// `msAuthProviderName`: the remote RADIUS server group when forwarding.
    pub auth_provider_name: Option<String>,
    /// `msNPAllowedPortTypes`: NAS-Port-Type constraint.
    pub allowed_port_types: Vec<u32>,
    /// `msRADIUSServiceType`.
    pub service_type: Option<u32>,
    /// `msRADIUSFramedProtocol`.
    pub framed_protocol: Option<u32>,
}

impl PolicySettings {
    /// Whether authentication method `code` (§1.7: 5 EAP, 4 MS-CHAPv2 ...) is allowed.
    pub fn allows_auth_type(&self, code: u32) -> bool {
        self.auth_types.iter().any(|auth| auth.code == code)
    }

    /// Whether EAP method `code` (25 PEAP, 13 EAP-TLS ...) is among the allowed EAP types.
    pub fn allows_eap_type(&self, code: u32) -> bool {
        self.eap_types.iter().any(|eap| eap.code == code)
    }

    /// The server settings for EAP method `outer_type`: matched by type, not by position
    /// (§1.9).
    pub fn eap_config(&self, outer_type: u32) -> Option<&EapConfig> {
        self.eap_configs
            .iter()
            .find(|config| config.outer_type == outer_type)
    }
}

/// One `msNPAuthenticationType2` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AuthType {
    pub code: u32,
    pub span: Span,
}

/// One `msNPAllowedEapType` value: the EAP type is the little-endian u32 of the first 4 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EapType {
    pub code: u32,
    pub span: Span,
    /// The 12 bytes after the type are not all zero: a vendor-specific method, whose type
    /// number alone does not say which method it is.
    pub vendor_blob: bool,
}

/// One `msEAPConfiguration` blob, decoded as far as its layout is understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EapConfig {
    /// The EAP type the blob configures (first 4 bytes).
    pub outer_type: u32,
    pub span: Span,
    /// SHA-1 thumbprint of the NPS server certificate, lowercase hex (40 characters).
    pub thumbprint: Option<String>,
    /// PEAP inner methods (26 EAP-MSCHAPv2, 13 EAP-TLS ...).
    pub inner_methods: Vec<u32>,
    pub layout: BlobLayout,
}

/// How much of an `msEAPConfiguration` blob's reading can be trusted. Microsoft does not
/// document the blob; rules must not raise an error on anything but [`BlobLayout::Known`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BlobLayout {
    /// The 76-byte PEAP layout with one inner method, or the EAP-TLS thumbprint at byte 40,
    /// both seen in real exports and certificate-renewal scripts (§1.9).
    Known,
    /// Values found by searching a blob of another shape (PEAP with inner EAP-TLS has not been
    /// observed): likely, not certain.
    Inferred,
    /// Nothing could be read beyond the outer type.
    Unknown,
}

/// A RADIUS client (`Microsoft Radius Protocol/Clients`). The shared secret is never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RadiusClient {
    /// The friendly name (also what `Client-Friendly-Name` conditions and log fields show).
    pub name: String,
    /// The start tag of the client object.
    pub span: Span,
    /// `IP_Address`: an address, a CIDR range or a DNS name.
    pub address: String,
    /// `Radius_Client_Enabled`; absent counts as enabled (NPS requires the property, so only a
    /// hand-edited file lacks it).
    pub enabled: bool,
    /// `Require_Signature`: NPS drops requests without a Message-Authenticator.
    pub require_signature: bool,
    /// The secret's length in characters (for "shorter than 22" hygiene advice); `None` when
    /// the export holds no secret for this client.
    pub secret_chars: Option<usize>,
    /// The secret comes from a shared-secret template (`Client_Secret_Template_Guid` not zero).
    pub secret_from_template: bool,
}

/// Text-file logging settings (§1.12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accounting {
    /// The start tag of the `Microsoft Accounting` object.
    pub span: Span,
    /// `Log_Format`: 0 IAS, 65535 database-compatible, 1 seen in a real export (probably DTS XML).
    pub log_format: Option<u32>,
    pub log_authentication_packets: Option<bool>,
    pub log_accounting_packets: Option<bool>,
    pub log_interim_authentication_packets: Option<bool>,
    pub log_file_directory: Option<String>,
    /// `New_Log_Frequency`: 0 unlimited, 1 daily, 2 weekly, 3 monthly, 4 by size.
    pub new_log_frequency: Option<u32>,
    pub discard_on_failure: Option<bool>,
}

/// Why a text is not a readable NPS export.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct NpsError {
    pub message: String,
    pub span: Span,
}

/// The namespace every export declares for its `dt:dt` value types.
const DATATYPES_NAMESPACE: &str = "urn:schemas-microsoft-com:datatypes";
const SERVICE_NAME: &str = "Microsoft_Internet_Authentication_Service";

/// A cheap content sniff, for telling an export from the other files a user passes (profiles,
/// SyncML, scripts) whatever its extension: Hicks' collector saves it as `.txt`.
pub fn looks_like(text: &str) -> bool {
    let Some(root_start) = first_element_start(text) else {
        return false;
    };
    let root_tag_end = crate::span::start_tag_end(text, root_start);
    let root_tag = &text[root_start..root_tag_end];
    let is_root = root_tag
        .strip_prefix("<Root")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_whitespace() || c == '>'));
    is_root
        && root_tag.contains(DATATYPES_NAMESPACE)
        && memchr::memmem::find(text.as_bytes(), SERVICE_NAME.as_bytes()).is_some()
}

/// Where the first element's `<` is, past a BOM, the XML declaration, comments and
/// processing instructions.
fn first_element_start(text: &str) -> Option<usize> {
    let mut at = 0;
    loop {
        let rest = text.get(at..)?;
        let skipped = rest.len()
            - rest
                .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
                .len();
        at += skipped;
        let rest = &text[at..];
        if rest.starts_with("<?") {
            at += rest.find("?>")? + 2;
        } else if rest.starts_with("<!--") {
            at += rest.find("-->")? + 3;
        } else if rest.starts_with('<') {
            return Some(at);
        } else {
            return None;
        }
    }
}

/// Reads an export. Fails only when the text is not well-formed XML or is not an NPS export;
/// anything odd inside one is a note.
pub fn parse(text: &str) -> Result<NpsConfig, NpsError> {
    if let Some(limit) = crate::limits::check(text) {
        return Err(NpsError {
            message: limit.message,
            span: limit.span,
        });
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        // An export of 10,000 policies has a few million nodes counting whitespace text.
        nodes_limit: 20_000_000,
        ..Default::default()
    };
    let document = roxmltree::Document::parse_with_options(text, options).map_err(|error| {
        let pos = error.pos();
        let offset = LineIndex::new(text).offset_of(text, pos.row as usize, pos.col as usize);
        NpsError {
            message: format!("not well-formed XML: {error}"),
            span: Span::new(offset, offset),
        }
    })?;
    let root = document.root_element();
    let root_span = Span::from(root.range()).start_tag(text);
    if root.tag_name().name() != "Root" {
        return Err(NpsError {
            message: format!(
                "the root element is `{}`, not the `Root` of an NPS export",
                root.tag_name().name()
            ),
            span: root_span,
        });
    }
    let Some(service) = tree::child_objects(root).find(|node| tree::is_object(*node, SERVICE_NAME))
    else {
        return Err(NpsError {
            message: format!("no `{SERVICE_NAME}` object under `Root/Children`: not an NPS export"),
            span: root_span,
        });
    };

    let mut notes = Vec::new();
    let network_policies = policies::read(
        text,
        tree::child_object(service, "NetworkPolicy"),
        tree::child_object(service, "RadiusProfiles"),
        &mut notes,
    );
    let request_policies = policies::read(
        text,
        tree::child_object(service, "Proxy_Policies"),
        tree::child_object(service, "Proxy_Profiles"),
        &mut notes,
    );
    let radius_clients = clients::read(text, service, &mut notes);
    let accounting = accounting::read(text, service, &mut notes);
    let holds_secrets = clients::holds_secrets(root);
    notes.sort_by_key(|(span, _)| *span);
    Ok(NpsConfig {
        network_policies,
        request_policies,
        radius_clients,
        accounting,
        holds_secrets,
        notes,
    })
}

#[cfg(test)]
mod tests;
