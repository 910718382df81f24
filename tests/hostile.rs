//! Hostile input (SPEC §9, issue "speed and robustness"): every class of bad input yields a
//! clear finding or error naming the file, the run goes on to the other files, nothing panics,
//! and no input is written to. Each case is a small fixture generated in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_profile-lint"))
}

/// A fresh empty folder under the target directory's temp area.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "profile-lint-hostile-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

const GOOD: &[u8] = b"<VPNProfile><NativeProfile><Servers>vpn.example.net</Servers><NativeProtocolType>IKEv2</NativeProtocolType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile><DeviceTunnel>true</DeviceTunnel></VPNProfile>";

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn run(args: &[&str], dir: &Path) -> Run {
    let Output {
        stdout,
        stderr,
        status,
    } = bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run profile-lint");
    let run = Run {
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        code: status.code().unwrap_or(-1),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "profile-lint panicked:\n{}",
        run.stderr
    );
    run
}

/// Lints `good.xml` plus one hostile file (concise output) and returns the hostile file's line.
fn finding_for(name: &str, bytes: &[u8]) -> (String, Run) {
    let dir = scratch(name);
    std::fs::write(dir.join("good.xml"), GOOD).expect("write");
    std::fs::write(dir.join(name), bytes).expect("write");
    let run = run(&["--format", "concise", "."], &dir);
    // The run went on: the good file was linted too (it has an info at most, never an error).
    assert!(
        run.stdout.contains("in 2 files"),
        "both files should be reported:\n{}",
        run.stdout
    );
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with(&format!("./{name}:")))
        .unwrap_or_else(|| panic!("no finding naming {name}:\n{}", run.stdout))
        .to_string();
    let _ = std::fs::remove_dir_all(&dir);
    (line, run)
}

#[test]
fn external_entities_and_dtds_are_refused_not_loaded() {
    let secret = scratch("secret").join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-VALUE").expect("write");
    let xml = format!(
        "<!DOCTYPE p [<!ENTITY e SYSTEM \"file://{}\">]><VPNProfile><ProfileName>&e;</ProfileName></VPNProfile>",
        secret.display()
    );
    let (line, run) = finding_for("xxe.xml", xml.as_bytes());
    assert!(
        line.contains("xml-syntax") && line.contains("DTD"),
        "{line}"
    );
    assert!(!run.stdout.contains("TOP-SECRET-VALUE"));
}

#[test]
fn billion_laughs_is_refused() {
    let mut xml = String::from("<!DOCTYPE l [<!ENTITY l0 \"lol\">");
    for i in 1..10 {
        xml.push_str(&format!(
            "<!ENTITY l{i} \"{}\">",
            format!("&l{};", i - 1).repeat(10)
        ));
    }
    xml.push_str("]><VPNProfile><ProfileName>&l9;</ProfileName></VPNProfile>");
    let (line, _) = finding_for("laughs.xml", xml.as_bytes());
    assert!(line.contains("xml-syntax"), "{line}");
}

#[test]
fn deep_nesting_is_bounded() {
    // Well-formed and deep: the tree is refused after parsing, before any recursive walk.
    let xml = format!(
        "{}{}",
        "<VPNProfile>".repeat(100_000),
        "</VPNProfile>".repeat(100_000)
    );
    let (line, _) = finding_for("deep.xml", xml.as_bytes());
    assert!(
        line.contains("xml-syntax") && line.contains("nested more than"),
        "{line}"
    );
    // Deep with a namespace declaration at every level: refused before parsing (roxmltree
    // would copy the in-scope namespaces at every level).
    let xml = format!(
        "{}{}",
        "<VPNProfile xmlns:p=\"urn:x\">".repeat(50_000),
        "</VPNProfile>".repeat(50_000)
    );
    let (line, _) = finding_for("deep-ns.xml", xml.as_bytes());
    assert!(line.contains("nested more than"), "{line}");
}

#[test]
fn attribute_count_is_bounded() {
    // roxmltree's duplicate-attribute check is quadratic: this would take hours unbounded.
    let attributes: String = (0..200_000).map(|i| format!(" a{i}=\"\"")).collect();
    let xml = format!("<VPNProfile{attributes}/>");
    let started = std::time::Instant::now();
    let (line, _) = finding_for("attributes.xml", xml.as_bytes());
    assert!(line.contains("attributes, more than the limit"), "{line}");
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn file_size_cap_is_reported_and_configurable() {
    let big = vec![b' '; 4096];
    let dir = scratch("cap");
    std::fs::write(dir.join("big.xml"), &big).expect("write");
    let run = run(
        &["--format", "concise", "--max-file-size", "1000", "big.xml"],
        &dir,
    );
    assert!(
        run.stdout.contains("big.xml:1:1: error[input-too-large/input-too-large] the file has 4096 bytes, more than the limit of 1000 bytes"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
    // The default cap is 10 MiB: the same file passes the size check.
    let run = super_run_default(&dir);
    assert!(!run.contains("input-too-large"), "{run}");
}

fn super_run_default(dir: &Path) -> String {
    run(&["--format", "concise", "big.xml"], dir).stdout
}

#[test]
fn nul_bytes_are_a_syntax_finding() {
    let (line, _) = finding_for("nul.xml", b"<VPNProfile>\0</VPNProfile>");
    assert!(
        line.contains("xml-syntax") && line.contains("non-XML character"),
        "{line}"
    );
}

#[test]
fn invalid_utf8_names_the_byte() {
    let (line, _) = finding_for(
        "latin1.xml",
        b"<VPNProfile><ProfileName>Caf\xe9</ProfileName></VPNProfile>",
    );
    assert!(
        line.contains("not valid text: invalid UTF-8 at byte 28"),
        "{line}"
    );
}

#[test]
fn invalid_utf16_is_reported() {
    // UTF-16 LE BOM, "<a", then an unpaired high surrogate.
    let (line, _) = finding_for("surrogate.xml", b"\xff\xfe<\0a\0\x00\xd8");
    assert!(line.contains("invalid UTF-16 at byte 6"), "{line}");
    let (line, _) = finding_for("odd.xml", b"\xff\xfe<\0a\0>");
    assert!(line.contains("odd number of bytes"), "{line}");
}

#[test]
fn empty_files_are_reported_even_when_walking() {
    let (line, _) = finding_for("empty.xml", b"");
    assert!(
        line.contains("unrecognized-input") && line.contains("the file is empty"),
        "{line}"
    );
}

#[test]
fn bom_only_files_are_reported() {
    let (line, _) = finding_for("bom8.xml", b"\xef\xbb\xbf");
    assert!(line.contains("only a byte-order mark"), "{line}");
    let (line, _) = finding_for("bom16.xml", b"\xff\xfe");
    assert!(line.contains("only a byte-order mark"), "{line}");
}

#[test]
fn truncated_dumps_are_syntax_findings() {
    let truncated = &GOOD[..GOOD.len() / 2];
    let (line, _) = finding_for("truncated.xml", truncated);
    assert!(
        line.contains("xml-syntax") && line.contains("not well-formed"),
        "{line}"
    );
}

#[test]
fn binary_files_named_xml_are_reported() {
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let (line, _) = finding_for("image.xml", &binary);
    assert!(line.contains("not valid text"), "{line}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_and_the_walk_goes_on() {
    let dir = scratch("loop");
    std::fs::create_dir_all(dir.join("a/b")).expect("mkdir");
    std::fs::write(dir.join("a/good.xml"), GOOD).expect("write");
    std::os::unix::fs::symlink("..", dir.join("a/b/up")).expect("symlink");
    let run = run(&["--format", "concise", "."], &dir);
    assert!(
        run.stdout
            .contains("./a/b/up:1:1: error[io] symbolic link loop"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("in 2 files"), "{}", run.stdout);
    assert_eq!(run.code, 2, "an unreadable entry makes the run fail");
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_reported_and_the_walk_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("unreadable");
    std::fs::write(dir.join("good.xml"), GOOD).expect("write");
    let locked = dir.join("locked.xml");
    std::fs::write(&locked, GOOD).expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // As root (CI here runs as root), mode 000 does not stop reading: then only the "run goes
    // on" half can be checked. A dangling symlink is unreadable for everyone and is checked too.
    let root_can_read = std::fs::read(&locked).is_ok();
    std::os::unix::fs::symlink("missing-target.xml", dir.join("dangling.xml")).expect("symlink");
    let run = run(&["--format", "concise", "."], &dir);
    if !root_can_read {
        assert!(
            run.stdout
                .contains("./locked.xml:1:1: error[io] permission denied"),
            "{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("./dangling.xml:1:1: error[io]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("./good.xml") || run.stdout.contains("in 3 files"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 2);
    let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644));
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_reported_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("names");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.xml");
    std::fs::write(
        dir.join(name),
        b"<VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>",
    )
    .expect("write");
    let run = run(&["--format", "concise", "."], &dir);
    assert!(
        run.stdout.contains("./caf\u{FFFD}.xml:1:"),
        "{}",
        run.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inputs_are_never_written_to() {
    let dir = scratch("readonly");
    let cases: &[(&str, &[u8])] = &[
        ("good.xml", GOOD),
        (
            "bad.xml",
            b"<VPNProfile><AlwaysOn>True</AlwaysOn></VPNProfile>",
        ),
        ("broken.xml", b"<VPNProfile"),
    ];
    for (name, bytes) in cases {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    let before: Vec<_> = cases
        .iter()
        .map(|(name, _)| {
            std::fs::metadata(dir.join(name))
                .and_then(|m| m.modified())
                .ok()
        })
        .collect();
    for format in ["human", "concise", "json"] {
        run(&["--format", format, "."], &dir);
    }
    for ((name, bytes), modified) in cases.iter().zip(before) {
        assert_eq!(
            std::fs::read(dir.join(name)).expect("read"),
            *bytes,
            "{name} changed"
        );
        let after = std::fs::metadata(dir.join(name))
            .and_then(|m| m.modified())
            .ok();
        assert_eq!(after, modified, "{name} was touched");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_crash_class_from_fuzzing_stays_fixed() {
    // Regression fixtures found by the fuzzers live in testdata/fuzz/; none may panic.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/fuzz");
    let mut fixtures = 0;
    for entry in std::fs::read_dir(&dir)
        .expect("testdata/fuzz exists")
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            continue;
        }
        fixtures += 1;
        let bytes = std::fs::read(entry.path()).expect("read fixture");
        let started = std::time::Instant::now();
        let report = profile_lint::lint::lint_bytes("fixture", &bytes, &Default::default());
        let _ = profile_lint::output::json::render(std::slice::from_ref(&report));
        let _ = profile_lint::output::human::render_file(&report, Default::default());
        assert!(
            started.elapsed().as_secs() < 10,
            "{} is slow again",
            entry.path().display()
        );
        // The hostile shapes must be refused with a syntax finding.
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("attributes-") || name.starts_with("deep-") {
            assert!(
                report
                    .diagnostics
                    .iter()
                    .any(|d| d.rule.name() == "xml-syntax"),
                "{name}: {:?}",
                report
                    .diagnostics
                    .iter()
                    .map(|d| &d.message)
                    .collect::<Vec<_>>()
            );
        }
        // The fuzz targets' invariant: every source's position map stays inside the file and
        // never goes backwards.
        if let Ok(text) = std::str::from_utf8(&bytes) {
            for format in [
                profile_lint::source::InputFormat::Xml,
                profile_lint::source::InputFormat::Wmi,
                profile_lint::source::InputFormat::Powershell,
                profile_lint::source::InputFormat::Syncml,
            ] {
                for document in profile_lint::source::extract(text, format).documents {
                    let mut previous = 0;
                    for offset in 0..=document.xml.len() {
                        let mapped = document.map.to_file(offset);
                        assert!(
                            mapped >= previous && mapped <= text.len(),
                            "{name} {format:?} {offset}"
                        );
                        previous = mapped;
                    }
                }
            }
        }
    }
    assert!(fixtures >= 4);
}
