//! Server-side files of a deployment, recognised by content (any extension): an NPS
//! configuration export, RRAS settings dumps, certificates, NPS log files. They are never
//! linted as profiles; rules read them through [`super::Scope::servers`].

use super::{cert, nps, nps_log, rras, Place};
use crate::decode::{DecodedText, OffsetMap};
use crate::span::{ceil_char_boundary, floor_char_boundary, LineIndex, Position, Span};
use std::sync::Arc;

/// What a server-side file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServerKind {
    /// `netsh nps export` / `Export-NpsConfiguration` / `ias.xml`.
    NpsExport,
    /// `Get-VpnAuthProtocol`, `Get-VpnServerConfiguration`, the revocation-check table.
    RrasDump,
    /// DER or PEM certificates, PKCS#7 bundles.
    Certificates,
    /// An NPS accounting/authentication log (for `explain --nps-log`).
    NpsLog,
}

impl ServerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ServerKind::NpsExport => "nps-export",
            ServerKind::RrasDump => "rras-dump",
            ServerKind::Certificates => "certificates",
            ServerKind::NpsLog => "nps-log",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            ServerKind::NpsExport => "an NPS configuration export",
            ServerKind::RrasDump => "an RRAS settings dump",
            ServerKind::Certificates => "certificates",
            ServerKind::NpsLog => "an NPS log",
        }
    }
}

/// What was read from a server-side file.
#[derive(Debug)]
pub enum ServerContent {
    Nps(nps::NpsConfig),
    /// Boxed: a dump is several times larger than the other readings.
    Rras(Box<rras::RrasDump>),
    Certificates(Vec<cert::Certificate>),
    NpsLog(nps_log::NpsLog),
}

/// One server-side file of the deployment, with what is needed to point into it.
#[derive(Debug)]
pub struct ServerFile {
    pub path: Arc<str>,
    pub content: ServerContent,
    /// The decoded text (empty for DER certificates), for placing spans.
    text: String,
    /// `None` for binary files (DER certificates): their labels point at the file's start.
    offsets: Option<OffsetMap>,
    /// Line starts of `text`, built when the first label is placed.
    lines: std::sync::OnceLock<LineIndex>,
}

/// A server-side file that could not be read as what it looks like.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub kind: ServerKind,
    pub message: String,
    pub span: Span,
}

/// Bytes of a file looked at to tell whether it is a server-side file.
pub const SNIFFED: usize = 16 * 1024;

/// What server-side file `bytes` (a file's first bytes, or all of them) look like, if any.
pub fn sniff(bytes: &[u8]) -> Option<ServerKind> {
    // Most files of a run are profiles: a VPNProfile tag ends the question without decoding
    // (no server-side file holds one; the RRAS reader even refuses text that does).
    if memchr::memmem::find(bytes, b"VPNProfile").is_some() {
        return None;
    }
    if cert::looks_like(bytes) {
        return Some(ServerKind::Certificates);
    }
    let text = match DecodedText::decode(bytes) {
        Ok(decoded) => decoded.text,
        // A prefix may end inside a character.
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    if nps::looks_like(&text) {
        Some(ServerKind::NpsExport)
    } else if nps_log::looks_like(&text) {
        Some(ServerKind::NpsLog)
    } else if rras::looks_like(&text) {
        Some(ServerKind::RrasDump)
    } else {
        None
    }
}

impl ServerFile {
    /// Reads `bytes` as a server-side file: `None` when it is none, `Err` when it looks like
    /// one but cannot be read.
    pub fn read(path: &str, bytes: &[u8]) -> Option<Result<ServerFile, Unreadable>> {
        let kind = sniff(&bytes[..bytes.len().min(SNIFFED)])?;
        Some(Self::read_as(path, bytes, kind))
    }

    fn read_as(path: &str, bytes: &[u8], kind: ServerKind) -> Result<ServerFile, Unreadable> {
        let unreadable = |message: String, span: Span| Unreadable {
            kind,
            message,
            span,
        };
        if kind == ServerKind::Certificates {
            let certificates =
                cert::read(bytes).map_err(|e| unreadable(e.to_string(), Span::new(0, 0)))?;
            // PEM files are text: labels point at their BEGIN lines.
            let pem = std::str::from_utf8(bytes).ok().map(str::as_bytes);
            let (text, offsets) = match pem.map(DecodedText::decode) {
                Some(Ok(decoded)) => {
                    let (text, offsets) = decoded.into_parts();
                    (text, Some(offsets))
                }
                _ => (String::new(), None),
            };
            return Ok(ServerFile {
                path: Arc::from(path),
                content: ServerContent::Certificates(certificates),
                text,
                offsets,
                lines: std::sync::OnceLock::new(),
            });
        }
        let decoded = DecodedText::decode(bytes)
            .map_err(|e| unreadable(format!("the file is not valid text: {e}"), Span::new(0, 0)))?;
        let (text, offsets) = decoded.into_parts();
        let content = match kind {
            ServerKind::NpsExport => ServerContent::Nps(
                nps::parse(&text).map_err(|e| unreadable(e.message.clone(), e.span))?,
            ),
            ServerKind::RrasDump => ServerContent::Rras(Box::new(rras::parse(&text))),
            ServerKind::NpsLog => ServerContent::NpsLog(nps_log::parse(&text)),
            ServerKind::Certificates => unreachable!("read above"),
        };
        Ok(ServerFile {
            path: Arc::from(path),
            content,
            text,
            offsets: Some(offsets),
            lines: std::sync::OnceLock::new(),
        })
    }

    pub fn kind(&self) -> ServerKind {
        match self.content {
            ServerContent::Nps(_) => ServerKind::NpsExport,
            ServerContent::Rras(_) => ServerKind::RrasDump,
            ServerContent::Certificates(_) => ServerKind::Certificates,
            ServerContent::NpsLog(_) => ServerKind::NpsLog,
        }
    }

    /// Whether the file holds secrets (RADIUS shared secrets of an NPS export).
    pub fn holds_secrets(&self) -> bool {
        matches!(&self.content, ServerContent::Nps(config) if config.holds_secrets)
    }

    /// `span` of the file's decoded text, placed for a label.
    pub fn place(&self, span: Span) -> Place {
        let Some(offsets) = &self.offsets else {
            return self.start_of_file();
        };
        let text = &self.text;
        let lines = self.lines.get_or_init(|| LineIndex::new(text));
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = ceil_char_boundary(text, span.end.min(text.len()).max(start));
        let position = |offset: usize| {
            let (line, column) = lines.line_col(text, offset);
            Position {
                line,
                column,
                offset: offsets.original_offset(offset),
            }
        };
        Place {
            path: self.path.clone(),
            span: Span::new(start, end),
            start: position(start),
            end: position(end),
        }
    }

    fn start_of_file(&self) -> Place {
        let origin = Position {
            line: 1,
            column: 1,
            offset: 0,
        };
        Place {
            path: self.path.clone(),
            span: Span::new(0, 0),
            start: origin,
            end: origin,
        }
    }

    /// The place of the `index`-th certificate of the file: its `BEGIN` line in PEM, else the
    /// start of the file.
    pub fn place_certificate(&self, index: usize) -> Place {
        let start = self
            .text
            .match_indices("-----BEGIN")
            .nth(index)
            .map_or(0, |(at, _)| at);
        let line = self.text.get(start..).unwrap_or("");
        let end = start + line.find(['\r', '\n']).unwrap_or(line.len());
        self.place(Span::new(start, end))
    }

    pub fn nps(&self) -> Option<&nps::NpsConfig> {
        match &self.content {
            ServerContent::Nps(config) => Some(config),
            _ => None,
        }
    }

    pub fn rras(&self) -> Option<&rras::RrasDump> {
        match &self.content {
            ServerContent::Rras(dump) => Some(dump.as_ref()),
            _ => None,
        }
    }

    pub fn certificates(&self) -> &[cert::Certificate] {
        match &self.content {
            ServerContent::Certificates(certificates) => certificates,
            _ => &[],
        }
    }
}
