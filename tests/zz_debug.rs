mod common;
use common::*;
use profile_lint::lint::{apply_fixes, lint_bytes};
#[test]
fn dbg() {
    let p = std::env::var("FX").unwrap();
    let rule = std::env::var("RULE").unwrap();
    let r = lint_file(std::path::Path::new(&p), &[rule.as_str()]);
    let fixes: Vec<_> = r.diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
    let (fixed, n) = apply_fixes(&r.text, fixes.iter().copied());
    println!("applied {n}\n{fixed}");
    let after = lint_bytes("x.xml", fixed.as_bytes(), &options_for(&[rule.as_str()]));
    println!("{}", human(&after));
}
