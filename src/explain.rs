//! `profile-lint explain <KEY>`: a rule's documentation, or what a client error code means and
//! which rules predict it. Rule codes and names are matched first, then client errors.

use crate::errors::{find_error, ClientError};
use crate::rules::{all_rules, find_rule_meta, RuleMeta};
use std::fmt::Write;

/// The text `explain` prints for `key`, or `None` when the key names nothing known.
pub fn explain(key: &str) -> Option<String> {
    let key = key.trim();
    if key.is_empty() {
        return None;
    }
    if let Some(meta) = find_rule_meta(key) {
        return Some(explain_rule(meta));
    }
    find_error(key).map(explain_error)
}

/// Why `key` names nothing, with the nearest rule name or code when one is close.
pub fn unknown(key: &str) -> String {
    let hint = crate::rules::suggest(key)
        .map(|near| format!(" Did you mean `{near}`?"))
        .unwrap_or_default();
    format!(
        "`{}` is neither a rule code or name nor a known client error code.{hint} `profile-lint explain --list` lists both",
        crate::output::display_path(key.trim())
    )
}

/// Every key `explain` knows: rule codes and names, then client error codes with their titles.
pub fn list() -> String {
    let mut out = String::from("Rules (profile-lint explain CODE or NAME):\n");
    for rule in all_rules() {
        let meta = rule.meta();
        let _ = writeln!(out, "  {:<5} {}", meta.code, meta.name);
    }
    out.push_str(
        "\nClient errors (profile-lint explain CODE; hex, HRESULT and decimal forms work too):\n",
    );
    for error in crate::errors::CLIENT_ERRORS {
        let _ = writeln!(out, "  {:<12} {}", error.code, error.title);
    }
    out
}

/// The metadata header, then the rule's page (or its summary when it has no page).
pub fn explain_rule(meta: &RuleMeta) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", meta.code, meta.name);
    let _ = writeln!(out, "  severity:  {} (default)", meta.severity);
    let _ = writeln!(
        out,
        "  category:  {} ({})",
        meta.category.as_str(),
        meta.category.title()
    );
    let evidence = serde_json::to_value(meta.evidence)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let _ = writeln!(out, "  evidence:  {evidence}");
    if !meta.predicts.is_empty() {
        let _ = writeln!(out, "  predicts:  {}", meta.predicts.join("; "));
    }
    if !meta.needs.is_empty() {
        for needs in meta.needs {
            let _ = writeln!(out, "  needs:     {}", needs.describe());
        }
    }
    if meta.is_deployment_specific() {
        let routes: Vec<&str> = meta.deployments.iter().map(|d| d.as_str()).collect();
        let _ = writeln!(
            out,
            "  runs for:  deployment {} (see `deployment` in profile-lint.toml)",
            routes.join(" or ")
        );
    }
    let _ = writeln!(out, "  docs:      {}", meta.url());
    out.push('\n');
    match crate::docs::rule_page(meta.name) {
        Some(page) => out.push_str(page),
        None => {
            let _ = writeln!(out, "# {} ({})\n\n{}", meta.name, meta.code, meta.summary);
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The rules whose `predicts` name `error`.
pub fn rules_predicting(error: &ClientError) -> Vec<&'static RuleMeta> {
    all_rules()
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.predicts.iter().any(|p| error.predicted_by(p)))
        .collect()
}

/// What a client error means, its usual causes, and the rules that catch it.
pub fn explain_error(error: &ClientError) -> String {
    let mut out = String::new();
    let symbol = if error.symbol.is_empty() {
        String::new()
    } else {
        format!(" ({})", error.symbol)
    };
    let _ = writeln!(out, "{}{symbol}: {}", error.code, error.title);
    let spellings = error.spellings();
    if !spellings.is_empty() {
        let _ = writeln!(out, "  also written: {}", spellings.join(", "));
    }
    let _ = writeln!(out, "\nWhat it means:\n  {}", error.meaning);
    if !error.causes.is_empty() {
        out.push_str("\nUsual causes:\n");
        for cause in error.causes {
            let _ = writeln!(out, "  - {cause}");
        }
    }
    let rules = rules_predicting(error);
    if rules.is_empty() {
        out.push_str("\nRules that catch it: none; no check of the profile alone predicts it.\n");
    } else {
        out.push_str("\nRules that catch it:\n");
        for meta in rules {
            let _ = writeln!(
                out,
                "  {:<5} {:<44} {:<8} {}",
                meta.code,
                meta.name,
                meta.severity,
                first_line(meta.summary)
            );
            if !meta.needs.is_empty() {
                let needs: Vec<&str> = meta.needs.iter().map(|n| n.short()).collect();
                let _ = writeln!(out, "        needs {}", needs.join(" and "));
            }
        }
    }
    if !error.server_side.is_empty() {
        let _ = writeln!(
            out,
            "\nBeyond what profile-lint reads, the server side shows:\n  {}",
            error.server_side
        );
    }
    out
}

fn first_line(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 80 {
        let cut: String = one_line.chars().take(77).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}
