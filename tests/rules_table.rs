//! The README's rules table is generated from the rules' metadata and must not go stale.
//! Regenerate it with `cargo run -- rules --format markdown` (paste the output between the
//! markers) or `UPDATE_README=1 cargo test --test rules_table`.

mod common;

use profile_lint::rules::table::markdown_table;

const START: &str = "<!-- rules-table:start -->\n";
const END: &str = "<!-- rules-table:end -->";

#[test]
fn readme_rules_table_matches_the_rule_metadata() {
    let path = common::root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md exists");
    let table = markdown_table();
    let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
        panic!(
            "README.md needs the markers `{}` and `{END}` around the rules table",
            START.trim_end()
        );
    };
    let body_start = start + START.len();
    assert!(
        end >= body_start,
        "README.md: `{END}` comes before the start marker"
    );
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{table}{}", &readme[..body_start], &readme[end..]);
        std::fs::write(&path, updated).expect("README.md is writable");
        return;
    }
    assert!(
        readme[body_start..end] == table,
        "the rules table in README.md is stale: replace the lines between `{}` and `{END}` with the output of `cargo run -- rules --format markdown` (or run `UPDATE_README=1 cargo test --test rules_table`)",
        START.trim_end()
    );
}
