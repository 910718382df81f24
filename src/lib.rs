//! profile-lint: a linter for Windows Always On VPN profiles (VPNv2 ProfileXML).
//!
//! Data flows one way: bytes → decoded text ([`decode`]) → XML documents with a position map
//! ([`source`]) → typed model ([`model`]) → rules ([`rules`]) → diagnostics → one emitter
//! ([`output`]).

pub mod baseline;
pub mod check;
pub mod config;
pub mod decode;
pub mod deploy;
pub mod diagnostic;
mod docs;
pub mod element_path;
pub mod errors;
pub mod explain;
pub mod extract;
pub mod files;
pub mod fix;
pub mod format;
pub mod inputs;
pub mod limits;
pub mod lint;
pub mod log_explain;
pub mod meta;
pub mod model;
pub mod output;
pub mod parallel;
pub mod policy;
pub mod rules;
pub mod selection;
#[cfg(feature = "server")]
pub mod server;
pub mod source;
pub mod span;
pub mod suppress;
