//! Input formats ("sources"): where ProfileXML comes from in real life.
//!
//! Each source turns the decoded text of one file into zero or more XML [`Document`]s. Every
//! document carries a [`SourceMap`] from its own byte offsets back to byte offsets in the
//! decoded file text, so that rules work on clean XML while diagnostics point into the file
//! the user gave. Rules never know which source a document came from, except through the
//! [`WrapperInfo`] facts that only wrapper rules read.

mod concatenated;
pub mod deployment;
mod oma_json;
mod posmap;
mod powershell;
mod syncml;
mod unescape;
mod wmi;
mod xml;

pub use crate::meta::Deployment;
pub use posmap::{MappedText, SourceMap};
pub use wmi::table::{find as find_format_table, Table as FormatTable};

use crate::span::Span;
use serde::Serialize;

/// The input formats: where ProfileXML comes from in real life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    #[default]
    Xml,
    Wmi,
    Powershell,
    Syncml,
}

impl InputFormat {
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Xml => "xml",
            InputFormat::Wmi => "wmi",
            InputFormat::Powershell => "powershell",
            InputFormat::Syncml => "syncml",
        }
    }

    pub const ALL: [InputFormat; 4] = [
        InputFormat::Xml,
        InputFormat::Wmi,
        InputFormat::Powershell,
        InputFormat::Syncml,
    ];

    /// What a file read as this format is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            InputFormat::Xml => "a ProfileXML document",
            InputFormat::Wmi => "a Get-WmiObject/Get-CimInstance dump",
            InputFormat::Powershell => "a PowerShell script",
            InputFormat::Syncml => "a SyncML payload or Intune OMA-URI export",
        }
    }
}

impl std::str::FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InputFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown input format `{s}` (expected xml, wmi, powershell or syncml)")
            })
    }
}

/// One XML document found in a file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The reconstructed XML text that is parsed.
    pub xml: String,
    /// Maps byte offsets of `xml` to byte offsets of the decoded file text.
    pub map: SourceMap,
    /// Facts about the wrapper the document came in (empty for plain XML files).
    pub wrapper: WrapperInfo,
}

/// What a wrapper format says around the XML: the OMA-URI of a SyncML item, the properties of a
/// WMI instance, how a script quoted the string. Spans are in decoded-file coordinates.
#[derive(Debug, Clone, Default)]
pub struct WrapperInfo {
    /// Named properties next to the document (WMI `InstanceID`, `ParentID`, ...).
    pub properties: Vec<Property>,
    /// The format the document was read from.
    pub format: InputFormat,
    /// Position of the document among the documents of its file (0 = first).
    pub index: usize,
    /// How the file was encoded (set by the pipeline; per-file rules report on document 0).
    pub encoding: Option<FileEncoding>,
    /// `true` when the document is known to be incomplete (a truncated dump): only the
    /// deployment rules run on it, since any finding about its content would be misleading.
    pub incomplete: bool,
    /// SyncML / OMA-URI facts (boxed, like `script`: a dump of 150,000 instances has none, and
    /// a document is small without them).
    pub oma: Option<Box<OmaItem>>,
    /// PowerShell facts.
    pub script: Option<Box<ScriptInfo>>,
    /// WMI dump: places where the re-joined text needed repairs or could not be recovered.
    pub wrap_damage: Vec<WrapDamage>,
    /// How the document reaches the device: what the input shows ([`deployment::of_input`]),
    /// or what the configuration states, which wins (set by the pipeline).
    pub deployment: Deployment,
    /// The call in the script that shows the deployment (decoded-file coordinates); `None`
    /// when the format itself says it, nothing does, or the configuration stated it.
    pub deployment_evidence: Option<Span>,
}

impl WrapperInfo {
    pub fn for_format(format: InputFormat) -> Self {
        WrapperInfo {
            format,
            ..Default::default()
        }
    }

    /// A property of the wrapper by name (case-insensitive).
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileEncoding {
    pub encoding: crate::decode::Encoding,
    pub bom: bool,
    /// Whether the encoding came from the byte-order mark, the declaration, or a guess.
    pub chosen_by: crate::decode::ChosenBy,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub value: String,
    /// Where the value is, in the decoded file text.
    pub span: Span,
}

/// How a SyncML `<Data>` element carries the ProfileXML string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadEscaping {
    /// `&lt;VPNProfile&gt;…` (escaped once: right).
    Entities,
    /// `<![CDATA[<VPNProfile>…]]>` (right).
    Cdata,
    /// `<Data><VPNProfile>…` — child elements, not a string.
    Markup,
    /// Escaped twice (`&amp;lt;VPNProfile`, or `&lt;VPNProfile` inside CDATA).
    Double,
    /// Escaped `times` times, three or more (`&amp;amp;lt;VPNProfile`); `at_least` when the
    /// payload was still escaped where the reader stopped undoing levels.
    Repeatedly { times: usize, at_least: bool },
    /// A JSON string (an Intune OMA-URI export): nothing to escape (right).
    Plain,
}

/// One SyncML `<Item>` that carries a profile, with its command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OmaItem {
    /// The `LocURI` text exactly as written (untrimmed).
    pub loc_uri: String,
    pub loc_uri_span: Span,
    /// `Add`, `Replace`, ... (`None` for an `Item` outside any command).
    pub command: Option<String>,
    /// The command's start tag (or the `Item` start tag when there is no command).
    pub command_span: Span,
    pub in_atomic: bool,
    pub escaping: PayloadEscaping,
    /// The content of `<Data>`, and where the escaping problem is (for `Markup`/`Double`).
    pub data_span: Span,
    pub escaping_span: Span,
}

impl OmaItem {
    /// The path segments after `VPNv2/` (the profile name, then the node path).
    pub fn vpnv2_segments(&self) -> Option<Vec<(&str, Span)>> {
        let at = self.loc_uri.find("/VPNv2/")? + "/VPNv2/".len();
        let mut out = Vec::new();
        let mut start = at;
        for part in self.loc_uri[at..].split('/') {
            let span = Span::new(
                self.loc_uri_span.start + start,
                self.loc_uri_span.start + start + part.len(),
            );
            out.push((part, span));
            start += part.len() + 1;
        }
        Some(out)
    }

    /// `./User/...`
    pub fn user_scoped(&self) -> bool {
        self.loc_uri.trim_start().starts_with("./User/")
    }

    /// Span of the scope part (`./User`, `./Device`, or the start of the URI when absent).
    pub fn scope_span(&self) -> Span {
        let lead = self.loc_uri.len() - self.loc_uri.trim_start().len();
        let start = self.loc_uri_span.start + lead;
        let t = self.loc_uri.trim_start();
        let len = ["./User", "./Device"]
            .iter()
            .find(|s| t.starts_with(*s))
            .map_or_else(|| t.find("/Vendor").unwrap_or(t.len().min(1)), |s| s.len());
        Span::new(start, start + len)
    }
}

/// How a PowerShell script quoted the profile string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    /// `'...'`
    Single,
    /// `"..."`
    Double,
    /// `@'...'@`
    SingleHere,
    /// `@"..."@`
    DoubleHere,
}

/// What a PowerShell script does around one profile string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScriptInfo {
    pub quoting: Option<Quoting>,
    /// The whole string literal (quotes included).
    pub literal_span: Span,
    /// The variable the string is assigned to (`ProfileXML` for `$ProfileXML = '...'`).
    pub variable: Option<String>,
    /// Every string literal the profile was copied from, with its quoting, in script order:
    /// a fix is written back into the literal its text came from.
    pub literals: Vec<(Span, Quoting)>,
    /// How many `VPNProfile` documents the script builds (a device and a user tunnel are
    /// often deployed by one script).
    pub profiles: usize,
    /// Variables the profile uses that the script never sets: PowerShell puts an empty string
    /// there (they are in `unknowns` too: the other rules do not judge them).
    pub unset: Vec<UnsetVariable>,
    /// Values of the profile only known when the script runs (a parameter without a default,
    /// a cmdlet's output): rules do not judge them.
    pub unknowns: Vec<UnknownValue>,
    /// The script escapes the profile for the WMI bridge (`-replace '<', '&lt;'`): where.
    pub wmi_escape: Option<Span>,
    /// ... and whether it escapes `&` too (first, as it must).
    pub wmi_escapes_ampersand: bool,
    /// The profile name the script uses (`$ProfileName = '...'` or `-ProfileName '...'`).
    pub profile_name: Option<Property>,
    /// How the script encodes the name for the CSP node: `None` = not at all.
    pub name_encoding: Option<NameEncoding>,
    /// The script creates the instance in a user's context (`PolicyPlatform_UserContext`).
    pub user_context: Option<Span>,
    /// The script checks that it runs as SYSTEM (`S-1-5-18`, `IsSystem`, ...).
    pub checks_system: bool,
}

/// A value the script only gets when it runs, as it stands in a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// The reference in the script (`$Servers`, `$($cfg.Server)`, a `-f` argument).
    pub span: Span,
    /// The placeholder standing for it in the document (document coordinates).
    pub document: Span,
    /// The reference as written.
    pub written: String,
    /// Where the value comes from, for the reader: "a parameter without a default value".
    pub why: String,
    /// The script text that produces it (the parameter, the cmdlet call).
    pub origin: Span,
    /// A variable the script never sets (`powershell-variable-not-set` reports it).
    pub never_set: bool,
}

/// A variable used in a profile that the script never sets (often a typo of one it sets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsetVariable {
    /// The reference in the script.
    pub span: Span,
    pub written: String,
    /// The variable the script sets whose name is closest (`$AuthBlock` for `$AuthBlok`).
    pub suggestion: Option<String>,
}

/// How a script percent-encodes the profile name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameEncoding {
    /// Only spaces (`-replace ' ', '%20'`), as the common deployment scripts do.
    SpacesOnly,
    /// A full URL encoding (`[uri]::EscapeDataString`, `UrlEncode`).
    Full,
}

/// What kind of damage the WMI re-joiner met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DamageKind {
    /// A space lost between two tokens (`<EapHostConfigxmlns=`); repaired.
    Fused,
    /// A space inserted inside a token (`xml ns=`); repaired.
    Split,
    /// The value was cut short (`<VPNProfile>...</VPNProfile>`); nothing to lint.
    Truncated,
    /// Characters changed by pasting through mail or a word processor: typographic quotes
    /// around an attribute value, a non-breaking space in a tag, a Safe Links URL; repaired.
    Pasted,
    /// The `ProfileXML` property has no value at all (`ProfileXML :`); the span is its name.
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrapDamage {
    pub kind: DamageKind,
    /// Where the damage is, in the decoded file text.
    pub span: Span,
    /// The damaged text as found.
    pub found: String,
    /// What profile-lint read instead (empty when nothing could be recovered).
    pub repaired: String,
}

/// The documents of one file, with the format they were read as.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub format: InputFormat,
    pub documents: Vec<Document>,
    /// How the file's profiles reach the device, as far as the input shows.
    pub deployment: Deployment,
}

/// Guesses the format of a file from its content; the file name (`path`, may be empty) only
/// breaks ties. Order matters: a SyncML file is also XML, a WMI dump is `.txt`, a script may
/// contain `<VPNProfile`.
pub fn sniff(text: &str, path: &str) -> Option<InputFormat> {
    if xml::sniff(text) {
        // Other XML (an NPS export, a build file) is no input of ours: skipped when found by
        // walking, `unrecognized-input` when named explicitly.
        return if syncml::sniff(text) {
            Some(InputFormat::Syncml)
        } else {
            xml::is_profile(text).then_some(InputFormat::Xml)
        };
    }
    if oma_json::sniff(text) {
        return Some(InputFormat::Syncml);
    }
    if wmi::sniff(text) {
        return Some(InputFormat::Wmi);
    }
    if powershell::sniff(text, path) {
        return Some(InputFormat::Powershell);
    }
    None
}

/// Reads the documents of `text` as `format`.
pub fn extract(text: &str, format: InputFormat) -> Extraction {
    let documents = match format {
        InputFormat::Xml => match concatenated::split(text) {
            Some(ranges) => xml::documents(text, ranges),
            None => vec![xml::document(text.to_owned())],
        },
        InputFormat::Wmi => wmi::extract(text),
        InputFormat::Powershell => powershell::extract(text),
        InputFormat::Syncml if oma_json::sniff(text) => oma_json::extract(text),
        InputFormat::Syncml => syncml::extract(text),
    };
    let mut extraction = Extraction::new(format, documents);
    // The whole file, not the string of one document: the call that deploys is elsewhere in
    // the script.
    let (deployment, evidence) = deployment::of_input(text, format);
    extraction.set_deployment(deployment, evidence);
    extraction
}

/// What [`extract`] returns for [`InputFormat::Xml`], taking the text instead of copying it
/// when it is one document; the text is given back when the documents are copies of parts of
/// it (several profiles one after another).
pub fn extract_xml(text: String) -> (Extraction, Option<String>) {
    match concatenated::split(&text) {
        Some(ranges) => {
            let documents = xml::documents(&text, ranges);
            (Extraction::new(InputFormat::Xml, documents), Some(text))
        }
        None => (
            Extraction::new(InputFormat::Xml, vec![xml::document(text)]),
            None,
        ),
    }
}

impl Extraction {
    fn new(format: InputFormat, mut documents: Vec<Document>) -> Self {
        for (index, document) in documents.iter_mut().enumerate() {
            document.wrapper.format = format;
            document.wrapper.index = index;
        }
        Extraction {
            format,
            documents,
            deployment: Deployment::Unknown,
        }
    }

    /// Records how the file's documents reach the device (detected, or stated by the
    /// configuration with no evidence in the file).
    pub fn set_deployment(&mut self, deployment: Deployment, evidence: Option<Span>) {
        self.deployment = deployment;
        for document in &mut self.documents {
            document.wrapper.deployment = deployment;
            document.wrapper.deployment_evidence = evidence;
        }
    }
}

/// Names of every element profile-lint knows (ProfileXML and EAP), for the WMI re-joiner's
/// "which choice yields known names" test.
pub fn is_known_element(name: &str) -> bool {
    crate::model::schema::is_known_element(name)
        || crate::model::EapNamespace::ALL
            .iter()
            .any(|(_, ns)| ns.known_names().contains(&name))
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::Document;

    /// Every byte of the document that is a verbatim copy maps to the same character in the
    /// file; bytes that stand for something else (entities, escapes) map to a character of
    /// `allowed_starts` (`&`, `'`, `` ` ``...); an inserted space maps to the line break where
    /// a wrapped line lost it, or to the first character after a repaired fusion.
    pub fn assert_exact(doc: &Document, file: &str, allowed_starts: &[char]) {
        for (i, c) in doc.xml.char_indices() {
            let f = doc.map.to_file(i);
            let found = file.get(f..).and_then(|s| s.chars().next());
            let ok = match found {
                Some(fc) if fc == c => true,
                Some(fc) if allowed_starts.contains(&fc) => true,
                Some(_) if c == ' ' => true,
                _ => false,
            };
            assert!(
                ok,
                "document byte {i} ({c:?}) maps to file byte {f} ({found:?})"
            );
        }
    }
}
