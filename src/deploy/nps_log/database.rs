//! The database-compatible ("ODBC legacy") format: no header line, 66 columns in the order
//! Microsoft documents (`research/server-side.md` §3.2). Microsoft's own sample lines have
//! fewer columns, so any line with at least [`MIN_FIELDS`] is read by position.

use std::borrow::Cow;

use super::{non_empty, number, LogRecord};

/// Up to and including Reason-Code (column 26), the column that explains a reject.
const MIN_FIELDS: usize = 26;

// 0-based column positions.
const COMPUTER_NAME: usize = 0;
const SERVICE_NAME: usize = 1;
const RECORD_DATE: usize = 2;
const RECORD_TIME: usize = 3;
const PACKET_TYPE: usize = 4;
const USER_NAME: usize = 5;
const FULLY_QUALIFIED_NAME: usize = 6;
const NAS_IP_ADDRESS: usize = 12;
const CLIENT_IP_ADDRESS: usize = 15;
const CLIENT_FRIENDLY_NAME: usize = 16;
const NAS_PORT_TYPE: usize = 19;
const AUTHENTICATION_TYPE: usize = 23;
const POLICY_NAME: usize = 24;
const REASON_CODE: usize = 25;
const EAP_FRIENDLY_NAME: usize = 30;
const MS_ACCT_EAP_TYPE: usize = 53;
const PROXY_POLICY_NAME: usize = 60;

/// Microsoft's troubleshooting article gives this column-name line to paste on top of the file
/// so that a spreadsheet labels the columns.
pub fn is_pasted_header(line: &str) -> bool {
    line.trim_start_matches('"').starts_with("ComputerName")
        && line.contains("ServiceName")
        && line.contains("Record-Date")
}

/// A first line of this format: quoted server name, `"IAS"`, a date, a numeric packet type,
/// and enough columns.
pub fn looks_like(line: &str, fields: &[Cow<'_, str>]) -> bool {
    fields.len() >= MIN_FIELDS
        && line.starts_with('"')
        && fields[SERVICE_NAME] == "IAS"
        && is_date(&fields[RECORD_DATE])
        && number(&fields[PACKET_TYPE]).is_some()
}

/// `MM/DD/YYYY` and its locale variants: digits and separators only.
pub fn is_date(field: &str) -> bool {
    let field = field.trim();
    (6..=10).contains(&field.len())
        && field.bytes().any(|b| matches!(b, b'/' | b'.' | b'-'))
        && field
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'/' | b'.' | b'-'))
}

pub fn record(fields: &[Cow<'_, str>]) -> Result<LogRecord, String> {
    if fields.len() < MIN_FIELDS {
        return Err(format!(
            "{} fields; a database-format NPS log line has at least {MIN_FIELDS} (66 in current versions)",
            fields.len()
        ));
    }
    let text = |index: usize| fields.get(index).and_then(|value| non_empty(value));
    let code = |index: usize| fields.get(index).and_then(|value| number(value));
    Ok(LogRecord {
        server: text(COMPUTER_NAME),
        date: text(RECORD_DATE),
        time: text(RECORD_TIME),
        packet_type: code(PACKET_TYPE),
        user_name: text(USER_NAME),
        fq_user_name: text(FULLY_QUALIFIED_NAME),
        nas_ip: text(NAS_IP_ADDRESS),
        client_ip: text(CLIENT_IP_ADDRESS),
        client_friendly_name: text(CLIENT_FRIENDLY_NAME),
        nas_port_type: code(NAS_PORT_TYPE),
        auth_type: code(AUTHENTICATION_TYPE),
        policy_name: text(POLICY_NAME),
        reason_code: code(REASON_CODE),
        eap_friendly_name: text(EAP_FRIENDLY_NAME),
        eap_type: code(MS_ACCT_EAP_TYPE),
        proxy_policy_name: text(PROXY_POLICY_NAME),
        ..LogRecord::default()
    })
}
