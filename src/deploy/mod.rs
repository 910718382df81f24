//! The other half of the connection: what a profile meets when it is deployed — the other
//! profiles the same devices get, and the server side (NPS export, RRAS settings dumps,
//! certificates, NPS logs).
//!
//! Rules that need these ([`crate::meta::Needs`]) read them through [`Scope`], which the
//! pipeline hands to the engine with each document: the facts of the other profiles
//! ([`facts`]) and the server files that apply to it ([`server`]). Without a scope those
//! rules do not run.

pub mod facts;

pub use facts::{Peer, ProfileFacts};

use crate::diagnostic::Elsewhere;
use crate::lint::place::Placer;
use crate::source::Document;
use std::collections::HashMap;
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
    /// Where this document stands among its peers (path, then document index): rules about a
    /// pair report once, at the later of the two.
    pub order: (Arc<str>, usize),
}

impl Scope {
    /// The peers that come before this document (rules about a pair report at the later one).
    pub fn earlier_peers(&self) -> impl Iterator<Item = &Peer> {
        self.peers.iter().filter(|p| p.facts.order() < self.order)
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
            Certainty::Assumed => " (assumed to reach the same devices: both sit in a directory with server files; state it with `[[deployments]]` in profile-lint.toml)",
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
                peer.facts.name,
                crate::output::display_path(&place.path),
                place.start.line
            )
        }
    }
}

/// The profiles and server files of a run that go together (a deployment): which profiles
/// reach the same devices, and what each profile meets on the server side.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Profiles of other files, by the group of devices they go to.
    groups: Vec<Group>,
    /// The group of each profile file.
    group_of: HashMap<Arc<str>, usize>,
}

/// Profiles that reach the same devices.
#[derive(Debug, Clone)]
struct Group {
    members: Vec<Arc<ProfileFacts>>,
    certainty: Certainty,
}

impl Site {
    /// Adds profiles that go to the same devices, with how sure that is.
    pub fn add_group(&mut self, members: Vec<ProfileFacts>, certainty: Certainty) {
        let index = self.groups.len();
        for member in &members {
            self.group_of.insert(member.path.clone(), index);
        }
        self.groups.push(Group {
            members: members.into_iter().map(Arc::new).collect(),
            certainty,
        });
    }

    /// The profiles of other files that go to the same devices as the profiles of `path`.
    fn peers_of(&self, path: &str) -> Vec<Peer> {
        let Some(group) = self.group_of.get(path).and_then(|&i| self.groups.get(i)) else {
            return Vec::new();
        };
        group
            .members
            .iter()
            .filter(|m| &*m.path != path)
            .map(|m| Peer {
                facts: Arc::clone(m),
                certainty: group.certainty,
            })
            .collect()
    }
}

/// Documents of one file read together for their set rules above this count are not: a
/// device has a handful of VPN profiles, and reading a 150,000-instance dump twice would
/// double its time (hostile input, docs/hostile-round2.md).
const MAX_DOCUMENTS_SEEN_TOGETHER: usize = 64;

/// The scopes of the documents of one file.
pub(crate) struct Scopes {
    path: Arc<str>,
    /// The profiles of this file: one device's dump or one deployment script.
    same_file: Vec<Arc<ProfileFacts>>,
    /// Profiles of other files for the same devices.
    others: Vec<Peer>,
}

impl Scopes {
    pub(crate) fn of_file(
        path: &str,
        documents: &[Document],
        placer: &Placer,
        site: Option<&Site>,
    ) -> Scopes {
        let path: Arc<str> = Arc::from(path);
        let same_file = if (2..=MAX_DOCUMENTS_SEEN_TOGETHER).contains(&documents.len()) {
            documents
                .iter()
                .filter_map(|d| facts::of_document(&path, d, placer))
                .map(Arc::new)
                .collect()
        } else {
            Vec::new()
        };
        let others = site.map(|s| s.peers_of(&path)).unwrap_or_default();
        Scopes {
            path,
            same_file,
            others,
        }
    }

    /// What `document` sees; `None` when it sees nothing beyond itself.
    ///
    /// Two profiles a script assigns to the same variable are not peers: they are alternatives
    /// (`if`/`else`, `switch` on the site or the device) or successive values of one variable,
    /// and the text alone does not say that both reach one device.
    pub(crate) fn of(&self, document: &Document) -> Option<Scope> {
        let index = document.wrapper.index;
        let variable = facts::script_variable(document);
        let alternative = |f: &ProfileFacts| match (&variable, &f.script_variable) {
            (Some(mine), Some(theirs)) => mine.eq_ignore_ascii_case(theirs),
            _ => false,
        };
        let peers: Vec<Peer> = self
            .same_file
            .iter()
            .filter(|f| f.index != index && !alternative(f))
            .map(|f| Peer {
                facts: Arc::clone(f),
                certainty: Certainty::Known,
            })
            .chain(self.others.iter().cloned())
            .collect();
        (!peers.is_empty()).then(|| Scope {
            peers,
            order: (self.path.clone(), index),
        })
    }
}
