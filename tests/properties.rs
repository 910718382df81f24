//! Property tests: the position maps of the source layers are monotonic and round-trip, and no
//! input string (or byte string) panics the pipeline.

use profile_lint::decode::DecodedText;
use profile_lint::lint::{lint_bytes, LintOptions};
use profile_lint::source::{extract, InputFormat, SourceMap};
use proptest::prelude::*;

const FORMATS: [InputFormat; 4] = [
    InputFormat::Xml,
    InputFormat::Wmi,
    InputFormat::Powershell,
    InputFormat::Syncml,
];

/// Strings that look like the inputs: markup, entities, quotes, PowerShell and SyncML bits,
/// line breaks, BOMs and invisible characters, mixed with arbitrary text.
fn profile_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<VPNProfile>",
        "</VPNProfile>",
        "<NativeProfile>",
        "</NativeProfile>",
        "<AlwaysOn>",
        "</AlwaysOn>",
        "True",
        "true",
        "<EapHostConfig xmlns=\"http://www.microsoft.com/provisioning/EapHostConfig\">",
        "</EapHostConfig>",
        "&lt;",
        "&gt;",
        "&amp;",
        "&#x41;",
        "&quot;",
        "\"",
        "'",
        "''",
        "`",
        "\r\n",
        "\n",
        " ",
        "\u{feff}",
        "\u{200e}",
        "é",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "<?xml version=\"1.0\"?>",
        "ProfileXML = \"",
        "$xml = @'",
        "'@",
        "<SyncML>",
        "<Data>",
        "</Data>",
        "<LocURI>",
        "./Vendor/MSFT/VPNv2/",
        "__PATH",
        "InstanceID = ",
        "ProfileXML : ",
        "/>",
        ">",
        "<",
        "=",
        // The PowerShell evaluator's syntax: assignments, operators, loops, calls.
        "$a = '",
        "$b = \"",
        "$a",
        "$b",
        "${a}",
        "$($a)",
        "$(",
        " + ",
        " += ",
        " -f ",
        "{0}",
        " -join ",
        " -match ",
        "foreach ($x in $a) {",
        "$a | ForEach-Object {",
        "$_",
        "}",
        "{",
        "@(",
        "@{",
        "(",
        ")",
        "[string]::Format(",
        "[xml]",
        "param(",
        ", ",
        "$sb.Append(",
        "} else {",
        "Get-Content x.xml",
        ". .\\x.ps1",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(String::from), ".{0,8}"], 0..60)
        .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Anchors pushed in increasing order give a non-decreasing map that returns each anchor.
    #[test]
    fn source_map_is_monotonic_and_round_trips(steps in prop::collection::vec((1usize..50, 0usize..50), 0..40)) {
        let mut map = SourceMap::new();
        let mut anchors = vec![(0usize, 0usize)];
        map.push(0, 0);
        let (mut doc, mut file) = (0, 0);
        for (doc_step, extra) in steps {
            // The file advances at least as far as the document: a source only removes text.
            doc += doc_step;
            file += doc_step + extra;
            map.push(doc, file);
            anchors.push((doc, file));
        }
        for &(d, f) in &anchors {
            prop_assert_eq!(map.to_file(d), f);
        }
        let mut previous = 0;
        for d in 0..=doc + 10 {
            let f = map.to_file(d);
            prop_assert!(f >= previous);
            previous = f;
        }
    }

    /// Every source's documents map to offsets inside the file, for any input; non-decreasing
    /// ones except for scripts (a variable set early and used late maps back to where its
    /// value was written).
    #[test]
    fn extraction_maps_stay_inside_the_file(text in profile_like()) {
        for format in FORMATS {
            for document in extract(&text, format).documents {
                let mut previous = 0;
                for offset in 0..=document.xml.len() {
                    let f = document.map.to_file(offset);
                    prop_assert!(f <= text.len(), "{:?}: {} maps past the end", format, offset);
                    if format != InputFormat::Powershell {
                        prop_assert!(f >= previous, "{:?}: not monotonic at {}", format, offset);
                    }
                    previous = f;
                }
            }
        }
    }

    /// UTF-16 text decodes back to the same string, and every character's original offset is
    /// the offset of its first code unit.
    #[test]
    fn utf16_decoding_round_trips(text in "\\PC{0,40}", big_endian in any::<bool>()) {
        let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        let mut expected = Vec::new();
        for (i, c) in text.char_indices() {
            expected.push((i, bytes.len()));
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                bytes.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
            }
        }
        let decoded = DecodedText::decode(&bytes).expect("valid UTF-16");
        prop_assert_eq!(&decoded.text, &text);
        for (text_offset, original) in expected {
            prop_assert_eq!(decoded.original_offset(text_offset), original);
        }
        prop_assert_eq!(decoded.original_offset(text.len()), bytes.len());
    }

    /// UTF-8 offsets shift by the BOM and never go backwards.
    #[test]
    fn utf8_offsets_are_monotonic(text in "\\PC{0,60}", bom in any::<bool>()) {
        let mut bytes = if bom { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
        bytes.extend_from_slice(text.as_bytes());
        if let Ok(decoded) = DecodedText::decode(&bytes) {
            let mut previous = 0;
            for offset in 0..=decoded.text.len() {
                let original = decoded.original_offset(offset);
                prop_assert!(original >= previous && original <= bytes.len());
                previous = original;
            }
        }
    }

    /// No string panics the pipeline, and every finding points inside the file.
    #[test]
    fn no_string_panics_the_pipeline(text in profile_like()) {
        for format in [None, Some(InputFormat::Xml), Some(InputFormat::Wmi), Some(InputFormat::Powershell), Some(InputFormat::Syncml)] {
            let options = LintOptions { input_format: format, ..LintOptions::default() };
            let report = lint_bytes("p.xml", text.as_bytes(), &options);
            for d in &report.diagnostics {
                prop_assert!(d.span.end <= report.text.len());
                prop_assert!(d.start.offset <= d.end.offset && d.end.offset <= text.len());
            }
            let _ = profile_lint::output::json::render(std::slice::from_ref(&report));
            let _ = profile_lint::output::human::render_file(&report, Default::default());
        }
    }

    /// No byte string panics the pipeline either (invalid UTF-8, UTF-16 look-alikes, NULs).
    #[test]
    fn no_bytes_panic_the_pipeline(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let report = lint_bytes("p.xml", &bytes, &LintOptions::default());
        let _ = profile_lint::output::concise::render_file(&report);
        let _ = profile_lint::output::human::render_file(&report, Default::default());
    }
}
