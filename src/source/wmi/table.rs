//! `Get-CimInstance … MDM_VPNv2_01 | Format-Table` output: column headers, a line of dashes,
//! one row per instance. Format-Table cuts every cell to its column width (`...` in Windows
//! PowerShell, `…` in PowerShell 7) and drops columns that do not fit the console, so no
//! profile can be recovered from it; recognising the shape lets the report say how to dump
//! the profile instead of "not a profile".

use super::lines;
use crate::span::Span;

/// A Format-Table listing of VPNv2 instances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Whether a `ProfileXML` column is there at all.
    pub has_profile_column: bool,
    /// Where to point: the first cut cell of the `ProfileXML` column, else its header, else
    /// the header line.
    pub span: Span,
}

/// Properties of `MDM_VPNv2_01` that head the columns of such a table.
fn is_vpnv2_property(word: &str) -> bool {
    [
        "InstanceID",
        "ParentID",
        "ProfileXML",
        "AlwaysOn",
        "DeviceTunnel",
        "DnsSuffix",
        "RememberCredentials",
        "TrustedNetworkDetection",
    ]
    .iter()
    .any(|p| p.eq_ignore_ascii_case(word))
}

/// The table in `text`, if it has one: a header naming `ProfileXML`, or `InstanceID` and
/// `ParentID`, over a line of dashes whose runs start where the header's words do.
pub fn find(text: &str) -> Option<Table> {
    let all: Vec<_> = lines(text).take(2000).collect();
    for (k, pair) in all.windows(2).enumerate() {
        let (header, dashes) = (&pair[0], &pair[1]);
        if !is_dash_line(dashes.text) || !aligned(header.text, dashes.text) {
            continue;
        }
        let words: Vec<(usize, &str)> = words(header.text).collect();
        let has = |name: &str| words.iter().any(|(_, w)| w.eq_ignore_ascii_case(name));
        let known = words.iter().filter(|(_, w)| is_vpnv2_property(w)).count();
        if !(has("ProfileXML") || has("InstanceID") && has("ParentID")) || known < 2 {
            continue;
        }
        let profile_column = words
            .iter()
            .find(|(_, w)| w.eq_ignore_ascii_case("ProfileXML"))
            .map(|&(at, w)| (at, w.len()));
        let header_span = match profile_column {
            Some((at, len)) => Span::new(header.start + at, header.start + at + len),
            None => Span::new(header.start, header.start + header.text.len()),
        };
        // The rows: up to the first blank line.
        let cut = profile_column.and_then(|(column, _)| {
            all[k + 2..]
                .iter()
                .take_while(|row| !row.text.trim().is_empty())
                .find_map(|row| {
                    let cell = row.text.get(column..)?;
                    // `...` and `…` are both three bytes.
                    let at = cell.find("...").or_else(|| cell.find('\u{2026}'))?;
                    let len = 3;
                    Some(Span::new(
                        row.start + column + at,
                        row.start + column + at + len,
                    ))
                })
        });
        return Some(Table {
            has_profile_column: profile_column.is_some(),
            span: cut.unwrap_or(header_span),
        });
    }
    None
}

fn is_dash_line(line: &str) -> bool {
    line.contains("--") && line.trim().chars().all(|c| c == '-' || c == ' ')
}

/// Words of a line with their byte offsets.
fn words(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split(' ')
        .scan(0usize, |at, word| {
            let start = *at;
            *at += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// Every run of dashes starts where a header word starts (Format-Table underlines each
/// header from its first character).
fn aligned(header: &str, dashes: &str) -> bool {
    let starts: Vec<usize> = words(header).map(|(at, _)| at).collect();
    let runs: Vec<usize> = words(dashes).map(|(at, _)| at).collect();
    runs.len() >= 2 && runs.iter().all(|r| starts.contains(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cut_profilexml_cell() {
        let text = "\r\nInstanceID       ParentID            ProfileXML\r\n----------       --------            ----------\r\nNorthwind%20VPN  ./Vendor/MSFT/VPNv2 <VPNProfile><ProfileName>Northwind...\r\n";
        let table = find(text).expect("a table");
        assert!(table.has_profile_column);
        assert_eq!(&text[table.span.start..table.span.end], "...");
        // PowerShell 7 cuts with one character, `…`.
        let seven = text.replace("...", "\u{2026}");
        let table = find(&seven).expect("a table");
        assert_eq!(&seven[table.span.start..table.span.end], "\u{2026}");
    }

    #[test]
    fn a_table_without_the_profile_column_points_at_its_header() {
        let text = "AlwaysOn DeviceTunnel InstanceID      ParentID\n-------- ------------ ----------      --------\nTrue                  Northwind%20VPN ./Vendor/MSFT/VPNv2\n";
        let table = find(text).expect("a table");
        assert!(!table.has_profile_column);
        assert_eq!(table.span.start, 0);
    }

    #[test]
    fn other_tables_and_dashes_are_not_taken() {
        assert_eq!(find("Name  Value\n----  -----\na     b\n"), None);
        assert_eq!(find("ProfileXML\n----------\n"), None);
        assert_eq!(find("InstanceID ParentID\n   -------- --------\n"), None);
    }
}
