//! Gathering a deployment before the run lints: the server-side files of the run (given with
//! `--server`/`--cert`, or found among the inputs) and the profiles that reach the same
//! devices, so that each profile's lint sees them ([`super::Scope`]).
//!
//! Walked inputs are sniffed by their first bytes only; a profile file is read whole here
//! only when it sits in a directory with server-side files (a deployment folder).

use crate::config::Config;
use crate::deploy::server::{sniff, ServerFile, SNIFFED};
use crate::deploy::{Applies, Certainty, ProfileFacts, Site};
use crate::inputs::{read_input, Input, Inputs, ReadInput};
use crate::source::InputFormat;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What gathering needs from the run.
#[derive(Debug, Clone, Default)]
pub struct GatherOptions {
    /// The run's paths (files and directories).
    pub paths: Vec<PathBuf>,
    /// Server-side files for every profile of the run (`--server`, `--cert`).
    pub servers: Vec<PathBuf>,
    pub max_file_size: u64,
    pub input_format: Option<InputFormat>,
    /// The configurations of the run, for their `[[deployments]]` sections.
    pub configs: Vec<Arc<Config>>,
}

/// What gathering found: the deployment, and notes for the user (files with secrets).
#[derive(Debug, Default)]
pub struct Gathered {
    pub site: Site,
    pub notes: Vec<String>,
}

/// The deployment of the run; `Err` when a file given with `--server`/`--cert` is no
/// server-side file or cannot be read.
pub fn gather(options: &GatherOptions) -> Result<Gathered, String> {
    let mut gathered = Gathered::default();
    for path in &options.servers {
        let name = name_of(path);
        let bytes = match read_input(path, options.max_file_size)? {
            ReadInput::Bytes(bytes) => bytes,
            ReadInput::TooLarge(size) => {
                return Err(format!(
                    "{name}: {size} bytes is over the size limit of {} bytes",
                    options.max_file_size
                ))
            }
        };
        match ServerFile::read(&name, &bytes) {
            Some(Ok(file)) => add(&mut gathered, Applies::All, file),
            Some(Err(e)) => {
                return Err(format!(
                    "{name}: cannot read {}: {}",
                    e.kind.describe(),
                    e.message
                ))
            }
            None => {
                return Err(format!(
                "{name} is not an NPS export, an RRAS settings dump, a certificate (DER, PEM, PKCS#7) or an NPS log"
            ))
            }
        }
    }
    // Server-side files among the inputs apply to the profiles of their deployment folder:
    // their own directory, or — for a `certs/` or `server/` folder beside the profiles — the
    // nearest directory above that holds profiles. Those profiles are taken to reach the same
    // devices.
    let mut walked: Vec<(PathBuf, ServerFile)> = Vec::new();
    let mut profiles: Vec<PathBuf> = Vec::new();
    for input in Inputs::new(&options.paths, "<stdin>") {
        let Input::File { path, .. } = input else {
            continue;
        };
        let Ok(bytes) = read_prefix(&path) else {
            continue;
        };
        if sniff(&bytes).is_none() {
            profiles.push(crate::files::normalize(&path));
            continue;
        }
        let Ok(ReadInput::Bytes(bytes)) = read_input(&path, options.max_file_size) else {
            continue;
        };
        // An unreadable server file is reported by its own lint, not here.
        if let Some(Ok(file)) = ServerFile::read(&name_of(&path), &bytes) {
            let dir = crate::files::normalize(path.parent().unwrap_or(Path::new("")));
            walked.push((dir, file));
        }
    }
    let mut folders: Vec<PathBuf> = Vec::new();
    for (dir, file) in walked {
        let folder = deployment_folder(&dir, &profiles);
        // A certificate beside profiles is common in any repository (the root CA a profile
        // pins); only an NPS export or an RRAS dump makes a folder a deployment whose profiles
        // are taken to reach the same devices.
        let deployment = matches!(
            file.kind(),
            crate::deploy::ServerKind::NpsExport | crate::deploy::ServerKind::RrasDump
        );
        if deployment && !folders.contains(&folder) {
            folders.push(folder.clone());
        }
        add(&mut gathered, Applies::Under(folder), file);
    }
    for folder in &folders {
        let members: Vec<ProfileFacts> = profiles
            .iter()
            .filter(|p| p.starts_with(folder))
            .flat_map(|p| profile_facts(p, &shown(p), options))
            .collect();
        if members.len() > 1 {
            gathered.site.add_group(members, Certainty::Assumed);
        }
    }
    for config in &options.configs {
        for section in &config.deployments {
            stated(&mut gathered, config, section, options)?;
        }
    }
    Ok(gathered)
}

/// A `[[deployments]]` section: its server files apply to its profiles, which reach the same
/// devices unless it says otherwise.
fn stated(
    gathered: &mut Gathered,
    config: &Config,
    section: &crate::config::DeploymentSection,
    options: &GatherOptions,
) -> Result<(), String> {
    let mut profiles = Vec::new();
    let mut servers = Vec::new();
    let walk = ignore::WalkBuilder::new(&config.dir)
        .hidden(false)
        .max_depth(Some(32))
        .build();
    for entry in walk.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let absolute = crate::files::normalize(entry.path());
        let relative = absolute.strip_prefix(&config.dir).unwrap_or(&absolute);
        if section.profiles.is_match(relative) {
            profiles.push(absolute);
        } else if section.servers.is_match(relative) {
            servers.push(absolute);
        }
    }
    profiles.sort();
    servers.sort();
    let label = section.name.as_deref().unwrap_or("(unnamed)");
    for path in &servers {
        let name = shown(path);
        let bytes = match read_input(path, options.max_file_size) {
            Ok(ReadInput::Bytes(bytes)) => bytes,
            Ok(ReadInput::TooLarge(size)) => {
                return Err(format!(
                    "{name} ([[deployments]] {label} in {}): {size} bytes is over the size limit",
                    config.path.display()
                ))
            }
            Err(e) => {
                return Err(format!(
                    "{name} ([[deployments]] {label} in {}): {e}",
                    config.path.display()
                ))
            }
        };
        match ServerFile::read(&name, &bytes) {
            Some(Ok(file)) => add(gathered, Applies::Files(profiles.clone()), file),
            Some(Err(e)) => {
                return Err(format!("{name} ([[deployments]] {label} in {}): cannot read {}: {}", config.path.display(), e.kind.describe(), e.message))
            }
            None => {
                return Err(format!("{name} ([[deployments]] {label} in {}) is not an NPS export, an RRAS settings dump or a certificate", config.path.display()))
            }
        }
    }
    if section.same_devices {
        let members: Vec<ProfileFacts> = profiles
            .iter()
            .flat_map(|p| profile_facts(p, &shown(p), options))
            .collect();
        if members.len() > 1 {
            gathered.site.add_group(members, Certainty::Known);
        }
    }
    Ok(())
}

/// How a file found by a configuration's glob is named: relative to the working directory
/// when it is below it, as files named on the command line usually are.
fn shown(path: &Path) -> String {
    let cwd = crate::files::normalize(Path::new("."));
    let relative = path.strip_prefix(&cwd).unwrap_or(path);
    name_of(relative)
}

/// The deployment folder of a server file found in `dir`: `dir` itself when profiles sit in it
/// or below, else the nearest directory above that has some.
fn deployment_folder(dir: &Path, profiles: &[PathBuf]) -> PathBuf {
    dir.ancestors()
        .find(|candidate| profiles.iter().any(|p| p.starts_with(candidate)))
        .unwrap_or(dir)
        .to_path_buf()
}

fn add(gathered: &mut Gathered, applies: Applies, file: ServerFile) {
    if file.holds_secrets() {
        gathered.notes.push(format!(
            "{} holds RADIUS shared secrets in clear text (an NPS export always does); profile-lint never prints them, but keep the file out of version control",
            crate::output::display_path(&file.path)
        ));
    }
    gathered.site.add_server(applies, file);
}

/// The first bytes of a file: enough to tell a server-side file from a profile.
fn read_prefix(path: &Path) -> Result<Vec<u8>, String> {
    crate::files::read_prefix(path, SNIFFED)
}

/// The name a file is reported under (as [`Input::name`] gives it).
fn name_of(path: &Path) -> String {
    path.to_str()
        .map_or_else(|| crate::inputs::display(path), str::to_owned)
}

/// The facts of the profiles of one file.
fn profile_facts(path: &Path, name: &str, options: &GatherOptions) -> Vec<ProfileFacts> {
    let Ok(ReadInput::Bytes(bytes)) = read_input(path, options.max_file_size) else {
        return Vec::new();
    };
    crate::lint::facts_of_file(name, &bytes, options.input_format)
}
