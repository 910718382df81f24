//! End to end with a real editor: headless Neovim (0.7+) runs `profile-lint server` as its
//! language server for a profile, reads the diagnostics back with `vim.diagnostic.get()` and
//! applies the quick fix of a finding (`tests/editor/neovim.lua`).
//!
//! Neovim is taken from PATH (or `NVIM`); when it is missing the test tries the Debian package
//! (`apt-get install neovim`), and skips with a message when that is not possible.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PROFILE: &str = r#"<VPNProfile>
  <AlwaysOn>True</AlwaysOn>
  <DnsSuffix>corp.fabrikam.example</DnsSuffix>
  <NativeProfile>
    <Servers>vpn.fabrikam.example</Servers>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <MachineMethod>Certificate</MachineMethod>
    </Authentication>
  </NativeProfile>
  <Route>
    <Address>10.20.0.0</Address>
    <PrefixSize>16</PrefixSize>
  </Route>
</VPNProfile>
"#;

fn runs(program: &Path) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Neovim, installed from the Debian package if it is missing and that is possible.
fn neovim() -> Result<PathBuf, String> {
    let named = std::env::var_os("NVIM").map_or_else(|| PathBuf::from("nvim"), PathBuf::from);
    if runs(&named) {
        return Ok(named);
    }
    if !cfg!(target_os = "linux") {
        return Err("Neovim is not on PATH (set NVIM)".into());
    }
    // Bounded: a package manager that waits on a lock or the network must not hang the tests.
    let apt = |args: &[&str]| {
        Command::new("timeout")
            .arg("240")
            .arg("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let installed = apt(&["install", "-y", "-qq", "neovim"])
        || (apt(&["update", "-qq"]) && apt(&["install", "-y", "-qq", "neovim"]));
    if installed && runs(Path::new("nvim")) {
        Ok(PathBuf::from("nvim"))
    } else {
        Err("Neovim is not on PATH and `apt-get install neovim` was not possible".into())
    }
}

#[test]
fn neovim_shows_the_findings_and_applies_a_quick_fix() {
    let nvim = match neovim() {
        Ok(nvim) => nvim,
        Err(why) => {
            eprintln!("skipping the Neovim end-to-end test: {why}");
            return;
        }
    };
    let dir = common::scratch("editor-neovim", "profile");
    let file = dir.join("profile.xml");
    std::fs::write(&file, PROFILE).expect("write the profile");
    let out = dir.join("result");
    let script = common::root().join("tests/editor/neovim.lua");
    let status = Command::new(&nvim)
        .args(["--headless", "-n", "-i", "NONE", "--clean", "-u"])
        .arg(&script)
        .env("PROFILE_LINT_BIN", env!("CARGO_BIN_EXE_profile-lint"))
        .env("PROFILE_LINT_FILE", &file)
        .env("PROFILE_LINT_OUT", &out)
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("run Neovim");
    assert!(status.success(), "Neovim exited with {status}");
    let diagnostics = std::fs::read_to_string(out.with_extension("diagnostics"))
        .expect("the script wrote the diagnostics");
    assert!(
        diagnostics.lines().any(|l| l == "2:13 S003"),
        "no S003 at 2:13 in:\n{diagnostics}"
    );
    assert!(
        diagnostics.lines().any(|l| l.starts_with("applied: ")),
        "no quick fix applied:\n{diagnostics}"
    );
    let text = std::fs::read_to_string(out.with_extension("text")).expect("the buffer");
    assert!(
        text.contains("<AlwaysOn>true</AlwaysOn>"),
        "the quick fix did not change the buffer:\n{text}"
    );
}
