//! `format` and `extract` on every fixture and, when present, every corpus file: formatting
//! is idempotent, keeps every typed value (only order and whitespace between tags change),
//! leaves no `intune-win11-element-order` finding and no new finding of any other rule; plus
//! snapshots of representative formats and the names `extract` gives.

mod common;

use common::*;
use profile_lint::extract::extract_profiles;
use profile_lint::format::{format_profile, FormatOptions};
use profile_lint::lint::{lint_bytes, LintOptions};
use profile_lint::model::Model;
use profile_lint::source::InputFormat;
use profile_lint::span::start_tag_end;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "xml" | "ps1" | "txt" | "json"))
        {
            out.push(path);
        }
    }
}

/// The documents of every input file under `dir`, as (label, XML).
fn documents_under(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    files_under(dir, &mut files);
    files.sort();
    let mut documents = Vec::new();
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let label = file.to_string_lossy().replace('\\', "/");
        // Files of other kinds (an NPS export, a README) are no input of ours.
        let Ok(found) = extract_profiles(&label, &bytes) else {
            continue;
        };
        for (i, document) in found.into_iter().enumerate() {
            documents.push((format!("{label}#{i}"), document.xml));
        }
    }
    documents
}

fn options(compact: bool, windows_forms: bool) -> FormatOptions {
    FormatOptions {
        compact,
        windows_forms,
        ..FormatOptions::default()
    }
}

// ---------------------------------------------------------------------------------------
// What "the same profile" means.

/// The ranked containers, whose children the formatter reorders (by local name).
fn is_ranked_container(node: roxmltree::Node) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    match node.tag_name().name() {
        "VPNProfile" => parent.is_root(),
        "NativeProfile" => is_ranked_container(parent),
        "CryptographySuite" => {
            parent.tag_name().name() == "NativeProfile" && is_ranked_container(parent)
        }
        _ => false,
    }
}

fn expanded(name: roxmltree::ExpandedName) -> String {
    match name.namespace() {
        Some(ns) => format!("{{{ns}}}{}", name.name()),
        None => name.name().to_owned(),
    }
}

/// Every fact of a document as a sorted list of lines, each keyed by the element's path of
/// `name[k]` segments (k counts same-named siblings, which reordering never swaps): its start
/// and end tags exactly as written (attributes, quotes, namespace declarations), attributes
/// and namespaces in scope as parsed, its text (exact for elements without child elements;
/// for containers, the text between children unless it is all whitespace), the text of a
/// value exactly as written in the source (entities and CDATA kept), the comments before each
/// element, and the order of the children of every container but the ranked ones.
fn tree_lines(xml: &str) -> Vec<String> {
    let tree = profile_lint::limits::parse_guarded(xml).expect("parses");
    let mut lines = Vec::new();
    let declaration = xml
        .trim_start_matches('\u{feff}')
        .starts_with("<?xml")
        .then(|| xml.split("?>").next().unwrap_or(""));
    lines.push(format!("declaration {declaration:?}"));
    walk(tree.root(), "", xml, &mut lines);
    lines.sort();
    lines
}

fn walk(node: roxmltree::Node, path: &str, xml: &str, lines: &mut Vec<String>) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut order = Vec::new();
    let mut comments = Vec::new();
    for child in node.children() {
        if child.is_comment() || child.is_pi() {
            comments.push(xml[child.range()].to_owned());
            order.push("#comment".to_owned());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let name = expanded(child.tag_name());
        let k = counts.entry(name.clone()).or_insert(0);
        *k += 1;
        let child_path = format!("{path}/{name}[{k}]");
        order.push(name);
        for (j, comment) in comments.drain(..).enumerate() {
            lines.push(format!("{child_path} comment-before[{j}] {comment:?}"));
        }
        element_lines(child, &child_path, xml, lines);
        walk(child, &child_path, xml, lines);
    }
    for (j, comment) in comments.iter().enumerate() {
        lines.push(format!("{path} comment-at-end[{j}] {comment:?}"));
    }
    if node.is_root() || !is_ranked_container(node) {
        lines.push(format!("{path} children {}", order.join(",")));
    }
}

fn element_lines(node: roxmltree::Node, path: &str, xml: &str, lines: &mut Vec<String>) {
    let range = node.range();
    let tag_end = start_tag_end(xml, range.start);
    lines.push(format!("{path} start-tag {:?}", &xml[range.start..tag_end]));
    let has_elements = node.children().any(|c| c.is_element());
    let content_end = if tag_end < range.end {
        range.start + xml[range.clone()].rfind("</").unwrap_or(range.len())
    } else {
        range.end
    };
    lines.push(format!("{path} end-tag {:?}", &xml[content_end..range.end]));
    let mut attributes: Vec<String> = node
        .attributes()
        .map(|a| format!("{:?}={:?}", (a.namespace(), a.name()), a.value()))
        .collect();
    attributes.sort();
    lines.push(format!("{path} attributes {}", attributes.join(" ")));
    let mut namespaces: Vec<String> = node
        .namespaces()
        .map(|n| format!("{:?}={}", n.name(), n.uri()))
        .collect();
    namespaces.sort();
    lines.push(format!("{path} namespaces {}", namespaces.join(" ")));
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    if has_elements {
        let text = if text.trim().is_empty() { "" } else { &text };
        lines.push(format!("{path} text-between-children {text:?}"));
    } else {
        lines.push(format!("{path} text {text:?}"));
        lines.push(format!(
            "{path} written {:?}",
            xml.get(tag_end.min(content_end)..content_end).unwrap_or("")
        ));
    }
}

/// The typed model, printed without positions; the whitespace that containers hold between
/// their children is not a value (leaves are checked exactly by [`tree_lines`]); the lists the
/// model keeps in document order across different elements (`child_elements`, `issues`) are
/// sorted, since moving a ranked element moves it there.
fn model_fingerprint(xml: &str) -> String {
    let tree = profile_lint::limits::parse_guarded(xml).expect("parses");
    let mut model = Model::build(&tree);
    if let Some(profile) = &mut model.profile {
        profile
            .child_elements
            .sort_by(|a, b| (a.0, a.1.text.as_ref()).cmp(&(b.0, b.1.text.as_ref())));
    }
    let mut issues: Vec<String> = model
        .issues
        .iter()
        .map(|i| without_positions(&format!("{i:?}")))
        .collect();
    issues.sort();
    model.issues.clear();
    format!(
        "{}\nissues: {}",
        without_positions(&format!("{model:?}")),
        issues.join("\n")
    )
}

fn without_positions(debug: &str) -> String {
    static PATTERNS: std::sync::OnceLock<(regex::Regex, regex::Regex)> = std::sync::OnceLock::new();
    let (spans, blank) = PATTERNS.get_or_init(|| {
        (
            regex::Regex::new(r"Span \{ start: \d+, end: \d+ \}").expect("regex"),
            regex::Regex::new(r#"text: "(?:\\n|\\r|\\t| )*""#).expect("regex"),
        )
    });
    let debug = spans.replace_all(debug, "Span");
    blank.replace_all(&debug, r#"text: """#).into_owned()
}

/// Findings per rule name.
fn findings(xml: &str) -> BTreeMap<String, usize> {
    let options = LintOptions {
        input_format: Some(InputFormat::Xml),
        ..LintOptions::default()
    };
    let report = lint_bytes("profile.xml", xml.as_bytes(), &options);
    let mut counts = BTreeMap::new();
    for d in &report.diagnostics {
        *counts.entry(d.rule.name().to_owned()).or_insert(0) += 1;
    }
    counts
}

/// Rules whose findings are about how the text is laid out, not about the profile. None so
/// far: a rule listed here must say why.
const LAYOUT_RULES: &[&str] = &[];

/// Lines of `formatted` missing from `original` and the other way round.
fn difference(original: &[String], formatted: &[String]) -> (Vec<String>, Vec<String>) {
    let mut left: BTreeMap<&str, isize> = BTreeMap::new();
    for line in original {
        *left.entry(line).or_insert(0) += 1;
    }
    for line in formatted {
        *left.entry(line).or_insert(0) -= 1;
    }
    let removed = left
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(l, _)| (*l).to_owned())
        .collect();
    let added = left
        .iter()
        .filter(|(_, n)| **n < 0)
        .map(|(l, _)| (*l).to_owned())
        .collect();
    (removed, added)
}

/// What the Windows forms may change: the `Servers` value, the added `MachineMethod`, and the
/// children of `Authentication`.
fn is_windows_form_line(line: &str) -> bool {
    line.contains("/Servers[1] text ")
        || line.contains("/Servers[1] written ")
        || line.contains("/Authentication[1]/MachineMethod[1] ")
        || line.contains("/Authentication[1] children ")
}

#[derive(Default, Debug)]
struct Counts {
    documents: usize,
    formatted: usize,
    /// Not well-formed (or beyond the limits): refused by the formatter as by the parser.
    refused: Vec<String>,
    /// Documents with an `intune-win11-element-order` finding before formatting (none after).
    out_of_order: usize,
    /// `intune-win11-servers-workaround` findings before, and after formatting with the
    /// Windows forms.
    servers_workaround: (usize, usize),
}

/// Every check on one document; returns whether it could be formatted.
fn check_document(label: &str, xml: &str, counts: &mut Counts) -> bool {
    let parses = profile_lint::limits::parse_guarded(xml).is_some();
    let mut results = Vec::new();
    for (compact, forms) in [(false, false), (true, false), (false, true), (true, true)] {
        let result = format_profile(xml, &options(compact, forms));
        assert_eq!(
            result.is_ok(),
            parses,
            "{label}: formats iff it parses: {result:?}"
        );
        let Ok(formatted) = result else {
            return false;
        };
        let again = format_profile(&formatted, &options(compact, forms))
            .unwrap_or_else(|e| panic!("{label}: its own output does not parse: {e}"));
        assert_eq!(
            again, formatted,
            "{label}: not idempotent (compact {compact}, forms {forms})"
        );
        results.push(((compact, forms), formatted));
    }
    let original_lines = tree_lines(xml);
    let original_model = model_fingerprint(xml);
    let original_findings = findings(xml);
    let workaround = "intune-win11-servers-workaround";
    counts.out_of_order +=
        usize::from(original_findings.contains_key("intune-win11-element-order"));
    counts.servers_workaround.0 += original_findings.get(workaround).copied().unwrap_or(0);
    for ((compact, forms), formatted) in &results {
        let context = format!("{label} (compact {compact}, forms {forms})");
        let lines = tree_lines(formatted);
        let (removed, added) = difference(&original_lines, &lines);
        if *forms {
            let unexpected: Vec<&String> = removed
                .iter()
                .chain(&added)
                .filter(|l| !is_windows_form_line(l))
                .collect();
            assert!(unexpected.is_empty(), "{context}: changed {unexpected:#?}");
        } else {
            assert!(
                removed.is_empty() && added.is_empty(),
                "{context}: lost {removed:#?}\ngained {added:#?}"
            );
            assert_eq!(
                model_fingerprint(formatted),
                original_model,
                "{context}: model differs"
            );
        }
        let after = findings(formatted);
        if *forms && !*compact {
            counts.servers_workaround.1 += after.get(workaround).copied().unwrap_or(0);
        }
        assert_eq!(
            after.get("intune-win11-element-order"),
            None,
            "{context}: still out of order:\n{formatted}"
        );
        for (rule, count) in &after {
            let before = original_findings.get(rule).copied().unwrap_or(0);
            assert!(
                *count <= before || LAYOUT_RULES.contains(&rule.as_str()),
                "{context}: {rule} reports {count} findings, {before} before:\n{formatted}"
            );
        }
    }
    true
}

fn check_all(documents: &[(String, String)]) -> Counts {
    let mut counts = Counts::default();
    for (label, xml) in documents {
        counts.documents += 1;
        if check_document(label, xml, &mut counts) {
            counts.formatted += 1;
        } else {
            counts.refused.push(label.clone());
        }
    }
    counts
}

#[test]
fn every_fixture_formats_to_the_same_profile() {
    let documents = documents_under(&root().join("testdata"));
    let counts = check_all(&documents);
    eprintln!("fixtures: {counts:#?}");
    assert!(counts.formatted > 400, "{counts:?}");
}

#[test]
fn every_corpus_file_formats_to_the_same_profile() {
    let dir = root().join("../shared/corpus");
    if !dir.is_dir() {
        eprintln!("skipping the corpus: ../shared/corpus is not present beside the checkout");
        return;
    }
    let counts = check_all(&documents_under(&dir));
    eprintln!("corpus: {counts:#?}");
    assert!(counts.formatted > 0, "{counts:?}");
}

// ---------------------------------------------------------------------------------------
// The comparison really compares: each of these changes is caught.

const PROFILE: &str = r#"<?xml version="1.0"?>
<VPNProfile>
  <!-- comment -->
  <DnsSuffix>corp.example</DnsSuffix>
  <AlwaysOn>true</AlwaysOn>
  <NativeProfile>
    <Servers>vpn.example</Servers>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap>
        <Configuration>
          <EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
            <EapMethod>
              <Type xmlns="http://www.microsoft.com/provisioning/EapCommon">25</Type>
              <VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId>
            </EapMethod>
          </EapHostConfig>
        </Configuration>
      </Eap>
    </Authentication>
  </NativeProfile>
  <Route><Address>10.0.0.0</Address><PrefixSize>8</PrefixSize></Route>
  <Route><Address>10.1.0.0</Address><PrefixSize>16</PrefixSize></Route>
</VPNProfile>
"#;

fn same(a: &str, b: &str) -> (bool, bool) {
    (
        tree_lines(a) == tree_lines(b),
        model_fingerprint(a) == model_fingerprint(b),
    )
}

#[test]
fn the_comparison_accepts_reordering_and_reindenting() {
    let moved = PROFILE
        .replace(
            "  <!-- comment -->\n  <DnsSuffix>corp.example</DnsSuffix>\n",
            "",
        )
        .replace(
            "</Route>\n</VPNProfile>",
            "</Route>\n<!-- comment -->\n<DnsSuffix>corp.example</DnsSuffix></VPNProfile>",
        );
    assert_ne!(moved, PROFILE);
    assert_eq!(same(PROFILE, &moved), (true, true));
    let formatted = format_profile(PROFILE, &options(true, false)).expect("formats");
    assert_eq!(same(PROFILE, &formatted), (true, true));
}

#[test]
fn the_comparison_catches_every_change_of_value() {
    let changes: &[(&str, &str, (bool, bool))] = &[
        // A typed value: both checks see it.
        ("<AlwaysOn>true<", "<AlwaysOn>false<", (false, false)),
        ("<PrefixSize>8<", "<PrefixSize>9<", (false, false)),
        // Whitespace inside a value is part of the value.
        (">corp.example<", "> corp.example<", (false, false)),
        // Which route holds which address.
        ("10.0.0.0", "10.1.0.0", (false, false)),
        // The text as written, even when it means the same.
        (">vpn.example<", ">vpn&#46;example<", (false, true)),
        // An element moved to another parent.
        ("<Servers>vpn.example</Servers>", "", (false, false)),
        // Order inside an unranked container (the EAP configuration).
        (
            "<Type xmlns=\"http://www.microsoft.com/provisioning/EapCommon\">25</Type>\n              <VendorId xmlns=\"http://www.microsoft.com/provisioning/EapCommon\">0</VendorId>",
            "<VendorId xmlns=\"http://www.microsoft.com/provisioning/EapCommon\">0</VendorId>\n              <Type xmlns=\"http://www.microsoft.com/provisioning/EapCommon\">25</Type>",
            (false, true),
        ),
        // A namespace declaration written differently.
        (
            "<EapHostConfig xmlns=\"http://www.microsoft.com/provisioning/EapHostConfig\">",
            "<EapHostConfig  xmlns='http://www.microsoft.com/provisioning/EapHostConfig'>",
            (false, true),
        ),
        // A comment lost or changed.
        ("<!-- comment -->", "<!-- comment! -->", (false, true)),
        // The XML declaration.
        ("<?xml version=\"1.0\"?>", "", (false, true)),
    ];
    for (from, to, expected) in changes {
        assert!(PROFILE.contains(from), "{from}");
        let changed = PROFILE.replacen(from, to, 1);
        assert_eq!(same(PROFILE, &changed), *expected, "{from} → {to}");
    }
    let servers_moved = PROFILE
        .replace("<Servers>vpn.example</Servers>", "")
        .replace("<AlwaysOn>", "<Servers>vpn.example</Servers><AlwaysOn>");
    assert_eq!(same(PROFILE, &servers_moved), (false, false));
}

// ---------------------------------------------------------------------------------------
// What the user sees.

fn snapshot_format(relative: &str, name: &str) {
    let xml = std::fs::read_to_string(root().join(relative)).expect("fixture");
    let indented = format_profile(&xml, &FormatOptions::default()).expect("formats");
    let compact = format_profile(
        &xml,
        &FormatOptions {
            compact: true,
            ..FormatOptions::default()
        },
    )
    .expect("formats");
    insta_settings().bind(|| {
        insta::assert_snapshot!(format!("format-{name}"), indented);
        insta::assert_snapshot!(format!("format-{name}-compact"), compact);
    });
}

#[test]
fn snapshot_element_order_fixture() {
    snapshot_format(
        "testdata/rules/intune-win11-element-order/fail.xml",
        "element-order-fail",
    );
}

#[test]
fn snapshot_realistic_user_tunnel() {
    // A comment, an unranked `ProfileName` first, a one-line EAP configuration, both Windows
    // forms, Windows 11 nodes.
    snapshot_format(
        "testdata/realistic/user-tunnel-sstp-win11-dataencryption.xml",
        "user-tunnel-sstp-win11",
    );
}

#[test]
fn snapshot_eap_configuration_in_cdata() {
    // Text (here a CDATA section) is copied as written, line breaks included, even compact.
    snapshot_format(
        "testdata/rules/eap-config-as-escaped-text/fail-cdata.xml",
        "eap-configuration-in-cdata",
    );
}

// ---------------------------------------------------------------------------------------
// extract

fn extracted(relative: &str) -> Vec<(String, InputFormat, bool)> {
    let bytes = std::fs::read(root().join(relative)).expect("fixture");
    extract_profiles(relative, &bytes)
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
        .into_iter()
        .map(|e| {
            assert!(
                profile_lint::limits::parse_guarded(&e.xml).is_some() || e.incomplete,
                "{relative}: {} does not parse",
                e.name
            );
            (e.name, e.source_format, e.incomplete)
        })
        .collect()
}

#[test]
fn extract_names_wmi_instances() {
    let expected = vec![
        ("Fabrikam VPN".to_owned(), InputFormat::Wmi, false),
        ("Fabrikam Device Tunnel".to_owned(), InputFormat::Wmi, false),
    ];
    assert_eq!(
        extracted("testdata/sources/wmi-two-instances.txt"),
        expected
    );
    assert_eq!(
        extracted("testdata/sources/wmi-two-instances-crlf-utf16.txt"),
        expected
    );
}

#[test]
fn extract_reads_every_source_format() {
    assert_eq!(
        extracted("testdata/sources/intune-oma-export.json"),
        vec![("Fabrikam VPN".to_owned(), InputFormat::Syncml, false)]
    );
    assert_eq!(
        extracted("testdata/sources/powershell-here-string.ps1"),
        vec![("Fabrikam VPN".to_owned(), InputFormat::Powershell, false)]
    );
    let syncml = extracted("testdata/sources/syncml-escaped.xml");
    assert!(!syncml.is_empty());
    assert!(syncml.iter().all(|(_, f, _)| *f == InputFormat::Syncml));
    assert_eq!(
        extracted("testdata/sources/profile-user.xml"),
        vec![("Fabrikam VPN".to_owned(), InputFormat::Xml, false)]
    );
    assert_eq!(
        extracted("testdata/sources/wmi-hand-joined.txt"),
        vec![("Fabrikam VPN".to_owned(), InputFormat::Wmi, false)]
    );
}

#[test]
fn extracted_documents_are_clean_xml() {
    let bytes = std::fs::read(root().join("testdata/sources/syncml-escaped.xml")).expect("fixture");
    for document in extract_profiles("syncml-escaped.xml", &bytes).expect("documents") {
        assert!(
            document.xml.trim_start().starts_with("<VPNProfile"),
            "{}",
            document.xml
        );
        assert!(!document.xml.contains("&lt;VPNProfile"));
        let formatted = format_profile(&document.xml, &FormatOptions::default()).expect("formats");
        assert!(formatted.starts_with("<VPNProfile>\n  <"));
    }
}

// ---------------------------------------------------------------------------------------
// Generated profiles: random trees of ProfileXML names, values written in every way XML
// allows, comments and whitespace anywhere.

mod generated {
    use super::*;
    use proptest::prelude::*;

    const NAMES: &[&str] = &[
        "NativeProfile",
        "CryptographySuite",
        "Authentication",
        "Servers",
        "UserMethod",
        "MachineMethod",
        "AlwaysOn",
        "RegisterDNS",
        "Route",
        "ProfileName",
        "DeviceTunnel",
        "PfsGroup",
        "DHGroup",
        "LockDown",
        "Eap",
        "x:Type",
    ];
    const VALUES: &[&str] = &[
        "true",
        " Eap ",
        "vpn.example.net",
        "a.example, b.example;B",
        "&amp;&#65;",
        "<![CDATA[ <x> ]]>",
        "",
        "\n",
        "false",
    ];
    const GAPS: &[&str] = &[
        "",
        " ",
        "\n  ",
        "\r\n",
        "<!-- c -->",
        "\n<!--\nd\n-->\n",
        "<?pi x?>",
    ];

    fn element() -> impl Strategy<Value = String> {
        let leaf = (0..NAMES.len(), 0..VALUES.len()).prop_map(|(n, v)| {
            let name = NAMES[n];
            let declaration = if name.starts_with("x:") {
                " xmlns:x='urn:x'"
            } else {
                ""
            };
            format!("<{name}{declaration}>{}</{name}>", VALUES[v])
        });
        leaf.prop_recursive(4, 40, 6, |inner| {
            (
                0..NAMES.len() - 1,
                prop::collection::vec((inner, 0..GAPS.len()), 1..6),
                0..GAPS.len(),
            )
                .prop_map(|(n, children, last)| {
                    let name = NAMES[n];
                    let mut out = format!("<{name} a=\"1\" >");
                    for (child, gap) in children {
                        out.push_str(GAPS[gap]);
                        out.push_str(&child);
                    }
                    out.push_str(GAPS[last]);
                    out.push_str(&format!("</{name}>"));
                    out
                })
        })
    }

    fn profile() -> impl Strategy<Value = String> {
        (
            prop::collection::vec((element(), 0..GAPS.len()), 0..8),
            any::<bool>(),
        )
            .prop_map(|(children, declaration)| {
                let mut out = String::new();
                if declaration {
                    out.push_str("<?xml version=\"1.0\"?>\n");
                }
                out.push_str("<VPNProfile>");
                for (child, gap) in children {
                    out.push_str(GAPS[gap]);
                    out.push_str(&child);
                }
                out.push_str("</VPNProfile>\n");
                out
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn generated_profiles_format_to_the_same_profile(xml in profile()) {
            prop_assert!(check_document("generated", &xml, &mut Counts::default()));
        }

        #[test]
        fn arbitrary_text_never_panics(text in "[<>/a-zA-Z!?\\[\\]&;# =\"'\r\n-]{0,80}") {
            for compact in [false, true] {
                if let Ok(formatted) = format_profile(&text, &options(compact, true)) {
                    prop_assert_eq!(
                        format_profile(&formatted, &options(compact, true)).ok(),
                        Some(formatted.clone())
                    );
                }
            }
        }
    }
}
