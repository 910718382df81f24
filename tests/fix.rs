//! `--fix`, `--fix-only`, `--diff` and `--unsafe-fixes` as users run them: fixed files keep
//! their encoding, byte-order mark, line endings and every byte outside the edits; a file with
//! nothing to fix is not written; a failed write leaves the original intact; standard input is
//! fixed to standard output.

mod common;

use common::{code, run_in, scratch, text};

use std::path::Path;
use std::process::Command;

/// A profile with one safe fix (`True` -> `true`) and findings no fix removes.
const FIXABLE: &str = "<VPNProfile>\r\n  <AlwaysOn>True</AlwaysOn>\r\n  <NativeProfile>\r\n    <Servers>vpn.lakeside.example</Servers>\r\n    <NativeProtocolType>IKEv2</NativeProtocolType>\r\n    <Authentication><UserMethod>Eap</UserMethod></Authentication>\r\n  </NativeProfile>\r\n</VPNProfile>\r\n";

/// A comment in windows-1252, as Windows PowerShell 5.1 `Set-Content` writes it (`ü` is one
/// byte, 0xFC; `–` is 0x96).
const ANSI_COMMENT: &[u8] = b"<!-- Z\xFCrich \x96 B\xFCro -->\r\n";

fn utf16be_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    text.encode_utf16()
        .for_each(|u| bytes.extend_from_slice(&u.to_be_bytes()));
    bytes
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    text.encode_utf16()
        .for_each(|u| bytes.extend_from_slice(&u.to_le_bytes()));
    bytes
}

#[test]
fn fixing_keeps_encoding_bom_line_endings_and_everything_else() {
    let dir = scratch("fix", "encodings");
    let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        (
            "utf8.xml",
            FIXABLE.as_bytes().to_vec(),
            FIXABLE.replace("True", "true").into_bytes(),
        ),
        (
            "utf8-bom.xml",
            [&[0xEF, 0xBB, 0xBF][..], FIXABLE.as_bytes()].concat(),
            [
                &[0xEF, 0xBB, 0xBF][..],
                FIXABLE.replace("True", "true").as_bytes(),
            ]
            .concat(),
        ),
        (
            "utf16.xml",
            utf16le_with_bom(FIXABLE),
            utf16le_with_bom(&FIXABLE.replace("True", "true")),
        ),
        (
            "utf16be.xml",
            utf16be_with_bom(FIXABLE),
            utf16be_with_bom(&FIXABLE.replace("True", "true")),
        ),
        (
            "lf.xml",
            FIXABLE.replace("\r\n", "\n").into_bytes(),
            FIXABLE
                .replace("\r\n", "\n")
                .replace("True", "true")
                .into_bytes(),
        ),
        (
            "ansi.xml",
            [ANSI_COMMENT, FIXABLE.as_bytes()].concat(),
            [ANSI_COMMENT, FIXABLE.replace("True", "true").as_bytes()].concat(),
        ),
        (
            "latin1.xml",
            [
                &b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\r\n<!-- Z\xFCrich -->\r\n"[..],
                FIXABLE.as_bytes(),
            ]
            .concat(),
            [
                &b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\r\n<!-- Z\xFCrich -->\r\n"[..],
                FIXABLE.replace("True", "true").as_bytes(),
            ]
            .concat(),
        ),
    ];
    for (name, before, _) in &cases {
        std::fs::write(dir.join(name), before).expect("write");
    }
    let output = run_in(
        &dir,
        &["--no-config", "--fix", "--format", "concise", "."],
        None,
    );
    assert_eq!(code(&output), 1, "findings remain: {}", text(&output));
    assert!(
        text(&output).contains("Fixed 7 problems."),
        "{}",
        text(&output)
    );
    assert!(
        !text(&output).contains("boolean-literal-case"),
        "{}",
        text(&output)
    );
    for (name, _, expected) in &cases {
        let after = std::fs::read(dir.join(name)).expect("read");
        assert_eq!(&after, expected, "{name}");
    }
    // Fixing again changes nothing (idempotent) and writes nothing.
    let output = run_in(&dir, &["--no-config", "--diff", "."], None);
    assert_eq!(code(&output), 0, "{}", text(&output));
    assert!(
        text(&output).contains("No fixes to apply."),
        "{}",
        text(&output)
    );
}

#[test]
fn a_file_with_nothing_to_fix_is_not_written() {
    let dir = scratch("fix", "untouched");
    let path = dir.join("clean.xml");
    std::fs::copy(
        common::root().join("testdata/examples/device-tunnel.xml"),
        &path,
    )
    .expect("copy");
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(past))
        .expect("set mtime");
    let output = run_in(&dir, &["--no-config", "--fix", "clean.xml"], None);
    assert_eq!(code(&output), 0, "{}", text(&output));
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(modified, past, "the file was rewritten");
}

#[test]
fn diff_prints_what_fix_would_do_and_writes_nothing() {
    let dir = scratch("fix", "diff");
    std::fs::write(dir.join("p.xml"), FIXABLE.replace("\r\n", "\n")).expect("write");
    let output = run_in(&dir, &["--no-config", "--diff", "p.xml"], None);
    assert_eq!(code(&output), 1, "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("--- a/p.xml\n+++ b/p.xml\n@@ ")
            && stdout.contains("\n-  <AlwaysOn>True</AlwaysOn>\n+  <AlwaysOn>true</AlwaysOn>\n"),
        "{stdout}"
    );
    assert!(
        text(&output).contains("Would fix 1 problem in 1 file."),
        "{}",
        text(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("p.xml")).expect("read"),
        FIXABLE.replace("\r\n", "\n")
    );
}

#[test]
fn diff_and_fixed_stdin_are_the_output_alone_in_every_format() {
    // Machine formats frame findings; with --diff the diff is the output and with --fix on
    // standard input the fixed file is, byte for byte: no log or finding line around them (a
    // SARIF log, or concise lines, after a fixed file piped to disk corrupted it).
    let dir = scratch("fix", "diff-formats");
    let profile = FIXABLE.replace("\r\n", "\n");
    std::fs::write(dir.join("p.xml"), &profile).expect("write");
    let human = run_in(&dir, &["--no-config", "--diff", "p.xml"], None);
    let diff = String::from_utf8_lossy(&human.stdout).into_owned();
    assert!(diff.starts_with("--- a/p.xml\n+++ b/p.xml\n@@ "), "{diff}");
    let fixed = run_in(
        &dir,
        &["--no-config", "--fix", "-"],
        Some(profile.as_bytes()),
    );
    let fixed = String::from_utf8_lossy(&fixed.stdout).into_owned();
    assert!(fixed.contains("<AlwaysOn>true</AlwaysOn>"), "{fixed}");
    for format in ["json", "sarif", "github", "concise"] {
        let output = run_in(
            &dir,
            &["--no-config", "--diff", "--format", format, "p.xml"],
            None,
        );
        assert_eq!(code(&output), 1, "{format}: {}", text(&output));
        assert_eq!(String::from_utf8_lossy(&output.stdout), diff, "{format}");
        let output = run_in(
            &dir,
            &["--no-config", "--fix", "--format", format, "-"],
            Some(profile.as_bytes()),
        );
        assert_eq!(String::from_utf8_lossy(&output.stdout), fixed, "{format}");
        let output = run_in(
            &dir,
            &["--no-config", "--fix-only", "--format", format, "-"],
            Some(profile.as_bytes()),
        );
        assert_eq!(String::from_utf8_lossy(&output.stdout), fixed, "{format}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("p.xml")).expect("read"),
        profile
    );
}

#[test]
fn fix_only_reports_nothing_else_and_exits_0() {
    let dir = scratch("fix", "fix-only");
    std::fs::write(dir.join("p.xml"), FIXABLE).expect("write");
    let output = run_in(&dir, &["--no-config", "--fix-only", "p.xml"], None);
    assert_eq!(code(&output), 0, "{}", text(&output));
    assert!(output.stdout.is_empty(), "{}", text(&output));
    assert!(
        text(&output).contains("Fixed 1 problem"),
        "{}",
        text(&output)
    );
    assert!(std::fs::read_to_string(dir.join("p.xml"))
        .expect("read")
        .contains("<AlwaysOn>true</AlwaysOn>"));
}

#[test]
fn unsafe_fixes_need_to_be_asked_for() {
    // Turning server validation back on changes behaviour: an unsafe fix.
    let profile = std::fs::read_to_string(
        common::root().join("testdata/rules/server-validation-disabled/fail.xml"),
    )
    .expect("fixture");
    let dir = scratch("fix", "unsafe");
    std::fs::write(dir.join("p.xml"), &profile).expect("write");
    let select = ["--no-config", "--select", "server-validation-disabled"];
    let output = run_in(&dir, &[&select[..], &["--fix", "p.xml"]].concat(), None);
    assert_eq!(
        std::fs::read_to_string(dir.join("p.xml")).expect("read"),
        profile,
        "{}",
        text(&output)
    );
    let output = run_in(
        &dir,
        &[&select[..], &["--fix", "--unsafe-fixes", "p.xml"]].concat(),
        None,
    );
    assert_ne!(
        std::fs::read_to_string(dir.join("p.xml")).expect("read"),
        profile,
        "{}",
        text(&output)
    );
    assert!(
        text(&output).contains("Fixed 1 problem"),
        "{}",
        text(&output)
    );
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let dir = scratch("fix", "stdin");
    let output = run_in(
        &dir,
        &["--no-config", "--fix", "-"],
        Some(FIXABLE.as_bytes()),
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        FIXABLE.replace("True", "true")
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("Fixed 1 problem"));
}

#[test]
fn ansi_standard_input_is_fixed_to_its_own_bytes() {
    let dir = scratch("fix", "stdin-ansi");
    let input = [ANSI_COMMENT, FIXABLE.as_bytes()].concat();
    let output = run_in(&dir, &["--no-config", "--fix", "-"], Some(&input));
    // Not turned into UTF-8 (nor into U+FFFD): the ANSI bytes, fixed.
    assert_eq!(
        output.stdout,
        [ANSI_COMMENT, FIXABLE.replace("True", "true").as_bytes()].concat()
    );
}

#[test]
fn wmi_dumps_are_not_rewritten_and_say_why() {
    let dir = scratch("fix", "wmi");
    let dump = "\r\nInstanceID : Contoso\r\nProfileXML : <VPNProfile><AlwaysOn>True</AlwaysOn><NativeProfile><Servers>vpn.lakeside.example</Servers><NativeProtocolType>IKEv2</NativeProtocolType><Authentication><UserMethod>Eap</UserMethod></Authentication></NativeProfile></VPNProfile>\r\n";
    std::fs::write(dir.join("dump.txt"), dump).expect("write");
    let output = run_in(&dir, &["--no-config", "--fix", "dump.txt"], None);
    assert_eq!(
        std::fs::read_to_string(dir.join("dump.txt")).expect("read"),
        dump
    );
    assert!(
        text(&output).contains("profile-lint extract"),
        "{}",
        text(&output)
    );
}

#[test]
fn fixes_reach_profiles_inside_scripts_and_syncml() {
    let dir = scratch("fix", "wrappers");
    let script = "$ProfileXML = '<VPNProfile><ProfileName>Bob''s VPN</ProfileName><AlwaysOn>True</AlwaysOn></VPNProfile>'\n";
    std::fs::write(dir.join("deploy.ps1"), script).expect("write");
    let syncml = "<SyncML><SyncBody><Replace><CmdID>1</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/VPNv2/T/ProfileXML</LocURI></Target><Data>&lt;VPNProfile&gt;&lt;AlwaysOn&gt;True&lt;/AlwaysOn&gt;&lt;/VPNProfile&gt;</Data></Item></Replace></SyncBody></SyncML>\n";
    std::fs::write(dir.join("payload.xml"), syncml).expect("write");
    let output = run_in(
        &dir,
        &[
            "--no-config",
            "--select",
            "boolean-literal-case",
            "--fix",
            "deploy.ps1",
            "payload.xml",
        ],
        None,
    );
    assert!(
        text(&output).contains("Fixed 2 problems"),
        "{}",
        text(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("deploy.ps1")).expect("read"),
        script.replace("True", "true")
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("payload.xml")).expect("read"),
        syncml.replace("True", "true")
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_stays_a_link_and_its_target_is_fixed() {
    let dir = scratch("fix", "symlink");
    std::fs::write(dir.join("real.xml"), FIXABLE).expect("write");
    std::os::unix::fs::symlink("real.xml", dir.join("link.xml")).expect("symlink");
    let output = run_in(&dir, &["--no-config", "--fix", "link.xml"], None);
    assert!(
        text(&output).contains("Fixed 1 problem"),
        "{}",
        text(&output)
    );
    assert!(std::fs::symlink_metadata(dir.join("link.xml"))
        .expect("meta")
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(dir.join("real.xml"))
        .expect("read")
        .contains("<AlwaysOn>true</AlwaysOn>"));
}

/// Makes `dir` unwritable even for root (`chattr +i`) or, failing that, by its mode; `false`
/// when neither stops this process from writing there.
#[cfg(unix)]
fn make_unwritable(dir: &Path) -> bool {
    let immutable = Command::new("chattr")
        .arg("+i")
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    if !immutable {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555));
    }
    std::fs::write(dir.join("probe"), b"x").is_err()
}

#[cfg(unix)]
fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = Command::new("chattr").arg("-i").arg(dir).status();
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
}

#[cfg(unix)]
#[test]
fn a_failed_write_leaves_the_original_and_the_run_goes_on() {
    let dir = scratch("fix", "readonly");
    let locked = dir.join("locked");
    let open = dir.join("open");
    std::fs::create_dir_all(&locked).expect("mkdir");
    std::fs::create_dir_all(&open).expect("mkdir");
    std::fs::write(locked.join("a.xml"), FIXABLE).expect("write");
    std::fs::write(open.join("b.xml"), FIXABLE).expect("write");
    if !make_unwritable(&locked) {
        make_writable(&locked);
        eprintln!("skipped: this process can write into any folder here (root without chattr)");
        return;
    }
    let output = run_in(
        &dir,
        &[
            "--no-config",
            "--fix",
            "--format",
            "concise",
            "locked",
            "open",
        ],
        None,
    );
    make_writable(&locked);
    assert_eq!(code(&output), 2, "{}", text(&output));
    assert!(
        text(&output).contains("could not be written"),
        "{}",
        text(&output)
    );
    assert_eq!(
        std::fs::read_to_string(locked.join("a.xml")).expect("read"),
        FIXABLE
    );
    assert!(std::fs::read_to_string(open.join("b.xml"))
        .expect("read")
        .contains("<AlwaysOn>true</AlwaysOn>"));
    let leftovers: Vec<_> = std::fs::read_dir(&locked)
        .expect("list")
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".profile-lint-fix-")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn fixes_reach_profiles_inside_an_intune_export_and_sarif_runs_say_so() {
    let dir = scratch("fix", "intune");
    let export = "{\n  \"omaSettings\": [\n    {\n      \"omaUri\": \"./User/Vendor/MSFT/VPNv2/Contoso/ProfileXML\",\n      \"value\": \"<VPNProfile><ProfileName>Contoso \\\"A\\\"</ProfileName><AlwaysOn>True</AlwaysOn></VPNProfile>\"\n    }\n  ]\n}\n";
    std::fs::write(dir.join("export.json"), export).expect("write");
    let output = run_in(
        &dir,
        &[
            "--no-config",
            "--select",
            "boolean-literal-case",
            "--input-format",
            "syncml",
            "--format",
            "sarif",
            "--fix",
            "export.json",
        ],
        None,
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("Fixed 1 problem."),
        "{}",
        text(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("export.json")).expect("read"),
        export.replace("True", "true")
    );
}
