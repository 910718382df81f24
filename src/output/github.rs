//! GitHub Actions workflow commands: one annotation per finding, shown on the pull request's
//! diff and in the run summary.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE NAME::MESSAGE`, with
//! `warning` and `notice` for the lower severities. Values are escaped the way the Actions
//! toolkit does (`%`, CR, LF everywhere; also `:` and `,` in properties), or a message with
//! a newline or a path with a comma would cut the annotation short.

use crate::diagnostic::Severity;
use crate::lint::FileReport;
use std::fmt::Write;

/// Escapes as the Actions toolkit does (`%`, CR, LF), then every other control character,
/// bidi control and `##vso[` as [`super::sanitize`] does (GitHub shows them as text, a
/// terminal or an Azure Pipelines agent reading the same log would act on them).
fn escape_data(text: &str) -> String {
    let toolkit = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    match super::sanitize::line(&toolkit) {
        std::borrow::Cow::Borrowed(_) => toolkit,
        std::borrow::Cow::Owned(escaped) => escaped,
    }
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn render_file(report: &FileReport) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_file(report, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`render_file`] written to `out` a few kilobytes at a time (a file with 300,000 findings
/// must not be held whole as text).
pub fn write_file(report: &FileReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut text = String::new();
    let file = escape_property(&report.path);
    if let Some(error) = &report.error {
        let _ = writeln!(
            text,
            "::error file={file},title=profile-lint::{}",
            escape_data(error)
        );
        return out.write_all(text.as_bytes());
    }
    for d in &report.diagnostics {
        let _ = writeln!(
            text,
            "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
            command(d.severity),
            d.start.line,
            d.start.column,
            d.end.line,
            d.end.column,
            escape_property(&format!("{} {}", d.rule.code(), d.rule.name())),
            escape_data(&d.message)
        );
        // The other file of a cross-check gets a notice too, so that a pull request that
        // changes only the server side shows where it matters.
        for label in &d.labels {
            let Some(path) = label.path.as_deref().filter(|p| *p != report.path) else {
                continue;
            };
            let _ = writeln!(
                text,
                "::notice file={},line={},col={},title={}::{}",
                escape_property(path),
                label.start.line,
                label.start.column,
                escape_property(&format!("{} {}", d.rule.code(), d.rule.name())),
                escape_data(&format!(
                    "{} (for {}:{}: {})",
                    label.message, report.path, d.start.line, d.message
                ))
            );
        }
        if text.len() >= super::WRITTEN_AT {
            out.write_all(text.as_bytes())?;
            text.clear();
        }
    }
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("dir,1/a:b.xml"), "dir%2C1/a%3Ab.xml");
        assert_eq!(
            escape_data("a\u{1b}[2J\u{202e} ##vso[x]"),
            "a\\u{1b}[2J\\u{202e} ##vso\\u{5b}x]"
        );
    }
}
