//! Readers for the server side of an Always On VPN deployment: files an administrator exports
//! from the NPS and RRAS servers, read into plain data with spans so that rules can compare
//! them with a profile (`shared/research/server-side.md`).

pub mod nps;
pub mod nps_log;
