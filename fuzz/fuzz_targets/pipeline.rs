//! Fuzzes the whole pipeline on raw bytes, as the CLI runs it: decoding (UTF-8, UTF-16, BOMs),
//! format sniffing, every source, parsing, the model, every rule, and all three renderers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_lint::lint::{lint_bytes, LintOptions};
use profile_lint::output::{concise, human, json};

fuzz_target!(|data: &[u8]| {
    let options = LintOptions::default();
    let report = lint_bytes("fuzz.xml", data, &options);
    for d in &report.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= report.text.len());
        assert!(report.text.is_char_boundary(d.span.start) && report.text.is_char_boundary(d.span.end));
        assert!(d.start.offset <= data.len() && d.end.offset <= data.len());
    }
    let _ = json::render(std::slice::from_ref(&report));
    let _ = concise::render_file(&report);
    let _ = human::render_file(&report, human::HumanOptions::default());
});
