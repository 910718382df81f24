//! NPS log files (`%SystemRoot%\System32\LogFiles\IN*.log`) in any of the three formats the NPS
//! console offers: DTS-compliant XML, database-compatible ("ODBC legacy") CSV and the IAS
//! legacy format (`research/server-side.md` §3). Each request or reply becomes one
//! [`LogRecord`] holding what explains a rejected VPN connection: packet type, the policies
//! that decided, the reason code and the authentication method the client used.
//!
//! Reading is line by line and linear; a line that fits no format is kept in
//! [`NpsLog::unreadable`] rather than guessed at.

mod database;
mod dts;
mod fields;
mod ias;
mod lines;
pub mod reasons;

use serde::Serialize;

use crate::span::Span;

pub use reasons::{auth_type_name, packet_type_name, reason, Reason};

/// Which of NPS's log formats a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LogFormat {
    /// "DTS Compliant": one `<Event>...</Event>` XML fragment per line.
    Dts,
    /// "ODBC (Legacy)" / database-compatible: 66 comma-separated columns in a fixed order.
    Database,
    /// "IAS (Legacy)": six leading fields, then attribute-number/value pairs.
    Ias,
    /// None of the three.
    Unknown,
}

/// A whole log file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NpsLog {
    pub format: LogFormat,
    pub records: Vec<LogRecord>,
    /// Microsoft's column-name line that its troubleshooting article tells people to paste on
    /// top of a database-format log, when present (skipped, not a record).
    pub header: Option<Span>,
    /// Lines that are not records of the file's format, with why.
    pub unreadable: Vec<(Span, String)>,
}

/// One logged packet. Absent or empty fields are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LogRecord {
    /// The record's text (the line, without its line break).
    pub span: Span,
    /// 1-based line of the record's start.
    pub line: usize,
    /// The NPS server that wrote the record.
    pub server: Option<String>,
    /// As written (`MM/DD/YYYY` in the samples; server local time).
    pub date: Option<String>,
    pub time: Option<String>,
    /// RADIUS code: 1 Access-Request, 2 Access-Accept, 3 Access-Reject ... ([`packet_type_name`]).
    pub packet_type: Option<u32>,
    /// The identity the client sent.
    pub user_name: Option<String>,
    /// The account NPS resolved it to (`DOMAIN\user`), on decision rows.
    pub fq_user_name: Option<String>,
    /// `SAM-Account-Name` (DTS and IAS formats only).
    pub sam_account_name: Option<String>,
    /// The RRAS address NPS saw: compare with the RADIUS clients' addresses.
    pub nas_ip: Option<String>,
    /// Source address of the RADIUS packet (the RADIUS client).
    pub client_ip: Option<String>,
    /// The RADIUS client's name in the NPS configuration.
    pub client_friendly_name: Option<String>,
    /// 5 = Virtual (a VPN request).
    pub nas_port_type: Option<u32>,
    /// Authentication method used ([`auth_type_name`]: 5 EAP, 11 PEAP, 4 MS-CHAPv2 ...).
    pub auth_type: Option<u32>,
    /// The network policy that decided.
    pub policy_name: Option<String>,
    /// The connection request policy that matched.
    pub proxy_policy_name: Option<String>,
    /// Why NPS decided as it did ([`reason`]).
    pub reason_code: Option<u32>,
    /// e.g. "Microsoft: Protected EAP (PEAP)".
    pub eap_friendly_name: Option<String>,
    /// `MS-Acct-EAP-Type`: the EAP type number used (13, 25, 26 ...).
    pub eap_type: Option<u32>,
}

/// Whether `text` is an NPS log in one of the three formats. Looks at the first line that is
/// not blank (after Microsoft's pasted header line, if any), so a CSV that merely has many
/// columns, a profile or a script does not pass.
pub fn looks_like(text: &str) -> bool {
    detect(text) != LogFormat::Unknown
}

/// The format of the first meaningful line.
fn detect(text: &str) -> LogFormat {
    for line in lines::lines(text).take(3) {
        let content = line.text.trim();
        if content.is_empty() {
            continue;
        }
        if database::is_pasted_header(content) {
            return LogFormat::Database;
        }
        if dts::looks_like(content) {
            return LogFormat::Dts;
        }
        if let Ok(fields) = fields::split(content) {
            if database::looks_like(content, &fields) {
                return LogFormat::Database;
            }
            if ias::looks_like(&fields) {
                return LogFormat::Ias;
            }
        }
        return LogFormat::Unknown;
    }
    LogFormat::Unknown
}

/// Reads a log. Never fails: what cannot be read is listed in [`NpsLog::unreadable`].
pub fn parse(text: &str) -> NpsLog {
    let format = detect(text);
    let mut log = NpsLog {
        format,
        records: Vec::new(),
        header: None,
        unreadable: Vec::new(),
    };
    match format {
        LogFormat::Dts => dts::read(text, &mut log),
        LogFormat::Database | LogFormat::Ias => {
            for line in lines::lines(text) {
                let content = line.text.trim();
                if content.is_empty() {
                    continue;
                }
                if format == LogFormat::Database && database::is_pasted_header(content) {
                    log.header = Some(line.span);
                    continue;
                }
                let read = fields::split(content).and_then(|values| match format {
                    LogFormat::Database => database::record(&values),
                    _ => ias::record(&values),
                });
                match read {
                    Ok(mut record) => {
                        record.span = line.span;
                        record.line = line.number;
                        log.records.push(record);
                    }
                    Err(why) => log.unreadable.push((line.span, why)),
                }
            }
        }
        LogFormat::Unknown => {
            if let Some(line) = lines::lines(text).find(|line| !line.text.trim().is_empty()) {
                log.unreadable.push((
                    line.span,
                    "not an NPS log line in DTS, database-compatible or IAS format".to_string(),
                ));
            }
        }
    }
    log
}

/// A field's text as an optional value: empty means absent.
fn non_empty(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// A numeric field; empty or not a number means absent.
fn number(value: &str) -> Option<u32> {
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests;
