//! Parsing of `NativeProfile/Servers`, shared by the `servers-*` rules.
//!
//! The VPNv2 CSP: "public or routable IP address or DNS name for the VPN gateway. It can point
//! to the external IP of a gateway or a virtual IP for a server farm", with an optional
//! friendly name after `;` (`server2.example.com;server2FriendlyName`); several servers are
//! separated by `,`. On read-back Windows writes `name;name` (the friendly name defaults to the
//! server name), which is why Intune-deployed profiles often list the server twice.

use crate::model::Leaf;
use crate::rules::util::split_entries;
use std::ops::Range;

/// One comma-separated entry of `Servers`.
#[derive(Debug, Clone)]
pub struct ServerEntry<'a> {
    /// The server part (before `;`), trimmed.
    pub server: &'a str,
    /// Byte range of `server` inside the leaf's text.
    pub server_range: Range<usize>,
    /// The friendly name (after the first `;`), trimmed, if any.
    pub friendly: Option<(&'a str, Range<usize>)>,
    /// Byte offset of the `;` inside the leaf's text, if any.
    pub semicolon: Option<usize>,
    /// The whole entry as written (untrimmed) and its byte range.
    pub raw: &'a str,
    pub raw_range: Range<usize>,
}

fn trimmed_range(text: &str, offset: usize) -> Range<usize> {
    let leading = text.len() - text.trim_start().len();
    offset + leading..offset + leading + text.trim().len()
}

/// The entries of a `Servers` value (empty entries included, with an empty `server`).
pub fn server_entries<'a>(leaf: &'a Leaf) -> Vec<ServerEntry<'a>> {
    split_entries(&leaf.text, ',')
        .into_iter()
        .map(|entry| {
            let (server_raw, rest) = match entry.raw.split_once(';') {
                Some((server, friendly)) => (server, Some(friendly)),
                None => (entry.raw, None),
            };
            let server_range = trimmed_range(server_raw, entry.offset);
            let semicolon = rest.map(|_| entry.offset + server_raw.len());
            let friendly = rest.map(|friendly| {
                let start = entry.offset + server_raw.len() + 1;
                (friendly.trim(), trimmed_range(friendly, start))
            });
            ServerEntry {
                server: server_raw.trim(),
                server_range,
                friendly,
                semicolon,
                raw: entry.raw,
                raw_range: entry.offset..entry.offset + entry.raw.len(),
            }
        })
        .collect()
}

/// `Servers` of the profile's `NativeProfile`, if any.
pub fn servers_leaf<'a>(cx: &crate::rules::Context<'a>) -> Option<&'a Leaf<'a>> {
    cx.model.profile.as_ref()?.native()?.servers.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn leaf(text: &str) -> Leaf<'_> {
        Leaf {
            text: text.into(),
            value_span: Span::new(10, 10 + text.len()),
            element_span: Span::new(0, 30 + text.len()),
        }
    }

    #[test]
    fn splits_servers_and_friendly_names() {
        let l = leaf("a.example;A, b.example");
        let entries = server_entries(&l);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].server, "a.example");
        assert_eq!(entries[0].friendly.as_ref().map(|f| f.0), Some("A"));
        assert_eq!(entries[0].semicolon, Some(9));
        assert_eq!(entries[1].server, "b.example");
        assert_eq!(&l.text[entries[1].server_range.clone()], "b.example");
    }
}
