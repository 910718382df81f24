//! Saved output of the RRAS cmdlets that decide whether an Always On VPN client can connect:
//! `Get-VpnAuthProtocol` (which user authentication RRAS accepts, which certificates it uses),
//! `Get-VpnServerConfiguration` / `Get-VpnServerIPsecConfiguration` (the IKEv2 custom policy)
//! and the `IgnoreNoRevocationCheck` registry value that Richard Hicks' collector saves.
//!
//! The files are what people have: `Get-VpnAuthProtocol > a.txt`, a transcript, both dumps
//! pasted into one file. The reader is tolerant (research notes server-side.md §2.5) and never
//! fails: what it cannot read is left out, and what it read but doubts is said in `notes`.
//! The caller decodes the file (UTF-16 LE with BOM from Windows PowerShell 5.1, UTF-8 from 7).

mod crypto_names;
mod lines;
mod values;

pub use crypto_names::{normalise, CryptoField};

use crate::span::Span;
use lines::Item;

/// Everything read from one dump file. A part is `None` when the file holds no property of
/// that cmdlet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RrasDump {
    pub auth: Option<AuthProtocols>,
    pub ipsec: Option<IpsecPolicy>,
    pub revocation: Option<RevocationSettings>,
    /// What was read but is doubtful (a second record of the same cmdlet, a value of an
    /// unexpected form), at the place it is about.
    pub notes: Vec<(Span, String)>,
}

/// A property value as printed: continuation lines of a wrapped value are joined with one
/// space, and the span runs from the first line's value to the last line's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    pub span: Span,
}

/// A collection value, `{EAP, Certificate}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListValue {
    pub items: Vec<String>,
    /// PowerShell printed only the first items (`{EAP, MsChapv2, Certificate, Chap...}`):
    /// an item not among `items` may still be in the list.
    pub truncated: bool,
    pub span: Span,
}

impl ListValue {
    /// Whether `item` is in the list (any case): `None` when it is not among the printed
    /// items of a truncated list, so nobody can tell.
    pub fn contains(&self, item: &str) -> Option<bool> {
        if self
            .items
            .iter()
            .any(|have| have.eq_ignore_ascii_case(item))
        {
            Some(true)
        } else if self.truncated {
            None
        } else {
            Some(false)
        }
    }
}

/// `Get-VpnAuthProtocol`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthProtocols {
    /// `UserAuthProtocolAccepted`: `EAP`, `Certificate`, `MsChapv2`, `Chap`, `PAP`, `PreSharedKey`.
    pub user_accepted: Option<ListValue>,
    /// `TunnelAuthProtocolsAdvertised`: `Certificates` or `PreSharedKey`.
    pub tunnel_advertised: Option<Value>,
    /// `RootCertificateNameToAccept`: the root that client machine certificates must chain to.
    pub root_certificate: Option<CertificateProperty>,
    /// `CertificateAdvertised`: the IKEv2 server certificate (empty: RRAS chooses).
    pub certificate_advertised: Option<CertificateProperty>,
    /// From the record's first key to its last value.
    pub span: Span,
}

/// A certificate-valued property; only what can be recognised in the printed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateProperty {
    /// Something was printed (not an empty value or `{}`).
    pub set: bool,
    /// A 40-hex-digit thumbprint seen in the value, upper case.
    pub thumbprint: Option<String>,
    /// A subject seen in the value (`[Subject]` block or a `CN=` text).
    pub subject: Option<String>,
    pub span: Span,
}

/// `Get-VpnServerConfiguration` / `Get-VpnServerIPsecConfiguration`. When no custom policy
/// is configured the six crypto lines are not printed at all (Microsoft's examples of the
/// default state), so absent values with no `CustomPolicy : True` mean "the server's default
/// proposals", not "unknown".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpsecPolicy {
    /// `Some(true)`/`Some(false)` as printed; `None` when the line is absent.
    pub custom_policy: Option<bool>,
    pub encryption_method: Option<Value>,
    pub integrity_check_method: Option<Value>,
    pub dh_group: Option<Value>,
    pub cipher_transform: Option<Value>,
    pub authentication_transform: Option<Value>,
    pub pfs_group: Option<Value>,
    /// From the record's first key to its last value.
    pub span: Span,
}

impl IpsecPolicy {
    /// The printed value of one crypto setting.
    pub fn value(&self, field: CryptoField) -> Option<&Value> {
        match field {
            CryptoField::EncryptionMethod => self.encryption_method.as_ref(),
            CryptoField::IntegrityCheckMethod => self.integrity_check_method.as_ref(),
            CryptoField::DhGroup => self.dh_group.as_ref(),
            CryptoField::CipherTransform => self.cipher_transform.as_ref(),
            CryptoField::AuthenticationTransform => self.authentication_transform.as_ref(),
            CryptoField::PfsGroup => self.pfs_group.as_ref(),
        }
    }

    fn value_mut(&mut self, field: CryptoField) -> &mut Option<Value> {
        match field {
            CryptoField::EncryptionMethod => &mut self.encryption_method,
            CryptoField::IntegrityCheckMethod => &mut self.integrity_check_method,
            CryptoField::DhGroup => &mut self.dh_group,
            CryptoField::CipherTransform => &mut self.cipher_transform,
            CryptoField::AuthenticationTransform => &mut self.authentication_transform,
            CryptoField::PfsGroup => &mut self.pfs_group,
        }
    }
}

/// The EAP-TLS/PEAP revocation values under `HKLM\SYSTEM\CurrentControlSet\Services\RasMan\
/// PPP\EAP\13` (Hicks' `<host>_revocationcheck.txt` table, `Get-ItemProperty`, `reg query`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevocationSettings {
    pub ignore_no_revocation_check: Option<(u32, Span)>,
    pub no_revocation_check: Option<(u32, Span)>,
    pub span: Span,
}

/// What a key of a dump is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    UserAuthProtocolAccepted,
    TunnelAuthProtocolsAdvertised,
    RootCertificateNameToAccept,
    CertificateAdvertised,
    /// Another `Get-VpnAuthProtocol` key (newer servers).
    CertificateEkusToAccept,
    CustomPolicy,
    Crypto(CryptoField),
    /// Another key of the IPsec configuration (ports, lifetimes).
    IpsecOther,
    /// `EncryptionType`: in the IPsec configuration, but too common a word to recognise a
    /// file by.
    EncryptionType,
    IgnoreNoRevocationCheck,
    NoRevocationCheck,
}

/// Which cmdlet (or registry key) a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    Auth,
    Ipsec,
    Revocation,
}

impl Key {
    fn of(name: &str) -> Option<Key> {
        const NAMED: [(&str, Key); 15] = [
            ("UserAuthProtocolAccepted", Key::UserAuthProtocolAccepted),
            (
                "TunnelAuthProtocolsAdvertised",
                Key::TunnelAuthProtocolsAdvertised,
            ),
            (
                "RootCertificateNameToAccept",
                Key::RootCertificateNameToAccept,
            ),
            ("CertificateAdvertised", Key::CertificateAdvertised),
            ("CertificateEKUsToAccept", Key::CertificateEkusToAccept),
            ("CustomPolicy", Key::CustomPolicy),
            ("EncryptionType", Key::EncryptionType),
            ("SALifeTime(s)", Key::IpsecOther),
            ("SADataSizeForRenegotiation(KB)", Key::IpsecOther),
            ("IdleDisconnect(s)", Key::IpsecOther),
            ("Ikev2Ports", Key::IpsecOther),
            ("SstpPorts", Key::IpsecOther),
            ("L2tpPorts", Key::IpsecOther),
            ("IgnoreNoRevocationCheck", Key::IgnoreNoRevocationCheck),
            ("NoRevocationCheck", Key::NoRevocationCheck),
        ];
        if let Some(field) = CryptoField::from_rras_key(name) {
            return Some(Key::Crypto(field));
        }
        NAMED
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|&(_, key)| key)
    }

    fn record(self) -> Record {
        match self {
            Key::UserAuthProtocolAccepted
            | Key::TunnelAuthProtocolsAdvertised
            | Key::RootCertificateNameToAccept
            | Key::CertificateAdvertised
            | Key::CertificateEkusToAccept => Record::Auth,
            Key::CustomPolicy | Key::Crypto(_) | Key::IpsecOther | Key::EncryptionType => {
                Record::Ipsec
            }
            Key::IgnoreNoRevocationCheck | Key::NoRevocationCheck => Record::Revocation,
        }
    }

    /// A key that tells a file is an RRAS dump on its own.
    fn recognises(self) -> bool {
        self != Key::EncryptionType
    }
}

/// Keys of dumps that are not RRAS's although they may share a key with them: a
/// `Get-WmiObject`/`Get-CimInstance` dump of a VPN profile (`MDM_VPNv2_01`).
const FOREIGN_KEYS: [&str; 6] = [
    "ProfileXML",
    "InstanceID",
    "ParentID",
    "__CLASS",
    "__GENUS",
    "__PATH",
];

/// Whether `text` is saved RRAS cmdlet output (or the revocation registry values): at least
/// one property with a key of those cmdlets, printed as `Format-List` prints (padding before
/// the colon, so YAML `Key: value` does not count), as a table column or a `reg query` line;
/// and nothing of a VPN profile.
pub fn looks_like(text: &str) -> bool {
    if text.contains("<VPNProfile") || text.contains("&lt;VPNProfile") {
        return false;
    }
    let mut recognised = false;
    for item in lines::items(text) {
        let (name, printed_like_rras) = match item {
            Item::Property { key, key_span, .. } => {
                let after = text.get(key_span.end..).unwrap_or("");
                // `Key : value` (Format-List) or `    Key    REG_DWORD    0x1` (reg query).
                (key, after.starts_with([' ', '\t']))
            }
            Item::Cell { column, .. } => (column, true),
        };
        if FOREIGN_KEYS.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            return false;
        }
        recognised |= printed_like_rras && Key::of(name).is_some_and(Key::recognises);
    }
    recognised
}

/// Reads every property of the three record kinds in `text`. Properties of other cmdlets
/// are skipped. A record of a kind already read (the same key seen again) is noted and left
/// out: the first is the one compared.
pub fn parse(text: &str) -> RrasDump {
    let mut reader = Reader::default();
    for item in lines::items(text) {
        match item {
            Item::Property {
                key,
                key_span,
                lines,
            } => {
                if let Some(known) = Key::of(key) {
                    reader.property(known, key, key_span, &lines);
                }
            }
            Item::Cell {
                column,
                column_span,
                value,
                span,
            } => {
                // Hicks' revocation file is a table; `Format-Table` output of the cmdlets
                // is read the same way (a cell cut with `...` is read as printed).
                if let Some(known) = Key::of(column) {
                    reader.property(known, column, column_span, &[(value, span)]);
                }
            }
        }
    }
    reader.dump
}

/// The dump being filled, and which keys each record kind has seen.
#[derive(Default)]
struct Reader {
    dump: RrasDump,
    seen: Vec<(Record, String)>,
    /// Kinds whose first record has ended (a key was seen twice).
    closed: Vec<Record>,
}

impl Reader {
    fn property(&mut self, key: Key, name: &str, key_span: Span, lines: &[(&str, Span)]) {
        let record = key.record();
        if self.closed.contains(&record) {
            return;
        }
        if self
            .seen
            .iter()
            .any(|(r, seen)| *r == record && seen.eq_ignore_ascii_case(name))
        {
            self.closed.push(record);
            self.dump.notes.push((
                key_span,
                format!(
                    "a second {} record starts here (`{name}` again); only the first is read",
                    match record {
                        Record::Auth => "Get-VpnAuthProtocol",
                        Record::Ipsec => "VPN server IPsec configuration",
                        Record::Revocation => "revocation-check",
                    }
                ),
            ));
            return;
        }
        self.seen.push((record, name.to_owned()));
        let value = joined(lines);
        let whole = Span::new(key_span.start, value.span.end.max(key_span.end));
        match key {
            Key::UserAuthProtocolAccepted => {
                self.auth(whole).user_accepted = Some(values::list(&value))
            }
            Key::TunnelAuthProtocolsAdvertised => self.auth(whole).tunnel_advertised = Some(value),
            Key::RootCertificateNameToAccept | Key::CertificateAdvertised => {
                let printed: Vec<&str> = lines.iter().map(|line| line.0).collect();
                let certificate = values::certificate(&value, &printed);
                let auth = self.auth(whole);
                if key == Key::CertificateAdvertised {
                    auth.certificate_advertised = Some(certificate);
                } else {
                    auth.root_certificate = Some(certificate);
                }
            }
            Key::CertificateEkusToAccept => {
                self.auth(whole);
            }
            Key::CustomPolicy => {
                let custom = values::boolean(&value.text);
                if custom.is_none() {
                    self.dump.notes.push((
                        value.span,
                        format!("`CustomPolicy` is `{}`, not True or False", value.text),
                    ));
                }
                self.ipsec(whole).custom_policy = custom;
            }
            Key::Crypto(field) => *self.ipsec(whole).value_mut(field) = Some(value),
            Key::IpsecOther | Key::EncryptionType => {
                self.ipsec(whole);
            }
            Key::IgnoreNoRevocationCheck | Key::NoRevocationCheck => {
                let Some(number) = values::dword(&value.text) else {
                    self.dump.notes.push((
                        value.span,
                        format!("`{name}` is `{}`, not a number", value.text),
                    ));
                    self.revocation(whole);
                    return;
                };
                let revocation = self.revocation(whole);
                let slot = if key == Key::IgnoreNoRevocationCheck {
                    &mut revocation.ignore_no_revocation_check
                } else {
                    &mut revocation.no_revocation_check
                };
                *slot = Some((number, value.span));
            }
        }
    }

    fn auth(&mut self, span: Span) -> &mut AuthProtocols {
        let auth = self.dump.auth.get_or_insert_with(|| AuthProtocols {
            span,
            ..AuthProtocols::default()
        });
        auth.span = cover(auth.span, span);
        auth
    }

    fn ipsec(&mut self, span: Span) -> &mut IpsecPolicy {
        let ipsec = self.dump.ipsec.get_or_insert_with(|| IpsecPolicy {
            span,
            ..IpsecPolicy::default()
        });
        ipsec.span = cover(ipsec.span, span);
        ipsec
    }

    fn revocation(&mut self, span: Span) -> &mut RevocationSettings {
        let revocation = self
            .dump
            .revocation
            .get_or_insert_with(|| RevocationSettings {
                span,
                ..RevocationSettings::default()
            });
        revocation.span = cover(revocation.span, span);
        revocation
    }
}

fn cover(a: Span, b: Span) -> Span {
    Span::new(a.start.min(b.start), a.end.max(b.end))
}

/// The value of a property from its printed lines.
fn joined(lines: &[(&str, Span)]) -> Value {
    let printed: Vec<&(&str, Span)> = lines.iter().filter(|line| !line.0.is_empty()).collect();
    match (printed.first(), printed.last()) {
        (Some(first), Some(last)) => Value {
            text: printed
                .iter()
                .map(|line| line.0)
                .collect::<Vec<_>>()
                .join(" "),
            span: Span::new(first.1.start, last.1.end),
        },
        _ => Value {
            text: String::new(),
            span: lines.first().map_or_else(Span::default, |line| line.1),
        },
    }
}

#[cfg(test)]
mod tests;
