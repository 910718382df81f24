//! Every rule has a page `rules/<name>.md` whose examples are run: each ```` ```xml fail ````
//! block must trigger the rule, each ```` ```xml pass ```` block must not.

mod common;

use common::*;
use profile_lint::lint::lint_bytes;
use profile_lint::rules::all_rules;

/// The fenced blocks of a page whose info string is `xml fail` or `xml pass`.
fn examples(page: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for line in page.lines() {
        let trimmed = line.trim();
        match &mut current {
            None => {
                let info = trimmed.strip_prefix("```").map(str::trim);
                match info {
                    Some("xml fail") => current = Some((true, String::new())),
                    Some("xml pass") => current = Some((false, String::new())),
                    _ => {}
                }
            }
            Some((fails, body)) => {
                if trimmed == "```" {
                    out.push((*fails, std::mem::take(body)));
                    current = None;
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    out
}

#[test]
fn every_rule_has_a_page_with_examples_that_hold() {
    let mut problems = Vec::new();
    for rule in all_rules() {
        let meta = rule.meta();
        let path = root().join("rules").join(format!("{}.md", meta.name));
        let Ok(page) = std::fs::read_to_string(&path) else {
            problems.push(format!("{}: no page at rules/{}.md", meta.name, meta.name));
            continue;
        };
        let title = format!("# {} ({})", meta.name, meta.code);
        if page.lines().next() != Some(title.as_str()) {
            problems.push(format!("{}: the page must start with `{title}`", meta.name));
        }
        for section in [
            "## What it checks",
            "## Why",
            "## Evidence",
            "## How to fix",
        ] {
            if !page.contains(section) {
                problems.push(format!(
                    "{}: the page has no `{section}` section",
                    meta.name
                ));
            }
        }
        let examples = examples(&page);
        if !examples.iter().any(|(fails, _)| *fails) || !examples.iter().any(|(fails, _)| !*fails) {
            problems.push(format!(
                "{}: the page needs an `xml fail` and an `xml pass` example",
                meta.name
            ));
        }
        // A rule about the server side is checked against the server files of its fixture
        // folder `examples-server/` (the page says what they hold).
        let servers = std::path::Path::new("testdata/rules")
            .join(meta.name)
            .join("examples-server");
        let needs_server = meta.needs.iter().any(|n| {
            matches!(
                n,
                profile_lint::meta::Needs::Server | profile_lint::meta::Needs::Cert
            )
        });
        for (i, (fails, xml)) in examples.iter().enumerate() {
            let report = if needs_server {
                lint_with_servers(xml.as_bytes(), &servers, &[meta.name])
            } else {
                lint_bytes("example.xml", xml.as_bytes(), &options_for(&[meta.name]))
            };
            let fired = report
                .diagnostics
                .iter()
                .any(|d| d.rule.name() == meta.name);
            if fired != *fails {
                problems.push(format!(
                    "{}: example {} ({}) {}",
                    meta.name,
                    i + 1,
                    if *fails { "fail" } else { "pass" },
                    if *fails {
                        "does not trigger the rule"
                    } else {
                        "triggers the rule"
                    }
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
