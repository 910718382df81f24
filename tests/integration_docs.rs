//! The configuration examples in `docs/integration.md` are valid `profile-lint.toml` files,
//! so the documentation cannot drift from the parser.

mod common;

use profile_lint::config::Config;
use std::path::Path;

#[test]
fn every_toml_example_in_the_integration_guide_parses() {
    let text = std::fs::read_to_string(common::root().join("docs/integration.md"))
        .expect("docs/integration.md");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```toml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(blocks.len() >= 2, "expected the configuration examples");
    for block in blocks {
        if let Err(error) = Config::parse(&block, Path::new("profile-lint.toml")) {
            panic!("example does not parse: {error}\n{block}");
        }
    }
}
