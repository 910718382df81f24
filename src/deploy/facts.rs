//! What the set rules (`needs = set`) need to know of the other profiles a device gets: a few
//! settings of each profile, already placed in its file so that a finding can point there.

use super::{Certainty, Place};
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
