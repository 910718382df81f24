//! Fuzzes baselines, which come from a file anyone in the repository can edit. The input is
//! read twice:
//!
//! - as a baseline file: `Baseline::load` returns it or an error naming the file (never a
//!   panic, whatever the counts); a loaded one filters a fixed report without hiding more
//!   findings than the report has, and `filter` agrees with `filter_report`;
//! - as a profile: its findings (any element names) are written with `baseline::write`,
//!   loaded back, and must then hide every one of them with none reported fixed.
//!
//! The files live in one directory per process under the temporary directory, reused by every
//! run, so the report paths are keyed relative to the baseline as in a real run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_lint::baseline::{self, Baseline};
use profile_lint::lint::{lint_bytes, FileReport, LintOptions};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A profile with findings at several element paths.
const FIXED_PROFILE: &[u8] = b"<VPNProfile><AlwaysOn>True</AlwaysOn><Typo/><NativeProfile>\
<Servers>vpn.contoso.com</Servers><NativeProtocolType>Automatic</NativeProtocolType><Typo/>\
</NativeProfile></VPNProfile>";

struct Fixture {
    /// Where the input goes, as a baseline.
    input: PathBuf,
    /// Where the round trip writes its baseline.
    written: PathBuf,
    /// The linted files' path, below the baseline's directory.
    profile: String,
    /// `FIXED_PROFILE` linted once.
    report: FileReport,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("profile-lint-fuzz-baseline-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let profile = dir.join("profiles/p.xml").to_str().expect("a UTF-8 path").to_owned();
        let report = lint_bytes(&profile, FIXED_PROFILE, &LintOptions::default());
        assert!(report.diagnostics.len() >= 2, "the fixed profile should have findings");
        Fixture {
            input: dir.join("baseline.json"),
            written: dir.join("written.json"),
            profile,
            report,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let name = f.input.to_str().expect("a UTF-8 path");

    std::fs::write(&f.input, data).expect("the input written");
    match Baseline::load(&f.input) {
        Err(message) => assert!(message.contains(name), "the error does not name the file: {message}"),
        Ok(loaded) => {
            let before = f.report.diagnostics.len();
            let mut report = f.report.clone();
            let filtered = loaded.filter_report(&mut report);
            assert!(filtered.hidden <= before, "hid {} of {before} findings", filtered.hidden);
            assert_eq!(filtered.hidden + report.diagnostics.len(), before, "findings lost");
            let mut reports = vec![f.report.clone()];
            assert_eq!(loaded.filter(&mut reports), filtered, "filter and filter_report differ");
        }
    }

    let report = lint_bytes(&f.profile, data, &LintOptions::default());
    if report.diagnostics.is_empty() {
        return;
    }
    let recorded = baseline::write(&f.written, std::slice::from_ref(&report)).expect("the baseline written");
    assert_eq!(recorded, report.diagnostics.len(), "write recorded a different count");
    let loaded = Baseline::load(&f.written).expect("a written baseline loads");
    let mut again = report.clone();
    let filtered = loaded.filter_report(&mut again);
    assert!(again.diagnostics.is_empty(), "{} findings not hidden", again.diagnostics.len());
    assert_eq!(filtered.hidden, report.diagnostics.len());
    assert_eq!(filtered.fixed, 0, "findings reported fixed though all occur");
});
