//! The IAS legacy format: six leading fields (NAS-IP-Address, User-Name, Record-Date,
//! Record-Time, Service-Name, Computer-Name), then pairs of an attribute number and its value.
//! The attribute numbers come from a community parser's table, not from Microsoft text
//! (`research/server-side.md` §3.1), so unknown numbers are skipped silently.

use std::borrow::Cow;

use super::database::is_date;
use super::{non_empty, number, LogRecord};

const LEADING_FIELDS: usize = 6;
const NAS_IP_ADDRESS: usize = 0;
const USER_NAME: usize = 1;
const RECORD_DATE: usize = 2;
const RECORD_TIME: usize = 3;
const SERVICE_NAME: usize = 4;
const COMPUTER_NAME: usize = 5;

/// A first line of this format: the leading fields with `IAS` as the service and a date, then
/// at least one attribute pair starting with a number.
pub fn looks_like(fields: &[Cow<'_, str>]) -> bool {
    fields.len() >= LEADING_FIELDS + 2
        && fields[SERVICE_NAME].trim() == "IAS"
        && is_date(&fields[RECORD_DATE])
        && fields[LEADING_FIELDS].trim().parse::<u32>().is_ok()
}

pub fn record(fields: &[Cow<'_, str>]) -> Result<LogRecord, String> {
    if fields.len() < LEADING_FIELDS {
        return Err(format!(
            "{} fields; an IAS-format NPS log line has {LEADING_FIELDS} leading fields and attribute pairs",
            fields.len()
        ));
    }
    let mut record = LogRecord {
        nas_ip: non_empty(&fields[NAS_IP_ADDRESS]),
        user_name: non_empty(&fields[USER_NAME]),
        date: non_empty(&fields[RECORD_DATE]),
        time: non_empty(&fields[RECORD_TIME]),
        server: non_empty(&fields[COMPUTER_NAME]),
        ..LogRecord::default()
    };
    for pair in fields[LEADING_FIELDS..].chunks(2) {
        let [attribute, value] = pair else { break };
        let Ok(attribute) = attribute.trim().parse::<u32>() else {
            return Err(format!("\"{attribute}\" is not an attribute number"));
        };
        let text = non_empty(value);
        match attribute {
            1 => record.user_name = text.or(record.user_name),
            4 => record.nas_ip = text.or(record.nas_ip),
            61 => record.nas_port_type = number(value),
            4108 => record.client_ip = text,
            4127 => record.auth_type = number(value),
            4128 => record.client_friendly_name = text,
            4129 => record.sam_account_name = text,
            4130 => record.fq_user_name = text,
            4132 => record.eap_friendly_name = text,
            4136 => record.packet_type = number(value),
            4142 => record.reason_code = number(value),
            4149 => record.policy_name = text,
            4154 => record.proxy_policy_name = text,
            _ => {}
        }
    }
    Ok(record)
}
