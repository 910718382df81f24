//! The terminal's width. Human output, `rules` and `explain` are drawn to fit it when standard
//! output is a console or `COLUMNS` says (80 columns wrapped every line mid-word before); piped
//! to a file or a CI log they keep the fixed layout, which logs, tests and snapshots rely on.

use std::io::IsTerminal;

/// Narrower than this, the boxes of the human format leave no room for text.
const MIN: usize = 60;
/// Wider than this, lines are hard to read; snippets are cut anyway.
const MAX: usize = 200;

/// The width to draw for: `COLUMNS` when it is set to a number (also in a pipe: a CI log that
/// is wider, a test that wants 80), else the console's when standard output is one.
pub fn width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
    {
        return Some(columns.clamp(MIN, MAX));
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let (terminal_size::Width(columns), _) = terminal_size::terminal_size()?;
    // The last column is left free: some consoles wrap a line that fills it exactly.
    Some((usize::from(columns).saturating_sub(1)).clamp(MIN, MAX))
}

/// `text` (Markdown) with its prose paragraphs and list items wrapped to `width`; code blocks,
/// tables, headings and indented lines are left as written, so XML and commands in them can be
/// copied as they are.
pub fn wrap_markdown(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_code = !in_code;
        }
        let verbatim = in_code
            || trimmed.starts_with("```")
            || trimmed.starts_with('|')
            || trimmed.starts_with('#')
            || line.starts_with("    ")
            || line.chars().count() <= width;
        if verbatim {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        // List items continue under their text.
        let marker = ["- ", "* ", "1. ", "2. ", "3. ", "4. ", "5. "]
            .iter()
            .find(|m| trimmed.starts_with(*m))
            .map_or(0, |m| m.len());
        let indent = line.len() - trimmed.len();
        let subsequent = " ".repeat(indent + marker);
        let options = textwrap::Options::new(width)
            .break_words(false)
            .subsequent_indent(&subsequent);
        for piece in textwrap::wrap(line, options) {
            out.push_str(&piece);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_wrapped_and_code_is_not() {
        let text = "A long sentence that goes on and on past the width of a narrow console window.\n\n```xml\n<EapHostConfig xmlns=\"http://www.microsoft.com/provisioning/EapHostConfig\"></EapHostConfig>\n```\n- a list item that is also rather long and needs a second line\n| a | table | row | that | is | long | and | stays | as | it | is |\n";
        let wrapped = wrap_markdown(text, 40);
        for line in wrapped.lines() {
            let exempt = line.starts_with('<') || line.starts_with('|');
            assert!(exempt || line.chars().count() <= 40, "{line:?}");
        }
        assert!(wrapped.contains("<EapHostConfig xmlns=\"http://www.microsoft.com/provisioning/EapHostConfig\"></EapHostConfig>\n"));
        assert!(
            wrapped.contains("- a list item that is also rather long\n  and needs a second line\n"),
            "{wrapped}"
        );
    }
}
