//! Lints every file of the shared corpus of real profiles (`../shared/corpus`, beside the
//! checkout in CI) and keeps what the tool says about them in one snapshot, so that any change
//! in the findings on real files is reviewed. Skips when the corpus is absent.

mod common;

use common::*;
use profile_lint::lint::{lint_bytes, LintOptions};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    let dir = root().join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.file_name().and_then(|n| n.to_str()) != Some("PROVENANCE.md") {
            out.push(path);
        }
    }
}

#[test]
fn corpus_findings_snapshot() {
    let Some(dir) = corpus_dir() else {
        // CI has the corpus beside the checkout and sets this, so it cannot silently skip there.
        assert!(
            std::env::var_os("PROFILE_LINT_REQUIRE_CORPUS").is_none(),
            "PROFILE_LINT_REQUIRE_CORPUS is set but ../shared/corpus is missing"
        );
        eprintln!("skipping corpus test: ../shared/corpus is not present beside the checkout");
        return;
    };
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    let mut text = String::new();
    for file in &files {
        let relative = file
            .strip_prefix(&dir)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(file)
            .unwrap_or_else(|e| panic!("cannot read corpus file {}: {e}", file.display()));
        let report = lint_bytes(&relative, &bytes, &LintOptions::default());
        let kind = match (report.server, report.format) {
            (Some(server), _) => format!("server input: {}", server.as_str()),
            (None, format) => format!(
                "{}; {} document(s)",
                format.map_or("unrecognised", |f| f.name()),
                report.documents
            ),
        };
        let _ = writeln!(text, "{relative} [{kind}]");
        for d in &report.diagnostics {
            let _ = writeln!(
                text,
                "  {}:{} {} {}/{}: {}",
                d.start.line,
                d.start.column,
                d.severity,
                d.rule.code(),
                d.rule.name(),
                d.message
            );
        }
    }
    insta_settings().bind(|| insta::assert_snapshot!("corpus", text));
}

/// The real NPS exports of the corpus as the server side of every real profile: what the
/// server rules say when each profile meets each export (neither export is an Always On VPN
/// configuration, so most findings say what *would* fail if the profile met that NPS).
#[test]
fn corpus_profiles_against_real_nps_exports() {
    use profile_lint::deploy::{Applies, ServerFile, Site};
    use profile_lint::meta::Needs;
    let Some(dir) = corpus_dir() else {
        eprintln!("skipping corpus test: ../shared/corpus is not present beside the checkout");
        return;
    };
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    let relative = |file: &Path| {
        file.strip_prefix(&dir)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut exports = Vec::new();
    let mut profiles = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file)
            .unwrap_or_else(|e| panic!("cannot read corpus file {}: {e}", file.display()));
        match ServerFile::read(&relative(file), &bytes) {
            Some(Ok(server)) => exports.push(std::sync::Arc::new(server)),
            Some(Err(e)) => panic!("{}: {}", file.display(), e.message),
            None => profiles.push((relative(file), bytes)),
        }
    }
    assert!(!exports.is_empty(), "the corpus has NPS exports");
    let mut text = String::new();
    for export in &exports {
        let mut site = Site::default();
        site.add_shared_server(Applies::All, std::sync::Arc::clone(export));
        let options = LintOptions {
            site: Some(std::sync::Arc::new(site)),
            ..LintOptions::default()
        };
        let _ = writeln!(text, "== against {} ==", export.path);
        // What a VPN request from RRAS meets there, policy by policy, in NPS's order.
        if let Some(config) = export.nps() {
            use profile_lint::deploy::nps::{evaluate_all, RequestFacts, Tri};
            let request = RequestFacts::rras_vpn();
            for policy in &config.network_policies {
                let reached = match evaluate_all(&policy.conditions, &request) {
                    Tri::True => "matches",
                    Tri::False => "does not match",
                    Tri::Unknown => "may match",
                };
                let access = match policy.settings.as_ref().and_then(|s| s.allow_access) {
                    Some(true) => "grant",
                    Some(false) => "deny",
                    None => "unknown",
                };
                let _ = writeln!(
                    text,
                    "  policy {:?} (sequence {}{}): a VPN request {reached}; {access}",
                    policy.name,
                    policy.sequence,
                    if policy.enabled { "" } else { ", disabled" }
                );
            }
        }
        for (name, bytes) in &profiles {
            let report = lint_bytes(name, bytes, &options);
            for d in report.diagnostics.iter().filter(|d| {
                d.rule
                    .builtin()
                    .is_some_and(|m| m.needs.contains(&Needs::Server))
            }) {
                let _ = writeln!(
                    text,
                    "{name}:{}:{} {} {}/{}: {}",
                    d.start.line,
                    d.start.column,
                    d.severity,
                    d.rule.code(),
                    d.rule.name(),
                    d.message
                );
                for label in d.labels.iter().filter(|l| l.path.is_some()) {
                    let _ = writeln!(
                        text,
                        "    at {}:{}: {}",
                        label.path.as_deref().unwrap_or(""),
                        label.start.line,
                        label.message
                    );
                }
            }
        }
    }
    insta_settings().bind(|| insta::assert_snapshot!("corpus_against_nps", text));
}
