//! The configuration examples in `docs/integration.md` are valid `profile-lint.toml` files and
//! match the configuration schema `docs/profile-lint.schema.json`, so neither the guide nor the
//! schema can drift from the parser.

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
    let schema = config_schema();
    for block in blocks {
        if let Err(error) = Config::parse(&block, Path::new("profile-lint.toml")) {
            panic!("example does not parse: {error}\n{block}");
        }
        let value: serde_json::Value = toml::from_str(&block).expect("TOML");
        let errors: Vec<String> = schema.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "example does not match the schema: {errors:?}\n{block}"
        );
    }
}

fn config_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::root().join("docs/profile-lint.schema.json"))
        .expect("schema");
    jsonschema::validator_for(&serde_json::from_str(&text).expect("JSON"))
        .expect("valid JSON Schema")
}

#[test]
fn the_configuration_schema_rejects_what_the_parser_rejects() {
    let schema = config_schema();
    for bad in [
        "ignor = [\"S003\"]\n",
        "fail-on = \"fatal\"\n",
        "[[policy]]\ncode = \"P1\"\nmessage = \"m\"\npath = \"VPNProfile\"\n",
        "[[policy]]\ncode = \"P1\"\nmessage = \"m\"\npath = \"VPNProfile\"\nrequired = true\nequals = \"x\"\n",
        "[[per-path]]\npaths = [\"a\"]\n",
        "deployment = \"azure\"\n",
        "[[per-path]]\npaths = [\"a\"]\ndeployment = \"sccm\"\n",
    ] {
        let value: serde_json::Value = toml::from_str(bad).expect("TOML");
        assert!(!schema.is_valid(&value), "schema accepts {bad}");
        assert!(Config::parse(bad, Path::new("profile-lint.toml")).is_err(), "parser accepts {bad}");
    }
}
