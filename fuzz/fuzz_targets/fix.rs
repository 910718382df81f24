//! Fuzzes fixing: any bytes through lint → fix → re-lint. Never panics; a second round of
//! fixing changes nothing (idempotent); a document that parsed before fixing still parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_lint::decode::DecodedText;
use profile_lint::lint::{lint_and_fix, FixSettings, LintOptions};

fn parses(bytes: &[u8]) -> bool {
    DecodedText::decode(bytes)
        .ok()
        .is_some_and(|d| roxmltree::Document::parse(&d.text).is_ok())
}

fuzz_target!(|data: &[u8]| {
    let options = LintOptions::default();
    for unsafe_fixes in [false, true] {
        let settings = FixSettings { unsafe_fixes };
        let fixed = lint_and_fix("fuzz.xml", data, &options, settings);
        let Some(bytes) = fixed.bytes else { continue };
        if parses(data) && fixed.report.format == Some(profile_lint::source::InputFormat::Xml) {
            assert!(parses(&bytes), "fixing made a well-formed document ill-formed");
        }
        let again = lint_and_fix("fuzz.xml", &bytes, &options, settings);
        // Bounded rounds may leave a fix that does not converge; then the notes say so.
        assert!(
            again.bytes.is_none() || !fixed.notes.is_empty(),
            "a second round of fixing changed the file again"
        );
    }
});
