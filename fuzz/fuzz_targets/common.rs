//! Checks shared by the source targets: extraction never panics, and every document's
//! position map sends each document offset inside the file text, never going backwards
//! except in scripts (a variable set early and used late maps back to where its value was
//! written, as `tests/properties.rs` allows too).

use profile_lint::source::{extract, InputFormat};

pub fn check_source(data: &[u8], format: InputFormat) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let extraction = extract(text, format);
    for document in &extraction.documents {
        let mut previous = 0;
        for offset in 0..=document.xml.len() {
            let file = document.map.to_file(offset);
            assert!(file <= text.len(), "offset {offset} maps past the end of the file");
            if format != InputFormat::Powershell {
                assert!(file >= previous, "the position map goes backwards at {offset}");
            }
            previous = file;
        }
        // Parsing and building the model must not panic either.
        let _ = profile_lint::lint::lint_document(document, &Default::default());
    }
}
