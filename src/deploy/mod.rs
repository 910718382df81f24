//! The other half of the connection: what a profile meets when it is deployed — the other
//! profiles the same devices get, and the server side (NPS export, RRAS settings dumps,
//! certificates, NPS logs).
//!
//! Rules that need these ([`crate::meta::Needs`]) read them through [`Scope`], which the
//! pipeline hands to the engine with each document: the facts of the other profiles
//! ([`facts`]) and the server files that apply to it ([`server`]). Without a scope those
//! rules do not run.

pub mod cert;
pub mod facts;
pub mod nps;
pub mod nps_log;
pub mod nps_match;
pub mod rras;
pub mod server;

pub use facts::{Peer, ProfileFacts};
pub use server::{ServerFile, ServerKind};

use crate::diagnostic::Elsewhere;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How sure the run is that two profiles reach the same devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Certainty {
    /// Found together in one file (one device's dump, one deployment script), or stated by a
    /// `[[deployments]]` section of the configuration.
    Known,
    /// Beside each other in a directory that also holds server files (a deployment folder):
    /// likely, not certain. Findings that rest on it are at most warnings.
    Assumed,
}

/// What one document sees of its deployment.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// The other profiles for the same devices, each with how sure that is.
    pub peers: Vec<Peer>,
    /// The server-side files that apply to this document.
    pub servers: Vec<Arc<ServerFile>>,
    /// Where this document stands among its peers (path, then document index): rules about a
    /// pair report once, at the later of the two.
    pub order: (Arc<str>, usize),
}

impl Scope {
    /// The peers that come before this document (rules about a pair report at the later one).
    pub fn earlier_peers(&self) -> impl Iterator<Item = &Peer> {
        self.peers
            .iter()
            .filter(|p| (&*p.facts.path, p.facts.index) < (&*self.order.0, self.order.1))
    }
}

/// A place in a file of the deployment, for a label.
pub type Place = Elsewhere;

impl Peer {
    /// The severity of a finding about this pair: the rule's, but at most a warning when it
    /// is only assumed that the two profiles reach the same devices.
    pub fn severity(&self, rule: crate::meta::Severity) -> crate::meta::Severity {
        match self.certainty {
            Certainty::Known => rule,
            Certainty::Assumed => rule.min(crate::meta::Severity::Warning),
        }
    }

    /// What a message adds about how the pair was found.
    pub fn how_known(&self) -> &'static str {
        match self.certainty {
            Certainty::Known => "",
            Certainty::Assumed => " (assumed to reach the same devices: both sit in a folder with an NPS export or RRAS dump; state it with `[[deployments]]` in profile-lint.toml)",
        }
    }
}

impl Scope {
    /// How a message names a peer's profile: at a line of this file (with its WMI
    /// `InstanceID` in a dump of several instances), or by its name and place in another file.
    pub fn describe(&self, peer: &Peer, place: &Place) -> String {
        if place.path == self.order.0 {
            match &peer.facts.instance_id {
                Some(id) => format!("`{id}` at line {}", place.start.line),
                None => format!("at line {}", place.start.line),
            }
        } else {
            format!(
                "`{}` ({}:{})",
                peer.facts.name, place.path, place.start.line
            )
        }
    }
}

/// The profiles and server files of a run that go together (a deployment): which profiles
/// reach the same devices, and what each profile meets on the server side. Files are keyed
/// by their normalized absolute path ([`crate::files::normalize`]), so that a file named
/// `deploy/user.xml` on the command line and `./deploy/user.xml` by a glob are one.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Profiles of other files, by the group of devices they go to.
    groups: Vec<Group>,
    /// The groups of each profile file.
    group_of: HashMap<PathBuf, Vec<usize>>,
    /// Server-side files, each with the profiles it applies to.
    servers: Vec<(Applies, Arc<ServerFile>)>,
}

/// Which profiles a server-side file applies to.
#[derive(Debug, Clone)]
pub enum Applies {
    /// Every profile of the run (`--server`, `--cert`).
    All,
    /// The profiles in a directory and below (a deployment folder).
    Under(PathBuf),
    /// The profiles a `[[deployments]]` section names.
    Files(Vec<PathBuf>),
}

impl Applies {
    fn covers(&self, path: &Path) -> bool {
        match self {
            Applies::All => true,
            Applies::Under(dir) => path.starts_with(dir),
            Applies::Files(files) => files.iter().any(|f| f == path),
        }
    }
}

/// Profiles that reach the same devices.
#[derive(Debug, Clone)]
struct Group {
    /// Each profile with its file's normalized path (computed once: a folder of a thousand
    /// profiles asks for the peers of each).
    members: Vec<(PathBuf, Arc<ProfileFacts>)>,
    certainty: Certainty,
}

impl Site {
    /// Adds profiles that go to the same devices, with how sure that is.
    pub fn add_group(&mut self, members: Vec<ProfileFacts>, certainty: Certainty) {
        let index = self.groups.len();
        let members: Vec<(PathBuf, Arc<ProfileFacts>)> = members
            .into_iter()
            .map(|m| (crate::files::normalize(Path::new(&*m.path)), Arc::new(m)))
            .collect();
        for (key, _) in &members {
            let groups = self.group_of.entry(key.clone()).or_default();
            if !groups.contains(&index) {
                groups.push(index);
            }
        }
        self.groups.push(Group { members, certainty });
    }

    /// Adds a server-side file for the profiles it applies to.
    pub fn add_server(&mut self, applies: Applies, file: ServerFile) {
        self.servers.push((applies, Arc::new(file)));
    }

    /// [`Site::add_server`] for a file the caller keeps too.
    pub fn add_shared_server(&mut self, applies: Applies, file: Arc<ServerFile>) {
        self.servers.push((applies, file));
    }

    /// Whether the run has the input `needs` names (an NPS export or RRAS dump, certificates;
    /// the other profiles of a device are always looked for).
    pub fn provides(&self, needs: crate::meta::Needs) -> bool {
        match needs {
            crate::meta::Needs::Server => self
                .server_files()
                .any(|f| matches!(f.kind(), ServerKind::NpsExport | ServerKind::RrasDump)),
            crate::meta::Needs::Cert => self
                .server_files()
                .any(|f| f.kind() == ServerKind::Certificates),
            crate::meta::Needs::Set => true,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.servers.is_empty()
    }

    /// Every server-side file of the run.
    pub fn server_files(&self) -> impl Iterator<Item = &Arc<ServerFile>> {
        self.servers.iter().map(|(_, file)| file)
    }

    /// The server-side files that apply to the profiles of `path`.
    pub fn servers_for(&self, path: &Path) -> Vec<Arc<ServerFile>> {
        self.servers
            .iter()
            .filter(|(applies, _)| applies.covers(path))
            .map(|(_, file)| Arc::clone(file))
            .collect()
    }

    /// The profiles of other files that go to the same devices as the profiles of `path`.
    pub fn peers_of(&self, path: &Path) -> Vec<Peer> {
        let Some(groups) = self.group_of.get(path) else {
            return Vec::new();
        };
        let mut peers: Vec<Peer> = Vec::new();
        // A profile in two groups (two `[[deployments]]` sections) is one peer.
        let mut seen: std::collections::HashSet<(&str, usize)> = std::collections::HashSet::new();
        for group in groups.iter().filter_map(|&i| self.groups.get(i)) {
            for (theirs, member) in &group.members {
                if theirs != path && seen.insert((&*member.path, member.index)) {
                    peers.push(Peer {
                        facts: Arc::clone(member),
                        certainty: group.certainty,
                    });
                }
            }
        }
        peers
    }
}
