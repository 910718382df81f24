//! The library as another front end (a language server, an editor plug-in) drives it: find a
//! file's configuration, lint text held in memory, and get diagnostics with their fixes back,
//! without the command line.

use profile_lint::config::{lint_options, Config, Settings, Source};
use profile_lint::lint::{apply_fixes, lint_bytes};
use profile_lint::selection::RuleSelection;
use std::path::Path;

const EDITED: &str = "<VPNProfile>\n  <AlwaysOn>True</AlwaysOn>\n  <NativeProfile><Servers>vpn.contoso.com</Servers><NativeProtocolType>IKEv2</NativeProtocolType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile>\n  <DeviceTunnel>true</DeviceTunnel>\n</VPNProfile>\n";

#[test]
fn text_in_memory_is_linted_with_a_configuration() {
    let config = Config::parse(
        "ignore = [\"automatic-protocol-order\"]\n[severity]\nboolean-literal-case = \"warning\"\n",
        Path::new("/work/profiles/profile-lint.toml"),
    )
    .expect("configuration parses");
    let path = Path::new("/work/profiles/device.xml");
    let options = lint_options(Some(&config), path, &RuleSelection::default());
    let report = lint_bytes("device.xml", EDITED.as_bytes(), &options);
    let boolean = report
        .diagnostics
        .iter()
        .find(|d| d.rule.name() == "boolean-literal-case")
        .expect("`True` is reported");
    assert_eq!(
        boolean.severity.as_str(),
        "warning",
        "the configured severity"
    );
    assert_eq!((boolean.start.line, boolean.start.column), (2, 13));
}

#[test]
fn settings_without_configuration_lint_with_defaults() {
    let mut settings = Settings::new(Source::Disabled).expect("no configuration to read");
    let path = Path::new("device.xml");
    let config = settings.config_for(path).expect("nothing to fail");
    assert!(config.is_none());
    let options = lint_options(config.as_deref(), path, &RuleSelection::default());
    let report = lint_bytes("device.xml", EDITED.as_bytes(), &options);
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.rule.name() == "boolean-literal-case"));
}

#[test]
fn fixes_come_back_with_the_findings() {
    let options = lint_options(None, Path::new("p.xml"), &RuleSelection::default());
    let report = lint_bytes("p.xml", EDITED.as_bytes(), &options);
    let fixes: Vec<_> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_deref())
        .collect();
    assert!(!fixes.is_empty(), "`True` has a fix");
    let (fixed, applied) = apply_fixes(&report.text, fixes.iter().copied());
    assert!(applied > 0);
    assert!(fixed.contains("<AlwaysOn>true</AlwaysOn>"), "{fixed}");
    let again = lint_bytes("p.xml", fixed.as_bytes(), &options);
    assert!(!again
        .diagnostics
        .iter()
        .any(|d| d.rule.name() == "boolean-literal-case"));
}
