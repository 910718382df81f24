//! Linting an open document: its configuration, and a lint that cannot take the server down.

use crate::config::{self, Settings, Source};
use crate::lint::{lint_and_fix, lint_bytes, FileReport, FixSettings, Fixed, LintOptions};
use crate::selection::RuleSelection;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// The options for a document: those of the nearest `profile-lint.toml` above its file, read
/// afresh each time (a few `stat` calls and a small TOML parse, well under the lint itself;
/// `bench/lsp.sh` measures both), so an edited configuration applies at the next keystroke
/// without any file watching. A configuration that cannot be read is reported as the second
/// value, and the document is linted with the defaults.
pub fn options_for(path: Option<&Path>) -> (LintOptions, Option<String>) {
    let defaults = RuleSelection::default();
    let Some(path) = path else {
        return (LintOptions::default(), None);
    };
    let found = Settings::new(Source::Discover).and_then(|mut s| s.config_for(path));
    match found {
        Ok(config) => (
            config::lint_options(config.as_deref(), path, &defaults),
            None,
        ),
        Err(error) => (LintOptions::default(), Some(error.render())),
    }
}

/// Lints `text`; a panic inside the library becomes an `Err` with its message (the document
/// then gets one diagnostic saying so, and the other documents carry on).
pub fn lint(name: &str, text: &str, options: &LintOptions) -> Result<FileReport, String> {
    guarded(|| lint_bytes(name, text.as_bytes(), options))
}

/// Runs `work`, turning a panic into `Err` with its message. The default panic hook has
/// already written the message (and a backtrace, when asked for) to standard error, which
/// editors show as the server's log.
pub fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|panic| panic_message(panic.as_ref()))
}

/// `text` with every safe fix applied (the `--fix` loop) to `bytes` (the text as the file
/// stores it), or `None` when nothing changes.
pub fn fix_all(
    name: &str,
    text: &str,
    bytes: &[u8],
    options: &LintOptions,
) -> Result<Option<String>, String> {
    let settings = FixSettings {
        unsafe_fixes: false,
    };
    let fixed: Fixed = guarded(|| lint_and_fix(name, bytes, options, settings))?;
    let Some(bytes) = fixed.bytes else {
        return Ok(None);
    };
    // Written back in the file's encoding by `lint_and_fix`; the editor needs the text.
    let new_text = match String::from_utf8(bytes) {
        Ok(utf8) => utf8,
        Err(error) => crate::decode::DecodedText::decode(error.as_bytes())
            .map(|d| d.text)
            .unwrap_or(fixed.report.text),
    };
    Ok((new_text != text).then_some(new_text))
}

pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let caught: Result<(), String> = guarded(|| panic!("boom at {}", 42));
        assert_eq!(caught, Err("boom at 42".to_owned()));
        let caught: Result<(), String> = guarded(|| std::panic::panic_any(7_u8));
        assert_eq!(caught, Err("a panic without a message".to_owned()));
        assert_eq!(guarded(|| 5), Ok(5));
    }
}
