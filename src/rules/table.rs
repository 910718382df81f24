//! The rules table of the README, rendered from the rules' metadata (one source of truth).

use super::{all_rules, FixKind, RuleMeta};

/// Markdown table of every rule: code, name, default severity, category, fix, summary. The README
/// holds exactly this between `<!-- rules-table:start -->` and `<!-- rules-table:end -->`.
pub fn markdown_table() -> String {
    let metas: Vec<&RuleMeta> = all_rules().iter().map(|r| r.meta()).collect();
    render(&metas)
}

fn render(metas: &[&RuleMeta]) -> String {
    let mut out = String::from(
        "| code | name | default | category | fix | checks |\n|---|---|---|---|---|---|\n",
    );
    for m in metas {
        let fix = match m.fix {
            FixKind::None => "—",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
            FixKind::Mixed => "safe / unsafe",
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {fix} | {} |\n",
            m.code,
            m.name,
            m.severity,
            m.category.title(),
            cell(m.summary)
        ));
    }
    out
}

/// A table cell: one line, with `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_rule() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), all_rules().len() + 2);
        assert!(table
            .contains("| E002 | `aad-ca-eku-oid-wrong` | error | Entra ID conditional access | "));
    }

    #[test]
    fn pipes_are_escaped() {
        assert_eq!(cell("a | b\n c"), "a \\| b c");
    }
}
