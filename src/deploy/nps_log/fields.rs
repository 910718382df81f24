//! Comma-separated fields of one log line. NPS quotes strings and leaves numbers bare; how it
//! escapes a `"` inside a string is undocumented, so the standard CSV `""` is accepted and any
//! other stray quote makes the line unreadable instead of being guessed at (§3.2).

use std::borrow::Cow;

/// The fields of `line`, unquoted; borrowed from the line unless a `""` had to be undone,
/// so a 10 MB log is split without an allocation per field.
pub fn split(line: &str) -> Result<Vec<Cow<'_, str>>, String> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let (value, after) = quoted_field(quoted)
                .ok_or_else(|| format!("field {} has no closing quote", fields.len() + 1))?;
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
            let (value, next) = match memchr::memchr(b',', rest.as_bytes()) {
                Some(comma) => (&rest[..comma], Some(&rest[comma + 1..])),
                None => (rest, None),
            };
            if value.contains('"') {
                return Err(format!(
                    "a quote inside unquoted field {}",
                    fields.len() + 1
                ));
            }
            fields.push(Cow::Borrowed(value));
            match next {
                Some(next) => rest = next,
                None => return Ok(fields),
            }
        }
    }
}

/// A quoted field's value (after its opening quote) and the text after its closing quote.
fn quoted_field(quoted: &str) -> Option<(Cow<'_, str>, &str)> {
    let mut owned: Option<String> = None;
    let mut from = 0;
    loop {
        let quote = from + memchr::memchr(b'"', &quoted.as_bytes()[from..])?;
        if quoted.as_bytes().get(quote + 1) == Some(&b'"') {
            owned
                .get_or_insert_with(String::new)
                .push_str(&quoted[from..=quote]);
            from = quote + 2;
            continue;
        }
        let value = match owned {
            Some(mut value) => {
                value.push_str(&quoted[from..quote]);
                Cow::Owned(value)
            }
            None => Cow::Borrowed(&quoted[..quote]),
        };
        return Some((value, &quoted[quote + 1..]));
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
