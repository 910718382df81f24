//! The `msNPConstraint` condition grammar: `FUNCTION("argument")` (`research/server-side.md`
//! §1.5). Only the shape is read here; whether a condition holds for a request is
//! [`super::conditions`]' job.

use super::ConditionKind;

/// Reads one condition's text (already trimmed).
pub fn parse(text: &str) -> ConditionKind {
    let Some((function, argument)) = split_call(text) else {
        return ConditionKind::Unknown;
    };
    match function.to_ascii_uppercase().as_str() {
        "MATCH" => match argument.split_once('=') {
            Some((attribute, pattern)) => ConditionKind::Match {
                attribute: attribute.trim().to_string(),
                pattern: pattern.to_string(),
            },
            None => ConditionKind::Unknown,
        },
        "NTGROUPS" | "USERNTGROUPS" | "MACHINENTGROUPS" => ConditionKind::Groups {
            function: function.to_string(),
            sids: argument
                .split(';')
                .map(str::trim)
                .filter(|sid| !sid.is_empty())
                .map(str::to_string)
                .collect(),
        },
        "TIMEOFDAY" => ConditionKind::TimeOfDay(argument.to_string()),
        _ => ConditionKind::Unknown,
    }
}

/// `NAME("argument")` → (`NAME`, `argument`). The argument runs to the last `")`, so a
/// pattern holding quotes or parentheses stays whole.
fn split_call(text: &str) -> Option<(&str, &str)> {
    let open = text.find('(')?;
    let function = text[..open].trim();
    if function.is_empty()
        || !function
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let inner = text[open + 1..].trim_end().strip_suffix(')')?.trim();
    let argument = inner.strip_prefix('"')?.strip_suffix('"')?;
    Some((function, argument))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_splits_at_the_first_equals_sign() {
        assert_eq!(
            parse(r#"MATCH("NAS-Port-Type=^5$")"#),
            ConditionKind::Match {
                attribute: "NAS-Port-Type".into(),
                pattern: "^5$".into()
            }
        );
        assert_eq!(
            parse(r#"MATCH("Called-Station-Id=a=b")"#),
            ConditionKind::Match {
                attribute: "Called-Station-Id".into(),
                pattern: "a=b".into()
            }
        );
    }

    #[test]
    fn groups_list_their_sids() {
        assert_eq!(
            parse(r#"NTGROUPS("S-1-5-21-1-2-3-1105; S-1-5-21-1-2-3-1106")"#),
            ConditionKind::Groups {
                function: "NTGROUPS".into(),
                sids: vec!["S-1-5-21-1-2-3-1105".into(), "S-1-5-21-1-2-3-1106".into()]
            }
        );
    }

    #[test]
    fn time_of_day_and_unknown_shapes() {
        assert_eq!(
            parse(r#"TIMEOFDAY("0 00:00-24:00")"#),
            ConditionKind::TimeOfDay("0 00:00-24:00".into())
        );
        assert_eq!(parse(r#"FRAMEDPROTOCOL("1")"#), ConditionKind::Unknown);
        assert_eq!(parse("MATCH(NAS-Port-Type=5)"), ConditionKind::Unknown);
        assert_eq!(parse(r#"MATCH("no equals")"#), ConditionKind::Unknown);
        assert_eq!(parse(""), ConditionKind::Unknown);
        assert_eq!(parse("(\""), ConditionKind::Unknown);
    }
}
