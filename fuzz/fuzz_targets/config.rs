//! Fuzzes configuration files and the policy rules they declare: the input is a
//! `profile-lint.toml`, a NUL byte, then a profile. The configuration must be accepted or
//! rejected with an error (never a panic); an accepted one's selection, severities and
//! `[[policy]]` checks (element paths, regular expressions) then run on the profile.
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_lint::config::{resolve, Config};
use profile_lint::lint::{lint_bytes, LintOptions};
use profile_lint::output::json;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let (config, profile) = match data.iter().position(|b| *b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &b"<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>"[..]),
    };
    let Ok(text) = std::str::from_utf8(config) else { return };
    let file = Path::new("fuzz/profile-lint.toml");
    let config = match Config::parse(text, file) {
        Ok(config) => config,
        Err(error) => {
            // The error names the file, as every configuration error must.
            assert!(error.to_string().contains("profile-lint.toml"));
            return;
        }
    };
    let (rules, policy) = resolve(Some(&config), Path::new("fuzz/profiles/p.xml"), &Default::default());
    let options = LintOptions::selecting(&rules, policy);
    let report = lint_bytes("fuzz/profiles/p.xml", profile, &options);
    let _ = json::render(std::slice::from_ref(&report));
});
