//! Comma-separated fields of one log line. NPS quotes strings and leaves numbers bare; how it
//! escapes a `"` inside a string is undocumented, so the standard CSV `""` is accepted and any
//! other stray quote makes the line unreadable instead of being guessed at (§3.2).

/// The fields of `line`, unquoted.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let after = loop {
                match chars.next() {
                    Some((i, '"')) => {
                        if quoted[i + 1..].starts_with('"') {
                            value.push('"');
                            chars.next();
                        } else {
                            break &quoted[i + 1..];
                        }
                    }
                    Some((_, c)) => value.push(c),
                    None => return Err(format!("field {} has no closing quote", fields.len() + 1)),
                }
            };
            fields.push(value);
            match after.strip_prefix(',') {
                Some(next) => rest = next,
                None if after.trim().is_empty() => return Ok(fields),
                None => {
                    return Err(format!(
                        "text after the closing quote of field {}",
                        fields.len()
                    ))
                }
            }
        } else {
            let (value, next) = match rest.find(',') {
                Some(comma) => (&rest[..comma], Some(&rest[comma + 1..])),
                None => (rest, None),
            };
            if value.contains('"') {
                return Err(format!(
                    "a quote inside unquoted field {}",
                    fields.len() + 1
                ));
            }
            fields.push(value.to_string());
            match next {
                Some(next) => rest = next,
                None => return Ok(fields),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_and_bare_fields() {
        assert_eq!(
            split(r#""NPS1","IAS",05/06/2026,3,,"a,b","say ""hi""""#).unwrap(),
            ["NPS1", "IAS", "05/06/2026", "3", "", "a,b", r#"say "hi""#]
        );
        assert_eq!(split("a,").unwrap(), ["a", ""]);
        assert_eq!(split("").unwrap(), [""]);
    }

    #[test]
    fn broken_quoting_is_an_error() {
        assert!(split(r#""open,1"#).is_err());
        assert!(split(r#""a"b,1"#).is_err());
        assert!(split(r#"a"b,1"#).is_err());
    }
}
