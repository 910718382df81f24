//! Reading what the servers of a deployment are set to (RRAS cmdlet dumps, certificates), so
//! that a profile can be checked against the servers it will meet.

pub mod cert;
pub mod rras;
