//! What each document of a file sees of its deployment ([`crate::deploy::Scope`]): the other
//! profiles of the same file and of its deployment, and the server files that apply to it.

use crate::deploy::{Certainty, Peer, Place, ProfileFacts, Scope, ServerFile, Site};
use crate::lint::engine::parse;
use crate::lint::place::Placer;
use crate::model::{Leaf, Model};
use crate::source::Document;
use std::path::Path;
use std::sync::Arc;

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
    servers: Vec<Arc<ServerFile>>,
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
                .filter_map(|d| of_document(&path, d, placer))
                .map(Arc::new)
                .collect()
        } else {
            Vec::new()
        };
        let (others, servers) = match site {
            Some(site) => {
                let key = crate::files::normalize(Path::new(path.as_ref()));
                (site.peers_of(&key), site.servers_for(&key))
            }
            None => (Vec::new(), Vec::new()),
        };
        Scopes {
            path,
            same_file,
            others,
            servers,
        }
    }

    /// What `document` sees; `None` when it sees nothing beyond itself.
    ///
    /// Two profiles a script assigns to the same variable are not peers: they are alternatives
    /// (`if`/`else`, `switch` on the site or the device) or successive values of one variable,
    /// and the text alone does not say that both reach one device.
    pub(crate) fn of(&self, document: &Document) -> Option<Scope> {
        let index = document.wrapper.index;
        let variable = script_variable(document);
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
        (!peers.is_empty() || !self.servers.is_empty()).then(|| Scope {
            peers,
            servers: self.servers.clone(),
            order: (self.path.clone(), index),
        })
    }
}

/// The facts of one document of `path`; `None` when it holds no `VPNProfile` (an EAP
/// export, a document that does not parse).
pub fn of_document(path: &Arc<str>, document: &Document, placer: &Placer) -> Option<ProfileFacts> {
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

/// The facts of every profile of a file (for a deployment gathered before the run lints).
pub fn facts_of_file(
    name: &str,
    bytes: &[u8],
    input_format: Option<crate::source::InputFormat>,
) -> Vec<ProfileFacts> {
    let Ok(decoded) = crate::decode::DecodedText::decode(bytes) else {
        return Vec::new();
    };
    let Some(format) = input_format.or_else(|| crate::source::sniff(&decoded.text, name)) else {
        return Vec::new();
    };
    let extraction = crate::source::extract(&decoded.text, format);
    let placer = Placer::new(&decoded.text, decoded.offsets());
    let name: Arc<str> = Arc::from(name);
    extraction
        .documents
        .iter()
        .filter_map(|d| of_document(&name, d, &placer))
        .collect()
}

/// The PowerShell variable a script assigns the document to (`ProfileXML` for
/// `$ProfileXML = '...'`).
fn script_variable(document: &Document) -> Option<String> {
    document.wrapper.script.as_ref()?.variable.clone()
}
