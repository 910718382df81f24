//! What the set rules (`needs = set`) need to know of the other profiles a device gets: a few
//! settings of each profile, already placed in its file so that a finding can point there.

use super::{Certainty, Place};
use crate::lint::engine::parse;
use crate::lint::place::Placer;
use crate::model::{Leaf, Model};
use crate::source::Document;
use std::sync::Arc;

/// The settings of one profile that matter to the profiles beside it.
#[derive(Debug, Clone)]
pub struct ProfileFacts {
    pub path: Arc<str>,
    /// The document's position among the documents of its file.
    pub index: usize,
    /// How messages name the profile: its WMI `InstanceID`, else the file (and document).
    pub name: String,
    /// The WMI `InstanceID` of the profile, when its file is a WMI/CIM dump.
    pub instance_id: Option<String>,
    /// The PowerShell variable the profile is assigned to, when its file is a script.
    pub script_variable: Option<String>,
    /// The `VPNProfile` start tag.
    pub root: Place,
    /// `DeviceTunnel` = `true`.
    pub device_tunnel: Option<Place>,
    /// `LockDown` = `true`.
    pub lock_down: Option<Place>,
    /// `AlwaysOn` = `true`.
    pub always_on: Option<Place>,
    /// `RegisterDNS` = `true`.
    pub register_dns: Option<Place>,
    /// The first `DomainNameInformation` (NRPT) entry.
    pub nrpt: Option<Place>,
    /// `TrustedNetworkDetection` suffixes, lower case.
    pub trusted_network: Vec<(String, Place)>,
    /// `DnsSuffix` suffixes, lower case.
    pub dns_suffixes: Vec<(String, Place)>,
}

impl ProfileFacts {
    /// Where the profile stands in the run: by path, then document.
    pub fn order(&self) -> (Arc<str>, usize) {
        (self.path.clone(), self.index)
    }

    pub fn is_user_tunnel(&self) -> bool {
        self.device_tunnel.is_none()
    }
}

/// Another profile for the same devices, and how sure that is.
#[derive(Debug, Clone)]
pub struct Peer {
    pub facts: Arc<ProfileFacts>,
    pub certainty: Certainty,
}

/// The facts of one document of `path`; `None` when it holds no `VPNProfile` (an EAP
/// export, a document that does not parse).
pub(crate) fn of_document(
    path: &Arc<str>,
    document: &Document,
    placer: &Placer,
) -> Option<ProfileFacts> {
    let tree = parse(&document.xml).ok()?;
    let model = Model::build(&tree);
    let profile = model.profile.as_ref()?;
    let place = |span| placer.elsewhere(path, document, span);
    let when_true = |leaf: &Option<Leaf>, yes: bool| {
        leaf.as_ref()
            .filter(|_| yes)
            .map(|leaf| place(leaf.trimmed_span()))
    };
    let suffixes = |leaf: &Option<Leaf>| -> Vec<(String, Place)> {
        let Some(leaf) = leaf else { return Vec::new() };
        leaf.text
            .split(',')
            .map(|s| s.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .map(|s| (s, place(leaf.trimmed_span())))
            .collect()
    };
    let instance = document
        .wrapper
        .properties
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case("InstanceID"))
        .map(|p| p.value.clone());
    let name = instance.clone().unwrap_or_else(|| {
        let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
        if document.wrapper.index == 0 {
            file.to_owned()
        } else {
            format!("{file} (profile {})", document.wrapper.index + 1)
        }
    });
    Some(ProfileFacts {
        path: path.clone(),
        index: document.wrapper.index,
        name,
        instance_id: instance,
        script_variable: script_variable(document),
        root: place(profile.name_span),
        device_tunnel: when_true(&profile.device_tunnel, profile.is_device_tunnel()),
        lock_down: when_true(&profile.lock_down, profile.is_lock_down()),
        always_on: when_true(&profile.always_on, profile.is_always_on()),
        register_dns: when_true(
            &profile.register_dns,
            profile
                .register_dns
                .as_ref()
                .is_some_and(|l| l.windows_bool() == Some(true)),
        ),
        nrpt: profile
            .domain_name_information
            .first()
            .map(|entry| place(entry.span)),
        trusted_network: suffixes(&profile.trusted_network_detection),
        dns_suffixes: suffixes(&profile.dns_suffix),
    })
}

/// The PowerShell variable a script assigns the document to (`ProfileXML` for
/// `$ProfileXML = '...'`).
pub(crate) fn script_variable(document: &Document) -> Option<String> {
    document.wrapper.script.as_ref()?.variable.clone()
}
