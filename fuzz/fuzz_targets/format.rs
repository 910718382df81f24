//! Fuzzes `format`: any text either is refused with an error or formats; formatting what was
//! formatted changes nothing (idempotent), in indented and compact form; formatted output
//! parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_lint::format::{format_profile, FormatOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for compact in [false, true] {
        let options = FormatOptions {
            compact,
            ..FormatOptions::default()
        };
        let Ok(once) = format_profile(text, &options) else { continue };
        assert!(roxmltree::Document::parse(&once).is_ok(), "formatted output does not parse");
        let twice = format_profile(&once, &options).expect("formatted output formats");
        assert_eq!(once, twice, "format is not idempotent");
    }
});
