//! The README shows real output: its example blocks must equal what the tool prints today.
//! Regenerate them with `UPDATE_README=1 cargo test --test readme`.

mod common;

use std::process::Command;

const EXAMPLE: &str = "testdata/examples/user-tunnel.xml";

fn output_of(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_profile-lint"))
        .env_remove("COLUMNS")
        .args(args)
        .current_dir(common::root())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("the binary runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
fn replace_block(readme: &str, name: &str, body: &str) -> Option<String> {
    let start_marker = format!("<!-- {name}:start -->\n");
    let end_marker = format!("<!-- {name}:end -->");
    let start = readme.find(&start_marker)? + start_marker.len();
    let end = readme[start..].find(&end_marker)? + start;
    Some(format!("{}{}{}", &readme[..start], body, &readme[end..]))
}

#[test]
fn readme_examples_are_real_output() {
    let path = common::root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md exists");
    let human = format!(
        "```\n$ profile-lint {EXAMPLE}\n{}```\n",
        output_of(&[EXAMPLE])
    );
    let concise = format!(
        "```\n$ profile-lint --format concise {EXAMPLE}\n{}```\n",
        output_of(&["--format", "concise", EXAMPLE])
    );
    let log_args = [
        "explain",
        "--nps-log",
        "testdata/deploy/nps-log-database.log",
        "--server",
        "testdata/deploy/nps-peap-mschapv2.xml",
        "--profile",
        "testdata/realistic/deployments/nps-wants-password-inside-peap/user.xml",
    ];
    let nps_log = format!(
        "```\n$ profile-lint {}\n{}```\n",
        log_args.join(" "),
        output_of(&log_args)
    );
    let expected = replace_block(&readme, "example-output", &human)
        .and_then(|r| replace_block(&r, "concise-output", &concise))
        .and_then(|r| replace_block(&r, "nps-log-example", &nps_log))
        .expect("README.md has the example-output and concise-output markers");
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(&path, &expected).expect("README.md is writable");
        return;
    }
    assert!(
        readme == expected,
        "README.md example output is stale; run `UPDATE_README=1 cargo test --test readme`"
    );
}
