//! End-to-end tests of the CI and editor integration (issue 5): output formats, configuration
//! files, policy rules, suppression comments and baselines. Each test runs the built binary in
//! its own temporary directory with a cleared environment and checks the exit code and the
//! exact output.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A profile with two findings: `AlwaysOn` is `True` (S003) and an https:// EAP namespace (S008).
const PROFILE: &str = r#"<VPNProfile>
  <AlwaysOn>True</AlwaysOn>
  <NativeProfile>
    <Servers>vpn.example.net</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap>
        <Configuration>
          <EapHostConfig xmlns="https://www.microsoft.com/provisioning/EapHostConfig"/>
        </Configuration>
      </Eap>
    </Authentication>
  </NativeProfile>
</VPNProfile>
"#;

/// The two rules PROFILE is written for: tests that check exact output select only these, so
/// that new rules firing on PROFILE do not change them.
const ONLY: &str = "S003,S008";

const S003: &str = "error[S003/boolean-literal-case] `AlwaysOn` is `True`; Windows accepts only lower-case `true` or `false` and silently drops anything else";
const S008: &str = "error[S008/eap-namespace-https] EAP namespace `https://www.microsoft.com/provisioning/EapHostConfig` uses https://; the EAP schemas exist only as http:// namespaces, so Windows cannot read this EAP configuration";

struct Sandbox {
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::Builder::new()
                .prefix("profile-lint-cli")
                .tempdir()
                .expect("temp dir"),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write(&self, relative: &str, text: &str) -> &Self {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
        self
    }

    fn run(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_profile-lint"))
        .env_remove("COLUMNS")
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("run profile-lint");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn lines(text: &[&str]) -> String {
    text.iter().map(|l| format!("{l}\n")).collect()
}

// ---------------------------------------------------------------- output formats

#[test]
fn concise_format_is_exact() {
    let sb = Sandbox::new();
    sb.write("p.xml", PROFILE);
    let run = sb.run(&["--format", "concise", "--select", ONLY, "p.xml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        lines(&[
            &format!("p.xml:2:13: {S003}"),
            &format!("p.xml:10:33: {S008}"),
            "Found 2 errors, 0 warnings and 0 infos in 1 file.",
        ])
    );
}

#[test]
fn github_format_is_exact_and_escapes_workflow_command_characters() {
    let sb = Sandbox::new();
    sb.write(
        "dir,1/p.xml",
        &PROFILE.replace("<AlwaysOn>True</AlwaysOn>", "<AlwaysOn>true</AlwaysOn>"),
    );
    sb.write(
        "dir,1/q.xml",
        &PROFILE.replace(r#"xmlns="https://"#, r#"xmlns="http://"#),
    );
    let run = sb.run(&["--format", "github", "--quiet", "--select", ONLY, "dir,1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        lines(&[
            "::error file=dir%2C1/p.xml,line=10,col=33,endLine=10,endColumn=85,title=S008 eap-namespace-https::EAP namespace `https://www.microsoft.com/provisioning/EapHostConfig` uses https://; the EAP schemas exist only as http:// namespaces, so Windows cannot read this EAP configuration",
            "::error file=dir%2C1/q.xml,line=2,col=13,endLine=2,endColumn=17,title=S003 boolean-literal-case::`AlwaysOn` is `True`; Windows accepts only lower-case `true` or `false` and silently drops anything else",
        ])
    );
}

#[test]
fn github_format_uses_warning_and_notice_for_lower_severities() {
    let sb = Sandbox::new();
    sb.write("p.xml", PROFILE);
    let run = sb.run(&[
        "--format",
        "github",
        "--quiet",
        "--select",
        ONLY,
        "--severity",
        "S003=warning",
        "--severity",
        "eap-namespace-https=info",
        "--fail-on",
        "error",
        "p.xml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let commands: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(commands, ["::warning", "::notice"]);
}

#[test]
fn sarif_output_has_rule_metadata_and_one_based_regions() {
    let sb = Sandbox::new();
    sb.write("profiles/p.xml", PROFILE);
    let run = sb.run(&["--format", "sarif", "--select", ONLY, "profiles/p.xml"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    for rule in profile_lint::rules::all_rules() {
        assert!(
            rules.iter().any(|r| r["id"] == rule.meta().code),
            "{} missing",
            rule.meta().code
        );
    }
    for result in run0["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(
            region["startLine"].as_u64() >= Some(1) && region["startColumn"].as_u64() >= Some(1)
        );
    }
    // Redact what changes without this feature changing: the version, the rule list (every new
    // rule adds to it, every page edit changes it) except the entry of a tool diagnostic, kept to
    // show the shape, and the rule indexes.
    let s003 = rules
        .iter()
        .find(|r| r["id"] == "S003")
        .expect("S003 entry");
    assert_eq!(s003["name"], "boolean-literal-case");
    assert_eq!(s003["defaultConfiguration"]["level"], "error");
    assert!(s003["helpUri"]
        .as_str()
        .is_some_and(|u| u.ends_with("/rules/boolean-literal-case.md")));
    assert!(s003["fullDescription"]["text"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    assert!(s003["help"]["markdown"]
        .as_str()
        .is_some_and(|t| t.starts_with("# boolean-literal-case")));
    let tool_rule = rules
        .iter()
        .find(|r| r["id"] == "unused-suppression")
        .cloned();
    let mut sarif = sarif.clone();
    let driver = &mut sarif["runs"][0]["tool"]["driver"];
    driver["version"] = "[VERSION]".into();
    driver["semanticVersion"] = "[VERSION]".into();
    driver["rules"] = serde_json::json!(["[RULES]", tool_rule]);
    for result in sarif["runs"][0]["results"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        result["ruleIndex"] = "[INDEX]".into();
    }
    common::insta_settings().bind(|| insta::assert_json_snapshot!("cli_sarif", sarif));
}

#[test]
fn sarif_reports_unreadable_files_as_tool_notifications() {
    let sb = Sandbox::new();
    let run = sb.run(&["--format", "sarif", "missing.xml"]);
    assert_eq!(run.code, 2);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "missing.xml: no such file or directory"
    );
}

// ---------------------------------------------------------------- configuration

#[test]
fn nearest_configuration_wins_and_cli_overrides_it() {
    let sb = Sandbox::new();
    sb.write(
        "profile-lint.toml",
        "select = [\"S003\", \"S008\"]\nignore = [\"boolean-literal-case\"]\n",
    )
    .write("a/p.xml", PROFILE)
    .write(
        "b/profile-lint.toml",
        "select = [\"S003\"]\n[severity]\nS003 = \"info\"\n",
    )
    .write("b/p.xml", PROFILE);
    let run = sb.run(&["--format", "concise", "a/p.xml", "b/p.xml"]);
    assert_eq!(
        run.stdout,
        lines(&[
            &format!("a/p.xml:10:33: {S008}"),
            &format!("b/p.xml:2:13: {}", S003.replacen("error", "info", 1)),
            "Found 1 error, 0 warnings and 1 info in 2 files.",
        ])
    );
    assert_eq!(run.code, 1);
    // --no-config: both findings in both files.
    let run = sb.run(&[
        "--format",
        "concise",
        "--quiet",
        "--no-config",
        "--select",
        ONLY,
        "a/p.xml",
        "b/p.xml",
    ]);
    assert_eq!(run.stdout.lines().count(), 4, "{}", run.stdout);
    // --config: one file for every input.
    let run = sb.run(&[
        "--format",
        "concise",
        "--quiet",
        "--config",
        "b/profile-lint.toml",
        "a/p.xml",
    ]);
    assert_eq!(
        run.stdout,
        lines(&[&format!(
            "a/p.xml:2:13: {}",
            S003.replacen("error", "info", 1)
        )])
    );
    assert_eq!(run.code, 0);
    // --select on the command line replaces the configured one.
    let run = sb.run(&[
        "--format", "concise", "--quiet", "--select", "S008", "b/p.xml",
    ]);
    assert_eq!(run.stdout, lines(&[&format!("b/p.xml:10:33: {S008}")]));
}

#[test]
fn configured_fail_on_sets_the_exit_code() {
    let sb = Sandbox::new();
    sb.write(
        "profile-lint.toml",
        "fail-on = \"error\"\n[severity]\nS003 = \"warning\"\nS008 = \"warning\"\n",
    )
    .write("p.xml", PROFILE);
    assert_eq!(sb.run(&["p.xml"]).code, 0);
    assert_eq!(sb.run(&["--fail-on", "warning", "p.xml"]).code, 1);
}

#[test]
fn per_path_ignores_apply_to_matching_files_only() {
    let sb = Sandbox::new();
    sb.write(
        "profile-lint.toml",
        "select = [\"S003\", \"S008\"]\n[[per-path]]\npaths = [\"legacy/**\"]\nignore = [\"S008\", \"boolean-literal-case\"]\n",
    )
    .write("legacy/old/p.xml", PROFILE)
    .write("current/p.xml", PROFILE);
    let run = sb.run(&["--format", "concise", "."]);
    assert_eq!(
        run.stdout,
        lines(&[
            &format!("./current/p.xml:2:13: {S003}"),
            &format!("./current/p.xml:10:33: {S008}"),
            "Found 2 errors, 0 warnings and 0 infos in 2 files.",
        ])
    );
}

fn config_error(config: &str) -> Run {
    let sb = Sandbox::new();
    sb.write("profile-lint.toml", config)
        .write("p.xml", PROFILE);
    let run = sb.run(&["p.xml"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.stdout, "");
    run
}

#[test]
fn a_broken_configuration_deep_in_a_walked_folder_stops_the_run_before_any_output() {
    // Directories are walked lazily while files are linted; their configurations are all
    // found first, so a mistake in the last folder is still reported before any output.
    let sb = Sandbox::new();
    sb.write("fleet/a/p.xml", PROFILE)
        .write("fleet/z/p.xml", PROFILE)
        .write("fleet/z/profile-lint.toml", "fail-on = \"fatal\"\n");
    for format in ["human", "json"] {
        let run = sb.run(&["--format", format, "fleet"]);
        assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{}", run.stderr);
        assert!(
            run.stderr.contains("profile-lint.toml:1: key `fail-on`"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn configuration_mistakes_name_file_line_and_key() {
    let path = |run: &Run| {
        run.stderr
            .replace(&format!("{}/", std::env::temp_dir().display()), "")
    };
    let cases = [
        ("select = [\"S003\"]\nignor = [\"S008\"]\n", "profile-lint.toml:2: key `ignor`: unknown field `ignor`, expected one of `select`, `ignore`, `severity`, `fail-on`, `deployment`, `per-path`, `policy`, `deployments`"),
        ("fail-on = \"fatal\"\n", "profile-lint.toml:1: key `fail-on`: unknown severity `fatal` (expected error, warning or info)"),
        ("\nignore = [\"S003\", \"no-such-rule\"]\n", "profile-lint.toml:2: key `ignore`: unknown rule `no-such-rule` (see `profile-lint rules`)"),
        ("[severity]\nS003 = 3\n", "profile-lint.toml:2: key `S003`: invalid type: integer `3`, expected a string"),
        ("[[policy]]\ncode = \"P001\"\nmessage = \"m\"\npath = \"VPNProfile/NativeProfile/Servers\"\nmatches = \"([\"\n", "profile-lint.toml:5: key `matches`: invalid regular expression: regex parse error:\n    ([\n     ^\nerror: unclosed character class"),
        ("[[policy]]\ncode = \"S003\"\nmessage = \"m\"\npath = \"VPNProfile\"\nrequired = true\n", "profile-lint.toml:2: key `code`: `S003` is already a built-in rule; choose another (`P` + digits is recommended)"),
        ("[[policy]]\ncode = \"P001\"\nmessage = \"m\"\npath = \"VPNProfile\"\nrequired = true\nforbidden = true\n", "profile-lint.toml:6: key `forbidden`: policy `P001` has more than one check (`required` and `forbidden`); write one `[[policy]]` per check"),
        ("[[per-path]]\npaths = [\"a/[\"]\nignore = [\"S003\"]\n", "profile-lint.toml:2: key `paths`: invalid glob: error parsing glob 'a/[': unclosed character class; missing ']'"),
    ];
    for (config, expected) in cases {
        let run = config_error(config);
        let stderr = path(&run);
        let message = stderr
            .split_once("profile-lint.toml")
            .map(|(_, rest)| format!("profile-lint.toml{rest}"))
            .unwrap_or_default();
        // The message, without the source line drawn under it.
        let message: Vec<&str> = message
            .lines()
            .take_while(|line| line.trim() != "|")
            .collect();
        assert_eq!(message.join("\n").trim_end(), expected, "config:\n{config}");
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
}

#[test]
fn configuration_mistakes_show_the_line_they_point_at() {
    let run = config_error("\nignore = [\"S003\", \"no-such-rule\"]\n");
    assert!(
        run.stderr.ends_with(
            "  |\n2 | ignore = [\"S003\", \"no-such-rule\"]\n  |                   ^^^^^^^^^^^^^^\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_cli_rule_is_a_usage_error_but_policy_codes_are_accepted() {
    let sb = Sandbox::new();
    sb.write("p.xml", PROFILE);
    let run = sb.run(&["--ignore", "P001", "p.xml"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: unknown rule `P001` in --ignore (see `profile-lint rules`)\n"
        )
    );
    sb.write(
        "profile-lint.toml",
        "[[policy]]\ncode = \"P001\"\nmessage = \"m\"\npath = \"VPNProfile/AlwaysOn\"\nforbidden = true\n",
    );
    let run = sb.run(&[
        "--format", "concise", "--quiet", "--select", "P001", "p.xml",
    ]);
    assert_eq!(
        run.stdout,
        "p.xml:2:3: error[P001] m (`VPNProfile/AlwaysOn` is present)\n"
            .replace("[P001]", "[P001/P001]")
    );
}

// ---------------------------------------------------------------- policy rules

#[test]
fn policy_rules_report_under_their_own_code() {
    let sb = Sandbox::new();
    sb.write(
        "profile-lint.toml",
        r#"select = ["P"]
[[policy]]
code = "P001"
name = "corporate-gateway"
message = "VPN servers must be the corporate gateway"
path = "VPNProfile/NativeProfile/Servers"
matches = '^vpn\.contoso\.com$'

[[policy]]
code = "P002"
message = "Only IKEv2 is allowed"
severity = "warning"
path = "/VPNProfile/NativeProfile/NativeProtocolType"
equals = "IKEv2"

[[policy]]
code = "P003"
message = "Routing must be split tunnel"
path = "VPNProfile/NativeProfile/RoutingPolicyType"
required = true

[[policy]]
code = "P004"
message = "AlwaysOn must be a lower-case boolean"
severity = "info"
path = "VPNProfile/AlwaysOn"
one-of = ["true", "false"]

[[policy]]
code = "P005"
message = "Do not ship plug-in profiles"
path = "VPNProfile/PluginProfile"
forbidden = true
"#,
    )
    .write("p.xml", PROFILE);
    let run = sb.run(&["--format", "concise", "p.xml"]);
    assert_eq!(
        run.stdout,
        lines(&[
            "p.xml:2:13: info[P004/P004] AlwaysOn must be a lower-case boolean (found `True` in `VPNProfile/AlwaysOn`)",
            "p.xml:3:3: error[P003/P003] Routing must be split tunnel (`VPNProfile/NativeProfile/RoutingPolicyType` is missing: this element has no `RoutingPolicyType`)",
            "p.xml:4:14: error[P001/corporate-gateway] VPN servers must be the corporate gateway (found `vpn.example.net` in `VPNProfile/NativeProfile/Servers`)",
            "Found 2 errors, 0 warnings and 1 info in 1 file.",
        ])
    );
    assert_eq!(run.code, 1);
    // The P prefix selects them; P002 (IKEv2) and P005 (no PluginProfile) pass.
    let run = sb.run(&[
        "--format",
        "json",
        "--ignore",
        "corporate-gateway,P003,P004",
        "p.xml",
    ]);
    assert!(run.stdout.contains("\"diagnostics\": []"), "{}", run.stdout);
}

// ---------------------------------------------------------------- suppressions

#[test]
fn suppression_comments_cover_the_next_element_or_the_file() {
    let sb = Sandbox::new();
    let next = PROFILE.replace(
        "  <AlwaysOn>",
        "  <!-- profile-lint: disable=boolean-literal-case reason=\"tested\" -->\n  <AlwaysOn>",
    );
    sb.write("next.xml", &next);
    let file = PROFILE.replace(
        "  </NativeProfile>",
        "  </NativeProfile>\n  <!-- profile-lint: disable-file=S008,S003 -->",
    );
    sb.write("file.xml", &file);
    let run = sb.run(&[
        "--format", "concise", "--select", ONLY, "next.xml", "file.xml",
    ]);
    assert_eq!(
        run.stdout,
        lines(&[
            &format!("next.xml:11:33: {S008}"),
            "Found 1 error, 0 warnings and 0 infos in 2 files."
        ])
    );
    assert_eq!(run.code, 1);
}

#[test]
fn a_suppression_that_suppresses_nothing_is_reported() {
    let sb = Sandbox::new();
    let text = PROFILE
        .replace(
            "    <Servers>",
            "    <!-- profile-lint: disable=S003,no-such-rule -->\n    <Servers>",
        )
        .replace(
            "  <AlwaysOn>",
            "  <!-- profile-lint: disable S003 -->\n  <AlwaysOn>",
        );
    sb.write("p.xml", &text);
    let run = sb.run(&[
        "--format",
        "concise",
        "--select",
        "S008,unused-suppression",
        "p.xml",
    ]);
    assert_eq!(
        run.stdout,
        lines(&[
            "p.xml:2:3: info[unused-suppression/unused-suppression] this `profile-lint:` comment is not a valid suppression (expected `disable=` or `disable-file=` after `profile-lint:`), so it suppresses nothing",
            "p.xml:5:37: info[unused-suppression/unused-suppression] `no-such-rule` names no rule, so this suppression suppresses nothing",
            &format!("p.xml:12:33: {S008}"),
            "Found 1 error, 0 warnings and 2 infos in 1 file.",
        ])
    );
    // S003 is suppressed at a place where it does not fire, but it is not selected: no report.
    let run = sb.run(&[
        "--format",
        "concise",
        "--quiet",
        "--select",
        "S003,unused-suppression",
        "p.xml",
    ]);
    assert!(run.stdout.contains("p.xml:5:32: info[unused-suppression/unused-suppression] this suppression of `S003` suppressed nothing: `boolean-literal-case` reports no finding in the next element (`<Servers>`)"), "{}", run.stdout);
}

// ---------------------------------------------------------------- baseline

#[test]
fn baseline_hides_known_findings_and_survives_edits_elsewhere() {
    let sb = Sandbox::new();
    sb.write("profile-lint.toml", "select = [\"S003\", \"S008\"]\n")
        .write("profiles/p.xml", PROFILE);
    let run = sb.run(&["--write-baseline", "baseline.json", "profiles"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(
        run.stderr,
        "Wrote 2 finding(s) to the baseline baseline.json.\n"
    );
    let baseline = std::fs::read_to_string(sb.path("baseline.json")).expect("baseline written");
    assert!(
        baseline.contains("\"element\": \"VPNProfile/AlwaysOn\""),
        "{baseline}"
    );
    assert!(!baseline.contains("\"line\""), "{baseline}");

    // Lines inserted above the findings: still known.
    let edited = PROFILE.replace("<VPNProfile>\n", "<VPNProfile>\n  <!-- reviewed -->\n\n");
    sb.write("profiles/p.xml", &edited);
    let run = sb.run(&[
        "--format",
        "concise",
        "--baseline",
        "baseline.json",
        "profiles",
    ]);
    assert_eq!(
        run.stdout,
        "No problems found in 1 file. 2 known finding(s) hidden by the baseline.\n"
    );
    assert_eq!(run.code, 0);

    // A new finding (a second bad boolean elsewhere) is reported; the known ones are not.
    let worse = edited.replace(
        "    <Servers>",
        "    <DisableClassBasedDefaultRoute>False</DisableClassBasedDefaultRoute>\n    <Servers>",
    );
    sb.write("profiles/p.xml", &worse);
    let run = sb.run(&[
        "--format",
        "concise",
        "--baseline",
        "baseline.json",
        "profiles",
    ]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[0].starts_with(
            "profiles/p.xml:6:36: error[S003/boolean-literal-case] `DisableClassBasedDefaultRoute`"
        ),
        "{}",
        lines[0]
    );

    // Fixed findings are pointed out, so the baseline gets rewritten and cannot hide them later.
    sb.write(
        "profiles/p.xml",
        &edited.replace("<AlwaysOn>True", "<AlwaysOn>true"),
    );
    let run = sb.run(&[
        "--format",
        "concise",
        "--baseline",
        "baseline.json",
        "profiles",
    ]);
    assert_eq!(
        run.stdout,
        "No problems found in 1 file. 1 known finding(s) hidden by the baseline. 1 baseline finding(s) no longer occur: write the baseline again so they cannot come back unnoticed.\n"
    );
    sb.write("profiles/p.xml", &worse);

    // The same baseline works from another working directory (paths are relative to it).
    let run = run_in(
        &sb.path("profiles"),
        &[
            "--format",
            "concise",
            "--quiet",
            "--baseline",
            "../baseline.json",
            "p.xml",
        ],
    );
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
}

#[test]
fn a_bad_baseline_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.write("p.xml", PROFILE)
        .write("b.json", "{\"version\": 1}");
    let run = sb.run(&["--baseline", "b.json", "p.xml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: b.json:1: not a profile-lint baseline: missing field `findings`"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------- statistics and summary

#[test]
fn statistics_count_findings_per_rule_before_the_summary() {
    let sb = Sandbox::new();
    sb.write("p.xml", PROFILE).write("q.xml", PROFILE);
    let run = sb.run(&[
        "--format",
        "concise",
        "--statistics",
        "--select",
        "S003",
        "p.xml",
        "q.xml",
    ]);
    let tail: Vec<&str> = run.stdout.lines().skip(2).collect();
    assert_eq!(
        tail,
        [
            "    2  S003  boolean-literal-case                         error",
            "Found 2 errors, 0 warnings and 0 infos in 2 files.",
        ]
    );
}

#[test]
fn standard_input_is_configured_by_its_stdin_filename() {
    use std::io::Write;
    let sb = Sandbox::new();
    sb.write(
        "profile-lint.toml",
        "select = [\"S003\", \"S008\"]\n[[per-path]]\npaths = [\"legacy/*.xml\"]\nignore = [\"S008\"]\n",
    )
    .write("legacy/.keep", "");
    let mut child = Command::new(env!("CARGO_BIN_EXE_profile-lint"))
        .env_remove("COLUMNS")
        .args([
            "--format",
            "concise",
            "--quiet",
            "--stdin-filename",
            "legacy/p.xml",
            "-",
        ])
        .current_dir(sb.dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run profile-lint");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(PROFILE.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("output");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        lines(&[&format!("legacy/p.xml:2:13: {S003}")])
    );
}

#[test]
fn a_utf16_configuration_is_read_like_a_utf16_profile() {
    // What Windows PowerShell 5.1's `Out-File` and `>` write: UTF-16 LE with a BOM, CRLF.
    let sb = Sandbox::new();
    sb.write("p.xml", PROFILE);
    let text = "ignore = [\"all\"]\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    text.encode_utf16()
        .for_each(|u| bytes.extend_from_slice(&u.to_le_bytes()));
    std::fs::write(sb.path("profile-lint.toml"), bytes).expect("write");
    let run = sb.run(&["p.xml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("No problems found"), "{}", run.stdout);
}

#[test]
fn a_policy_path_that_can_never_match_is_a_configuration_error() {
    // `servers` (lower case) is no element: `equals` would pass forever.
    let run = config_error(
        "[[policy]]\ncode = \"P001\"\nmessage = \"m\"\npath = \"VPNProfile/NativeProfile/servers\"\nequals = \"vpn.contoso.com\"\n",
    );
    assert!(
        run.stderr.contains("`servers` is no element of ProfileXML")
            && run.stderr.contains("did you mean `Servers`?"),
        "{}",
        run.stderr
    );
    // Wildcards and EAP element names are fine.
    let sb = Sandbox::new();
    sb.write(
        "profile-lint.toml",
        "[[policy]]\ncode = \"P002\"\nmessage = \"m\"\npath = \"VPNProfile/*/Authentication/Eap/Configuration/EapHostConfig/EapMethod/Type\"\nrequired = true\n",
    )
    .write("p.xml", PROFILE);
    let run = sb.run(&["p.xml"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
}
