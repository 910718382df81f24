//! Fuzzes the server-side readers of a deployment: the NPS export, the RRAS settings dump, the
//! certificate reader (DER, PEM, PKCS#7) and the NPS log reader, each on the same input, then
//! the one entry point that sniffs and reads them (`ServerFile::read`). See docs/performance.md
//! ("Fuzzing").
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_lint::deploy::{cert, nps, nps_log, rras, ServerFile};

fuzz_target!(|data: &[u8]| {
    let _ = cert::looks_like(data);
    let _ = cert::read(data);
    let text = String::from_utf8_lossy(data);
    if nps::looks_like(&text) {
        let _ = nps::parse(&text);
    }
    let _ = nps::parse(&text);
    let _ = rras::looks_like(&text);
    let _ = rras::parse(&text);
    let _ = nps_log::looks_like(&text);
    let _ = nps_log::parse(&text);
    if let Some(Ok(file)) = ServerFile::read("fuzz", data) {
        let _ = file.holds_secrets();
    }
});
