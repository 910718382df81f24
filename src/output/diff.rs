//! `--diff`: what `--fix` would write, as a unified diff (`similar`, the diff of insta and
//! many Rust tools), in decoded text so a UTF-16 file diffs as text.

use crate::decode::DecodedText;

/// The unified diff between a file's bytes and its fixed bytes, with `path` in the headers.
pub fn unified(path: &str, before: &[u8], after: &[u8]) -> String {
    let text = |bytes: &[u8]| {
        DecodedText::decode(bytes)
            .map(|d| d.text)
            .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
    };
    let (before, after) = (text(before), text(after));
    let shown = super::display_path(path);
    // `a/`, `b/` as git writes them, for paths that `git apply` / `patch -p1` resolve.
    let relative =
        !(shown.starts_with('/') || shown.starts_with('\\') || shown.get(1..2) == Some(":"));
    let (old, new) = if relative {
        (format!("a/{shown}"), format!("b/{shown}"))
    } else {
        (shown.clone(), shown)
    };
    similar::TextDiff::from_lines(&before, &after)
        .unified_diff()
        .context_radius(3)
        .header(&old, &new)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_is_shown_with_its_context() {
        let diff = unified(
            "p.xml",
            b"<VPNProfile>\n<AlwaysOn>True</AlwaysOn>\n</VPNProfile>\n",
            b"<VPNProfile>\n<AlwaysOn>true</AlwaysOn>\n</VPNProfile>\n",
        );
        assert_eq!(
            diff,
            "--- a/p.xml\n+++ b/p.xml\n@@ -1,3 +1,3 @@\n <VPNProfile>\n-<AlwaysOn>True</AlwaysOn>\n+<AlwaysOn>true</AlwaysOn>\n </VPNProfile>\n"
        );
    }
}
